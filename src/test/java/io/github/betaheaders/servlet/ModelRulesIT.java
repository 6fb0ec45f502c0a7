package io.github.betaheaders.servlet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.betaheaders.body.ClaudeCodeBodies;
import io.github.betaheaders.testsupport.ClaudeCodeRequests;
import io.github.betaheaders.testsupport.Gateway;
import io.github.betaheaders.testsupport.RecordingUpstream;
import io.github.betaheaders.testsupport.RecordingUpstream.Recorded;
import io.github.betaheaders.testsupport.TestDirectories;
import io.github.betaheaders.testsupport.ThroughEachGateway;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Model rules of the overrides through real containers and proxy servlets: the model from Bedrock's path (inference
 * profile id and ARN), from Vertex's, and from the Anthropic API's body (small bodies read at once and large ones read
 * without blocking), with the header and the body's betas following the rule.
 */
class ModelRulesIT {

    static final String PREFIX = "/gw";
    static final String OVERRIDES = "{\"bedrock/*claude-opus-4-7*\":{\"*\":null},"
            + "\"vertex_ai/claude-opus-4-7*\":{\"*\":null,"
            + "\"interleaved-thinking-2025-05-14\":\"interleaved-thinking-2025-05-14\"},"
            + "\"anthropic/claude-opus-4-7*\":{\"claude-code-20250219\":null,\"effort-2025-11-24\":null}}";
    static final String OPUS_4_7 = "us.anthropic.claude-opus-4-7-v1:0";
    static final String ARN = "arn:aws:bedrock:us-east-1:123456789012:inference-profile/" + OPUS_4_7;
    static final String VERTEX = "/projects/p/locations/us-east5/publishers/anthropic/models/";

    @RegisterExtension
    static final RecordingUpstream upstream = new RecordingUpstream();
    static final List<Gateway> gateways = new ArrayList<>();
    static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws Exception {
        Path overrides = TestDirectories.newDirectory("model-rules").resolve("overrides.json");
        Files.writeString(overrides, OVERRIDES);
        for (Gateway gateway : Gateway.everyPairing()) {
            gateways.add(gateway.filterParam("localOnly", "true").filterParam("overridesFile", overrides.toString())
                    .route(PREFIX, upstream.uri()).start());
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (Gateway gateway : gateways) {
            gateway.close();
        }
    }

    @BeforeEach
    void forgetEarlierRequests() {
        upstream.clear();
    }

    static List<Gateway> gateways() {
        return gateways;
    }

    static Recorded post(Gateway gateway, String path, String body, String betas) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(gateway.uri().resolve(PREFIX + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json")
                .header("anthropic-beta", betas).build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), () -> gateway + ": " + response.body());
        return upstream.take();
    }

    private static String captured(String mode) {
        return ClaudeCodeRequests.load().stream().filter(c -> c.providerMode().equals(mode)).findFirst()
                .orElseThrow().header("anthropic-beta");
    }

    @ThroughEachGateway
    void bedrocksOpus47GetsNoBetaByIdOrArnInHeaderAndBody(Gateway gateway) throws Exception {
        String body = ClaudeCodeBodies.bedrockInvoke(ClaudeCodeBodies.FIXTURE_BODY_BETAS);
        byte[] withoutBetas = ClaudeCodeBodies.bedrockInvoke(null, 0).getBytes(StandardCharsets.UTF_8);
        for (String model : List.of(OPUS_4_7, ARN, "anthropic.claude-opus-4-7-v1:0")) {
            for (String operation : List.of("invoke", "invoke-with-response-stream")) {
                Recorded r = post(gateway, "/model/" + model + "/" + operation, body,
                        ClaudeCodeBodies.FIXTURE_HEADER);
                assertEquals(List.of(), r.headers("anthropic-beta"), model);
                assertArrayEquals(withoutBetas, r.body(), model);
            }
        }
        // Another model: the table's bedrock section, as without overrides.
        Recorded other = post(gateway, "/model/us.anthropic.claude-opus-5-5/invoke", body,
                ClaudeCodeBodies.FIXTURE_HEADER);
        assertEquals("effort-2025-11-24", other.header("anthropic-beta"));
        assertEquals(body.replace(ClaudeCodeBodies.FIXTURE_BODY_BETAS, "[\"tool-search-tool-2025-10-19\"]"),
                other.bodyText());
    }

    @ThroughEachGateway
    void vertexTakesTheModelFromItsPath(Gateway gateway) throws Exception {
        String betas = captured("vertex_ai");
        String body = "{\"anthropic_version\":\"vertex-2023-10-16\",\"max_tokens\":1,\"messages\":[]}";
        Recorded opus = post(gateway, VERTEX + "claude-opus-4-7@20260101:streamRawPredict", body, betas);
        assertEquals("interleaved-thinking-2025-05-14", opus.header("anthropic-beta"));
        Recorded other = post(gateway, VERTEX + "claude-opus-5-5:rawPredict", body, betas);
        assertEquals(ClaudeCodeRequests.headerUnderBundledMapping("vertex_ai"), other.header("anthropic-beta"));
    }

    @ThroughEachGateway
    void theAnthropicApiTakesTheModelFromTheBody(Gateway gateway) throws Exception {
        String betas = captured("anthropic");
        String withoutCodeAndEffort = "interleaved-thinking-2025-05-14,context-management-2025-06-27,"
                + "per-turn-control-2026-07-01,mid-conversation-tool-changes-2026-07-01,"
                + "thinking-token-count-2026-05-13,advanced-tool-use-2025-11-20";
        // Small, and large enough to arrive in pieces (read without blocking), with the model first and last.
        for (int size : List.of(0, 400_000)) {
            String text = "x".repeat(size);
            String first = "{\"model\":\"claude-opus-4-7\",\"max_tokens\":1,\"messages\":[{\"role\":\"user\","
                    + "\"content\":\"" + text + "\"}]}";
            Recorded opus = post(gateway, "/v1/messages?beta=true", first, betas);
            assertEquals(withoutCodeAndEffort, opus.header("anthropic-beta"), "size " + size);
            assertEquals(first, opus.bodyText());
            String last = "{\"max_tokens\":1,\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}],"
                    + "\"model\":\"claude-opus-4-7-20260101\"}";
            assertEquals(withoutCodeAndEffort, post(gateway, "/v1/messages", last, betas).header("anthropic-beta"));
            String other = first.replace("claude-opus-4-7", "claude-opus-5-5");
            assertEquals(ClaudeCodeRequests.headerUnderBundledMapping("anthropic"),
                    post(gateway, "/v1/messages", other, betas).header("anthropic-beta"), "size " + size);
        }
        // A body that is not JSON has no model: the provider's section.
        assertEquals(ClaudeCodeRequests.headerUnderBundledMapping("anthropic"),
                post(gateway, "/v1/messages", "{\"model\":\"claude-opus-4-7\"", betas).header("anthropic-beta"));
    }

    @ThroughEachGateway
    void aProviderWithoutModelRulesIsAsBefore(Gateway gateway) throws Exception {
        Recorded foundry = post(gateway, "/anthropic/v1/messages", "{\"model\":\"claude-opus-4-7\"}",
                captured("azure_ai"));
        assertEquals(ClaudeCodeRequests.headerUnderBundledMapping("azure_ai"), foundry.header("anthropic-beta"));
        assertNull(foundry.header("x-anthropic-beta-dropped"));
    }
}
