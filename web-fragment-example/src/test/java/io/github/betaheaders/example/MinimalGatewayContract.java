package io.github.betaheaders.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.betaheaders.body.ClaudeCodeBodies;
import io.github.betaheaders.testsupport.ClaudeCodeRequests;
import io.github.betaheaders.testsupport.RecordingUpstream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The smallest gateway ({@code minimal/WEB-INF/web.xml}: Jetty's transparent proxy servlet per route, the filter's
 * routes) deployed by a subclass, each route's {@code proxyTo} a recording upstream: each of Claude Code's captured
 * requests reaches its provider's upstream, and only that one, with the betas the provider accepts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MinimalGatewayContract {

    /** Each provider mode's route in the descriptor. */
    static final Map<String, String> ROUTE = Map.of(
            "anthropic", "/anthropic", "bedrock", "/bedrock", "vertex_ai", "/vertex", "azure_ai", "/foundry");

    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final Map<String, RecordingUpstream> upstreams = new HashMap<>();
    DeployedGateway gateway;

    /** Deploys the WAR; throws when the webapp does not start. */
    abstract DeployedGateway deploy(Path war) throws Exception;

    @BeforeAll
    void start() throws Exception {
        Map<String, URI> proxyTo = new HashMap<>();
        for (String mode : ROUTE.keySet()) {
            RecordingUpstream upstream = new RecordingUpstream().start();
            upstreams.put(mode, upstream);
            // Vertex AI's endpoint has a path (/v1); the others are a host.
            proxyTo.put(mode, mode.equals("vertex_ai") ? URI.create(upstream.uri() + "/v1") : upstream.uri());
        }
        gateway = deploy(MinimalWar.build(proxyTo, GatewayContract.WAR));
    }

    @AfterAll
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        for (RecordingUpstream upstream : upstreams.values()) {
            upstream.close();
        }
    }

    static Stream<ClaudeCodeRequests.Captured> claudeCodeRequests() {
        return ClaudeCodeRequests.load().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("claudeCodeRequests")
    void claudeCodeRequestArrivesWithTheBetasItsProviderAccepts(ClaudeCodeRequests.Captured captured)
            throws Exception {
        String mode = captured.providerMode();
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.uri().resolve(ROUTE.get(mode) + captured.path()))
                .method(captured.method(), HttpRequest.BodyPublishers.ofString(GatewayContract.body(captured)));
        captured.headers().forEach(request::header);

        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("{\"ok\":true}", response.body());
        RecordingUpstream.Recorded arrived = upstreams.get(mode).take();
        assertEquals((mode.equals("vertex_ai") ? "/v1" : "") + captured.pathOnly(), arrived.path());
        assertEquals(captured.query(), arrived.query());
        assertEquals(ClaudeCodeRequests.headerUnderBundledMapping(mode), arrived.header("anthropic-beta"));
        if (mode.equals("bedrock")) {
            // bedrock: interleaved-thinking maps to null, thinking-token-count has no entry, tool-search-tool to itself.
            assertEquals(ClaudeCodeBodies.bedrockInvoke("[\"tool-search-tool-2025-10-19\"]"), arrived.bodyText());
        } else {
            assertEquals(GatewayContract.body(captured), arrived.bodyText());
        }
        for (Map.Entry<String, RecordingUpstream> other : upstreams.entrySet()) {
            if (!other.getKey().equals(mode)) {
                other.getValue().assertNothingReceived(Duration.ZERO);
            }
        }
    }
}
