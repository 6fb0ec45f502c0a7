package io.github.betaheaders.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.betaheaders.example.launcher.GatewayLauncher;
import io.github.betaheaders.testsupport.MappingFixtures;
import io.github.betaheaders.testsupport.MappingServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two gateways, each its own JVM started as the README's run command starts it (the launcher's main class, with the
 * WAR just built), on different ports, with {@code ANTHROPIC_BETA_HEADERS_JDBC_URL} pointing at the machine's
 * PostgreSQL: a reload sent to one is what both serve, and each shows the other.
 */
class TwoGatewaysOneDatabaseIT {

    static final String TOKEN = "two-gateways-token-0123";
    static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test";
    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    final String prefix = "bh_two_jvms_" + UUID.randomUUID().toString().substring(0, 8) + "_";
    final List<Process> gateways = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (Process gateway : gateways) {
            gateway.destroy();
            if (!gateway.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                gateway.destroyForcibly();
            }
        }
        Properties user = new Properties();
        user.setProperty("user", "postgres");
        try (Connection connection = new org.postgresql.Driver().connect(POSTGRES, user);
             Statement statement = connection.createStatement()) {
            for (String table : List.of("schedule", "runs", "documents", "fetch_failures", "nodes")) {
                statement.execute("DROP TABLE IF EXISTS " + prefix + table);
            }
        }
    }

    @Test
    void aReloadSentToOneGatewayIsWhatBothServe() throws Exception {
        try (MappingServer config = new MappingServer().start()) {
            config.answer(MappingServer.document(MappingFixtures.A));
            URI first = start(config, freePort());
            URI second = start(config, freePort());
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

    /** Starts the launcher as {@code mvn -f web-fragment-example exec:java} does, and waits for its last line. */
    URI start(MappingServer config, int port) throws Exception {
        Path war = Path.of(System.getProperty("gateway.war"));
        Path log = Files.createTempFile("gateway-" + port + "-", ".log");
        ProcessBuilder command = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), GatewayLauncher.class.getName(), war.toString());
        Map<String, String> env = command.environment();
        env.keySet().removeIf(name -> name.startsWith("ANTHROPIC_BETA_HEADERS_"));
        env.put("PORT", String.valueOf(port));
        env.put("ANTHROPIC_BETA_HEADERS_JDBC_URL", POSTGRES);
        env.put("ANTHROPIC_BETA_HEADERS_JDBC_USER", "postgres");
        env.put("ANTHROPIC_BETA_HEADERS_TABLE_PREFIX", prefix);
        env.put("ANTHROPIC_BETA_HEADERS_CONFIG_URL", config.url().toString());
        env.put("ANTHROPIC_BETA_HEADERS_SCHEDULE_CHECK_SECONDS", "1");
        env.put("ANTHROPIC_BETA_HEADERS_ADMIN_TOKEN", TOKEN);
        command.redirectErrorStream(true).redirectOutput(log.toFile());
        Process gateway = command.start();
        gateways.add(gateway);
        await(Duration.ofSeconds(60), "the gateway on port " + port + " started (log " + log + ")", () -> {
            try {
                assertTrue(gateway.isAlive(), "the gateway exited: " + Files.readString(log));
                return Files.readString(log).contains("listening on http://127.0.0.1:" + port);
            } catch (IOException e) {
                return false;
            }
        });
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static HttpResponse<String> admin(URI gateway, String method, String path) {
        try {
            return CLIENT.send(HttpRequest.newBuilder(gateway.resolve(path)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + TOKEN).method(method, HttpRequest.BodyPublishers.noBody())
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonObject mapping(URI gateway) {
        HttpResponse<String> response = admin(gateway, "GET", "anthropic_beta_headers");
        try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
            return reader.readObject();
        }
    }

    static String sha256(String document) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(document.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void await(Duration within, String what, BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() - until < 0, "not within " + within + ": " + what);
            Thread.sleep(50);
        }
    }
}
