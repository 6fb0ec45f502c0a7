package io.github.betaheaders.example;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.betaheaders.example.launcher.GatewayLauncher;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Gateways each in its own JVM, started as the README's run command starts them (the launcher's main class, with the
 * WAR just built), on the machine's PostgreSQL under a table prefix of their own. Closing stops the gateways still
 * running and drops the tables.
 */
final class GatewayJvms implements AutoCloseable {

    static final String TOKEN = "gateway-jvms-token-0123";
    static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test";
    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final List<String> TABLES = List.of("schedule", "runs", "documents", "fetch_failures", "nodes");

    /** One started gateway: where it answers and its process. */
    record GatewayJvm(URI uri, Process process) {
    }

    final String prefix;
    private final List<Process> gateways = new ArrayList<>();

    /** @param name a piece of the table prefix, telling which test the tables are for */
    GatewayJvms(String name) {
        this.prefix = "bh_" + name + "_" + UUID.randomUUID().toString().substring(0, 8) + "_";
    }

    /**
     * Starts the launcher as {@code mvn -f web-fragment-example exec:java} does, on {@code port}, with the store, the
     * config URL, a check every second, the admin token and {@code settings} (environment names without their
     * {@code ANTHROPIC_BETA_HEADERS_} start), and waits for its last line.
     */
    GatewayJvm start(URI configUrl, int port, Map<String, String> settings) throws Exception {
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
        env.put("ANTHROPIC_BETA_HEADERS_CONFIG_URL", configUrl.toString());
        env.put("ANTHROPIC_BETA_HEADERS_SCHEDULE_CHECK_SECONDS", "1");
        env.put("ANTHROPIC_BETA_HEADERS_ADMIN_TOKEN", TOKEN);
        settings.forEach((name, value) -> env.put("ANTHROPIC_BETA_HEADERS_" + name, value));
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
        return new GatewayJvm(URI.create("http://127.0.0.1:" + port + "/"), gateway);
    }

    /** A connection to the database the gateways share; their tables are {@link #prefix} and a name of {@link #TABLES}. */
    Connection database() throws SQLException {
        Properties user = new Properties();
        user.setProperty("user", "postgres");
        return new org.postgresql.Driver().connect(POSTGRES, user);
    }

    @Override
    public void close() throws Exception {
        for (Process gateway : gateways) {
            gateway.destroy();
            if (!gateway.waitFor(20, TimeUnit.SECONDS)) {
                gateway.destroyForcibly();
            }
        }
        try (Connection connection = database(); Statement statement = connection.createStatement()) {
            for (String table : TABLES) {
                statement.execute("DROP TABLE IF EXISTS " + prefix + table);
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static HttpRequest adminRequest(URI gateway, String method, String path) {
        return HttpRequest.newBuilder(gateway.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + TOKEN).method(method, HttpRequest.BodyPublishers.noBody())
                .build();
    }

    static HttpResponse<String> admin(URI gateway, String method, String path) {
        try {
            return CLIENT.send(adminRequest(gateway, method, path), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
        } catch (NoSuchAlgorithmException e) {
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
