package io.github.betaheaders.servlet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.betaheaders.body.BodyBufferBudget;
import io.github.betaheaders.testsupport.CapturedLog;
import io.github.betaheaders.testsupport.Gateway;
import io.github.betaheaders.testsupport.ProxyServletKind;
import io.github.betaheaders.testsupport.RecordingUpstream;
import io.github.betaheaders.testsupport.ServletContainer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 9, item 4, for bodies without a length ({@code Transfer-Encoding: chunked}): they are read without blocking
 * too, and one that outgrows {@code maxBodyBytes} or {@code maxBufferedBytes} half way reaches the provider byte for
 * byte through a blocking proxy servlet (MITRE's) and an asynchronous one (Jetty's), in Tomcat and in Jetty; a client
 * that stalls then is ended.
 */
class ChunkedBodiesIT {

    @RegisterExtension
    static final RecordingUpstream upstream = new RecordingUpstream();

    /** Each container with each proxy servlet. */
    static Stream<Arguments> pairings() {
        List<Arguments> all = new ArrayList<>();
        for (ServletContainer container : ServletContainer.values()) {
            for (ProxyServletKind proxy : List.of(ProxyServletKind.MITRE, ProxyServletKind.JETTY)) {
                all.add(Arguments.of(container, proxy));
            }
        }
        return all.stream();
    }

    static Gateway gateway(ServletContainer container, ProxyServletKind proxy) {
        return container.newGateway().proxyServlet(proxy).filterParam("localOnly", "true")
                .route(HostileBodiesIT.PREFIX, upstream.uri());
    }

    /** Opens a connection that sends the head of a chunked JSON body and {@code firstChunk} as its first chunk. */
    static Socket chunkedClient(Gateway gateway, byte[] firstChunk) throws IOException {
        Socket socket = new Socket(gateway.uri().getHost(), gateway.uri().getPort());
        socket.setSoTimeout(20_000);
        OutputStream out = socket.getOutputStream();
        out.write(("POST " + HostileBodiesIT.INVOKE + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        chunk(out, firstChunk, 0, firstChunk.length);
        return socket;
    }

    static void chunk(OutputStream out, byte[] bytes, int from, int count) throws IOException {
        out.write((Integer.toHexString(count) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(bytes, from, count);
        out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    static void lastChunk(OutputStream out) throws IOException {
        out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** The test's body: {@link HostileBodiesIT#BODY} padded with spaces to {@code size} bytes. */
    static byte[] paddedBody(int size) {
        String body = HostileBodiesIT.BODY;
        return (body.substring(0, body.length() - 1) + " ".repeat(size - body.length()) + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Sends {@code body} chunked: {@code first} bytes with the head, then chunks of {@code piece} bytes
     * {@code pauseMillis} apart (a client on a slow link), and expects 200.
     */
    static void sendSlowlyExpecting200(Gateway gateway, byte[] body, int first, int piece, long pauseMillis)
            throws Exception {
        try (Socket client = chunkedClient(gateway, Arrays.copyOf(body, first))) {
            OutputStream out = client.getOutputStream();
            for (int from = first; from < body.length; from += piece) {
                Thread.sleep(pauseMillis);
                chunk(out, body, from, Math.min(piece, body.length - from));
            }
            lastChunk(out);
            String answer = status(client);
            assertTrue(answer.startsWith("HTTP/1.1 200 "), answer);
        }
    }

    static String status(Socket client) throws IOException {
        return new String(client.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    /**
     * 40 clients, twice the container's 20 threads, each send the first chunk of a chunked body and hold; meanwhile a
     * whole request and the admin API are answered at once. Then every client finishes its body, and each is
     * forwarded rewritten. With blocking reads of chunked bodies each held client held a thread, and the requests in
     * between waited for them (their 10 s timeout fails the test).
     */
    @ParameterizedTest(name = "{0} + {1}")
    @MethodSource("pairings")
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void slowChunkedBodiesHoldNoThread(ServletContainer container, ProxyServletKind proxy) throws Exception {
        byte[] body = HostileBodiesIT.BODY.getBytes(StandardCharsets.UTF_8);
        List<Socket> held = new ArrayList<>();
        try (Gateway gateway = gateway(container, proxy).maxThreads(20).addServlet("admin",
                AnthropicBetaHeadersAdminServlet.class, AnthropicBetaHeadersAdminServlet.MAPPING_PATH,
                Map.of(AnthropicBetaHeadersAdminServlet.PARAM_ADMIN_TOKEN, HostileBodiesIT.ADMIN_TOKEN)).start()) {
            upstream.clear();
            for (int i = 0; i < 40; i++) {
                held.add(chunkedClient(gateway, new byte[] {body[0]}));
            }
            long start = System.nanoTime();
            HttpResponse<String> response = HostileBodiesIT.post(gateway, HostileBodiesIT.BODY);
            assertEquals(200, response.statusCode(), response.body());
            assertEquals(HostileBodiesIT.REWRITTEN, upstream.take().bodyText());
            HttpResponse<String> admin = HostileBodiesIT.CLIENT.send(HttpRequest.newBuilder(gateway.uri().resolve(
                    AnthropicBetaHeadersAdminServlet.MAPPING_PATH)).timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + HostileBodiesIT.ADMIN_TOKEN).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, admin.statusCode(), admin.body());
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "took over 5 s");
            for (Socket client : held) {
                OutputStream out = client.getOutputStream();
                chunk(out, body, 1, body.length - 1);
                lastChunk(out);
            }
            for (Socket client : held) {
                String answer = status(client);
                assertTrue(answer.startsWith("HTTP/1.1 200 "), answer);
            }
            for (int i = 0; i < held.size(); i++) {
                assertEquals(HostileBodiesIT.REWRITTEN, upstream.take().bodyText());
            }
        } finally {
            HostileBodiesIT.closeAll(held);
            upstream.clear();
        }
    }

    /**
     * A chunked body of 6,000 bytes under a {@code maxBodyBytes} of 1,000, sent in seven chunks 150 ms apart: the
     * filter stops reading in the second chunk, and the proxy servlet reads the rest from the client's stream, which
     * the filter's non-blocking read left in non-blocking mode. The provider gets every byte, unchanged, once; a
     * WARNING says why it was not rewritten.
     */
    @ParameterizedTest(name = "{0} + {1}")
    @MethodSource("pairings")
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aChunkedBodyOverMaxBodyBytesArrivingSlowlyReachesTheProviderWhole(ServletContainer container,
                                                                          ProxyServletKind proxy) throws Exception {
        forwardedWhole(gateway(container, proxy).filterParam("maxBodyBytes", "1000"), paddedBody(6000), 600, 900, 150,
                "is larger than [maxBodyBytes] (1000)");
    }

    /**
     * A chunked body of 60,000 bytes within {@code maxBodyBytes} but past a {@code maxBufferedBytes} of 20,000: its
     * buffer takes its share as it grows (16 KiB, then 32 KiB, refused), so it is forwarded as it streams, byte for
     * byte, with a WARNING, and its share is given back.
     */
    @ParameterizedTest(name = "{0} + {1}")
    @MethodSource("pairings")
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aChunkedBodyPastMaxBufferedBytesIsForwardedAsItStreams(ServletContainer container, ProxyServletKind proxy)
            throws Exception {
        BodyBufferBudget budget = forwardedWhole(gateway(container, proxy).filterParam("maxBufferedBytes", "20000"),
                paddedBody(60_000), 10_000, 10_000, 100, "would pass [maxBufferedBytes] (20000 bytes)");
        assertTrue(budget.refusals() > 0, "refused");
        assertTrue(budget.peak() <= 20_000, "peak " + budget.peak());
    }

    /**
     * Sends {@code body} slowly ({@link #sendSlowlyExpecting200}) through {@code unstarted}, and asserts that the
     * provider got it byte for byte, that a WARNING says {@code warning}, and that the budget empties; returns it.
     */
    static BodyBufferBudget forwardedWhole(Gateway unstarted, byte[] body, int first, int piece, long pauseMillis,
                                           String warning) throws Exception {
        try (CapturedLog log = CapturedLog.of(CapturedLog.FILTER_LOGGER); Gateway gateway = unstarted.start()) {
            upstream.clear();
            sendSlowlyExpecting200(gateway, body, first, piece, pauseMillis);
            assertArrayEquals(body, upstream.take().body());
            assertTrue(log.has(Level.WARNING, warning), log.text(Level.WARNING));
            BodyBufferBudget budget = gateway.service().bodyBudget();
            assertBudgetEmpties(budget);
            return budget;
        } finally {
            upstream.clear();
        }
    }

    /**
     * A chunked client that goes over {@code maxBodyBytes} and then sends nothing: the proxy servlet's read of the rest
     * fails after 1 s (Tomcat's {@code connectionTimeout}, where the rest is read blocking; the filter's
     * {@code bodyIdleTimeoutSeconds} in Jetty, where it is polled), the request ends (its connection closes well within
     * the client's 20 s read timeout, and its share of the budget comes back), and the provider never records the
     * part that arrived as a whole request.
     */
    @ParameterizedTest(name = "{0} + {1}")
    @MethodSource("pairings")
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aChunkedClientThatStallsPastMaxBodyBytesIsEnded(ServletContainer container, ProxyServletKind proxy)
            throws Exception {
        byte[] body = paddedBody(3000);
        try (CapturedLog log = CapturedLog.of("");
             Gateway gateway = gateway(container, proxy).filterParam("maxBodyBytes", "1000")
                     .filterParam("bodyIdleTimeoutSeconds", "1").idleTimeoutMillis(1000).start()) {
            upstream.clear();
            long start = System.nanoTime();
            try (Socket client = chunkedClient(gateway, Arrays.copyOf(body, 1500))) {
                try {
                    status(client);
                } catch (SocketException reset) {
                    // closed by the gateway: what the test waits for
                }
            }
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            assertTrue(seconds < 10, "the stalled request was held " + seconds + " s");
            assertBudgetEmpties(gateway.service().bodyBudget());
            // Nothing reached the provider as a request: the next one there is a marker sent after this one ended
            // (straight to it: in Tomcat, a read timing out on a thread of Jetty's ProxyServlet was once seen to answer
            // the next request on a recycled processor with 408).
            upstream.assertNothingBeforeAMarker(upstream.uri(), "/health");
        } finally {
            upstream.clear();
        }
    }

    /** The shares of ended requests come back (an asynchronous proxy's request ends just after its answer). */
    static void assertBudgetEmpties(BodyBufferBudget budget) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (budget.inUse() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, budget.inUse(), "bytes still reserved");
    }
}
