package io.github.betaheaders.it.gateway;

import io.github.betaheaders.testsupport.RecordingUpstream;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The gateway as application.yml configures it, on a random port, each route's upstream a recording upstream of its
 * own. The test classes share one application (same configuration, so Spring's test context cache keeps one).
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(FilterOrderProbe.class)
abstract class GatewayTestBase {

    /** Provider mode of the Claude Code fixture to the upstream of its route. */
    static final Map<String, RecordingUpstream> UPSTREAMS = Map.of(
            "anthropic", new RecordingUpstream().start(), "bedrock", new RecordingUpstream().start(),
            "vertex_ai", new RecordingUpstream().start(), "azure_ai", new RecordingUpstream().start());

    static final Map<String, String> ROUTE = Map.of(
            "anthropic", "/anthropic", "bedrock", "/bedrock", "vertex_ai", "/vertex", "azure_ai", "/foundry");

    static final String ADMIN_TOKEN = "admin-token-from-application-yml";

    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Value("${local.server.port}")
    int port;

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        registry.add("ANTHROPIC_UPSTREAM_URL", () -> UPSTREAMS.get("anthropic").uri().toString());
        registry.add("BEDROCK_UPSTREAM_URL", () -> UPSTREAMS.get("bedrock").uri().toString());
        registry.add("VERTEX_UPSTREAM_URL", () -> UPSTREAMS.get("vertex_ai").uri().toString());
        registry.add("FOUNDRY_UPSTREAM_URL", () -> UPSTREAMS.get("azure_ai").uri().toString());
    }

    URI gateway(String target) {
        return URI.create("http://127.0.0.1:" + port + target);
    }

    static void clearUpstreams() {
        UPSTREAMS.values().forEach(upstream -> {
            upstream.clear();
            upstream.respondWith(RecordingUpstream.OK_JSON);
        });
    }
}
