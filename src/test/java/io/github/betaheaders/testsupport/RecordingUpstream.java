package io.github.betaheaders.testsupport;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real HTTP server on 127.0.0.1 standing in for a provider: it records every request it gets (method, path, query,
 * every header line, body bytes) and answers with a {@link Responder}, by default 200 {@code {"ok":true}}.
 */
public final class RecordingUpstream implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

    /** The header of the marker request of {@link #assertNothingBeforeAMarker}. */
    static final String MARKER_HEADER = "X-Upstream-Marker";

    /** One request as the upstream received it. Header names are lower-cased; each line is kept. */
    public record Recorded(String method, String path, String query, Map<String, List<String>> headers, byte[] body) {

        /** Every line of a header, in arrival order; empty when absent. */
        public List<String> headers(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        }

        /** The single value of a header, or {@code null}; fails when it arrived as several lines. */
        public String header(String name) {
            List<String> lines = headers(name);
            if (lines.size() > 1) {
                throw new AssertionError("header " + name + " arrived as " + lines.size() + " lines: " + lines);
            }
            return lines.isEmpty() ? null : lines.get(0);
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Writes the response for a recorded request. */
    @FunctionalInterface
    public interface Responder {
        void respond(Recorded request, HttpServletResponse response) throws IOException;
    }

    public static final Responder OK_JSON = (request, response) -> {
        response.setStatus(200);
        response.setContentType("application/json");
        response.getOutputStream().write("{\"ok\":true}".getBytes(StandardCharsets.UTF_8));
    };

    /**
     * How each provider refuses betas, in the shapes of the real answers kept in {@code src/test/resources/rejections}
     * (see its SOURCES.md).
     */
    public enum Refusal {
        /** The Anthropic API: names the refused betas. */
        ANTHROPIC,
        /** Vertex AI: the Anthropic API's body with a {@code req_vrtx_} request id. */
        VERTEX,
        /** Bedrock: {@code ValidationException}, {@code {"message":"invalid beta flag"}}, naming none. */
        BEDROCK;

        /** The answer's body for a request carrying {@code refused}. */
        public byte[] body(List<String> refused) {
            String names = refused.stream().map(b -> "`" + b + "`").collect(Collectors.joining(", "));
            String named = "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":"
                    + "\"Unexpected value(s) " + names + " for the `anthropic-beta` header. Please consult our "
                    + "documentation at docs.anthropic.com or try again without the header.\"}";
            String text = switch (this) {
                case ANTHROPIC -> named + "}";
                case VERTEX -> named + ",\"request_id\":\"req_vrtx_011CaTrDBQjGki9q5shKdjFp\"}";
                case BEDROCK -> "{\"message\":\"invalid beta flag\"}";
            };
            return text.getBytes(StandardCharsets.UTF_8);
        }

        void write(List<String> refused, HttpServletResponse response) throws IOException {
            response.setStatus(400);
            response.setContentType("application/json");
            if (this == BEDROCK) {
                response.setHeader("x-amzn-ErrorType",
                        "ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/");
            }
            response.getOutputStream().write(body(refused));
        }
    }

    /**
     * Refuses, as {@code how} does, each request that carries any of {@code refused} (in its anthropic-beta header or
     * as a string of its body); answers the others with {@code otherwise}.
     */
    public static Responder refusing(Refusal how, Set<String> refused, Responder otherwise) {
        return (request, response) -> {
            List<String> carried = new ArrayList<>();
            for (String line : request.headers("anthropic-beta")) {
                for (String beta : line.split(",")) {
                    if (refused.contains(beta.trim()) && !carried.contains(beta.trim())) {
                        carried.add(beta.trim());
                    }
                }
            }
            String body = request.bodyText();
            for (String beta : refused) {
                if (body.contains("\"" + beta + "\"") && !carried.contains(beta)) {
                    carried.add(beta);
                }
            }
            if (carried.isEmpty()) {
                otherwise.respond(request, response);
            } else {
                how.write(carried, response);
            }
        };
    }

    private final Server server;
    private final ServerConnector connector;
    private final LinkedBlockingQueue<Recorded> received = new LinkedBlockingQueue<>();
    private volatile Responder responder = OK_JSON;

    public RecordingUpstream() {
        server = new Server();
        // Like the providers, accept an encoded '/' in a path segment (Bedrock model ARNs: ...profile%2Fid/invoke).
        HttpConfiguration http = new HttpConfiguration();
        http.setUriCompliance(UriCompliance.DEFAULT.with("DEFAULT,ENCODED_SLASH",
                UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR));
        connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.getServletHandler().setDecodeAmbiguousURIs(true);
        ServletHolder holder = new ServletHolder(new HttpServlet() {
            @Override
            protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
                Map<String, List<String>> headers = new LinkedHashMap<>();
                for (String name : Collections.list(request.getHeaderNames())) {
                    headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                            .addAll(Collections.list(request.getHeaders(name)));
                }
                byte[] body = request.getInputStream().readAllBytes();
                Recorded recorded = new Recorded(request.getMethod(), request.getRequestURI(), request.getQueryString(),
                        headers, body);
                received.add(recorded);
                responder.respond(recorded, response);
            }
        });
        holder.setAsyncSupported(true);
        context.addServlet(holder, "/*");
        server.setHandler(context);
    }

    public RecordingUpstream start() {
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

    public void respondWith(Responder next) {
        responder = next;
    }

    /** The next request received, waiting up to 10 seconds. */
    public Recorded take() {
        try {
            Recorded r = received.poll(10, TimeUnit.SECONDS);
            if (r == null) {
                throw new AssertionError("the upstream received no request within 10 s");
            }
            return r;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * Sends {@code POST target} through a gateway with {@link RawHttp} (header lines exactly as written), expects 200
     * and returns the request as it arrived here.
     */
    public Recorded postThrough(URI gateway, String target, String... headerLines) throws IOException {
        RawHttp.Response response = RawHttp.post(gateway, target, List.of(headerLines));
        if (response.status() != 200) {
            throw new AssertionError("expected 200 from the gateway, got " + response.text());
        }
        return take();
    }

    /**
     * Asserts that nothing (more) arrived within the given time. The example's tests call it with
     * {@link Duration#ZERO} (nothing so far); to show that nothing will arrive, use {@link #assertNothingBeforeAMarker}.
     */
    public void assertNothingReceived(Duration wait) throws InterruptedException {
        Recorded r = received.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (r != null) {
            throw new AssertionError("unexpected request at the upstream: " + r.method() + " " + r.path());
        }
    }

    /**
     * Asserts that nothing sent through {@code gateway} so far arrived (and was not taken): sends a marker request to
     * {@code target} through it and expects the marker to be the next request here. An event to wait for, where a
     * quiet period would only guess how long a late request could take.
     */
    public void assertNothingBeforeAMarker(URI gateway, String target) throws IOException {
        String marker = UUID.randomUUID().toString();
        Recorded r = postThrough(gateway, target, MARKER_HEADER + ": " + marker);
        if (!marker.equals(r.header(MARKER_HEADER))) {
            throw new AssertionError("unexpected request at the upstream: " + r.method() + " " + r.path());
        }
    }

    public void clear() {
        received.clear();
    }

    /** How many requests arrived and were not taken yet. */
    public int count() {
        return received.size();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    /** As a static {@code @RegisterExtension} field: started before the class's tests, stopped after them. */
    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        close();
    }
}
