package io.github.betaheaders.example;

import static io.github.betaheaders.example.GatewayJvms.admin;
import static io.github.betaheaders.example.GatewayJvms.await;
import static io.github.betaheaders.example.GatewayJvms.freePort;
import static io.github.betaheaders.example.GatewayJvms.mapping;
import static io.github.betaheaders.example.GatewayJvms.sha256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.betaheaders.testsupport.MappingFixtures;
import io.github.betaheaders.testsupport.MappingServer;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two gateways, each its own JVM started as the README's run command starts it (the launcher's main class, with the
 * WAR just built), on different ports, with {@code ANTHROPIC_BETA_HEADERS_JDBC_URL} pointing at the machine's
 * PostgreSQL: a reload sent to one is what both serve, and each shows the other.
 */
class TwoGatewaysOneDatabaseIT {

    @Test
    void aReloadSentToOneGatewayIsWhatBothServe() throws Exception {
        try (MappingServer config = new MappingServer().start(); GatewayJvms jvms = new GatewayJvms("two_jvms")) {
            config.answer(MappingServer.document(MappingFixtures.A));
            URI first = jvms.start(config.url(), freePort(), Map.of()).uri();
            URI second = jvms.start(config.url(), freePort(), Map.of()).uri();
            assertEquals(sha256(MappingFixtures.A), mapping(second).getString("sha256"));
            config.answer(MappingServer.document(MappingFixtures.B));
            HttpResponse<String> reload = admin(first, "POST", "reload/anthropic_beta_headers");
            assertEquals(200, reload.statusCode(), reload.body());
            await(Duration.ofSeconds(5), "the second gateway on B",
                    () -> sha256(MappingFixtures.B).equals(mapping(second).getString("sha256")));
            await(Duration.ofSeconds(5), "both gateways listed and agreeing", () -> {
                JsonObject status = mapping(second);
                return status.getJsonArray("nodes").size() == 2 && status.getBoolean("nodes_agree");
            });
            String names = mapping(first).getJsonArray("nodes").toString();
            assertTrue(names.contains(":" + first.getPort() + "\"") && names.contains(":" + second.getPort() + "\""),
                    names);
        }
    }
}
