package io.github.betaheaders.example.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.betaheaders.testsupport.ClaudeCodeRequests;
import io.github.betaheaders.testsupport.RecordingUpstream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * One standalone container (a subclass starts it) with three WARs in its webapps directory: the example gateway as
 * built ({@code gw}), a user's own gateway made of MITRE's proxy servlet and our jar ({@code user}), and a user's app
 * that also carries its own JSON-B ({@code jsonapp}). Settings reach them as an operator gives them to the container:
 * environment variables of its process (the upstreams, {@code ANTHROPIC_BETA_HEADERS_ADMIN_TOKEN} and LiteLLM's
 * {@code LITELLM_LOCAL_ANTHROPIC_BETA_HEADERS}, so that nothing is fetched).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class StandaloneContract {

    static final String ADMIN_TOKEN = "standalone-admin-token-7f3a";
    static final int REDEPLOYS = 5;

    /** Where each mode's requests go in the example gateway. */
    static final Map<String, String> GATEWAY_ROUTE = Map.of(
            "anthropic", "/anthropic", "bedrock", "/bedrock", "vertex_ai", "/vertex", "azure_ai", "/foundry");

    /** The body betas Claude Code sends in Bedrock mode (the fixture's body_anthropic_beta), and what bedrock keeps. */
    static final String BEDROCK_BODY = "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":16,"
            + "\"anthropic_beta\":[\"interleaved-thinking-2025-05-14\",\"tool-search-tool-2025-10-19\","
            + "\"thinking-token-count-2026-05-13\"],\"messages\":[]}";
    static final String BEDROCK_BODY_BETAS_AFTER = "\"tool-search-tool-2025-10-19\"";

    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    final Map<String, RecordingUpstream> upstreams = new HashMap<>();
    RecordingUpstream userUpstream;
    StandaloneServer server;
    Path userWar;
    Path jsonbWar;

    /** Starts the container with these environment variables. */
    abstract StandaloneServer start(Map<String, String> environment) throws Exception;

    @BeforeAll
    void startContainer() throws Exception {
        for (String mode : GATEWAY_ROUTE.keySet()) {
            upstreams.put(mode, new RecordingUpstream().start());
        }
        userUpstream = new RecordingUpstream().start();
        userWar = UserWars.smileyProxy(userUpstream.uri());
        jsonbWar = UserWars.ownJsonb(userUpstream.uri());
        server = start(Map.of(
                "ANTHROPIC_UPSTREAM_URL", upstreams.get("anthropic").uri().toString(),
                "BEDROCK_UPSTREAM_URL", upstreams.get("bedrock").uri().toString(),
                "VERTEX_UPSTREAM_URL", upstreams.get("vertex_ai").uri() + "/v1",
                "FOUNDRY_UPSTREAM_URL", upstreams.get("azure_ai").uri() + "/",
                "ANTHROPIC_BETA_HEADERS_ADMIN_TOKEN", ADMIN_TOKEN,
                "LITELLM_LOCAL_ANTHROPIC_BETA_HEADERS", "true"));
        server.deploy("gw", Distributions.GATEWAY_WAR);
        server.deploy("user", userWar);
        server.deploy("jsonapp", jsonbWar);
    }

    @AfterAll
    void stopContainer() throws Exception {
        if (server != null) {
            server.close();
        }
        for (RecordingUpstream upstream : upstreams.values()) {
            upstream.close();
        }
        if (userUpstream != null) {
            userUpstream.close();
        }
    }

    @BeforeEach
    void clearUpstreams() {
        upstreams.values().forEach(RecordingUpstream::clear);
        userUpstream.clear();
    }

    HttpResponse<String> send(URI uri, ClaudeCodeRequests.Captured captured) throws Exception {
        String body = captured.providerMode().equals("bedrock") ? BEDROCK_BODY : "{\"max_tokens\":16,\"messages\":[]}";
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .method(captured.method(), HttpRequest.BodyPublishers.ofString(body));
        captured.headers().forEach(request::header);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertRewritten(ClaudeCodeRequests.Captured captured, RecordingUpstream.Recorded arrived) {
        assertEquals(ClaudeCodeRequests.headerUnderBundledMapping(captured.providerMode()),
                arrived.header("anthropic-beta"),
                captured.providerMode());
        if (captured.providerMode().equals("bedrock")) {
            Matcher m = Pattern.compile("\"anthropic_beta\"\\s*:\\s*\\[([^\\]]*)\\]").matcher(arrived.bodyText());
            assertTrue(m.find(), arrived.bodyText());
            assertEquals(BEDROCK_BODY_BETAS_AFTER, m.group(1).replace(" ", ""), arrived.bodyText());
        }
    }

    @Test
    @Order(1)
    void theExampleGatewayRewritesHeaderAndBodyBetas() throws Exception {
        for (ClaudeCodeRequests.Captured captured : ClaudeCodeRequests.load()) {
            HttpResponse<String> response = send(server.uri("/gw" + GATEWAY_ROUTE.get(captured.providerMode())
                    + captured.path()), captured);
            assertEquals(200, response.statusCode(), captured + ": " + response.body());
            assertRewritten(captured, upstreams.get(captured.providerMode()).take());
        }
    }

    @Test
    @Order(1)
    void aUsersOwnProxyWarWithOurJarRewritesHeaderAndBodyBetas() throws Exception {
        assertUserGatewayRewrites("/user");
    }

    private void assertUserGatewayRewrites(String contextPath) throws Exception {
        for (ClaudeCodeRequests.Captured captured : ClaudeCodeRequests.load()) {
            HttpResponse<String> response = send(server.uri(contextPath + captured.path()), captured);
            assertEquals(200, response.statusCode(), captured + ": " + response.body());
            RecordingUpstream.Recorded arrived = userUpstream.take();
            assertEquals(captured.pathOnly(), arrived.path());
            assertRewritten(captured, arrived);
        }
    }

    @Test
    @Order(1)
    void theUsersWarHoldsOurOneJarAndItsResolvedDependenciesOnly() throws Exception {
        List<String> ours = UserWars.ourJarAndItsDependencies().stream().map(p -> p.getFileName().toString()).toList();
        List<String> libs = UserWars.libraries(userWar);
        assertTrue(libs.containsAll(ours), libs.toString());
        assertTrue(libs.stream().filter(n -> n.startsWith("beta-headers-filter")).count() == 1, libs.toString());
    }

    @Test
    @Order(1)
    void theAdminApiAnswersWithItsTokenInEachWar() throws Exception {
        for (String context : List.of("/gw", "/user", "/jsonapp")) {
            URI admin = server.uri(context + "/anthropic_beta_headers");
            HttpResponse<String> open = client.send(HttpRequest.newBuilder(admin).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + ADMIN_TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, open.statusCode(), context + ": " + open.body());
            assertTrue(open.body().contains("anthropic"), open.body());
            HttpResponse<String> wrong = client.send(HttpRequest.newBuilder(admin).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer not-the-token").GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, wrong.statusCode(), context + ": " + wrong.body());
        }
    }

    @Test
    @Order(1)
    void anAppWithItsOwnJsonbKeepsItAndOurFilterWorksBesideIt() throws Exception {
        HttpResponse<String> greeting = client.send(HttpRequest.newBuilder(server.uri("/jsonapp/greeting"))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, greeting.statusCode(), greeting.body());
        assertTrue(greeting.body().startsWith("{\"greeting\":\"hello\""), greeting.body());
        assertTrue(greeting.body().contains("yasson-3.0.3.jar"), greeting.body());
        assertUserGatewayRewrites("/jsonapp");
    }

    @Test
    @Order(1)
    void theStartLogNamesEachSettingsSourceAndHidesTheToken() throws Exception {
        String log = server.logText();
        assertTrue(log.contains("filter [AnthropicBetaHeadersFilter]: settings set: localOnly=[true] from environment "
                + "variable [LITELLM_LOCAL_ANTHROPIC_BETA_HEADERS]"), server.tail());
        assertTrue(log.contains("servlet [AnthropicBetaHeadersAdmin]: settings set: adminToken=<redacted> from "
                + "environment variable [ANTHROPIC_BETA_HEADERS_ADMIN_TOKEN]"), server.tail());
        assertFalse(log.contains(ADMIN_TOKEN), "the admin token is in the container's log");
    }

    @Test
    @Order(2)
    void fiveRedeploysLeakNoThreadAndNoClassLoader() throws Exception {
        List<String> threadsBefore = server.threadNames();
        long loadersBefore = server.liveWebappClassLoaders();
        assertTrue(loadersBefore >= 3, "three webapps deployed, yet " + loadersBefore + " webapp class loaders");
        long ourThreadsBefore = threadsBefore.stream().filter(n -> n.startsWith("anthropic-beta-headers")).count();
        for (int i = 0; i < REDEPLOYS; i++) {
            server.touch("gw");
            server.touch("user");
            assertUserGatewayRewrites("/user");
            theExampleGatewayRewritesHeaderAndBodyBetas();
        }
        List<String> threadsAfter = server.threadNames();
        long ourThreadsAfter = threadsAfter.stream().filter(n -> n.startsWith("anthropic-beta-headers")).count();
        assertTrue(ourThreadsAfter <= ourThreadsBefore, "our threads before " + ourThreadsBefore + ", after "
                + REDEPLOYS + " redeploys: " + threadsAfter);
        // Each redeploy of the gateway would leak at least its four proxy clients' threads.
        assertTrue(threadsAfter.size() <= threadsBefore.size() + 8, "threads before: " + threadsBefore
                + "\nafter " + REDEPLOYS + " redeploys: " + threadsAfter);
        long loadersAfter = server.liveWebappClassLoadersUntilAtMost(loadersBefore);
        assertTrue(loadersAfter <= loadersBefore, "webapp class loaders alive before: " + loadersBefore
                + ", after " + REDEPLOYS + " redeploys of two webapps and full GCs for 20 s: " + loadersAfter);
        String log = server.logText();
        for (String leak : List.of("appears to have started a thread", "memory leak")) {
            assertFalse(log.contains(leak), "the container reports [" + leak + "]:\n" + server.tail());
        }
    }
}
