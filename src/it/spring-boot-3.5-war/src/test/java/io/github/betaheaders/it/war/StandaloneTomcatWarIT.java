package io.github.betaheaders.it.war;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.betaheaders.body.ClaudeCodeBodies;
import io.github.betaheaders.testsupport.ClaudeCodeRequests;
import io.github.betaheaders.testsupport.RecordingUpstream;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway's WAR in a standalone Tomcat 10.1 (its distribution, started with {@code catalina.sh run}), where the
 * jar's web-fragment declares the listener, the filter and the admin servlet and Spring Boot's auto-configuration
 * runs too: exactly one filter acts (each request counted once), on the service configured from application.yml.
 */
class StandaloneTomcatWarIT {

    static final String ADMIN_TOKEN = "admin-token-from-application-yml";
    static final Duration START_DEADLINE = Duration.ofSeconds(150);

    static RecordingUpstream upstream;
    static Process tomcat;
    static Path log;
    static URI gateway;
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void deploy() throws Exception {
        upstream = new RecordingUpstream().start();
        Path home = Path.of(System.getProperty("tomcat.home"));
        Path parent = Files.createDirectories(Path.of(System.getProperty("standalone.dir")));
        Path base = Files.createTempDirectory(parent, "catalina-base-");
        Files.createDirectories(base.resolve("conf"));
        try (Stream<Path> files = Files.list(home.resolve("conf"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, base.resolve("conf").resolve(file.getFileName()));
            }
        }
        for (String dir : List.of("webapps", "logs", "temp", "work")) {
            Files.createDirectories(base.resolve(dir));
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path serverXml = base.resolve("conf/server.xml");
        String xml = Files.readString(serverXml, StandardCharsets.UTF_8)
                .replace("<Connector port=\"8080\" protocol=\"HTTP/1.1\"",
                        "<Connector port=\"" + port + "\" address=\"127.0.0.1\" protocol=\"HTTP/1.1\"")
                .replace("<Server port=\"8005\"", "<Server port=\"-1\"");
        Files.writeString(serverXml, xml, StandardCharsets.UTF_8);
        Files.copy(Path.of(System.getProperty("gateway.war")), base.resolve("webapps/ROOT.war"));

        log = base.resolve("logs/console.txt");
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", home.resolve("bin/catalina.sh").toString(), "run")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> environment = builder.environment();
        environment.put("CATALINA_HOME", home.toString());
        environment.put("CATALINA_BASE", base.toString());
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        environment.remove("JAVA_OPTS");
        environment.remove("CATALINA_OPTS");
        for (String route : List.of("ANTHROPIC", "BEDROCK", "VERTEX", "FOUNDRY")) {
            environment.put(route + "_UPSTREAM_URL", upstream.uri().toString());
        }
        tomcat = builder.start();
        gateway = URI.create("http://127.0.0.1:" + port);
        Instant deadline = Instant.now().plus(START_DEADLINE);
        while (!console().contains("Server startup in")) {
            if (!tomcat.isAlive() || Instant.now().isAfter(deadline)) {
                throw new AssertionError("Tomcat did not start within " + START_DEADLINE + ":\n" + console());
            }
            Thread.sleep(200);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (tomcat != null) {
            tomcat.destroy();
            if (!tomcat.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                tomcat.destroyForcibly();
            }
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    static String console() throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void oneFilterActsOnTheServiceOfApplicationYml() throws Exception {
        ClaudeCodeRequests.Captured bedrock = ClaudeCodeRequests.load().stream()
                .filter(r -> r.providerMode().equals("bedrock")).findFirst().orElseThrow();
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.resolve("/bedrock" + bedrock.path()))
                .POST(HttpRequest.BodyPublishers.ofString(ClaudeCodeBodies.bedrockInvoke(
                        ClaudeCodeBodies.FIXTURE_BODY_BETAS)));
        bedrock.headers().forEach(request::header);

        HttpResponse<String> response = send(request);

        assertEquals(200, response.statusCode(), response.body() + "\n" + console());
        RecordingUpstream.Recorded arrived = upstream.take();
        assertEquals(bedrock.pathOnly(), arrived.path());
        assertEquals(ClaudeCodeRequests.headerUnderBundledMapping("bedrock"), arrived.header("anthropic-beta"));
        JsonObject body = json(arrived.bodyText());
        assertEquals(List.of("tool-search-tool-2025-10-19"),
                body.getJsonArray("anthropic_beta").getValuesAs(JsonString::getString));

        // One filter: the request is counted once (two filters on the service would count it twice).
        HttpResponse<String> metrics = send(HttpRequest.newBuilder(gateway.resolve("/metrics/anthropic_beta_headers"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN));
        assertEquals(200, metrics.statusCode(), metrics.body());
        assertEquals(1.0, requestsCounted(metrics.body()), metrics.body());

        String console = console();
        assertTrue(console.contains("this listener starts none"), console);
        assertTrue(console.contains("no second filter is registered"), console);
    }

    @Test
    void healthContributorAnswersInTheWar() throws Exception {
        HttpResponse<String> health = send(HttpRequest.newBuilder(
                gateway.resolve("/actuator/health/anthropicBetaHeaders")));

        assertEquals(200, health.statusCode(), health.body());
        assertEquals("UP", json(health.body()).getString("status"));
    }

    /** The sum of the samples of anthropic_beta_headers_requests_total in a Prometheus text. */
    static double requestsCounted(String prometheusText) {
        return prometheusText.lines().filter(line -> line.startsWith("anthropic_beta_headers_requests_total"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    static JsonObject json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }
}
