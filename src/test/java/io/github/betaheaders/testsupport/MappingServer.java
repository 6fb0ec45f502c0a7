package io.github.betaheaders.testsupport;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real HTTP server on 127.0.0.1 serving a mapping document at {@link #url()}, with each way a config server can
 * answer: the document (honouring {@code If-None-Match} / {@code If-Modified-Since} with a 304), an error status, a
 * redirect, headers that come too late, a body that never ends, a body without a length. It records the conditional
 * headers of every request. Register it with {@code @RegisterExtension} on a static field to have it run for a test
 * class, or start and close it by hand.
 */
public final class MappingServer implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

    /** The path the document is served at. */
    public static final String PATH = "/anthropic_beta_headers_config.json";
    public static final String LAST_MODIFIED = "Wed, 01 Jul 2026 10:00:00 GMT";

    /**
     * What the server received: the request path, its conditional headers, its {@code Authorization} header and its
     * query string.
     */
    public record Request(String path, String ifNoneMatch, String ifModifiedSince, String authorization,
                          String query) {

        /** A request without credentials or query. */
        public Request(String path, String ifNoneMatch, String ifModifiedSince) {
            this(path, ifNoneMatch, ifModifiedSince, null, null);
        }
    }

    /** Writes one answer. */
    @FunctionalInterface
    public interface Answer {
        void write(HttpServletRequest request, HttpServletResponse response, MappingServer server) throws IOException;
    }

    /** A fixed pool, so that the JVM's thread count is stable for leak checks. */
    private final Server server = new Server(new QueuedThreadPool(16, 16));
    private final ServerConnector connector = new ServerConnector(server);
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private volatile Answer answer = document("{\"anthropic\":{}}");

    public MappingServer() {
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
                requests.add(new Request(request.getRequestURI(), request.getHeader("If-None-Match"),
                        request.getHeader("If-Modified-Since"), request.getHeader("Authorization"),
                        request.getQueryString()));
                answer.write(request, response, MappingServer.this);
            }
        }), "/*");
        server.setHandler(context);
        server.setStopTimeout(2000);
    }

    public MappingServer start() {
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("the mapping server did not start", e);
        }
        return this;
    }

    /** Where the document is served. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort() + PATH);
    }

    public MappingServer answer(Answer next) {
        answer = next;
        return this;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public void clearRequests() {
        requests.clear();
    }

    /** Waits up to {@code wait}, returning early when the server stops. */
    void pause(Duration wait) {
        try {
            stopping.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean isStopping() {
        return stopping.getCount() == 0;
    }

    /** The document with an {@code ETag} (its hash) and a {@code Last-Modified}; 304 when the client has it. */
    public static Answer document(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        String etag = "\"" + Integer.toHexString(json.hashCode()) + "\"";
        return (request, response, server) -> {
            if (etag.equals(request.getHeader("If-None-Match"))) {
                response.setStatus(304);
                response.setHeader("ETag", etag);
                return;
            }
            response.setStatus(200);
            response.setContentType("application/json");
            response.setHeader("ETag", etag);
            response.setHeader("Last-Modified", LAST_MODIFIED);
            response.setContentLength(bytes.length);
            response.getOutputStream().write(bytes);
        };
    }

    /** The document with no validators and no {@code Content-Length} (chunked). */
    public static Answer plainChunked(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return (request, response, server) -> {
            response.setStatus(200);
            response.setContentType("application/json");
            OutputStream out = response.getOutputStream();
            out.write(bytes);
            out.flush();
        };
    }

    /**
     * 200 with the {@code Content-Length} of the whole document but only its first {@code sent} bytes: the connection
     * is closed after them.
     */
    public static Answer truncated(String json, int sent) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return (request, response, server) -> {
            response.setStatus(200);
            response.setContentType("application/json");
            response.setContentLength(bytes.length);
            OutputStream out = response.getOutputStream();
            out.write(bytes, 0, sent);
            out.flush();
            // Gone, as a server that crashed mid-answer: the client sees the end of the stream.
            ServletContextRequest.getServletContextRequest(request).getConnectionMetaData().getConnection()
                    .getEndPoint().close();
        };
    }

    /** The document only to a request whose {@code Authorization} header is {@code expected}; 401 to any other. */
    public static Answer requiring(String expected, Answer then) {
        return (request, response, server) -> {
            if (expected.equals(request.getHeader("Authorization"))) {
                then.write(request, response, server);
            } else {
                response.setStatus(401);
                response.setHeader("WWW-Authenticate", "Basic realm=\"config\"");
            }
        };
    }

    public static Answer status(int status) {
        return (request, response, server) -> {
            response.setStatus(status);
            response.setContentType("text/plain");
            response.getOutputStream().write(("status " + status).getBytes(StandardCharsets.UTF_8));
        };
    }

    public static Answer redirect(String location) {
        return (request, response, server) -> {
            response.setStatus(302);
            response.setHeader("Location", location);
        };
    }

    /** Answers only after {@code delay} (the headers come late). */
    public static Answer slow(Duration delay, Answer then) {
        return (request, response, server) -> {
            server.pause(delay);
            then.write(request, response, server);
        };
    }

    /** 200 and a body that never ends: one byte every 50 ms until the client goes away or the server stops. */
    public static Answer endlessBody() {
        return (request, response, server) -> {
            response.setStatus(200);
            response.setContentType("application/json");
            OutputStream out = response.getOutputStream();
            out.write('{');
            while (!server.isStopping()) {
                out.write(' ');
                out.flush();
                server.pause(Duration.ofMillis(50));
            }
        };
    }

    /** Serves each answer in turn, round and round. */
    public static Answer alternating(Answer... answers) {
        AtomicLong next = new AtomicLong();
        return (request, response, server) ->
                answers[(int) (next.getAndIncrement() % answers.length)].write(request, response, server);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        close();
    }

    @Override
    public void close() throws Exception {
        stopping.countDown();
        server.stop();
    }
}
