package io.github.betaheaders.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.betaheaders.body.BodyBufferBudget;
import io.github.betaheaders.testsupport.CapturedLog;
import io.github.betaheaders.testsupport.Gateway;
import io.github.betaheaders.testsupport.RecordingUpstream;
import io.github.betaheaders.testsupport.RecordingUpstream.Recorded;
import io.github.betaheaders.testsupport.ServletContainer;
import io.github.betaheaders.testsupport.TomcatGateway;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 9, items 2, 3 and 4 through real containers: slow bodies hold no thread, the bodies held at once stay within
 * {@code maxBufferedBytes}, and huge beta lists are forwarded untouched with a warning.
 */
class HostileBodiesIT {

    static final String PREFIX = "/llm-gateway";
    static final String INVOKE = PREFIX + "/model/us.anthropic.claude-opus-5-5/invoke";
    static final String BODY = "{\"anthropic_beta\":[\"interleaved-thinking-2025-05-14\",\"effort-2025-11-24\","
            + "\"no-such-beta\"],\"max_tokens\":10}";
    static final String REWRITTEN = "{\"anthropic_beta\":[\"effort-2025-11-24\"],\"max_tokens\":10}";
    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @RegisterExtension
    static final RecordingUpstream upstream = new RecordingUpstream();

    static Gateway gateway(ServletContainer container) {
        Gateway g = container.newGateway();
        return g.filterParam("localOnly", "true").route(PREFIX, upstream.uri());
    }

    static final String ADMIN_TOKEN = "hostile-bodies-admin-token";

    static HttpResponse<String> post(Gateway gateway, String body) throws Exception {
        return post(gateway, INVOKE, body);
    }

    static HttpResponse<String> post(Gateway gateway, String target, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(gateway.uri().resolve(target)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Opens a connection that declares {@code declared} body bytes and sends the head and {@code sent} of them. */
    static Socket holdingClient(Gateway gateway, int declared, String sent) throws Exception {
        Socket socket = new Socket(gateway.uri().getHost(), gateway.uri().getPort());
        socket.setSoTimeout(20_000);
        OutputStream out = socket.getOutputStream();
        out.write(("POST " + INVOKE + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + declared + "\r\nConnection: close\r\n\r\n" + sent)
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return socket;
    }

    static void closeAll(List<Socket> sockets) {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (Exception e) {
                // closing anyway
            }
        }
    }

    /**
     * 40 clients, twice the container's 20 threads, each send one byte of a 1,000-byte body and hold; meanwhile a
     * whole request is answered (and rewritten) at once, and so is the admin API. With blocking reads each slow client
     * held a thread, and the last requests waited for them (their 10 s timeout fails the test).
     */
    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void slowBodiesHoldNoThread(ServletContainer container) throws Exception {
        List<Socket> slow = new ArrayList<>();
        try (Gateway gateway = gateway(container).maxThreads(20).addServlet("admin",
                AnthropicBetaHeadersAdminServlet.class, AnthropicBetaHeadersAdminServlet.MAPPING_PATH,
                Map.of(AnthropicBetaHeadersAdminServlet.PARAM_ADMIN_TOKEN, ADMIN_TOKEN)).start()) {
            for (int i = 0; i < 40; i++) {
                slow.add(holdingClient(gateway, 1000, "{"));
            }
            upstream.clear();
            long start = System.nanoTime();
            HttpResponse<String> response = post(gateway, BODY);
            assertEquals(200, response.statusCode(), response.body());
            assertEquals(REWRITTEN, upstream.take().bodyText());
            HttpResponse<String> admin = CLIENT.send(HttpRequest.newBuilder(gateway.uri().resolve(
                    AnthropicBetaHeadersAdminServlet.MAPPING_PATH)).timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + ADMIN_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, admin.statusCode(), admin.body());
            assertTrue(admin.body().contains("\"providers_count\""), admin.body());
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "took over 5 s");
        } finally {
            closeAll(slow);
            upstream.clear();
        }
    }

    /**
     * A body that arrived with its headers is read at once, in the request's own dispatch, where the container says so
     * ({@code available()}, which Jetty answers with the bytes it holds): no asynchronous round trip for the usual
     * small request. Tomcat answers at most 1 before the first read, so there the body is read without blocking as
     * one still arriving is, and served in an ASYNC dispatch.
     */
    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aBodyThatArrivedWholeIsReadAtOnceAndOneStillArrivingWithoutBlocking(ServletContainer container)
            throws Exception {
        try (Gateway gateway = BodyEchoServlet.addTo(container.newGateway().filterParam("localOnly", "true")
                .filterParam("provider", "bedrock"), "/echo").start()) {
            byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
            String head = "POST /echo/x HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
            for (boolean whole : new boolean[] {true, false}) {
                try (Socket client = new Socket(gateway.uri().getHost(), gateway.uri().getPort())) {
                    client.setSoTimeout(20_000);
                    OutputStream out = client.getOutputStream();
                    ByteArrayOutputStream request = new ByteArrayOutputStream();
                    request.write(head.getBytes(StandardCharsets.ISO_8859_1));
                    request.write(body, 0, whole ? body.length : 1);
                    out.write(request.toByteArray());
                    out.flush();
                    if (!whole) {
                        Thread.sleep(300);
                        out.write(body, 1, body.length - 1);
                        out.flush();
                    }
                    String answer = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    boolean atOnce = whole && container == ServletContainer.JETTY;
                    assertTrue(answer.contains("\"dispatcherType\":\"" + (atOnce ? "REQUEST" : "ASYNC") + "\""),
                            (whole ? "whole" : "arriving") + ": " + answer);
                    assertTrue(answer.contains(REWRITTEN.replace("\"", "\\\"")), answer);
                }
            }
        }
    }

    /**
     * A body that keeps arriving, only slowly (five pieces 600 ms apart), is forwarded whole, although reading it takes
     * three times the container's async timeout (Tomcat's connector set to 1 s; Jetty has no such setting): the
     * filter's read has no deadline the request would not have had without it. It used to get 408 after 1 s.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aBodyThatKeepsArrivingSlowlyIsNotCutOffByTheAsyncTimeout() throws Exception {
        try (Gateway gateway = new TomcatGateway().asyncTimeoutMillis(1000).filterParam("localOnly", "true")
                .route(PREFIX, upstream.uri()).start()) {
            upstream.clear();
            byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
            try (Socket client = holdingClient(gateway, body.length, "")) {
                OutputStream out = client.getOutputStream();
                int piece = (body.length + 4) / 5;
                for (int from = 0; from < body.length; from += piece) {
                    Thread.sleep(600);
                    out.write(body, from, Math.min(piece, body.length - from));
                    out.flush();
                }
                String status = new String(client.getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1);
                assertEquals("HTTP/1.1 200", status);
            }
            assertEquals(REWRITTEN, upstream.take().bodyText());
        }
    }

    /**
     * A client that sends one byte of its body and then nothing is ended by the container's idle timeout (1 s here),
     * not held for ever: the connection closes well within the client's 20 s read timeout, nothing reaches the
     * provider, and the body's share of maxBufferedBytes is given back.
     */
    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aClientThatStallsIsEndedByTheContainersIdleTimeout(ServletContainer container) throws Exception {
        try (CapturedLog log = CapturedLog.of(CapturedLog.FILTER_LOGGER);
             Gateway gateway = gateway(container).idleTimeoutMillis(1000).start()) {
            upstream.clear();
            long start = System.nanoTime();
            try (Socket client = holdingClient(gateway, 1000, "{")) {
                try {
                    client.getInputStream().readAllBytes();
                } catch (java.net.SocketException reset) {
                    // closed by the container: what the test waits for
                }
            }
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            assertTrue(seconds < 15, "the stalled connection was held " + seconds + " s");
            BodyBufferBudget budget = gateway.service().bodyBudget();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (budget.inUse() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(0, budget.inUse(), "bytes still reserved");
            // Nothing reached the provider: the next request there is a marker sent after the connection closed.
            upstream.assertNothingBeforeAMarker(gateway.uri(), PREFIX + "/health");
        }
    }

    /**
     * 30 clients declare 100,000 bytes each under a 1 MB bound: at most 10 get a share, the others are forwarded as
     * they stream, with one warning. Every body then arrives whole, and the peak of bytes held never passed the bound.
     */
    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void theBodiesHeldAtOnceStayWithinMaxBufferedBytes(ServletContainer container) throws Exception {
        String padding = " ".repeat(100_000 - BODY.length());
        String body = BODY.substring(0, BODY.length() - 1) + padding + "}";
        List<Socket> clients = new ArrayList<>();
        try (CapturedLog log = CapturedLog.of(CapturedLog.FILTER_LOGGER);
             Gateway gateway = gateway(container).filterParam("maxBufferedBytes", "1000000").start()) {
            upstream.clear();
            for (int i = 0; i < 30; i++) {
                clients.add(holdingClient(gateway, body.length(), body.substring(0, 1)));
            }
            BodyBufferBudget budget = gateway.service().bodyBudget();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (budget.refusals() < 20 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals(20, budget.refusals(), "requests over the bound");
            for (Socket client : clients) {
                OutputStream out = client.getOutputStream();
                out.write(body.substring(1).getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            }
            int rewritten = 0;
            for (Socket client : clients) {
                String response = new String(client.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                assertTrue(response.startsWith("HTTP/1.1 200 "), response);
            }
            for (int i = 0; i < 30; i++) {
                Recorded recorded = upstream.take();
                if (recorded.bodyText().startsWith(REWRITTEN.substring(0, REWRITTEN.length() - 1))) {
                    rewritten++;
                } else {
                    assertEquals(body, recorded.bodyText());
                }
            }
            assertEquals(10, rewritten);
            assertTrue(budget.peak() <= 1_000_000, "peak " + budget.peak());
            // an asynchronous proxy servlet's request ends (and gives its bytes back) just after its client read the
            // last byte of the answer, so the budget empties shortly after the last response arrived
            long released = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (budget.inUse() != 0 && System.nanoTime() < released) {
                Thread.sleep(20);
            }
            assertEquals(0, budget.inUse(), "bytes still reserved after every request ended");
            assertTrue(log.has(Level.WARNING, "would pass [maxBufferedBytes] (1000000 bytes)", "1 time so far"),
                    log.text(Level.WARNING));
            assertTrue(log.has(Level.WARNING, "[maxBufferedBytes: 10 times so far"), log.text(Level.WARNING));
        } finally {
            closeAll(clients);
            upstream.clear();
        }
    }

    /** More betas than maxBetas, in the header or in the body: forwarded as sent, one warning. */
    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void hugeBetaListsAreForwardedUntouched(ServletContainer container) throws Exception {
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i < 300_000; i++) {
            many.append(i == 0 ? "" : ",").append("\"b").append(i).append('"');
        }
        String body = "{\"anthropic_beta\":" + many.append(']') + "}";
        try (CapturedLog log = CapturedLog.of(CapturedLog.FILTER_LOGGER);
             Gateway gateway = gateway(container).start()) {
            upstream.clear();
            long start = System.nanoTime();
            assertEquals(200, post(gateway, body).statusCode());
            assertEquals(body, upstream.take().bodyText());
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
            assertTrue(log.has(Level.WARNING, "has more than [maxBetas] (256) items"), log.text(Level.WARNING));

            String header = "a,".repeat(300) + "effort-2025-11-24";
            HttpRequest request = HttpRequest.newBuilder(gateway.uri().resolve(INVOKE))
                    .timeout(Duration.ofSeconds(10)).header("anthropic-beta", header)
                    .POST(HttpRequest.BodyPublishers.noBody()).build();
            assertEquals(200, CLIENT.send(request, HttpResponse.BodyHandlers.ofString()).statusCode());
            assertEquals(header, upstream.take().header("anthropic-beta"));
            assertTrue(log.has(Level.WARNING, "anthropic-beta header has more than [maxBetas] (256) betas"),
                    log.text(Level.WARNING));

            // Two lines of 200 betas each: the count is over all lines of the header.
            String line = "anthropic-beta: " + "a,".repeat(199) + "a";
            Recorded twoLines = upstream.postThrough(gateway.uri(), INVOKE, line, line);
            String forwarded = String.join(",", twoLines.headers("anthropic-beta"));
            assertEquals(400, forwarded.chars().filter(c -> c == 'a').count(), forwarded);
        } finally {
            upstream.clear();
        }
    }

    /** Item 8: a beta that is not an HTTP token is dropped the same way from the header and from the body. */
    @Test
    void aNonAsciiBetaIsDroppedFromHeaderAndBodyAlike() throws Exception {
        for (ServletContainer container : ServletContainer.values()) {
            try (Gateway gateway = gateway(container).filterParam("provider", "anthropic").start()) {
                upstream.clear();
                byte[] body = "{\"anthropic_beta\":[\"b\u00e9ta\",\"known-1\"]}".getBytes(StandardCharsets.UTF_8);
                HttpRequest request = HttpRequest.newBuilder(gateway.uri().resolve(INVOKE))
                        .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();
                assertEquals(200, CLIENT.send(request, HttpResponse.BodyHandlers.ofString()).statusCode());
                assertEquals("{\"anthropic_beta\":[\"known-1\"]}", upstream.take().bodyText(), container.name());
                Recorded header = upstream.postThrough(gateway.uri(), INVOKE,
                        "anthropic-beta: b\u00e9ta, known-1");
                assertEquals("known-1", header.header("anthropic-beta"), container.name());
            } finally {
                upstream.clear();
            }
        }
    }
}
