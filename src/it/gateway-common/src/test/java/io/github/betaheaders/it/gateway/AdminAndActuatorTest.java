package io.github.betaheaders.it.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.betaheaders.service.BetaHeadersService;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The admin servlet at LiteLLM's URLs with the token of application.yml, Actuator's health contributor and the
 * counters as meters of the app's own registry.
 */
class AdminAndActuatorTest extends GatewayTestBase {

    @Autowired
    MeterRegistry registry;

    @Autowired
    BetaHeadersService service;

    @BeforeEach
    void clear() {
        clearUpstreams();
    }

    HttpResponse<String> get(String target, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway(target)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonObject json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    @Test
    void adminApiAnswersWithTheTokenOfApplicationYml() throws Exception {
        HttpResponse<String> mapping = get("/anthropic_beta_headers", ADMIN_TOKEN);
        assertEquals(200, mapping.statusCode(), mapping.body());
        assertEquals("bundled", json(mapping.body()).getString("source"));
        assertTrue(json(mapping.body()).getJsonArray("quarantine").isEmpty(), mapping.body());

        HttpResponse<String> unquarantine = client.send(HttpRequest.newBuilder(
                gateway("/anthropic_beta_headers/quarantine")).header("Authorization", "Bearer " + ADMIN_TOKEN)
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, unquarantine.statusCode(), unquarantine.body());
        assertTrue(unquarantine.body().contains("no quarantined beta matches"), "the admin servlet answers: "
                + unquarantine.body());

        HttpResponse<String> reload = client.send(HttpRequest.newBuilder(gateway("/reload/anthropic_beta_headers"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, reload.statusCode(), reload.body());

        HttpResponse<String> metrics = get("/metrics/anthropic_beta_headers", ADMIN_TOKEN);
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("anthropic_beta_headers_requests_total"), metrics.body());
    }

    @Test
    void adminApiRefusesAWrongOrMissingToken() throws Exception {
        assertEquals(401, get("/anthropic_beta_headers", null).statusCode());
        assertEquals(401, get("/anthropic_beta_headers", "not-the-token-of-application-yml").statusCode());
        assertEquals(401, get("/schedule/anthropic_beta_headers_reload/status", null).statusCode());
    }

    @Test
    void healthShowsTheMappingAndTheLastAttempt() throws Exception {
        HttpResponse<String> response = get("/actuator/health/anthropicBetaHeaders", null);

        assertEquals(200, response.statusCode(), response.body());
        JsonObject health = json(response.body());
        assertEquals("UP", health.getString("status"));
        JsonObject details = health.getJsonObject("details");
        assertEquals("bundled", details.getString("source"));
        assertEquals(service.current().sha256(), details.getString("sha256"));
        assertTrue(details.getInt("providers") > 0);
        assertTrue(details.getJsonNumber("ageSeconds").longValue() >= 0);
        assertNotNull(details.getString("loadedAt"));
        assertEquals("enforce", details.getString("mode"));
    }

    @Test
    void countersAreMetersOfTheAppsRegistry() throws Exception {
        double before = requests();
        HttpResponse<String> sent = client.send(HttpRequest.newBuilder(gateway("/vertex/projects/p/locations/l/"
                + "publishers/anthropic/models/claude-opus-5-5:rawPredict"))
                .header("anthropic-beta", "claude-code-20250219,web-search-2025-03-05")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, sent.statusCode());
        assertEquals("web-search-2025-03-05", UPSTREAMS.get("vertex_ai").take().header("anthropic-beta"));

        assertEquals(before + 1, requests());
        HttpResponse<String> actuator = get("/actuator/metrics/anthropic.beta.headers.requests", null);
        assertEquals(200, actuator.statusCode(), actuator.body());
        assertFalse(registry.find("anthropic.beta.headers.mapping.age.seconds").gauges().isEmpty());
    }

    /** Every request the filter counted, over providers and outcomes, as the app's registry has it. */
    double requests() {
        return registry.find("anthropic.beta.headers.requests").functionCounters().stream()
                .mapToDouble(FunctionCounter::count).sum();
    }
}
