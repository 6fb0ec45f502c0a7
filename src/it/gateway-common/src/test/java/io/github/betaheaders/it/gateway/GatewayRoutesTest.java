package io.github.betaheaders.it.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.betaheaders.body.ClaudeCodeBodies;
import io.github.betaheaders.testsupport.ClaudeCodeRequests;
import io.github.betaheaders.testsupport.RecordingUpstream;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each of the four requests Claude Code sent in its four modes goes through its Spring Cloud Gateway route and
 * arrives at that route's upstream only, its path rewritten as the route says, with the betas the bundled mapping
 * allows for the provider: in the header, and in the Bedrock body's array.
 */
class GatewayRoutesTest extends GatewayTestBase {

    static final Map<String, String[]> CREDENTIAL = Map.of(
            "anthropic", new String[] {"x-api-key", "sk-ant-api03-test"},
            "bedrock", new String[] {"Authorization", "Bearer bedrock-api-key-test"},
            "vertex_ai", new String[] {"Authorization", "Bearer ya29.vertex-test"},
            "azure_ai", new String[] {"api-key", "foundry-key-test"});

    static Stream<ClaudeCodeRequests.Captured> claudeCodeRequests() {
        return ClaudeCodeRequests.load().stream();
    }

    @BeforeEach
    void clear() {
        clearUpstreams();
    }

    static String body(ClaudeCodeRequests.Captured captured) {
        return captured.providerMode().equals("bedrock")
                ? ClaudeCodeBodies.bedrockInvoke(ClaudeCodeBodies.FIXTURE_BODY_BETAS)
                : "{\"model\":\"claude-opus-5-5\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hi\"}],"
                        + "\"max_tokens\":32000,\"stream\":true}";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("claudeCodeRequests")
    void claudeCodeRequestArrivesWithTheBetasItsProviderAccepts(ClaudeCodeRequests.Captured captured)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway(ROUTE.get(captured.providerMode())
                + captured.path())).method(captured.method(), HttpRequest.BodyPublishers.ofString(body(captured)));
        captured.headers().forEach(request::header);
        String[] credential = CREDENTIAL.get(captured.providerMode());
        request.header(credential[0], credential[1]);

        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("{\"ok\":true}", response.body());
        RecordingUpstream.Recorded arrived = UPSTREAMS.get(captured.providerMode()).take();
        String basePath = captured.providerMode().equals("vertex_ai") ? "/v1" : "";
        assertEquals(basePath + captured.pathOnly(), arrived.path());
        assertEquals(captured.query(), arrived.query());
        assertEquals(ClaudeCodeRequests.headerUnderBundledMapping(captured.providerMode()),
                arrived.header("anthropic-beta"));
        assertEquals(arrived.header("anthropic-beta"), FilterOrderProbe.SEEN.get(),
                "a filter of default order saw the betas before the rewrite");
        assertEquals(credential[1], arrived.header(credential[0]));
        if (captured.providerMode().equals("bedrock")) {
            // interleaved-thinking maps to null for bedrock, thinking-token-count has no entry, tool-search-tool to
            // itself; the rest of the body arrives as sent.
            JsonObject sent = json(body(captured));
            JsonObject received = json(arrived.bodyText());
            assertEquals(List.of("tool-search-tool-2025-10-19"),
                    received.getJsonArray("anthropic_beta").getValuesAs(JsonString::getString));
            assertEquals(sent.keySet(), received.keySet());
            sent.keySet().stream().filter(key -> !key.equals("anthropic_beta"))
                    .forEach(key -> assertEquals(sent.get(key), received.get(key), key));
        } else {
            assertEquals(body(captured), arrived.bodyText());
        }
        for (String mode : ROUTE.keySet()) {
            if (!mode.equals(captured.providerMode())) {
                UPSTREAMS.get(mode).assertNothingReceived(Duration.ZERO);
            }
        }
    }

    static JsonObject json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }
}
