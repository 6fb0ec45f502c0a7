package io.github.betaheaders.bench.load;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A fast stand-in for a provider under load, on 127.0.0.1: a plain Jetty handler (no servlet layer) that reads each
 * request's body and answers 200 {@code {"ok":true}}. It keeps nothing per request, only a count per distinct
 * forwarded {@code anthropic-beta} header and body length, so a load run can show what arrived (the
 * {@link io.github.betaheaders.testsupport.RecordingUpstream} keeps every request and is for functional tests).
 */
public final class CountingUpstream implements AutoCloseable {

    /** What a request arrived with: its {@code anthropic-beta} header ({@code null}: none) and body length. */
    public record Arrival(String betaHeader, long bodyBytes) implements Comparable<Arrival> {
        @Override
        public int compareTo(Arrival other) {
            return toString().compareTo(other.toString());
        }

        @Override
        public String toString() {
            return "anthropic-beta " + (betaHeader == null ? "(none)" : "[" + betaHeader + "]") + ", body "
                    + bodyBytes + " bytes";
        }
    }

    private static final byte[] OK = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);

    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final Map<Arrival, LongAdder> arrivals = new ConcurrentHashMap<>();

    public CountingUpstream() {
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                Arrival arrival = new Arrival(request.getHeaders().get("anthropic-beta"),
                        request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH));
                arrivals.computeIfAbsent(arrival, a -> new LongAdder()).increment();
                Content.Source.consumeAll(request, Callback.from(() -> {
                    response.setStatus(200);
                    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, OK.length);
                    response.write(true, ByteBuffer.wrap(OK), callback);
                }, callback::failed));
                return true;
            }
        });
    }

    public CountingUpstream start() {
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("upstream did not start", e);
        }
        return this;
    }

    /** {@code http://127.0.0.1:<port>} */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    /**
     * The requests received since the last call, counted by what they arrived with; then starts counting afresh. Call
     * it while no request is under way.
     */
    public Map<Arrival, Long> takeArrivals() {
        Map<Arrival, Long> taken = new TreeMap<>();
        for (Arrival arrival : arrivals.keySet()) {
            LongAdder count = arrivals.remove(arrival);
            if (count != null) {
                taken.put(arrival, count.sum());
            }
        }
        return taken;
    }

    /** How many requests {@link #takeArrivals()} counted in all. */
    public static long total(Map<Arrival, Long> arrivals) {
        return arrivals.values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
