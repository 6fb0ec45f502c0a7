package io.github.betaheaders.servlet;

import io.github.betaheaders.core.Sha256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.betaheaders.load.MappingSnapshot;
import io.github.betaheaders.testsupport.AdminApi;
import io.github.betaheaders.testsupport.ExplodedWar;
import io.github.betaheaders.testsupport.CapturedLog;
import io.github.betaheaders.testsupport.JettyGateway;
import io.github.betaheaders.testsupport.TestDirectories;
import io.github.betaheaders.testsupport.WebXml;
import io.github.betaheaders.testsupport.MappingFixtures;
import io.github.betaheaders.testsupport.MappingServer;
import io.github.betaheaders.testsupport.TomcatGateway;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.logging.Level;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The admin API as users meet it: the jar in {@code WEB-INF/lib} of a webapp, the fragment's filter and admin servlet
 * at LiteLLM's URLs in Tomcat, the servlet remapped to {@code /admin/*} by {@code web.xml} in Jetty, every status code
 * over real HTTP, every way the config server can fail.
 */
class AdminApiIT {

    static final String TOKEN = "s3cret-token-0123456789";
    static final String RELOAD = "reload/anthropic_beta_headers";
    static final String SCHEDULE = "schedule/anthropic_beta_headers_reload";
    static final String SCHEDULE_STATUS = "schedule/anthropic_beta_headers_reload/status";
    static final String MAPPING = "anthropic_beta_headers";
    static final List<String> PATHS = List.of(RELOAD, SCHEDULE, SCHEDULE_STATUS, MAPPING);

    static Path dir;
    static MappingServer config;
    static TomcatGateway tomcat;
    static JettyGateway jetty;
    static Server noFilter;
    static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static AdminApi app;
    static AdminApi closed;
    static AdminApi remapped;
    static AdminApi withoutFilter;

    @BeforeAll
    static void start() throws Exception {
        dir = TestDirectories.newDirectory("admin-api");
        config = new MappingServer().start();
        config.answer(MappingServer.document(MappingFixtures.A));

        tomcat = new TomcatGateway();
        // A fixed pool of request threads, so that the JVM's thread count is stable for leak checks.
        tomcat.maxThreads(8).start();
        deployed(tomcat.deployWhileRunning("/app", ExplodedWar.create("admin-app", appWebXml(), true)));
        deployed(tomcat.deployWhileRunning("/closed", ExplodedWar.create("admin-closed",
                new WebXml().overrideFilterParam("localOnly", "true"), true)));
        app = new AdminApi(client, tomcat.uri().resolve("/app/"), TOKEN);
        closed = new AdminApi(client, tomcat.uri().resolve("/closed/"), TOKEN);

        jetty = new JettyGateway().deploy("/remapped", ExplodedWar.create("admin-remapped",
                appWebXml().mapAdmin("/admin/*"), true)).start();
        assertTrue(jetty.isStarted("/remapped"), jetty.reportedFailure("/remapped"));
        remapped = new AdminApi(client, jetty.uri().resolve("/remapped/admin/"), TOKEN);

        noFilter = new Server();
        ServerConnector connector = new ServerConnector(noFilter);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        noFilter.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/nofilter");
        ServletHolder holder = new ServletHolder(AnthropicBetaHeadersAdminServlet.class);
        holder.setInitParameter("adminToken", TOKEN);
        context.addServlet(holder, "/*");
        noFilter.setHandler(context);
        noFilter.start();
        withoutFilter = new AdminApi(client, URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/nofilter/"),
                TOKEN);
    }

    /** The fragment's filter fetching from the test's config server, and the admin servlet with a token. */
    private static WebXml appWebXml() {
        return new WebXml().overrideFilterParam("configUrl", config.url().toString())
                .overrideFilterParam("fetchTimeoutSeconds", String.valueOf(MappingFixtures.DEADLINE.toSeconds()))
                .overrideFilterParam("maxConfigBytes", String.valueOf(MappingFixtures.MAX_BYTES))
                .overrideAdminParam("adminToken", TOKEN)
                // The 401 tests send dozens of wrong tokens from 127.0.0.1; the block is tested in AdminAccessIT.
                .overrideAdminParam("adminMaxFailures", "1000000");
    }

    private static void deployed(Context context) {
        assertEquals(LifecycleState.STARTED, context.getState(), "deployment of " + context.getPath() + " failed");
    }

    @AfterAll
    static void stop() throws Exception {
        if (jetty != null) {
            jetty.close();
        }
        if (noFilter != null) {
            noFilter.stop();
        }
        if (tomcat != null) {
            tomcat.close();
        }
        config.close();
    }

    @BeforeEach
    void goodConfigAndNoSchedule() {
        config.answer(MappingServer.document(MappingFixtures.A));
        app.call("DELETE", SCHEDULE);
    }

    private static void assertJson(AdminApi.Answer answer, int status) {
        assertEquals(status, answer.status(), answer.toString());
        assertEquals("application/json", answer.header("Content-Type"), answer.toString());
        answer.json();
    }

    private static void assertError(AdminApi.Answer answer, int status, String messagePart) {
        assertJson(answer, status);
        JsonObject json = answer.json();
        assertEquals("error", json.getString("status"), answer.toString());
        assertTrue(json.getString("message").contains(messagePart), answer.toString());
        OffsetDateTime.parse(json.getString("timestamp"));
    }

    private static String sha256(String document) {
        return Sha256.hex(document.getBytes(StandardCharsets.UTF_8));
    }

    // --- 403, 401 ---

    @Test
    void withoutAConfiguredTokenEveryRequestIsRefusedWith403() {
        for (String path : PATHS) {
            for (String method : List.of("GET", "POST", "DELETE")) {
                assertError(closed.call(method, path), 403, "no adminToken is configured");
                assertError(closed.call(method, path, null), 403, "ANTHROPIC_BETA_HEADERS_ADMIN_TOKEN");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Bearer", "Bearer ", "Bearer wrong", "Bearer s3cret-token-0123456789-and-more",
            "Bearer s3cret-token-012345678", "Basic czNjcmV0LXRva2VuLTAxMjM0NTY3ODk=", "s3cret-token-0123456789",
            "Bearers3cret-token-0123456789"})
    void aMissingOrWrongTokenIs401WithABearerChallenge(String authorization) {
        for (String path : PATHS) {
            AdminApi.Answer answer = app.call("GET", path, authorization.isEmpty() ? null : authorization);
            assertError(answer, 401, "Authorization: Bearer");
            assertEquals("Bearer", answer.header("WWW-Authenticate"));
        }
    }

    @Test
    void theSchemeIsMatchedInAnyCase() {
        assertJson(app.call("GET", SCHEDULE_STATUS, "bearer " + TOKEN), 200);
        assertJson(app.call("GET", SCHEDULE_STATUS, "BEARER  " + TOKEN + " "), 200);
    }

    // --- 405, 404 ---

    @Test
    void aWrongMethodIs405WithAllow() {
        assertMethodNotAllowed(app, RELOAD, "GET", "POST");
        assertMethodNotAllowed(app, RELOAD, "PUT", "POST");
        assertMethodNotAllowed(app, SCHEDULE, "GET", "POST, DELETE");
        assertMethodNotAllowed(app, SCHEDULE_STATUS, "POST", "GET");
        assertMethodNotAllowed(app, MAPPING, "DELETE", "GET");
        assertMethodNotAllowed(remapped, SCHEDULE, "PATCH", "POST, DELETE");
    }

    private static void assertMethodNotAllowed(AdminApi api, String path, String method, String allow) {
        AdminApi.Answer answer = api.call(method, path);
        assertError(answer, 405, "method " + method + " is not allowed");
        assertEquals(allow, answer.header("Allow"));
    }

    @Test
    void remappedToAPrefixItRoutesOnThePathAfterIt() {
        assertJson(remapped.call("POST", RELOAD), 200);
        assertJson(remapped.call("GET", SCHEDULE_STATUS), 200);
        assertJson(remapped.call("GET", MAPPING), 200);
        assertError(remapped.call("GET", "nothing/here"), 404, "no admin resource at [/nothing/here]");
        assertError(remapped.call("GET", MAPPING + "/more"), 404, "no admin resource");
        assertError(remapped.withToken("wrong").call("GET", MAPPING), 401, "Bearer");
        // web.xml's pattern replaced the fragment's: LiteLLM's URL is no longer the admin servlet's there.
        AdminApi root = new AdminApi(client, jetty.uri().resolve("/remapped/"), TOKEN);
        AdminApi.Answer litellmUrl = root.call("GET", MAPPING);
        assertEquals(404, litellmUrl.status(), litellmUrl.toString());
        assertNotEquals("application/json", litellmUrl.header("Content-Type"));
        AdminApi.Answer litellmReload = root.call("POST", RELOAD);
        assertNotEquals(200, litellmReload.status(), litellmReload.toString());
        assertNotEquals("application/json", litellmReload.header("Content-Type"));
    }

    @Test
    void withoutTheListenerInTheWebappItAnswers503() {
        assertError(withoutFilter.call("POST", RELOAD), 503, "the listener AnthropicBetaHeadersListener is not running");
        assertError(withoutFilter.call("GET", "unknown"), 404, "no admin resource");
    }

    // --- 400 and the schedule ---

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "-1", "8760.5", "8761", "1e9", "NaN", "Infinity", "abc", "2d", "0x10", "24h",
            "1e-300", "1e2", "+1", "\u0661", "\uff12\uff14", "0.5\u00a0"})
    void aBadIntervalIs400SayingWhatIsAllowed(String hours) {
        String path = hours.isEmpty() ? SCHEDULE : SCHEDULE + "?hours=" + URLEncoder.encode(hours, StandardCharsets.UTF_8);
        assertError(app.call("POST", path), 400, "above 0 and at most 8760");
        assertFalse(app.call("GET", SCHEDULE_STATUS).json().getBoolean("scheduled"));
    }

    @Test
    void anIntervalShorterThanTheCheckIntervalIs400NamingTheMinimum() {
        AdminApi.Answer answer = app.call("POST", SCHEDULE + "?hours=0.002");
        assertError(answer, 400, "shorter than the schedule's check interval (scheduleCheckSeconds): the minimum is "
                + "10 seconds (0.002778 hours)");
        assertFalse(app.call("GET", SCHEDULE_STATUS).json().getBoolean("scheduled"));
        assertJson(app.call("POST", SCHEDULE + "?hours=0.002778"), 200);
        assertJson(app.call("DELETE", SCHEDULE), 200);
    }

    /**
     * The interval is read from the query alone: a form body is never read, so a client announcing a large one and
     * sending it slowly holds no thread (getParameter would wait for the whole body).
     */
    @Test
    void aScheduleRequestIsAnsweredWithoutReadingItsBody() throws Exception {
        String head = "POST /app/" + SCHEDULE + "?hours=24 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Authorization: Bearer " + TOKEN + "\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: 1000000\r\nConnection: close\r\n\r\nhours=1&x=";
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", tomcat.uri().getPort())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(
                    socket.getInputStream(), StandardCharsets.ISO_8859_1));
            assertEquals("HTTP/1.1 200 ", in.readLine().substring(0, 13));
        }
        JsonObject status = app.call("GET", SCHEDULE_STATUS).json();
        assertEquals(24, status.getInt("interval_hours"), status.toString());
    }

    @Test
    void echoedInputIsCutAndEscaped() {
        AdminApi.Answer answer = remapped.call("GET", "x".repeat(300));
        assertError(answer, 404, "no admin resource at [/" + "x".repeat(79) + "... (301 chars)]");
        AdminApi.Answer hours = app.call("POST", SCHEDULE + "?hours=" + "9".repeat(200) + "%0d%0aforged");
        assertError(hours, 400, "... (208 chars)] is not a plain decimal number");
        assertFalse(hours.json().getString("message").contains("\n"), hours.body());
    }

    @Test
    void scheduleShowAndCancel() {
        AdminApi.Answer none = app.call("GET", SCHEDULE_STATUS);
        assertJson(none, 200);
        assertEquals("{\"scheduled\":false,\"interval_hours\":null,\"last_run\":null,\"next_run\":null}", none.body());
        assertError(app.call("DELETE", SCHEDULE), 404, "no reload is scheduled");

        // The API shows times to the millisecond; the clock here has finer steps.
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        AdminApi.Answer set = app.call("POST", SCHEDULE + "?hours=24");
        assertJson(set, 200);
        assertEquals("success", set.json().getString("status"));
        assertTrue(set.body().contains("\"interval_hours\":24,"), set.body());
        assertTrue(set.json().getString("message").contains("every 24 hours"), set.body());
        OffsetDateTime.parse(set.json().getString("timestamp"));

        JsonObject status = app.call("GET", SCHEDULE_STATUS).json();
        assertTrue(status.getBoolean("scheduled"));
        assertEquals(24, status.getInt("interval_hours"));
        assertEquals(JsonValue.NULL, status.get("last_run"));
        OffsetDateTime next = OffsetDateTime.parse(status.getString("next_run"));
        assertEquals(0, next.getOffset().getTotalSeconds());
        assertTrue(status.getString("next_run").endsWith("+00:00"), status.toString());
        Duration ahead = Duration.between(before, next.toInstant());
        assertTrue(ahead.compareTo(Duration.ofHours(24)) >= 0 && ahead.compareTo(Duration.ofHours(24).plusMinutes(1)) < 0,
                "next run " + next);

        AdminApi.Answer half = app.call("POST", SCHEDULE + "?hours=0.5");
        assertTrue(half.body().contains("\"interval_hours\":0.5,"), half.body());
        assertEquals("0.5", app.call("GET", SCHEDULE_STATUS).json().get("interval_hours").toString());

        AdminApi.Answer cancelled = app.call("DELETE", SCHEDULE);
        assertJson(cancelled, 200);
        assertEquals("success", cancelled.json().getString("status"));
        assertEquals(none.body(), app.call("GET", SCHEDULE_STATUS).body());
        assertError(app.call("DELETE", SCHEDULE), 404, "no reload is scheduled");
    }

    @Test
    void aManualReloadDoesNotCancelTheSchedule() {
        assertJson(app.call("POST", SCHEDULE + "?hours=6"), 200);
        String scheduled = app.call("GET", SCHEDULE_STATUS).body();
        assertJson(app.call("POST", RELOAD), 200);
        assertEquals(scheduled, app.call("GET", SCHEDULE_STATUS).body());
    }

    // --- reload and the status resource ---

    @Test
    void reloadSwapsAndTheStatusResourceShowsWhatIsActive() {
        config.answer(MappingServer.document(MappingFixtures.B));
        AdminApi.Answer reloaded = app.call("POST", RELOAD);
        assertJson(reloaded, 200);
        assertEquals("success", reloaded.json().getString("status"));
        assertEquals(3, reloaded.json().getInt("providers_count"));
        assertTrue(reloaded.json().getString("message").contains(config.url().toString()), reloaded.body());

        JsonObject status = app.call("GET", MAPPING).json();
        assertEquals(config.url().toString(), status.getString("source"));
        assertEquals(sha256(MappingFixtures.B), status.getString("sha256"));
        assertEquals(3, status.getInt("providers_count"));
        assertEquals("x-b", status.getJsonObject("mapping").getJsonObject("bedrock").getString("x-beta"));
        assertEquals("success", status.getJsonObject("last_attempt").getString("status"));
        assertEquals(JsonValue.NULL, status.getJsonObject("last_attempt").get("error"));
        OffsetDateTime.parse(status.getString("loaded_at"));

        config.answer(MappingServer.document(MappingFixtures.A));
        assertEquals(2, app.call("POST", RELOAD).json().getInt("providers_count"));
        JsonObject a = app.call("GET", MAPPING).json();
        assertEquals(sha256(MappingFixtures.A), a.getString("sha256"));
        assertEquals(JsonValue.NULL, a.getJsonObject("mapping").getJsonObject("bedrock").get("z-beta"));
    }

    @Test
    void a304KeepsTheMappingAndIsASuccess() {
        assertJson(app.call("POST", RELOAD), 200);
        JsonObject before = app.call("GET", MAPPING).json();
        config.clearRequests();
        assertJson(app.call("POST", RELOAD), 200);
        MappingServer.Request conditional = config.requests().get(0);
        assertTrue(conditional.ifNoneMatch() != null, conditional.toString());
        assertEquals(MappingServer.LAST_MODIFIED, conditional.ifModifiedSince());
        JsonObject after = app.call("GET", MAPPING).json();
        assertEquals(before.getString("loaded_at"), after.getString("loaded_at"));
        assertEquals(before.getString("sha256"), after.getString("sha256"));
        assertEquals("success", after.getJsonObject("last_attempt").getString("status"));
    }

    static List<MappingFixtures.Failure> failures() {
        return MappingFixtures.failures();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void aFailedReloadIs502AndTheLastGoodMappingStays(MappingFixtures.Failure failure) {
        assertJson(app.call("POST", RELOAD), 200);
        config.answer(failure.answer());
        AdminApi.Answer failed = app.call("POST", RELOAD);
        assertError(failed, 502, failure.reason());
        assertTrue(failed.json().getString("message").startsWith(config.url().toString()), failed.body());

        JsonObject status = app.call("GET", MAPPING).json();
        assertEquals(sha256(MappingFixtures.A), status.getString("sha256"));
        assertEquals("x-a", status.getJsonObject("mapping").getJsonObject("bedrock").getString("x-beta"));
        JsonObject attempt = status.getJsonObject("last_attempt");
        assertEquals("error", attempt.getString("status"));
        assertEquals(failed.json().getString("message"), attempt.getString("error"));
        assertTrue(!Instant.parse(attempt.getString("at").replace("+00:00", "Z"))
                .isBefore(Instant.parse(status.getString("loaded_at").replace("+00:00", "Z"))));
    }

    // --- secrets and credentials of the config server ---

    @Test
    void userInfoIsSentAsBasicAndNoSecretOfTheConfigUrlIsShownOrLogged() throws Exception {
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString(
                "cfg-user:pw-SECRET-1".getBytes(StandardCharsets.UTF_8));
        config.answer(MappingServer.requiring(basic, MappingServer.document(MappingFixtures.B)));
        String url = "http://cfg-user:pw-SECRET-1@127.0.0.1:" + config.url().getPort() + MappingServer.PATH
                + "?access_token=tok-SECRET-2";
        String shown = config.url() + "?access_token=***";
        assertNoSecretShown(new WebXml().overrideFilterParam("configUrl", url), shown, basic);
    }

    @Test
    void configAuthorizationIsSentAndNeverShownOrLogged() throws Exception {
        config.answer(MappingServer.requiring("Bearer cfg-SECRET-3", MappingServer.document(MappingFixtures.B)));
        assertNoSecretShown(new WebXml().overrideFilterParam("configUrl", config.url().toString())
                .overrideFilterParam("configAuthorization", "Bearer cfg-SECRET-3"), config.url().toString(),
                "Bearer cfg-SECRET-3");
    }

    private static void assertNoSecretShown(WebXml webXml, String shown, String authorization) throws Exception {
        config.clearRequests();
        ExplodedWar war = ExplodedWar.create("admin-secret", webXml
                .overrideFilterParam("fetchTimeoutSeconds", String.valueOf(MappingFixtures.DEADLINE.toSeconds()))
                .overrideAdminParam("adminToken", TOKEN), true);
        List<String> shownTexts = new java.util.ArrayList<>();
        String logged;
        Context context = null;
        try (CapturedLog log = CapturedLog.of("io.github.betaheaders", Level.ALL)) {
            context = tomcat.deployWhileRunning("/secret", war);
            deployed(context);
            AdminApi api = new AdminApi(client, tomcat.uri().resolve("/secret/"), TOKEN);
            JsonObject status = api.call("GET", MAPPING).json();
            assertEquals(shown, status.getString("source"), status.toString());
            assertEquals(sha256(MappingFixtures.B), status.getString("sha256"));
            AdminApi.Answer reloaded = api.call("POST", RELOAD);
            assertJson(reloaded, 200);
            shownTexts.add(reloaded.body());
            config.answer(MappingServer.status(500));
            AdminApi.Answer failed = api.call("POST", RELOAD);
            assertError(failed, 502, shown + ": answered HTTP 500");
            shownTexts.add(failed.body());
            shownTexts.add(api.call("GET", MAPPING).body());
            logged = log.text();
        } finally {
            if (context != null) {
                tomcat.undeploy(context);
            }
        }
        assertTrue(logged.contains("rewriting anthropic-beta with the mapping from " + shown), logged);
        for (String text : shownTexts) {
            assertTrue(text.contains(shown), text);
            assertFalse(text.contains("SECRET"), text);
        }
        assertFalse(logged.contains("SECRET"), logged);
        assertFalse(config.requests().isEmpty());
        for (MappingServer.Request request : config.requests()) {
            assertEquals(authorization, request.authorization(), request.toString());
            assertEquals(MappingServer.PATH, request.path());
        }
    }

    // --- deployment ---

    @Test
    void aBadConfigFileFailsTheDeployment() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad-config.json"), "{\"bedrock\":{\"x\":1}}");
        ExplodedWar war = ExplodedWar.create("admin-bad-config", new WebXml().overrideFilterParam("localOnly", "true")
                .overrideFilterParam("configFile", bad.toString()), true);
        assertDeploymentFails(war, "filter [AnthropicBetaHeadersFilter]: invalid value [" + bad + "] for setting "
                + "[configFile]: file [" + bad + "]: provider [bedrock], beta [x]: the value must be a string or null");
    }

    @Test
    void anUnknownAdminInitParamFailsTheDeployment() throws Exception {
        ExplodedWar war = ExplodedWar.create("admin-bad-param", new WebXml().overrideFilterParam("localOnly", "true")
                .overrideAdminParam("adminTokn", TOKEN), true);
        assertDeploymentFails(war, "servlet [AnthropicBetaHeadersAdmin]: unknown init-param [adminTokn]");
    }

    @Test
    void anAdminTokenShorterThan16CharactersFailsTheDeploymentWithoutShowingIt() throws Exception {
        ExplodedWar war = ExplodedWar.create("admin-short-token", new WebXml().overrideFilterParam("localOnly", "true")
                .overrideAdminParam("adminToken", "short-SECRET-15"), true);
        String logged = assertDeploymentFails(war, "servlet [AnthropicBetaHeadersAdmin]: invalid value (a secret, not "
                + "shown) for setting [adminToken] from init-param [adminToken]: the token is shorter than 16 "
                + "characters");
        assertFalse(logged.contains("SECRET"), logged);
    }

    @Test
    void temporaryFilesACrashLeftBesideTheCacheFileAreRemovedAtStart() throws Exception {
        Path cacheDir = Files.createDirectories(dir.resolve("crashed-cache"));
        Path cache = Files.writeString(cacheDir.resolve("mapping.json"), MappingFixtures.A);
        Path leftover = Files.writeString(cacheDir.resolve("mapping.json.1234567890.tmp"), "{\"bedro");
        Path unrelated = Files.writeString(cacheDir.resolve("notes.1.tmp"), "mine");
        ExplodedWar war = ExplodedWar.create("admin-crashed-cache", new WebXml()
                .overrideFilterParam("configUrl", "http://127.0.0.1:9/down.json")
                .overrideFilterParam("cacheFile", cache.toString()).overrideAdminParam("adminToken", TOKEN), true);
        Context context;
        boolean logged;
        try (CapturedLog log = CapturedLog.of("io.github.betaheaders")) {
            context = tomcat.deployWhileRunning("/crashed", war);
            logged = log.has(Level.INFO, "removed " + leftover, "left by an interrupted write");
        }
        try {
            deployed(context);
            assertTrue(logged, "the removal was not logged");
            assertFalse(Files.exists(leftover), "the leftover is still there");
            assertTrue(Files.exists(unrelated));
            JsonObject status = new AdminApi(client, tomcat.uri().resolve("/crashed/"), TOKEN).call("GET", MAPPING)
                    .json();
            assertEquals(cache.toString(), status.getString("source"));
        } finally {
            tomcat.undeploy(context);
        }
    }

    @Test
    void anUnreachableConfigUrlDoesNotFailTheDeployment() throws Exception {
        ExplodedWar war = ExplodedWar.create("admin-unreachable", new WebXml()
                .overrideFilterParam("configUrl", "http://127.0.0.1:9/down.json").overrideAdminParam("adminToken", TOKEN),
                true);
        Context context = tomcat.deployWhileRunning("/unreachable", war);
        try {
            deployed(context);
            JsonObject status = new AdminApi(client, tomcat.uri().resolve("/unreachable/"), TOKEN).call("GET", MAPPING)
                    .json();
            assertEquals("bundled", status.getString("source"));
            assertTrue(status.getJsonObject("last_attempt").getString("error").contains("cannot connect"),
                    status.toString());
        } finally {
            tomcat.undeploy(context);
        }
    }

    /** @return everything logged while deploying */
    private static String assertDeploymentFails(ExplodedWar war, String message) {
        Context context;
        boolean logged;
        String text;
        try (CapturedLog log = CapturedLog.of("io.github.betaheaders")) {
            context = tomcat.deployWhileRunning("/failing", war);
            logged = log.has(Level.SEVERE, message);
            text = log.text();
        }
        try {
            assertNotEquals(LifecycleState.STARTED, context.getState());
            assertTrue(logged, "expected the error [" + message + "] to be logged");
            assertNull(context.getServletContext().getAttribute(AnthropicBetaHeadersListener.SERVICE_ATTRIBUTE));
        } finally {
            tomcat.undeploy(context);
        }
        return text;
    }
}
