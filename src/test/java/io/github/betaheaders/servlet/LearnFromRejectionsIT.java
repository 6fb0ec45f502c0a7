package io.github.betaheaders.servlet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.betaheaders.learn.QuarantineEntry;
import io.github.betaheaders.learn.QuarantineSelector;
import io.github.betaheaders.metrics.BetaLocation;
import io.github.betaheaders.metrics.BetaOutcome;
import io.github.betaheaders.testsupport.AdminApi;
import io.github.betaheaders.testsupport.Gateway;
import io.github.betaheaders.testsupport.JettyGateway;
import io.github.betaheaders.testsupport.ProxyServletKind;
import io.github.betaheaders.testsupport.RecordingUpstream;
import io.github.betaheaders.testsupport.RecordingUpstream.Recorded;
import io.github.betaheaders.testsupport.RecordingUpstream.Refusal;
import io.github.betaheaders.testsupport.TestClock;
import io.github.betaheaders.testsupport.ThroughEachGateway;
import io.github.betaheaders.testsupport.TomcatGateway;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.servlet.ServletOutputStream;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code learnFromRejections} through real containers and both proxy servlets (every container with its own and with
 * the other's), against a recording upstream that refuses chosen betas in each provider's real shape: the refused
 * request fails as before, the next one succeeds without the beta; a quarantine expires on the service's clock; the
 * status resource lists it and DELETE ends it; answers pass byte for byte and streams as they are sent.
 */
class LearnFromRejectionsIT {

    static final String PREFIX = "/llm";
    static final String TOKEN = "quarantine-admin-token-0123";
    static final String OPUS_47 = "global.anthropic.claude-opus-4-7";
    static final String BEDROCK_PATH = PREFIX + "/model/" + OPUS_47 + "/invoke";
    static final String OPUS_46_PATH = PREFIX + "/model/global.anthropic.claude-opus-4-6-v1/invoke";
    static final String HAIKU = "claude-haiku-4-5@20251001";
    static final String VERTEX_PATH = PREFIX + "/v1/projects/p/locations/global/publishers/anthropic/models/" + HAIKU
            + ":rawPredict";
    static final String ANTHROPIC_PATH = PREFIX + "/v1/messages";

    static RecordingUpstream upstream;
    static final List<Gateway> gateways = new ArrayList<>();
    static final List<Gateway> streamingGateways = new ArrayList<>();
    static final Map<Gateway, TestClock> clocks = new HashMap<>();
    static Gateway notLearning;
    static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws Exception {
        upstream = new RecordingUpstream().start();
        for (Gateway gateway : Gateway.everyPairing()) {
            gateways.add(learning(gateway));
        }
        // Jetty's plain ProxyServlet holds small answers back; the flushing one (and MITRE's) pass each piece.
        streamingGateways.add(learning(new JettyGateway().proxyServlet(ProxyServletKind.JETTY_FLUSHING)));
        streamingGateways.add(learning(new TomcatGateway().proxyServlet(ProxyServletKind.MITRE)));
        notLearning = new JettyGateway().filterParam("localOnly", "true").route(PREFIX, upstream.uri()).start();
    }

    private static Gateway learning(Gateway gateway) throws Exception {
        TestClock clock = new TestClock(Instant.parse("2026-12-01T10:00:00Z"));
        gateway.filterParam("localOnly", "true").filterParam("learnFromRejections", "true")
                .contextAttribute(AnthropicBetaHeadersListener.CLOCK_ATTRIBUTE, clock)
                .route(PREFIX, upstream.uri())
                .addServlet("admin", AnthropicBetaHeadersAdminServlet.class, "/admin/*", Map.of("adminToken", TOKEN))
                .start();
        clocks.put(gateway, clock);
        return gateway;
    }

    @AfterAll
    static void stop() throws Exception {
        for (Gateway gateway : gateways) {
            gateway.close();
        }
        for (Gateway gateway : streamingGateways) {
            gateway.close();
        }
        if (notLearning != null) {
            notLearning.close();
        }
        upstream.close();
    }

    static List<Gateway> gateways() {
        return gateways;
    }

    static List<Gateway> streamingGateways() {
        return streamingGateways;
    }

    @BeforeEach
    void startClean() {
        upstream.clear();
        upstream.respondWith(RecordingUpstream.OK_JSON);
        for (Gateway gateway : gateways) {
            gateway.service().quarantine().remove(QuarantineSelector.ALL);
        }
        for (Gateway gateway : streamingGateways) {
            gateway.service().quarantine().remove(QuarantineSelector.ALL);
        }
    }

    static HttpResponse<byte[]> post(Gateway gateway, String path, String betas, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.uri().resolve(path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (betas != null) {
            request.header("anthropic-beta", betas);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static AdminApi admin(Gateway gateway) {
        return new AdminApi(client, gateway.uri().resolve("/admin/"), TOKEN);
    }

    /** Polls, with a deadline, until the gateway's quarantine holds {@code n} entries (the verdict may come late). */
    static List<QuarantineEntry> awaitQuarantine(Gateway gateway, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<QuarantineEntry> entries = gateway.service().quarantine().entries();
        while (entries.size() != n && System.nanoTime() < deadline) {
            Thread.sleep(10);
            entries = gateway.service().quarantine().entries();
        }
        assertEquals(n, entries.size(), "quarantine of " + gateway + ": " + entries);
        return entries;
    }

    @ThroughEachGateway
    void theFirstRefusedRequestFailsAsBeforeAndTheNextOneGoesWithoutTheNamedBeta(Gateway gateway) throws Exception {
        upstream.respondWith(RecordingUpstream.refusing(Refusal.ANTHROPIC, Set.of("effort-2025-11-24"),
                RecordingUpstream.OK_JSON));
        HttpResponse<byte[]> refused = post(gateway, ANTHROPIC_PATH, "claude-code-20250219,effort-2025-11-24", "{}");
        assertEquals(400, refused.statusCode());
        assertArrayEquals(Refusal.ANTHROPIC.body(List.of("effort-2025-11-24")), refused.body());
        assertEquals(1, upstream.count(), "the filter does not retry");
        upstream.take();
        QuarantineEntry entry = awaitQuarantine(gateway, 1).get(0);
        assertEquals("anthropic", entry.provider());
        assertNull(entry.model());
        assertEquals("effort-2025-11-24", entry.beta());
        assertEquals(QuarantineEntry.NAMED, entry.reason());

        HttpResponse<byte[]> next = post(gateway, ANTHROPIC_PATH, "claude-code-20250219,effort-2025-11-24", "{}");
        assertEquals(200, next.statusCode());
        assertEquals("claude-code-20250219", upstream.take().header("anthropic-beta"));
        assertEquals(1, gateway.service().counters().betas("anthropic", "effort-2025-11-24", BetaLocation.HEADER,
                BetaOutcome.DROPPED_QUARANTINED));
        assertEquals(1, gateway.service().counters().quarantines("anthropic", "effort-2025-11-24",
                QuarantineEntry.NAMED));
    }

    @ThroughEachGateway
    void anthropicRefusalsQuarantineForTheModelOfTheBody(Gateway gateway) throws Exception {
        upstream.respondWith(RecordingUpstream.refusing(Refusal.ANTHROPIC, Set.of("fast-mode-2026-02-01"),
                RecordingUpstream.OK_JSON));
        String betas = "claude-code-20250219,fast-mode-2026-02-01";
        String opus = "{\"model\":\"claude-opus-4-7\",\"max_tokens\":1}";
        assertEquals(400, post(gateway, ANTHROPIC_PATH, betas, opus).statusCode());
        upstream.take();
        QuarantineEntry entry = awaitQuarantine(gateway, 1).get(0);
        assertEquals("claude-opus-4-7", entry.model(), "keyed by the body's model, as the model rules are");
        // The header waits for the body's model: that model's request goes without the beta ...
        assertEquals(200, post(gateway, ANTHROPIC_PATH, betas, opus).statusCode());
        assertEquals("claude-code-20250219", upstream.take().header("anthropic-beta"));
        assertEquals(1, gateway.service().counters().betas("anthropic", "fast-mode-2026-02-01", BetaLocation.HEADER,
                BetaOutcome.DROPPED_QUARANTINED));
        // ... while another model, and a request naming none, still send it (and are refused in turn).
        String sonnet = "{\"max_tokens\":1,\"model\":\"claude-sonnet-4-6\"}";
        assertEquals(400, post(gateway, ANTHROPIC_PATH, betas, sonnet).statusCode());
        assertEquals(betas, upstream.take().header("anthropic-beta"));
        awaitQuarantine(gateway, 2);
        assertEquals(400, post(gateway, ANTHROPIC_PATH, betas, "{}").statusCode());
        assertEquals(betas, upstream.take().header("anthropic-beta"));
        List<String> models = new ArrayList<>();
        awaitQuarantine(gateway, 3).forEach(e -> models.add(String.valueOf(e.model())));
        assertEquals(Set.of("claude-opus-4-7", "claude-sonnet-4-6", "null"), Set.copyOf(models));
    }

    @ThroughEachGateway
    void vertexRefusalsQuarantineForTheModelOfThePathOnly(Gateway gateway) throws Exception {
        upstream.respondWith(RecordingUpstream.refusing(Refusal.VERTEX, Set.of("web-search-2025-03-05"),
                RecordingUpstream.OK_JSON));
        String betas = "context-management-2025-06-27,web-search-2025-03-05";
        assertEquals(400, post(gateway, VERTEX_PATH, betas, "{}").statusCode());
        upstream.take();
        assertEquals(HAIKU, awaitQuarantine(gateway, 1).get(0).model());
        assertEquals(200, post(gateway, VERTEX_PATH, betas, "{}").statusCode());
        assertEquals("context-management-2025-06-27", upstream.take().header("anthropic-beta"));
        // Another model still gets the beta (and here is refused in turn).
        String sonnet = VERTEX_PATH.replace(HAIKU, "claude-sonnet-4-6");
        assertEquals(400, post(gateway, sonnet, betas, "{}").statusCode());
        assertEquals(betas, upstream.take().header("anthropic-beta"));
        awaitQuarantine(gateway, 2);
    }

    @ThroughEachGateway
    void bedrocksUnnamedRefusalQuarantinesTheBetasThatDidNotSucceedRecently(Gateway gateway) throws Exception {
        upstream.respondWith(RecordingUpstream.refusing(Refusal.BEDROCK, Set.of("effort-2025-11-24"),
                RecordingUpstream.OK_JSON));
        String accepted = "{\"anthropic_beta\":[\"context-management-2025-06-27\"],\"max_tokens\":1}";
        assertEquals(200, post(gateway, BEDROCK_PATH, null, accepted).statusCode());
        upstream.take();
        String both = "{\"anthropic_beta\":[\"context-management-2025-06-27\",\"effort-2025-11-24\"],\"max_tokens\":1}";
        HttpResponse<byte[]> refused = post(gateway, BEDROCK_PATH, null, both);
        assertEquals(400, refused.statusCode());
        assertEquals("{\"message\":\"invalid beta flag\"}", new String(refused.body(), StandardCharsets.UTF_8));
        upstream.take();
        QuarantineEntry entry = awaitQuarantine(gateway, 1).get(0);
        assertEquals(OPUS_47, entry.model());
        assertEquals("effort-2025-11-24", entry.beta());
        assertEquals(QuarantineEntry.UNNAMED, entry.reason());
        assertTrue(entry.evidence().contains("invalid beta flag"), entry.evidence());

        assertEquals(200, post(gateway, BEDROCK_PATH, null, both).statusCode());
        assertEquals("{\"anthropic_beta\":[\"context-management-2025-06-27\"],\"max_tokens\":1}",
                upstream.take().bodyText());
        assertEquals(400, post(gateway, OPUS_46_PATH, null, both).statusCode(), "another model is not affected");
        upstream.take();
        // Neither beta succeeded for Opus 4.6: both are quarantined for it.
        assertEquals(Set.of(OPUS_47 + " effort-2025-11-24", "global.anthropic.claude-opus-4-6-v1 effort-2025-11-24",
                "global.anthropic.claude-opus-4-6-v1 context-management-2025-06-27"), Set.copyOf(
                awaitQuarantine(gateway, 3).stream().map(e -> e.model() + " " + e.beta()).toList()));
    }

    /**
     * The body arrives in two pieces, so the filter reads it without blocking and the chain goes on in an ASYNC
     * dispatch; the answer is still watched to its end.
     */
    @ThroughEachGateway
    void aBodyReadWithoutBlockingIsWatchedToo(Gateway gateway) throws Exception {
        upstream.respondWith(RecordingUpstream.refusing(Refusal.BEDROCK, Set.of("effort-2025-11-24"),
                RecordingUpstream.OK_JSON));
        String body = "{\"anthropic_beta\":[\"effort-2025-11-24\"],\"max_tokens\":1}";
        assertTrue(postInTwoPieces(gateway, BEDROCK_PATH, body).startsWith("HTTP/1.1 400"));
        upstream.take();
        assertEquals("effort-2025-11-24", awaitQuarantine(gateway, 1).get(0).beta());
        assertTrue(postInTwoPieces(gateway, BEDROCK_PATH, body).startsWith("HTTP/1.1 200"));
        assertEquals("{\"max_tokens\":1}", upstream.take().bodyText());
    }

    /** Sends the request's head and first body byte, then the rest after a pause; returns the whole answer. */
    static String postInTwoPieces(Gateway gateway, String path, String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n";
        try (Socket socket = new Socket(gateway.uri().getHost(), gateway.uri().getPort())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(bytes, 0, 1);
            out.flush();
            Thread.sleep(200);
            out.write(bytes, 1, bytes.length - 1);
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ThroughEachGateway
    void aQuarantineExpiresOnTheServicesClockAndTheBetaIsTriedAgain(Gateway gateway) throws Exception {
        upstream.respondWith(RecordingUpstream.refusing(Refusal.ANTHROPIC, Set.of("effort-2025-11-24"),
                RecordingUpstream.OK_JSON));
        post(gateway, ANTHROPIC_PATH, "effort-2025-11-24", "{}");
        upstream.take();
        awaitQuarantine(gateway, 1);
        clocks.get(gateway).advance(Duration.ofHours(24).minusSeconds(1));
        assertEquals(200, post(gateway, ANTHROPIC_PATH, "effort-2025-11-24,claude-code-20250219", "{}")
                .statusCode());
        assertEquals("claude-code-20250219", upstream.take().header("anthropic-beta"));
        clocks.get(gateway).advance(Duration.ofSeconds(1));
        upstream.respondWith(RecordingUpstream.OK_JSON);
        assertEquals(200, post(gateway, ANTHROPIC_PATH, "effort-2025-11-24,claude-code-20250219", "{}")
                .statusCode());
        assertEquals("effort-2025-11-24,claude-code-20250219", upstream.take().header("anthropic-beta"));
        assertTrue(gateway.service().quarantine().entries().isEmpty());
    }

    @ThroughEachGateway
    void theStatusResourceListsTheQuarantineAndDeleteEndsIt(Gateway gateway) throws Exception {
        upstream.respondWith(RecordingUpstream.refusing(Refusal.VERTEX, Set.of("web-search-2025-03-05"),
                RecordingUpstream.OK_JSON));
        post(gateway, VERTEX_PATH, "web-search-2025-03-05", "{}");
        upstream.take();
        awaitQuarantine(gateway, 1);
        AdminApi api = admin(gateway);
        JsonArray listed = api.call("GET", "anthropic_beta_headers").json().getJsonArray("quarantine");
        assertEquals(1, listed.size());
        JsonObject shown = listed.getJsonObject(0);
        assertEquals("vertex_ai", shown.getString("provider"));
        assertEquals(HAIKU, shown.getString("model"));
        assertEquals("web-search-2025-03-05", shown.getString("beta"));
        assertEquals("named", shown.getString("reason"));
        assertEquals("2026-12-01T10:00:00.000+00:00", shown.getString("since"));
        assertEquals("2026-12-02T10:00:00.000+00:00", shown.getString("expires"));

        String path = "anthropic_beta_headers/quarantine";
        assertEquals(401, api.withToken(null).call("DELETE", path).status());
        assertEquals(401, api.withToken("wrong-token-0123456789").call("DELETE", path).status());
        AdminApi.Answer get = api.call("GET", path);
        assertEquals(405, get.status());
        assertEquals("DELETE", get.header("Allow"));
        assertEquals(400, api.call("DELETE", path + "?region=us").status());
        assertEquals(400, api.call("DELETE", path + "?beta=a&beta=b").status());
        assertEquals(400, api.call("DELETE", path + "?beta=").status());
        assertEquals(404, api.call("DELETE", path + "?provider=bedrock").status());
        assertEquals(404, api.call("DELETE", path + "?provider=vertex_ai&model=").status(),
                "model= selects the entries without a model");
        AdminApi.Answer removed = api.call("DELETE", path + "?provider=vertex_ai&model=" + HAIKU.replace("@", "%40")
                + "&beta=web-search-2025-03-05");
        assertEquals(200, removed.status(), removed.body());
        assertEquals("web-search-2025-03-05", removed.json().getJsonArray("removed").getJsonObject(0)
                .getString("beta"));
        assertEquals(404, api.call("DELETE", path).status());
        assertTrue(gateway.service().quarantine().entries().isEmpty());
        upstream.respondWith(RecordingUpstream.OK_JSON);
        post(gateway, VERTEX_PATH, "web-search-2025-03-05", "{}");
        assertEquals("web-search-2025-03-05", upstream.take().header("anthropic-beta"), "forwarded again");
    }

    @ThroughEachGateway
    void aLarge400PassesByteForByteAndOnlyItsFirstBytesAreRead(Gateway gateway) throws Exception {
        byte[] refusal = Refusal.ANTHROPIC.body(List.of("effort-2025-11-24"));
        byte[] large = new byte[refusal.length + 300_000];
        System.arraycopy(refusal, 0, large, 0, refusal.length);
        for (int i = refusal.length; i < large.length; i++) {
            large[i] = (byte) ('a' + i % 26);
        }
        upstream.respondWith((request, response) -> {
            response.setStatus(400);
            response.setContentType("application/json");
            response.getOutputStream().write(large);
        });
        HttpResponse<byte[]> answer = post(gateway, ANTHROPIC_PATH, "effort-2025-11-24", "{}");
        assertEquals(400, answer.statusCode());
        assertArrayEquals(large, answer.body());
        upstream.take();
        assertEquals("effort-2025-11-24", awaitQuarantine(gateway, 1).get(0).beta());
    }

    @ThroughEachGateway
    void aContentEncodedRefusalIsNotRead(Gateway gateway) throws Exception {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
            gzip.write(Refusal.ANTHROPIC.body(List.of("effort-2025-11-24")));
        }
        upstream.respondWith((request, response) -> {
            response.setStatus(400);
            response.setContentType("application/json");
            response.setHeader("Content-Encoding", "gzip");
            response.getOutputStream().write(zipped.toByteArray());
        });
        HttpResponse<byte[]> answer = post(gateway, ANTHROPIC_PATH, "effort-2025-11-24", "{}");
        assertEquals(400, answer.statusCode());
        upstream.take();
        // Then a refusal in plain text of another beta: once it is quarantined, the gzip one was surely decided.
        assertOnlyAMarkerRefusalIsLearned(gateway);
    }

    @ThroughEachGateway
    void refusalsForOtherReasonsQuarantineNothing(Gateway gateway) throws Exception {
        upstream.respondWith((request, response) -> {
            response.setStatus(400);
            response.setContentType("application/json");
            response.getOutputStream().write(("{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\","
                    + "\"message\":\"max_tokens: Field required\"}}").getBytes(StandardCharsets.UTF_8));
        });
        post(gateway, ANTHROPIC_PATH, "effort-2025-11-24", "{}");
        upstream.take();
        upstream.respondWith((request, response) -> {
            response.setStatus(500);
            response.getOutputStream().write(Refusal.ANTHROPIC.body(List.of("effort-2025-11-24")));
        });
        post(gateway, ANTHROPIC_PATH, "effort-2025-11-24", "{}");
        upstream.take();
        // A marker refusal that is learned, so that the two before it were decided.
        assertOnlyAMarkerRefusalIsLearned(gateway);
    }

    /**
     * Sends a refusal that is learned and expects it to be the only entry: the answers before it, decided before
     * it, were not learned from. An event to wait for, where a quiet period would only guess.
     */
    private static void assertOnlyAMarkerRefusalIsLearned(Gateway gateway) throws Exception {
        upstream.respondWith(RecordingUpstream.refusing(Refusal.ANTHROPIC, Set.of("claude-code-20250219"),
                RecordingUpstream.OK_JSON));
        post(gateway, ANTHROPIC_PATH, "claude-code-20250219", "{}");
        upstream.take();
        assertEquals("claude-code-20250219", awaitQuarantine(gateway, 1).get(0).beta());
    }

    @Test
    void withoutTheSettingNothingIsLearned() throws Exception {
        upstream.respondWith(RecordingUpstream.refusing(Refusal.ANTHROPIC, Set.of("effort-2025-11-24"),
                RecordingUpstream.OK_JSON));
        assertEquals(400, post(notLearning, ANTHROPIC_PATH, "effort-2025-11-24", "{}").statusCode());
        upstream.take();
        assertEquals(400, post(notLearning, ANTHROPIC_PATH, "effort-2025-11-24", "{}").statusCode());
        assertEquals("effort-2025-11-24", upstream.take().header("anthropic-beta"));
        assertTrue(notLearning.service().quarantine().entries().isEmpty());
    }

    /** The upstream sends the first event, then waits until the client has read it before it sends the rest. */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}", autoCloseArguments = false)
    @org.junit.jupiter.params.provider.MethodSource("streamingGateways")
    void aStreamArrivesAsItIsSentAndByteForByte(Gateway gateway) throws Exception {
        String first = StreamedResponseIT.FIRST_EVENT;
        String rest = StreamedResponseIT.LAST_EVENTS.replace("delta\"}", "delta\",\"text\":\"\u00e9\"}");
        CountDownLatch firstRead = new CountDownLatch(1);
        AtomicBoolean inTime = new AtomicBoolean();
        upstream.respondWith((request, response) -> {
            response.setStatus(200);
            response.setContentType("text/event-stream");
            ServletOutputStream out = response.getOutputStream();
            out.write(first.getBytes(StandardCharsets.UTF_8));
            out.flush();
            try {
                inTime.set(firstRead.await(5, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.write(rest.getBytes(StandardCharsets.UTF_8));
        });
        HttpRequest request = HttpRequest.newBuilder(gateway.uri().resolve(PREFIX + "/model/" + OPUS_47
                        + "/invoke-with-response-stream"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"anthropic_beta\":[\"context-management-2025-06-27\"]}"))
                .build();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try (InputStream in = response.body()) {
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            StringBuilder event = new StringBuilder();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                event.append(line).append('\n');
                if (line.isEmpty()) {
                    break;
                }
            }
            assertEquals(first, event.toString());
            firstRead.countDown();
            all.write(event.toString().getBytes(StandardCharsets.UTF_8));
            for (int c = reader.read(); c >= 0; c = reader.read()) {
                all.write(String.valueOf((char) c).getBytes(StandardCharsets.UTF_8));
            }
        }
        assertEquals(first + rest, all.toString(StandardCharsets.UTF_8));
        assertTrue(inTime.get(), "the first event reached the client only with the rest: the answer was held");
        upstream.take();
    }
}
