package io.github.betaheaders.servlet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.betaheaders.body.ClaudeCodeBodies;
import io.github.betaheaders.testsupport.CapturedLog;
import io.github.betaheaders.testsupport.Gateway;
import io.github.betaheaders.testsupport.JettyGateway;
import io.github.betaheaders.testsupport.RecordingUpstream;
import io.github.betaheaders.testsupport.RecordingUpstream.Recorded;
import io.github.betaheaders.testsupport.ThroughEachGateway;
import io.github.betaheaders.testsupport.TomcatGateway;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import org.apache.catalina.startup.Tomcat;
import org.eclipse.jetty.ee10.proxy.AsyncProxyServlet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Betas in JSON bodies, through real proxy servlets (every container with its own proxy servlet and with the other)
 * to a recording upstream: what arrives is the client's body with only the {@code anthropic_beta} array changed, with a
 * {@code Content-Length} that fits it. Here: what the proxies and containers could get wrong (lengths, chunking, large
 * and non-blocking reads, an application's own reads, a client that stops sending); the body rules themselves (which
 * bodies are rewritten, which pass byte for byte, SigV4, bedrockHeaderBetasToBody) are in
 * {@link AnthropicBetaHeadersFilterTest}.
 */
class ProxiedBodyRewritingIT {

    static final String PREFIX = "/llm-gateway";
    static final String INVOKE = PREFIX + "/model/us.anthropic.claude-opus-5-5/invoke-with-response-stream";
    static final String CONVERSE = PREFIX + "/model/us.anthropic.claude-opus-5-5/converse";
    static final String NOT_A_PROVIDER = PREFIX + "/health/check";
    /** A servlet behind the filter that reads the body itself: {@link BodyEchoServlet}. */
    static final String ECHO = "/echo";
    /** Jetty's AsyncProxyServlet, which reads the body with a ReadListener (non-blocking). */
    static final String ASYNC_PREFIX = "/async";
    static final String ASYNC_INVOKE = ASYNC_PREFIX + "/model/us.anthropic.claude-opus-5-5/invoke";
    /** The fixture body's betas after the bundled mapping's bedrock section. */
    static final String BEDROCK_BODY_BETAS = "[\"tool-search-tool-2025-10-19\"]";
    static final int TWENTY_MB = 20_000_000;

    static RecordingUpstream upstream;
    static final List<Gateway> gateways = new ArrayList<>();
    /** Jetty and Tomcat with maxBodyBytes lowered to 1 MiB. */
    static final List<Gateway> tuned = new ArrayList<>();
    static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws Exception {
        upstream = new RecordingUpstream().start();
        for (Gateway gateway : Gateway.everyPairing()) {
            BodyEchoServlet.addTo(gateway, ECHO);
            addAsyncProxy(gateway, ASYNC_PREFIX, upstream.uri());
            gateways.add(gateway.filterParam("localOnly", "true").route(PREFIX, upstream.uri()).start());
        }
        for (Gateway gateway : List.of(new JettyGateway(), new TomcatGateway())) {
            addAsyncProxy(gateway, ASYNC_PREFIX, upstream.uri());
            tuned.add(gateway.filterParam("localOnly", "true").filterParam("maxBodyBytes", "1048576")
                    .route(PREFIX, upstream.uri()).start());
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (Gateway gateway : gateways) {
            gateway.close();
        }
        for (Gateway gateway : tuned) {
            gateway.close();
        }
        upstream.close();
    }

    @BeforeEach
    void forgetEarlierRequests() {
        upstream.clear();
    }

    static List<Gateway> gateways() {
        return gateways;
    }

    static List<Gateway> tunedGateways() {
        return tuned;
    }

    /** POSTs {@code body} through the gateway (chunked when asked), expects 200 and returns what the upstream got. */
    static Recorded post(Gateway gateway, String path, byte[] body, boolean chunked, String... headers)
            throws Exception {
        HttpRequest.BodyPublisher publisher = chunked
                ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
                : HttpRequest.BodyPublishers.ofByteArray(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.uri().resolve(path)).POST(publisher);
        boolean typed = false;
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
            typed |= headers[i].equalsIgnoreCase("Content-Type");
        }
        if (!typed) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), () -> gateway + ": " + response.body());
        return upstream.take();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The body arrived exactly as {@code expected}, with a Content-Length that says so and no chunking. */
    static void assertBody(byte[] expected, Recorded recorded) {
        assertArrayEquals(expected, recorded.body());
        assertEquals(String.valueOf(expected.length), recorded.header("content-length"));
        assertNull(recorded.header("transfer-encoding"));
    }

    @ThroughEachGateway
    void claudeCodeBedrockRequestGetsItsBodyAndHeaderRewritten(Gateway gateway) throws Exception {
        String body = ClaudeCodeBodies.bedrockInvoke(ClaudeCodeBodies.FIXTURE_BODY_BETAS);
        Recorded r = post(gateway, INVOKE, utf8(body), false, "anthropic-beta", ClaudeCodeBodies.FIXTURE_HEADER,
                "anthropic-version", "2023-06-01");
        assertBody(utf8(body.replace(ClaudeCodeBodies.FIXTURE_BODY_BETAS, BEDROCK_BODY_BETAS)), r);
        assertEquals("effort-2025-11-24", r.header("anthropic-beta"));
        assertEquals("2023-06-01", r.header("anthropic-version"));
    }

    @ThroughEachGateway
    void aChunkedBodyIsForwardedWithItsNewLength(Gateway gateway) throws Exception {
        String body = ClaudeCodeBodies.bedrockInvoke(ClaudeCodeBodies.FIXTURE_BODY_BETAS, 300_000);
        Recorded r = post(gateway, INVOKE, utf8(body), true);
        assertBody(utf8(body.replace(ClaudeCodeBodies.FIXTURE_BODY_BETAS, BEDROCK_BODY_BETAS)), r);
    }

    @ThroughEachGateway
    void twentyMegabyteBodiesAreRewrittenWithOrWithoutALength(Gateway gateway) throws Exception {
        String body = ClaudeCodeBodies.bedrockInvoke(ClaudeCodeBodies.FIXTURE_BODY_BETAS, TWENTY_MB);
        byte[] expected = utf8(body.replace(ClaudeCodeBodies.FIXTURE_BODY_BETAS, BEDROCK_BODY_BETAS));
        assertBody(expected, post(gateway, INVOKE, utf8(body), false));
        assertBody(expected, post(gateway, INVOKE, utf8(body), true));
    }

    @ParameterizedTest(name = "{0}", autoCloseArguments = false)
    @MethodSource("tunedGateways")
    void aBodyOverMaxBodyBytesIsForwardedWholeAndUntouchedWithAWarning(Gateway gateway) throws Exception {
        byte[] body = utf8(ClaudeCodeBodies.bedrockInvoke(ClaudeCodeBodies.FIXTURE_BODY_BETAS, TWENTY_MB));
        try (CapturedLog log = CapturedLog.of(CapturedLog.FILTER_LOGGER)) {
            Recorded withLength = post(gateway, INVOKE, body, false);
            assertArrayEquals(body, withLength.body());
            assertEquals(String.valueOf(body.length), withLength.header("content-length"));
            assertTrue(log.has(Level.WARNING, INVOKE, "body of " + body.length + " bytes is larger than [maxBodyBytes]",
                    "not rewritten"), log.text(Level.WARNING));

            Recorded chunked = post(gateway, INVOKE, body, true);
            assertArrayEquals(body, chunked.body());
            assertTrue(log.has(Level.WARNING, INVOKE, "body is larger than [maxBodyBytes] (1048576)", "not rewritten"),
                    log.text(Level.WARNING));
        }
        byte[] small = utf8(ClaudeCodeBodies.bedrockInvoke(ClaudeCodeBodies.FIXTURE_BODY_BETAS, 500_000));
        Recorded underTheLimit = post(gateway, INVOKE, small, true);
        assertTrue(underTheLimit.bodyText().contains("\"anthropic_beta\":" + BEDROCK_BODY_BETAS + ","));
    }

    /** Maps Jetty's AsyncProxyServlet at {@code prefix/*} of a gateway not yet started, forwarding to {@code upstream}. */
    static void addAsyncProxy(Gateway gateway, String prefix, URI upstream) {
        gateway.addServlet("async-proxy", AsyncProxyServlet.Transparent.class, prefix + "/*",
                Map.of("proxyTo", upstream.toString(), "prefix", prefix, "maxThreads", "16"));
    }

    @ThroughEachGateway
    void aNonBlockingReaderGetsTheRewrittenBody(Gateway gateway) throws Exception {
        String body = ClaudeCodeBodies.bedrockInvoke(ClaudeCodeBodies.FIXTURE_BODY_BETAS, 100_000);
        byte[] expected = utf8(body.replace(ClaudeCodeBodies.FIXTURE_BODY_BETAS, BEDROCK_BODY_BETAS));
        assertBody(expected, post(gateway, ASYNC_INVOKE, utf8(body), false));
        assertBody(expected, post(gateway, ASYNC_INVOKE, utf8(body), true));
    }

    @ParameterizedTest(name = "{0}", autoCloseArguments = false)
    @MethodSource("tunedGateways")
    void aNonBlockingReaderGetsABodyOverMaxBodyBytesWhole(Gateway gateway) throws Exception {
        byte[] body = utf8(ClaudeCodeBodies.bedrockInvoke(ClaudeCodeBodies.FIXTURE_BODY_BETAS, 3_000_000));
        assertArrayEquals(body, post(gateway, ASYNC_INVOKE, body, true).body());
        byte[] exactlyOneOver = Arrays.copyOf(body, 1048577);
        assertArrayEquals(exactlyOneOver, post(gateway, ASYNC_INVOKE, exactlyOneOver, true).body());
    }

    @ThroughEachGateway
    void anApplicationReadsTheRewrittenBodyThroughGetReaderInItsDeclaredCharset(Gateway gateway) throws Exception {
        String latin1 = "{\"text\":\"caf\u00e9\",\"anthropic_beta\":[\"interleaved-thinking-2025-05-14\",\"effort-2025-11-24\"]}";
        JsonObject read = echo(gateway, "reader", latin1.getBytes(StandardCharsets.ISO_8859_1), false,
                "application/json; charset=ISO-8859-1");
        String expected = "{\"text\":\"caf\u00e9\",\"anthropic_beta\":[\"effort-2025-11-24\"]}";
        assertEquals(expected, read.getString("body"));
        int length = expected.getBytes(StandardCharsets.ISO_8859_1).length;
        assertEquals(length, read.getInt("contentLength"));
        assertEquals(length, read.getInt("contentLengthLong"));
        assertEquals(String.valueOf(length), read.getString("contentLengthHeader"));
        assertEquals(length, read.getInt("intHeader"));
        assertEquals("IllegalStateException", read.getString("otherWay"));

        String utf8 = "{\"text\":\"\u4e16\u754c \uD83D\uDE00\",\"anthropic_beta\":[\"interleaved-thinking-2025-05-14\"]}";
        JsonObject chunked = echo(gateway, "reader", utf8(utf8), true, "application/json");
        assertEquals("{\"text\":\"\u4e16\u754c \uD83D\uDE00\"}", chunked.getString("body"));
        assertEquals("[content-length]", chunked.getString("lengthHeaderNames"));
        assertEquals("", chunked.getString("transferEncoding"));
    }

    @ThroughEachGateway
    void anApplicationReadsTheRewrittenBodyThroughGetInputStream(Gateway gateway) throws Exception {
        String body = "{\"anthropic_beta\":[\"interleaved-thinking-2025-05-14\",\"effort-2025-11-24\"]}";
        JsonObject read = echo(gateway, "stream", utf8(body), true, "application/json");
        assertEquals("{\"anthropic_beta\":[\"effort-2025-11-24\"]}", read.getString("body"));
        assertEquals("IllegalStateException", read.getString("otherWay"));
    }

    /** POSTs to the echo servlet and returns what it read and saw, as JSON. */
    static JsonObject echo(Gateway gateway, String via, byte[] body, boolean chunked, String contentType)
            throws Exception {
        HttpRequest.BodyPublisher publisher = chunked
                ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
                : HttpRequest.BodyPublishers.ofByteArray(body);
        HttpRequest request = HttpRequest.newBuilder(gateway.uri().resolve(ECHO + "/model/m/invoke?via=" + via))
                .header("Content-Type", contentType).POST(publisher).build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertEquals(200, response.statusCode(), response::body);
        return Json.createReader(new StringReader(response.body())).readObject();
    }

    /**
     * A client that stops sending in the middle of its body gets what it would get without the filter: the proxy
     * servlet meets the same read error after the same bytes, and the filter itself logs nothing and answers nothing.
     * One pairing differs: in Tomcat, a body read that fails before the servlet starts async processing (here in the
     * filter) puts the request in an error state, so Jetty's ProxyServlet can no longer answer 400 and Tomcat closes
     * the connection instead.
     */
    @ThroughEachGateway
    void aClientThatStopsSendingGetsWhatItWouldGetWithoutTheFilter(Gateway gateway) throws Exception {
        try (CapturedLog log = CapturedLog.of(CapturedLog.FILTER_LOGGER)) {
            String withFilter = truncatedPost(gateway.uri(), INVOKE);
            // The 20 bytes sent never reach the provider as if they were a whole body.
            upstream.assertNothingBeforeAMarker(gateway.uri(), NOT_A_PROVIDER);
            String withoutFilter = truncatedPost(gateway.uri(), NOT_A_PROVIDER);
            upstream.assertNothingBeforeAMarker(gateway.uri(), NOT_A_PROVIDER);
            if (gateway.toString().equals("Tomcat 10.1 + Jetty ProxyServlet")) {
                // In this pairing the answer is a race between Tomcat (which marks a failed body read as 400 and
                // closes) and Jetty's proxy (which answers a failed client read with 500), with or without the
                // filter; only the odds differ. Out of 40 tries each: without the filter 38 x 400, 1 x 500, 1 x no
                // response; with it 31 x no response, 3 x 400, 6 x 500. Neither 500 is written by the filter: it
                // hands the proxy the container's own exception after the bytes that did arrive.
                // Under load a fourth outcome shows, also without the filter: Jetty's proxy aborts its upstream
                // exchange first and answers 502.
                Set<String> raceOutcomes = Set.of("HTTP/1.1 400 ", "HTTP/1.1 500 ", "HTTP/1.1 502 ", "no response");
                assertTrue(raceOutcomes.contains(withoutFilter), withoutFilter);
                assertTrue(raceOutcomes.contains(withFilter), withFilter);
            } else if (gateway.toString().startsWith("Tomcat")) {
                // The filter reads the body without blocking: in Tomcat a failed non-blocking read puts the request
                // in an error state and Tomcat closes the connection, so the proxy's answer never goes out.
                assertTrue(Set.of(withoutFilter, "no response").contains(withFilter), withFilter);
            } else {
                assertEquals(withoutFilter, withFilter);
            }
            assertEquals("", log.text(Level.SEVERE) + log.text(Level.WARNING));
        }
        upstream.clear();
    }

    /** Declares 100000 bytes, sends 20 and half-closes; returns the response's status line, or "no response". */
    static String truncatedPost(URI base, String target) throws Exception {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100000\r\nConnection: close\r\n\r\n{\"anthropic_beta\":[\"x\"").getBytes(
                    StandardCharsets.ISO_8859_1));
            out.flush();
            socket.shutdownOutput();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            int end = response.indexOf("\r\n");
            return end < 0 ? "no response" : response.substring(0, end);
        }
    }
}
