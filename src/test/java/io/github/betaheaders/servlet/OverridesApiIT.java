package io.github.betaheaders.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.betaheaders.core.BetaOverrides;
import io.github.betaheaders.testsupport.AdminApi;
import io.github.betaheaders.testsupport.ExplodedWar;
import io.github.betaheaders.testsupport.Gateway;
import io.github.betaheaders.testsupport.JettyGateway;
import io.github.betaheaders.testsupport.MappingFixtures;
import io.github.betaheaders.testsupport.RecordingUpstream;
import io.github.betaheaders.testsupport.TestDirectories;
import io.github.betaheaders.testsupport.ThroughEachGateway;
import io.github.betaheaders.testsupport.TomcatGateway;
import io.github.betaheaders.testsupport.WebXml;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;

/**
 * {@code GET}, {@code PUT} and {@code DELETE /anthropic_beta_headers/overrides} in Tomcat and Jetty over real HTTP:
 * every status code, the file written back, requests through the proxy following each change, and the overrides
 * kept across a reload, which says what they still decide.
 */
class OverridesApiIT {

    static final String TOKEN = "overrides-token-0123456789";
    static final String OVERRIDES = "anthropic_beta_headers/overrides";
    static final String MAX_BYTES = "2048";
    static final String OPUS = "{\"bedrock/*claude-opus-4-7*\":{\"*\":null},\"bedrock\":{\"x-beta\":\"x-o\"}}";
    static final Set<String> KNOWN = Set.of("anthropic", "bedrock", "vertex_ai");

    @RegisterExtension
    static final RecordingUpstream upstream = new RecordingUpstream();
    static final List<Gateway> gateways = new ArrayList<>();
    static final Map<Gateway, Path> overridesFiles = new LinkedHashMap<>();
    static final Map<Gateway, Path> configFiles = new LinkedHashMap<>();
    static TomcatGateway tomcat;
    static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws Exception {
        tomcat = new TomcatGateway();
        tomcat.deploy("/app", ExplodedWar.create("overrides-app", new WebXml()
                .overrideFilterParam("localOnly", "true").overrideAdminParam("adminToken", TOKEN), true));
        for (Gateway gateway : List.of(new JettyGateway(), tomcat)) {
            Path dir = TestDirectories.newDirectory("overrides-api");
            Path config = dir.resolve("table.json");
            Files.writeString(config, MappingFixtures.A);
            Path overrides = dir.resolve("overrides.json");
            gateway.filterParam("localOnly", "true").filterParam("configFile", config.toString())
                    .filterParam("overridesFile", overrides.toString()).filterParam("maxConfigBytes", MAX_BYTES)
                    .route("/bedrock", upstream.uri())
                    .addServlet("admin", AnthropicBetaHeadersAdminServlet.class, "/admin/*",
                            Map.of("adminToken", TOKEN, "adminMaxFailures", "1000000"))
                    .addServlet("closed", AnthropicBetaHeadersAdminServlet.class, "/closed/*", Map.of())
                    .start();
            gateways.add(gateway);
            overridesFiles.put(gateway, overrides);
            configFiles.put(gateway, config);
        }
        assertTrue(tomcat.isStarted("/app"), tomcat.reportedFailure("/app"));
    }

    @AfterAll
    static void stop() throws Exception {
        for (Gateway gateway : gateways) {
            gateway.close();
        }
    }

    @BeforeEach
    void noOverridesAndTableA() throws IOException {
        for (Gateway gateway : gateways) {
            assertEquals(204, admin(gateway).call("DELETE", OVERRIDES).status());
            Files.writeString(configFiles.get(gateway), MappingFixtures.A);
            assertEquals(200, admin(gateway).call("POST", "reload/anthropic_beta_headers").status());
        }
        upstream.clear();
    }

    static List<Gateway> gateways() {
        return gateways;
    }

    static AdminApi admin(Gateway gateway) {
        return new AdminApi(client, gateway.uri().resolve("/admin/"), TOKEN);
    }

    /** PUTs {@code body} to the overrides (as a stream of unknown length when {@code chunked}). */
    static AdminApi.Answer put(URI base, String body, String contentType, boolean chunked, String... headers)
            throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(OVERRIDES))
                .PUT(chunked ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))
                        : HttpRequest.BodyPublishers.ofByteArray(bytes))
                .header("Authorization", "Bearer " + TOKEN);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new AdminApi.Answer(response.statusCode(), response.headers(), response.body());
    }

    static AdminApi.Answer put(Gateway gateway, String body) throws Exception {
        return put(gateway.uri().resolve("/admin/"), body, "application/json", false);
    }

    private static void assertError(AdminApi.Answer answer, int status, String messagePart) {
        assertEquals(status, answer.status(), answer.toString());
        assertEquals("application/json", answer.header("Content-Type"), answer.toString());
        JsonObject json = answer.json();
        assertEquals("error", json.getString("status"), answer.toString());
        assertTrue(json.getString("message").contains(messagePart), answer.toString());
        OffsetDateTime.parse(json.getString("timestamp"));
    }

    /** What bedrock receives for the test's betas on a model's invoke path. */
    private static String bedrockGets(Gateway gateway, String model) throws Exception {
        return upstream.postThrough(gateway.uri(), "/bedrock/model/" + model + "/invoke",
                "anthropic-beta: " + MappingFixtures.CLIENT_BETAS).header("anthropic-beta");
    }

    @ThroughEachGateway
    void putShowsAndAppliesThemAndWritesTheFile(Gateway gateway) throws Exception {
        AdminApi.Answer none = admin(gateway).call("GET", OVERRIDES);
        assertEquals(200, none.status(), none.toString());
        assertEquals("application/json", none.header("Content-Type"));
        assertEquals("{\"where\":" + jsonString(overridesFiles.get(gateway)) + ",\"overrides\":{},\"overridden\":{},"
                + "\"model_rules\":{}}", none.body());

        AdminApi.Answer put = put(gateway, OPUS);
        assertEquals(200, put.status(), put.toString());
        JsonObject state = put.json();
        assertEquals("x-o", state.getJsonObject("overrides").getJsonObject("bedrock").getString("x-beta"));
        assertEquals("x-a", state.getJsonObject("overridden").getJsonObject("bedrock").getString("x-beta"));
        assertEquals(List.of("bedrock/*claude-opus-4-7*"), state.getJsonObject("model_rules").getJsonArray("bedrock")
                .getValuesAs(jakarta.json.JsonString.class).stream().map(jakarta.json.JsonString::getString).toList());
        assertEquals(put.body(), admin(gateway).call("GET", OVERRIDES).body());
        assertEquals(BetaOverrides.parse(OPUS, KNOWN), BetaOverrides.parse(Files.readAllBytes(
                overridesFiles.get(gateway)), KNOWN));

        assertEquals(null, bedrockGets(gateway, "us.anthropic.claude-opus-4-7-v1:0"));
        assertEquals("x-o,y-a", bedrockGets(gateway, "us.anthropic.claude-opus-5-5"));
        // The status resource shows them beside the table.
        JsonObject status = admin(gateway).call("GET", "anthropic_beta_headers").json();
        assertEquals("x-a", status.getJsonObject("mapping").getJsonObject("bedrock").getString("x-beta"));
        assertEquals(state, status.getJsonObject("overrides"));

        AdminApi.Answer deleted = admin(gateway).call("DELETE", OVERRIDES);
        assertEquals(204, deleted.status(), deleted.toString());
        assertEquals("", deleted.body());
        assertEquals("{}\n", Files.readString(overridesFiles.get(gateway)));
        assertEquals("x-a,y-a", bedrockGets(gateway, "us.anthropic.claude-opus-4-7-v1:0"));
        assertEquals(204, admin(gateway).call("DELETE", OVERRIDES).status());
    }

    @ThroughEachGateway
    void aBadDocumentIs400AndChangesNothing(Gateway gateway) throws Exception {
        assertEquals(200, put(gateway, OPUS).status());
        byte[] file = Files.readAllBytes(overridesFiles.get(gateway));
        String shown = admin(gateway).call("GET", OVERRIDES).body();
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("{\"bedrock\":{\"x-beta\":", "not valid JSON");
        bad.put("", "not valid JSON");
        bad.put("[]", "must be a JSON object");
        bad.put("{\"bedrock\":{\"x beta\":null}}", "whitespace");
        bad.put("{\"bedrock\":{\"x-beta\":\"x/o\"}}", "HTTP token");
        bad.put("{\"bedrok\":{\"x-beta\":null}}", "unknown provider [bedrok]");
        bad.put("{\"nosuch/*opus*\":{\"*\":null}}", "unknown provider [nosuch]");
        bad.put("{\"bedrock/\":{}}", "model pattern after '/' is empty");
        bad.put("{\"bedrock\":{\"*\":\"x-beta\"}}", "maps to null (dropped) or \"*\"");
        bad.put("{\"bedrock\":{\"x-beta\":1}}", "must be a string or null");
        bad.put("{\"bedrock\":[]}", "must be a section");
        for (Map.Entry<String, String> e : bad.entrySet()) {
            assertError(put(gateway, e.getKey()), 400, e.getValue());
        }
        assertEquals(shown, admin(gateway).call("GET", OVERRIDES).body());
        assertEquals(new String(file, StandardCharsets.UTF_8), Files.readString(overridesFiles.get(gateway)));
        assertEquals(null, bedrockGets(gateway, "us.anthropic.claude-opus-4-7-v1:0"));
    }

    @ThroughEachGateway
    void accessMethodSizeAndTypeAreChecked(Gateway gateway) throws Exception {
        URI base = gateway.uri().resolve("/admin/");
        for (String method : List.of("GET", "PUT", "DELETE")) {
            AdminApi.Answer anonymous = admin(gateway).call(method, OVERRIDES, null);
            assertError(anonymous, 401, "Authorization: Bearer");
            assertEquals("Bearer", anonymous.header("WWW-Authenticate"));
            assertError(admin(gateway).withToken("wrong-token-0123456789").call(method, OVERRIDES), 401, "Bearer");
            assertError(new AdminApi(client, gateway.uri().resolve("/closed/"), TOKEN).call(method, OVERRIDES), 403,
                    "the admin API is closed");
        }
        for (String method : List.of("POST", "PATCH")) {
            AdminApi.Answer wrong = admin(gateway).call(method, OVERRIDES);
            assertError(wrong, 405, "method " + method + " is not allowed");
            assertEquals("GET, PUT, DELETE", wrong.header("Allow"));
        }
        StringBuilder big = new StringBuilder("{\"bedrock\":{");
        for (int i = 0; big.length() <= Integer.parseInt(MAX_BYTES); i++) {
            big.append(i == 0 ? "" : ",").append("\"beta-").append(i).append("\":null");
        }
        String tooBig = big.append("}}").toString();
        assertError(put(base, tooBig, "application/json", false), 413, "larger than [maxConfigBytes] (2048 bytes)");
        assertError(put(base, tooBig, "application/json", true), 413, "larger than [maxConfigBytes]");
        assertError(put(base, OPUS, "text/plain", false), 415, "must be JSON");
        assertError(put(base, OPUS, null, false), 415, "found none");
        assertError(put(base, OPUS, "application/json", false, "Content-Encoding", "gzip"), 415, "content-encoded");
        assertEquals(200, put(base, OPUS, "application/json; charset=utf-8", false).status());
        assertEquals(204, admin(gateway).call("DELETE", OVERRIDES).status());
        assertEquals("{}\n", Files.readString(overridesFiles.get(gateway)));
    }

    /** A file that cannot be written is a 500 naming it, and nothing changes: not the active overrides, not the file. */
    @ThroughEachGateway
    void aChangeThatCannotBeWrittenIs500AndChangesNothing(Gateway gateway) throws Exception {
        assertEquals(200, put(gateway, OPUS).status());
        Path file = overridesFiles.get(gateway);
        String shown = admin(gateway).call("GET", OVERRIDES).body();
        // A directory with a file in it where the file was: the atomic move over it fails.
        Files.delete(file);
        Files.createDirectory(file);
        Files.writeString(file.resolve("in-the-way"), "x");
        try {
            assertError(put(gateway, "{\"bedrock\":{\"y-beta\":\"y-o\"}}"), 500, "could not keep the overrides in "
                    + file);
            assertError(admin(gateway).call("DELETE", OVERRIDES), 500, "could not keep the change in " + file);
            assertEquals(shown, admin(gateway).call("GET", OVERRIDES).body());
            assertEquals(null, bedrockGets(gateway, "us.anthropic.claude-opus-4-7-v1:0"));
        } finally {
            Files.delete(file.resolve("in-the-way"));
            Files.delete(file);
        }
        assertEquals(204, admin(gateway).call("DELETE", OVERRIDES).status());
        try (java.util.stream.Stream<Path> left = Files.list(file.getParent())) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList());
        }
    }

    @ThroughEachGateway
    void aReloadKeepsThemAndSaysWhatTheyStillDecide(Gateway gateway) throws Exception {
        assertEquals(200, put(gateway, OPUS).status());
        Files.writeString(configFiles.get(gateway), MappingFixtures.B);
        AdminApi.Answer reload = admin(gateway).call("POST", "reload/anthropic_beta_headers");
        assertEquals(200, reload.status(), reload.toString());
        JsonObject changes = reload.json().getJsonObject("changes");
        assertTrue(changes.getBoolean("changed"), reload.body());
        assertEquals("[\"x-beta\"]", changes.getJsonObject("overridden").getJsonArray("bedrock").toString());
        assertEquals("x-o,y-b,z-b", bedrockGets(gateway, "us.anthropic.claude-opus-5-5"));
        assertEquals(null, bedrockGets(gateway, "us.anthropic.claude-opus-4-7-v1:0"));
        JsonObject overrides = admin(gateway).call("GET", OVERRIDES).json();
        assertEquals("x-b", overrides.getJsonObject("overridden").getJsonObject("bedrock").getString("x-beta"));
        assertEquals(changes, admin(gateway).call("GET", "anthropic_beta_headers").json().getJsonObject("last_change"));
    }

    /** The fragment maps the resource at LiteLLM's admin URLs beside the others. */
    @Test
    void theFragmentMapsTheResource() throws Exception {
        AdminApi app = new AdminApi(client, tomcat.uri().resolve("/app/"), TOKEN);
        AdminApi.Answer none = app.call("GET", OVERRIDES);
        assertEquals(200, none.status(), none.toString());
        assertEquals("memory", none.json().getString("where"));
        assertEquals(200, put(tomcat.uri().resolve("/app/"), OPUS, "application/json", false).status());
        assertEquals("x-o", app.call("GET", OVERRIDES).json().getJsonObject("overrides").getJsonObject("bedrock")
                .getString("x-beta"));
        assertEquals(204, app.call("DELETE", OVERRIDES).status());
    }

    private static String jsonString(Path path) {
        return io.github.betaheaders.core.JsonWriter.write(path.toAbsolutePath().toString());
    }
}
