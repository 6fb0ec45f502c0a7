package io.github.betaheaders.example;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.betaheaders.body.ClaudeCodeBodies;
import io.github.betaheaders.testsupport.CapturedLog;
import io.github.betaheaders.testsupport.ClaudeCodeRequests;
import io.github.betaheaders.testsupport.RawHttp;
import io.github.betaheaders.testsupport.RecordingUpstream;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The gateway WAR as built ({@code target/*.war}), deployed in a container by a subclass, with a recording upstream
 * for every route. Settings reach the WAR as system properties named like its environment variables.
 *
 * <p>Two deployments per container: {@code gateway} sends every route to a recording upstream;
 * {@code failing} has the Anthropic upstream down, the Bedrock upstream silent, no Foundry upstream and a one-second
 * {@code UPSTREAM_TIMEOUT_SECONDS}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class GatewayContract {

    static final Path WAR = Path.of(System.getProperty("gateway.war", "target/anthropic-beta-headers-gateway.war"));
    static final String ADMIN_TOKEN = "admin-token-for-tests";

    /** The client's own credential in each mode; the gateway passes it on and adds none. */
    static final Map<String, String[]> CREDENTIAL = Map.of(
            "anthropic", new String[] {"x-api-key", "sk-ant-api03-test"},
            "bedrock", new String[] {"Authorization", "Bearer bedrock-api-key-test"},
            "vertex_ai", new String[] {"Authorization", "Bearer ya29.vertex-test"},
            "azure_ai", new String[] {"api-key", "foundry-key-test"});

    static final Map<String, String> ROUTE = Map.of(
            "anthropic", "/anthropic", "bedrock", "/bedrock", "vertex_ai", "/vertex", "azure_ai", "/foundry");

    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final Map<String, RecordingUpstream> upstreams = new HashMap<>();
    RecordingUpstream silent;
    /** The host a hostile request tries to reach through the gateway: it must never receive anything. */
    RecordingUpstream attacker;
    CountDownLatch silentRelease = new CountDownLatch(1);
    DeployedGateway gateway;
    DeployedGateway failing;

    /** Deploys the WAR with the system properties in force; throws when the webapp does not start. */
    abstract DeployedGateway deploy(Path war) throws Exception;

    @BeforeAll
    void start() throws Exception {
        for (String mode : ROUTE.keySet()) {
            upstreams.put(mode, new RecordingUpstream().start());
        }
        silent = new RecordingUpstream().start();
        attacker = new RecordingUpstream().start();
        gateway = SystemProperties.with(Map.of(
                "ANTHROPIC_UPSTREAM_URL", upstream("anthropic").uri().toString(),
                "BEDROCK_UPSTREAM_URL", upstream("bedrock").uri().toString(),
                "VERTEX_UPSTREAM_URL", upstream("vertex_ai").uri() + "/v1",
                "FOUNDRY_UPSTREAM_URL", upstream("azure_ai").uri() + "/",
                "anthropicBetaHeaders.adminToken", ADMIN_TOKEN), () -> deploy(WAR));
        // Its start warns that /foundry/* answers 503: expected, so kept off the console.
        try (CapturedLog expected = CapturedLog.of(UpstreamProxyServlet.class.getName())) {
            failing = SystemProperties.with(Map.of(
                "ANTHROPIC_UPSTREAM_URL", "http://127.0.0.1:" + closedPort(),
                "BEDROCK_UPSTREAM_URL", silent.uri().toString(),
                "VERTEX_UPSTREAM_URL", upstream("vertex_ai").uri() + "/v1",
                "FOUNDRY_UPSTREAM_URL", "",
                "UPSTREAM_TIMEOUT_SECONDS", "1",
                "ADD_VIA_AND_FORWARDED", "false"), () -> deploy(WAR));
        }
    }

    @AfterAll
    void stop() throws Exception {
        silentRelease.countDown();
        for (AutoCloseable closeable : new AutoCloseable[] {gateway, failing, silent, attacker}) {
            if (closeable != null) {
                closeable.close();
            }
        }
        for (RecordingUpstream upstream : upstreams.values()) {
            upstream.close();
        }
    }

    @BeforeEach
    void resetUpstreams() {
        attacker.clear();
        upstreams.values().forEach(u -> {
            u.clear();
            u.respondWith(RecordingUpstream.OK_JSON);
        });
    }

    RecordingUpstream upstream(String mode) {
        return upstreams.get(mode);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static Stream<ClaudeCodeRequests.Captured> claudeCodeRequests() {
        return ClaudeCodeRequests.load().stream();
    }

    /**
     * A body for the captured request: for Bedrock, Claude Code's InvokeModel shape with the fixture's body betas;
     * for the others (whose bodies carry no betas), a small Messages API body.
     */
    static String body(ClaudeCodeRequests.Captured captured) {
        return captured.providerMode().equals("bedrock")
                ? ClaudeCodeBodies.bedrockInvoke(ClaudeCodeBodies.FIXTURE_BODY_BETAS)
                : "{\"model\":\"claude-opus-5-5\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hi\"}],"
                        + "\"max_tokens\":32000,\"stream\":true}";
    }

    HttpResponse<String> send(ClaudeCodeRequests.Captured captured) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        gateway.uri().resolve(ROUTE.get(captured.providerMode()) + captured.path()))
                .method(captured.method(), HttpRequest.BodyPublishers.ofString(body(captured)));
        captured.headers().forEach(request::header);
        String[] credential = CREDENTIAL.get(captured.providerMode());
        request.header(credential[0], credential[1]);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("claudeCodeRequests")
    void claudeCodeRequestArrivesWithTheBetasItsProviderAccepts(ClaudeCodeRequests.Captured captured)
            throws Exception {
        HttpResponse<String> response = send(captured);

        assertEquals(200, response.statusCode());
        assertEquals("{\"ok\":true}", response.body());
        RecordingUpstream.Recorded arrived = upstream(captured.providerMode()).take();
        String basePath = captured.providerMode().equals("vertex_ai") ? "/v1" : "";
        assertEquals(captured.method(), arrived.method());
        assertEquals(basePath + captured.pathOnly(), arrived.path());
        assertEquals(captured.query(), arrived.query());
        assertEquals(ClaudeCodeRequests.headerUnderBundledMapping(captured.providerMode()),
                arrived.header("anthropic-beta"));
        assertEquals(captured.header("anthropic-version"), arrived.header("anthropic-version"));
        assertEquals("application/json", arrived.header("content-type"));
        String[] credential = CREDENTIAL.get(captured.providerMode());
        assertEquals(credential[1], arrived.header(credential[0]));
        if (!captured.providerMode().equals("bedrock")) {
            assertEquals(body(captured), arrived.bodyText());
        } else {
            // Everything but the beta array arrives as sent (the array is the body rewriting's business).
            JsonObject sent = json(body(captured));
            JsonObject received = json(arrived.bodyText());
            assertEquals(sent.keySet(), received.keySet());
            sent.keySet().stream().filter(key -> !key.equals("anthropic_beta"))
                    .forEach(key -> assertEquals(sent.get(key), received.get(key), key));
        }
        for (String mode : ROUTE.keySet()) {
            if (!mode.equals(captured.providerMode())) {
                upstream(mode).assertNothingReceived(Duration.ZERO);
            }
        }
    }

    @Test
    void bedrockBodyBetasAreRewrittenForBedrock() throws Exception {
        ClaudeCodeRequests.Captured bedrock = claudeCodeRequests().filter(r -> r.providerMode().equals("bedrock"))
                .findFirst().orElseThrow();
        assertEquals(List.of("interleaved-thinking-2025-05-14", "tool-search-tool-2025-10-19",
                "thinking-token-count-2026-05-13"),
                json(body(bedrock)).getJsonArray("anthropic_beta").getValuesAs(JsonString::getString));

        assertEquals(200, send(bedrock).statusCode());

        // bedrock: interleaved-thinking maps to null, thinking-token-count has no entry, tool-search-tool to itself.
        JsonObject received = json(upstream("bedrock").take().bodyText());
        assertEquals(List.of("tool-search-tool-2025-10-19"),
                received.getJsonArray("anthropic_beta").getValuesAs(JsonString::getString));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource({
        // bedrock_converse keeps structured-outputs and has tool-search-tool as null; bedrock the other way round.
        "/bedrock/model/us.anthropic.claude-opus-5-5/converse, /model/us.anthropic.claude-opus-5-5/converse, structured-outputs-2025-11-13",
        "/bedrock/model/us.anthropic.claude-opus-5-5/converse-stream, /model/us.anthropic.claude-opus-5-5/converse-stream, structured-outputs-2025-11-13",
        "/bedrock/model/us.anthropic.claude-opus-5-5/invoke, /model/us.anthropic.claude-opus-5-5/invoke, tool-search-tool-2025-10-19",
        "/bedrock/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123%3Amodel/invoke, /model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123%3Amodel/invoke, tool-search-tool-2025-10-19",
        // An application inference profile ARN: its '/' arrives encoded and must reach Bedrock so.
        "/bedrock/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123%3Aapplication-inference-profile%2Fab12/converse-stream, /model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123%3Aapplication-inference-profile%2Fab12/converse-stream, structured-outputs-2025-11-13",
        "/bedrock/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123%3Aapplication-inference-profile%2Fab12/invoke, /model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123%3Aapplication-inference-profile%2Fab12/invoke, tool-search-tool-2025-10-19",
    })
    void bedrockRoutesTellInvokeFromConverse(String path, String arrivingPath, String expectedBetas) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(gateway.uri().resolve(path))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .header("anthropic-beta", "structured-outputs-2025-11-13,tool-search-tool-2025-10-19").build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(200, response.statusCode(), response.body());
        RecordingUpstream.Recorded arrived = upstream("bedrock").take();
        assertEquals(arrivingPath, arrived.path());
        assertEquals(expectedBetas, arrived.header("anthropic-beta"));
    }

    /**
     * The Opus 4.7 case through the deployed gateway: one override, put through the admin API, drops every beta for
     * that model, whether its path names the inference profile's id or its ARN with the '/' encoded; other models keep
     * the table's section. The override is removed at the end.
     */
    @Test
    void oneOverrideDropsEveryBetaForOpus47() throws Exception {
        URI overrides = gateway.uri().resolve("/anthropic_beta_headers/overrides");
        HttpResponse<String> put = client.send(HttpRequest.newBuilder(overrides)
                .PUT(HttpRequest.BodyPublishers.ofString("{\"bedrock/*claude-opus-4-7*\":{\"*\":null}}"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + ADMIN_TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, put.statusCode(), put.body());
        try {
            String betas = "structured-outputs-2025-11-13,tool-search-tool-2025-10-19";
            for (String model : List.of("us.anthropic.claude-opus-4-7-v1:0",
                    "arn%3Aaws%3Abedrock%3Aus-east-1%3A123%3Ainference-profile%2Fus.anthropic.claude-opus-4-7-v1%3A0",
                    "arn:aws:bedrock:us-east-1:123:inference-profile%2Fus.anthropic.claude-opus-4-7-v1:0")) {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                        gateway.uri().resolve("/bedrock/model/" + model + "/invoke"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"anthropic_beta\":[\"tool-search-tool-2025-10-19\"]}"))
                        .header("Content-Type", "application/json").header("anthropic-beta", betas).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, response.statusCode(), response.body());
                RecordingUpstream.Recorded arrived = upstream("bedrock").take();
                assertEquals(null, arrived.header("anthropic-beta"), model);
                assertEquals("{}", arrived.bodyText(), model);
            }
            HttpResponse<String> other = client.send(HttpRequest.newBuilder(
                    gateway.uri().resolve("/bedrock/model/us.anthropic.claude-opus-5-5/invoke"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).header("anthropic-beta", betas).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, other.statusCode(), other.body());
            assertEquals("tool-search-tool-2025-10-19", upstream("bedrock").take().header("anthropic-beta"));
        } finally {
            HttpResponse<String> deleted = client.send(HttpRequest.newBuilder(overrides).DELETE()
                    .header("Authorization", "Bearer " + ADMIN_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(204, deleted.statusCode(), deleted.body());
        }
    }

    @Test
    void requestWithoutBetasPassesAsSent() throws Exception {
        upstream("anthropic").respondWith((request, response) -> {
            response.setStatus(200);
            response.setContentType("application/json");
            response.setHeader("request-id", "req_123");
            response.getOutputStream().write("{\"data\":[]}".getBytes(StandardCharsets.UTF_8));
        });

        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                gateway.uri().resolve("/anthropic/v1/models?limit=5&after_id=a%2Fb")).GET()
                .header("x-api-key", "sk-ant-api03-test").build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(200, response.statusCode());
        assertEquals("{\"data\":[]}", response.body());
        assertEquals("req_123", response.headers().firstValue("request-id").orElse(null));
        RecordingUpstream.Recorded arrived = upstream("anthropic").take();
        assertEquals("GET", arrived.method());
        assertEquals("/v1/models", arrived.path());
        assertEquals("limit=5&after_id=a%2Fb", arrived.query());
        assertNull(arrived.header("anthropic-beta"));
        assertEquals("sk-ant-api03-test", arrived.header("x-api-key"));
    }

    static Stream<Arguments> streams() {
        byte[] sseFirst = ("event: message_start\ndata: {\"type\":\"message_start\"}\n\n").getBytes(StandardCharsets.UTF_8);
        byte[] sseSecond = ("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"delta\":"
                + "{\"type\":\"text_delta\",\"text\":\"Hi \\u00e9\"}}\n\nevent: message_stop\ndata: "
                + "{\"type\":\"message_stop\"}\n\n").getBytes(StandardCharsets.UTF_8);
        // Binary frames: every byte value, as AWS event-stream frames carry lengths, CRCs and payload bytes.
        byte[] frameFirst = new byte[256];
        byte[] frameSecond = new byte[512];
        for (int i = 0; i < frameFirst.length; i++) {
            frameFirst[i] = (byte) i;
        }
        for (int i = 0; i < frameSecond.length; i++) {
            frameSecond[i] = (byte) (255 - i % 256);
        }
        return Stream.of(
                Arguments.of("anthropic", "/anthropic/v1/messages?beta=true", "text/event-stream", sseFirst, sseSecond),
                Arguments.of("bedrock", "/bedrock/model/us.anthropic.claude-opus-5-5/invoke-with-response-stream",
                        "application/vnd.amazon.eventstream", frameFirst, frameSecond),
                Arguments.of("vertex_ai", "/vertex/projects/p/locations/us-east5/publishers/anthropic/models/"
                        + "claude-opus-5-5:streamRawPredict", "text/event-stream", sseFirst, sseSecond),
                Arguments.of("azure_ai", "/foundry/anthropic/v1/messages?beta=true", "text/event-stream", sseFirst,
                        sseSecond));
    }

    /**
     * The upstream sends the first part and waits until the client has read it before it sends the rest: a proxy
     * that buffered the response would leave the client waiting, and the upstream would give up after 10 s.
     */
    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("streams")
    void streamedResponseReachesTheClientUnchangedAsItArrives(String mode, String path, String contentType,
                                                              byte[] first, byte[] second) throws Exception {
        CountDownLatch clientHasFirst = new CountDownLatch(1);
        AtomicBoolean sentSecondAfterClientHadFirst = new AtomicBoolean();
        upstream(mode).respondWith((request, response) -> {
            response.setStatus(200);
            response.setContentType(contentType);
            response.getOutputStream().write(first);
            response.getOutputStream().flush();
            try {
                sentSecondAfterClientHadFirst.set(clientHasFirst.await(10, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            response.getOutputStream().write(second);
        });

        HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(gateway.uri().resolve(path))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"stream\":true}"))
                        .header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofInputStream());

        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith(contentType),
                response.headers().toString());
        try (InputStream body = response.body()) {
            assertArrayEquals(first, body.readNBytes(first.length));
            clientHasFirst.countDown();
            assertArrayEquals(second, body.readAllBytes());
        }
        assertTrue(sentSecondAfterClientHadFirst.get(), "the first part reached the client only with the rest");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "anthropic, 400, /anthropic/v1/messages, {\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"Unexpected value(s) for the anthropic-beta header\"}}",
        "anthropic, 529, /anthropic/v1/messages, {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}",
        "bedrock, 400, /bedrock/model/m/invoke, {\"message\":\"invalid beta flag\"}",
        "vertex_ai, 429, /vertex/projects/p/locations/l/publishers/anthropic/models/m:rawPredict, {\"error\":{\"code\":429,\"status\":\"RESOURCE_EXHAUSTED\"}}",
        "azure_ai, 401, /foundry/anthropic/v1/messages, {\"error\":{\"code\":\"401\",\"message\":\"Access denied\"}}",
    })
    void upstreamErrorsComeBackWithTheirStatusHeadersAndBodies(String mode, int status, String path, String body)
            throws Exception {
        upstream(mode).respondWith((request, response) -> {
            response.setStatus(status);
            response.setContentType("application/json");
            response.setHeader("x-amzn-ErrorType", "ValidationException");
            response.setHeader("retry-after", "7");
            response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
        });

        HttpResponse<String> response = client.send(HttpRequest.newBuilder(gateway.uri().resolve(path))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(status, response.statusCode());
        assertEquals(body, response.body());
        assertEquals("ValidationException", response.headers().firstValue("x-amzn-ErrorType").orElse(null));
        assertEquals("7", response.headers().firstValue("retry-after").orElse(null));
    }

    @Test
    void upstreamDownGives502WithAJsonError() throws Exception {
        try (CapturedLog log = CapturedLog.of(UpstreamProxyServlet.class.getName())) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                            failing.uri().resolve("/anthropic/v1/messages")).POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .header("anthropic-beta", "claude-code-20250219").build(), HttpResponse.BodyHandlers.ofString());

            assertJsonError(response, 502, "upstream_unreachable", "ANTHROPIC_UPSTREAM_URL");
        }
    }

    @Test
    void silentUpstreamGives504WithAJsonErrorAfterTheTimeout() throws Exception {
        silent.respondWith((request, response) -> {
            try {
                silentRelease.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        long started = System.nanoTime();

        HttpResponse<String> response;
        try (CapturedLog log = CapturedLog.of(UpstreamProxyServlet.class.getName())) {
            response = client.send(HttpRequest.newBuilder(
                            failing.uri().resolve("/bedrock/model/m/invoke")).POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
        }

        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        assertJsonError(response, 504, "upstream_timeout", "BEDROCK_UPSTREAM_URL");
        assertTrue(response.body().contains("1 seconds (UPSTREAM_TIMEOUT_SECONDS)"), response.body());
        assertTrue(seconds < 10, "took " + seconds + " s");
        assertEquals("/model/m/invoke", silent.take().path());
    }

    /** UPSTREAM_TIMEOUT_SECONDS limits silence, not the length of a stream. */
    @Test
    void streamLongerThanTheTimeoutWithShorterPausesIsNotCut() throws Exception {
        upstream("vertex_ai").respondWith((request, response) -> {
            response.setStatus(200);
            response.setContentType("text/event-stream");
            for (int i = 0; i < 6; i++) {
                response.getOutputStream().write(("event: ping\ndata: " + i + "\n\n").getBytes(StandardCharsets.UTF_8));
                response.getOutputStream().flush();
                try {
                    Thread.sleep(400);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        });

        HttpResponse<String> response = client.send(HttpRequest.newBuilder(failing.uri().resolve(
                        "/vertex/projects/p/locations/l/publishers/anthropic/models/m:streamRawPredict"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(200, response.statusCode());
        assertTrue(response.body().endsWith("data: 5\n\n"), response.body());
    }

    @Test
    void foundryWithoutUpstreamGives503NamingTheVariable() throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                        failing.uri().resolve("/foundry/anthropic/v1/messages?beta=true"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).header("api-key", "k").build(),
                HttpResponse.BodyHandlers.ofString());

        assertJsonError(response, 503, "upstream_not_configured", "FOUNDRY_UPSTREAM_URL");
    }

    private static void assertJsonError(HttpResponse<String> response, int status, String type, String mentioned) {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                response.headers().toString());
        JsonObject body = json(response.body());
        assertEquals("error", body.getString("type"));
        assertEquals(type, body.getJsonObject("error").getString("type"));
        assertTrue(body.getJsonObject("error").getString("message").contains(mentioned), response.body());
    }

    @ParameterizedTest(name = "{0}=[{1}]")
    @CsvSource({
        "BEDROCK_UPSTREAM_URL, ftp://127.0.0.1/x, 'invalid value [ftp://127.0.0.1/x] for BEDROCK_UPSTREAM_URL (system property): expected an absolute http or https URL'",
        "VERTEX_UPSTREAM_URL, 127.0.0.1:9/v1, 'invalid value [127.0.0.1:9/v1] for VERTEX_UPSTREAM_URL (system property)'",
        "FOUNDRY_UPSTREAM_URL, http://127.0.0.1:9/?q=1, 'invalid value [http://127.0.0.1:9/?q=1] for FOUNDRY_UPSTREAM_URL'",
        "UPSTREAM_TIMEOUT_SECONDS, 0, 'invalid value [0] for UPSTREAM_TIMEOUT_SECONDS (system property): expected a whole number of seconds from 1 to 86400'",
        "UPSTREAM_TIMEOUT_SECONDS, ten, 'invalid value [ten] for UPSTREAM_TIMEOUT_SECONDS'",
        "ADD_VIA_AND_FORWARDED, yes, 'invalid value [yes] for ADD_VIA_AND_FORWARDED (system property): expected true or false'",
    })
    void badSettingFailsTheDeploymentNamingSettingAndValue(String name, String value, String message) throws Exception {
        Map<String, String> properties = new HashMap<>(Map.of(
                "ANTHROPIC_UPSTREAM_URL", "http://127.0.0.1:9",
                "BEDROCK_UPSTREAM_URL", "http://127.0.0.1:9",
                "VERTEX_UPSTREAM_URL", "http://127.0.0.1:9",
                "FOUNDRY_UPSTREAM_URL", "http://127.0.0.1:9"));
        properties.put(name, value);
        // The gateway's loggers and the containers' (a failing deployment's errors).
        List<CapturedLog> logs = Stream.of("io.github.betaheaders", "org.eclipse.jetty", "org.apache.catalina",
                "org.apache.tomcat", "org.apache.coyote").map(CapturedLog::of).toList();
        try {
            Exception failure = assertThrows(Exception.class,
                    () -> SystemProperties.with(properties, () -> deploy(WAR)).close());
            // The message is in the log (a container's only report) or, from the launcher, in the exception.
            List<String> reported = new ArrayList<>(messages(logs));
            for (Throwable t = failure; t != null; t = t.getCause()) {
                reported.add(t.getMessage());
            }
            assertTrue(reported.stream().anyMatch(m -> m != null && m.contains(message)), reported.toString());
        } finally {
            logs.forEach(CapturedLog::close);
        }
    }

    private static List<String> messages(List<CapturedLog> logs) {
        return logs.stream().flatMap(log -> log.entries().stream()).map(CapturedLog.Entry::text).toList();
    }

    /** With no variable set, each route goes to the provider's public endpoint (nothing is sent: only the start). */
    @Test
    void unsetUpstreamsDefaultToThePublicEndpoints() throws Exception {
        Map<String, String> unset = Map.of("ANTHROPIC_UPSTREAM_URL", "", "BEDROCK_UPSTREAM_URL", "",
                "VERTEX_UPSTREAM_URL", "", "FOUNDRY_UPSTREAM_URL", "");
        try (CapturedLog log = CapturedLog.of(UpstreamProxyServlet.class.getName())) {
            SystemProperties.with(unset, () -> deploy(WAR)).close();
            assertEquals(List.of(
                    "servlet [anthropic]: /anthropic/* -> https://api.anthropic.com (default: ANTHROPIC_UPSTREAM_URL is not set)",
                    "servlet [bedrock]: /bedrock/* -> https://bedrock-runtime.us-east-1.amazonaws.com (default: BEDROCK_UPSTREAM_URL is not set)",
                    "servlet [foundry]: /foundry/* answers 503 until FOUNDRY_UPSTREAM_URL is set",
                    "servlet [vertex]: /vertex/* -> https://us-east5-aiplatform.googleapis.com/v1 (default: VERTEX_UPSTREAM_URL is not set)"),
                    messages(List.of(log)).stream().sorted().toList());
        }
    }

    /** The start log names, for each route, the upstream and the variable it came from: a mistake shows at once. */
    @Test
    void startLogNamesEachUpstreamAndWhereItCameFrom() throws Exception {
        Map<String, String> set = Map.of("ANTHROPIC_UPSTREAM_URL", "http://127.0.0.1:9/", "BEDROCK_UPSTREAM_URL", "",
                "VERTEX_UPSTREAM_URL", "http://127.0.0.1:9/v1", "FOUNDRY_UPSTREAM_URL", "https://r.services.ai.azure.com");
        try (CapturedLog log = CapturedLog.of(UpstreamProxyServlet.class.getName())) {
            SystemProperties.with(set, () -> deploy(WAR)).close();
            assertEquals(List.of(
                    "servlet [anthropic]: /anthropic/* -> http://127.0.0.1:9 (from system property ANTHROPIC_UPSTREAM_URL)",
                    "servlet [bedrock]: /bedrock/* -> https://bedrock-runtime.us-east-1.amazonaws.com (default: BEDROCK_UPSTREAM_URL is not set)",
                    "servlet [foundry]: /foundry/* -> https://r.services.ai.azure.com (from system property FOUNDRY_UPSTREAM_URL)",
                    "servlet [vertex]: /vertex/* -> http://127.0.0.1:9/v1 (from system property VERTEX_UPSTREAM_URL)"),
                    messages(List.of(log)).stream().sorted().toList());
        }
    }

    /**
     * Requests that try to make the gateway forward to another host (with the client's credential): path parameters
     * right after the route, {@code @}, backslashes, encoded forms, {@code //}, absolute-form targets. {@code A} stands
     * for the attacker's host and port; the Host header names the gateway, or with {@code host=A} the attacker (as a
     * proxy client sends an absolute-form target). Each gets a 400 (a JSON error from the gateway, or the container's
     * own page for a URI it refuses before any webapp sees it), a JSON 404 when no route takes the path, or is
     * forwarded to the route's own upstream with the path given (kept encoded as sent); the attacker receives nothing.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "anthropic, /anthropic;@A/v1/messages, -",
        "anthropic, /anthropic;x=1@A/v1/messages, -",
        "anthropic, /anthropic/;@A/v1/messages, -",
        "anthropic, /anthropic/v1;@A/messages, -",
        "bedrock, /bedrock;@A/model/m/invoke, -",
        "vertex_ai, /vertex;@A/projects/p/locations/l/publishers/anthropic/models/m:rawPredict, -",
        "azure_ai, /foundry;@A/anthropic/v1/messages, -",
        "anthropic, /anthropic@A/v1/messages, -",
        "anthropic, /anthropic%40A/v1/messages, -",
        "anthropic, /anthropic%2F@A/v1/messages, -",
        "anthropic, /anthropic%2f%2fA/v1/messages, -",
        "bedrock, /bedrock%2F@A/model/m/invoke, -",
        "anthropic, /anthropic\\@A/v1/messages, -",
        "anthropic, /anthropic%5C@A/v1/messages, -",
        "anthropic, /anthropic//A/v1/messages, -",
        "anthropic, /anthropic/%2e%2e/%2e%2e/v1/messages, -",
        "anthropic, //A/anthropic/v1/messages, -",
        "anthropic, /anthropic/%40A/v1/messages, /%40A/v1/messages",
        "anthropic, /anthropic/%5C@A/v1/messages, /%5C@A/v1/messages",
        "bedrock, /bedrock/model/x%2F%2FA/invoke, /model/x%2F%2FA/invoke",
        "anthropic, http://A/anthropic/v1/messages, /v1/messages",
        "anthropic, http://A/anthropic;@A/v1/messages, -",
        "azure_ai, http://A/foundry;@A/anthropic/v1/messages, -",
        "anthropic, host=A http://A/anthropic/v1/messages, /v1/messages",
        "anthropic, host=A http://A/anthropic;@A/v1/messages, -",
        "bedrock, host=A http://A/bedrock;@A/model/m/invoke, -",
        "azure_ai, host=A http://A/foundry;@A/anthropic/v1/messages, -",
        "anthropic, host=A //A/v1/messages, -",
    })
    void nothingAClientSendsReachesAnotherHost(String mode, String target, String forwardedPath) throws Exception {
        String authority = attacker.uri().getAuthority();
        String[] headers = {"x-api-key: sk-ant-api03-secret", "Content-Type: application/json"};
        RawHttp.Response response = target.startsWith("host=A ")
                ? postWithHost(gateway.uri(), target.substring(7).replace("A", authority), authority, headers)
                : RawHttp.post(gateway.uri(), target.replace("A", authority), List.of(headers));

        attacker.assertNothingReceived(Duration.ZERO);
        String text = response.text();
        String body = text.substring(text.indexOf("\r\n\r\n") + 4);
        boolean json = text.toLowerCase(java.util.Locale.ROOT).contains("content-type: application/json");
        if (response.status() == 200) {
            assertTrue(!forwardedPath.equals("-"), "forwarded: " + text);
            assertEquals(forwardedPath.replace("A", authority), upstream(mode).take().path());
        } else if (response.status() == 404) {
            assertTrue(json, text);
            assertEquals("not_found_error", json(body).getJsonObject("error").getString("type"), text);
        } else {
            assertEquals(400, response.status(), text);
            if (json) {
                assertEquals("invalid_request_error", json(body).getJsonObject("error").getString("type"), text);
            }
        }
        for (RecordingUpstream upstream : upstreams.values()) {
            upstream.assertNothingReceived(Duration.ZERO);
        }
    }

    /**
     * A {@code POST} with a {@code Host} header of the caller's choosing ({@link RawHttp#post} names the server it
     * connects to): an absolute-form target whose authority and Host agree, as a proxy client sends it.
     */
    private static RawHttp.Response postWithHost(URI server, String target, String host, String... headerLines)
            throws IOException {
        StringBuilder request = new StringBuilder("POST ").append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append("\r\nContent-Length: 2\r\nConnection: close\r\n");
        for (String line : headerLines) {
            request.append(line).append("\r\n");
        }
        return RawHttp.exchange(null, server, request.append("\r\n{}").toString());
    }

    /** Jetty's ProxyServlet adds Via and Forwarded (naming the gateway) unless ADD_VIA_AND_FORWARDED=false. */
    @Test
    void viaAndForwardedAreAddedByDefaultAndNotWhenSwitchedOff() throws Exception {
        String path = "/vertex/projects/p/locations/l/publishers/anthropic/models/m:rawPredict";
        for (DeployedGateway deployment : List.of(gateway, failing)) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(deployment.uri().resolve(path))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            RecordingUpstream.Recorded arrived = upstream("vertex_ai").take();
            if (deployment == gateway) {
                assertTrue(arrived.header("via") != null && arrived.header("via").startsWith("1.1 "),
                        arrived.headers().toString());
                assertTrue(arrived.header("forwarded") != null && arrived.header("forwarded").contains("for="),
                        arrived.headers().toString());
            } else {
                assertNull(arrived.header("via"), arrived.headers().toString());
                assertNull(arrived.header("forwarded"), arrived.headers().toString());
            }
        }
    }

    /** GET / names the routes and the admin URLs; no path lists the WAR's directories or shows its files. */
    @Test
    void rootNamesTheRoutesAndTheAdminUrls() throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(gateway.uri().resolve("/")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertEquals("{\"service\":\"anthropic-beta-headers gateway\",\"routes\":{\"/anthropic/*\":\"anthropic\","
                + "\"/bedrock/*\":\"bedrock\",\"/foundry/*\":\"foundry\",\"/vertex/*\":\"vertex\"},"
                + "\"admin\":[\"/anthropic_beta_headers\",\"/anthropic_beta_headers/overrides\","
                + "\"/anthropic_beta_headers/quarantine\","
                + "\"/metrics/anthropic_beta_headers\","
                + "\"/reload/anthropic_beta_headers\","
                + "\"/schedule/anthropic_beta_headers_reload\",\"/schedule/anthropic_beta_headers_reload/status\"]}",
                response.body());
    }

    @ParameterizedTest
    @CsvSource({"/v1/messages", "/index.html", "/WEB-INF/", "/WEB-INF/web.xml", "/WEB-INF/lib/", "/META-INF/",
        "/META-INF/context.xml", "/io/", "/WEB-INF/classes/"})
    void noOtherPathListsOrServesAnything(String path) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(gateway.uri().resolve(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(404, response.statusCode(), response.body());
        // A listing links to its entries (href="/WEB-INF/", href="/META-INF/context.xml"); a served file shows itself.
        assertTrue(!response.body().contains("href=\"/") && !response.body().contains("Directory")
                && !response.body().contains("<web-app") && !response.body().contains("<Context")
                && !response.body().contains(".jar"), response.body());
        if (!path.startsWith("/WEB-INF/") && !path.startsWith("/META-INF/")) {
            // The container itself refuses the protected directories; every other path is ours to answer.
            assertTrue(json(response.body()).getJsonObject("error").getString("message")
                    .contains("/anthropic/*, /bedrock/*, /foundry/*, /vertex/*"), response.body());
        }
    }

    @Test
    void adminServletAnswersAtItsDefaultUrl() throws Exception {
        HttpResponse<String> refused = client.send(HttpRequest.newBuilder(
                        gateway.uri().resolve("/reload/anthropic_beta_headers"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, refused.statusCode());

        HttpResponse<String> reloaded = client.send(HttpRequest.newBuilder(
                        gateway.uri().resolve("/reload/anthropic_beta_headers"))
                .POST(HttpRequest.BodyPublishers.noBody()).header("Authorization", "Bearer " + ADMIN_TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, reloaded.statusCode(), reloaded.body());
        assertEquals("success", json(reloaded.body()).getString("status"));
    }

    static JsonObject json(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }
}
