package io.github.betaheaders.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.betaheaders.testsupport.AdminApi;
import io.github.betaheaders.testsupport.CapturedLog;
import io.github.betaheaders.testsupport.ExplodedWar;
import io.github.betaheaders.testsupport.HeaderPrincipalFilter;
import io.github.betaheaders.testsupport.JettyGateway;
import io.github.betaheaders.testsupport.MappingFixtures;
import io.github.betaheaders.testsupport.MappingServer;
import io.github.betaheaders.testsupport.RawHttp;
import io.github.betaheaders.testsupport.TestUsersRealm;
import io.github.betaheaders.testsupport.TomcatGateway;
import io.github.betaheaders.testsupport.WebXml;
import jakarta.json.JsonObject;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.UserStore;
import org.eclipse.jetty.util.security.Credential;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Admin access as the container does it, in Tomcat (a realm on the context) and Jetty (a {@link HashLoginService}):
 * web.xml puts {@code /admin/*} behind a security constraint with BASIC login, leaves {@code /open/*} to the token,
 * and puts an SSO-like filter ({@link HeaderPrincipalFilter}) on {@code /sso/*}; the admin servlet is mapped to all
 * three with {@code adminRoles = admin, ops}. Also the audit lines and the block of an address after failed logins.
 */
class AdminAccessIT {

    static final String TOKEN = "s3cret-token-0123456789";
    static final String RELOAD = "reload/anthropic_beta_headers";
    static final String SCHEDULE = "schedule/anthropic_beta_headers_reload";
    static final String REALM = "gateway-admin";
    static final String AUDIT_LOGGER = "io.github.betaheaders.servlet.AdminAudit";
    /** Failures that block an address in the flood webapps. */
    static final int FLOOD_MAX_FAILURES = 5;

    static MappingServer config;
    static TomcatGateway tomcat;
    static JettyGateway jetty;
    static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final List<Context> contexts = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        config = new MappingServer().start();
        config.answer(MappingServer.document(MappingFixtures.A));
        tomcat = new TomcatGateway();
        // A fixed pool of request threads, so that the JVM's thread count is stable for leak checks.
        tomcat.maxThreads(8).start();
        for (String name : List.of("app", "flood")) {
            Context context = tomcat.deployWhileRunning("/" + name, ExplodedWar.create("access-tomcat-" + name, webXml(name), true),
                    new TestUsersRealm().user("alice", "alice-pw", "admin").user("olga", "olga-pw", "ops")
                            .user("bob", "bob-pw", "viewer"));
            contexts.add(context);
            assertEquals(LifecycleState.STARTED, context.getState(), "deployment of /" + name + " failed");
        }
        UserStore users = new UserStore();
        users.addUser("alice", Credential.getCredential("alice-pw"), new String[] {"admin"});
        users.addUser("olga", Credential.getCredential("olga-pw"), new String[] {"ops"});
        users.addUser("bob", Credential.getCredential("bob-pw"), new String[] {"viewer"});
        HashLoginService login = new HashLoginService(REALM);
        login.setUserStore(users);
        jetty = new JettyGateway().loginService(login)
                .deploy("/app", ExplodedWar.create("access-jetty-app", webXml("app"), true))
                .deploy("/flood", ExplodedWar.create("access-jetty-flood", webXml("flood"), true)).start();
        assertTrue(jetty.isStarted("/app"), jetty.reportedFailure("/app"));
        assertTrue(jetty.isStarted("/flood"), jetty.reportedFailure("/flood"));
    }

    private static WebXml webXml(String name) {
        WebXml xml = new WebXml().overrideFilterParam("configUrl", config.url().toString())
                .overrideFilterParam("fetchTimeoutSeconds", String.valueOf(MappingFixtures.DEADLINE.toSeconds()))
                .overrideFilterParam("maxConfigBytes", String.valueOf(MappingFixtures.MAX_BYTES))
                .overrideAdminParam("adminToken", TOKEN).overrideAdminParam("adminRoles", " admin, ops ")
                .overrideAdminParam("adminMaxFailures", name.equals("flood") ? String.valueOf(FLOOD_MAX_FAILURES)
                        : "1000000")
                .mapAdmin("/admin/*").mapAdmin("/open/*").mapAdmin("/sso/*");
        return xml.extra("""
                  <filter>
                    <filter-name>sso</filter-name>
                    <filter-class>%s</filter-class>
                  </filter>
                  <filter-mapping>
                    <filter-name>sso</filter-name>
                    <url-pattern>/sso/*</url-pattern>
                  </filter-mapping>
                  <security-constraint>
                    <web-resource-collection>
                      <web-resource-name>admin API</web-resource-name>
                      <url-pattern>/admin/*</url-pattern>
                    </web-resource-collection>
                    <auth-constraint>
                      <role-name>admin</role-name>
                      <role-name>ops</role-name>
                      <role-name>viewer</role-name>
                    </auth-constraint>
                  </security-constraint>
                  <login-config>
                    <auth-method>BASIC</auth-method>
                    <realm-name>%s</realm-name>
                  </login-config>
                  <security-role><role-name>admin</role-name></security-role>
                  <security-role><role-name>ops</role-name></security-role>
                  <security-role><role-name>viewer</role-name></security-role>
                """.formatted(HeaderPrincipalFilter.class.getName(), REALM));
    }

    @AfterAll
    static void stop() throws Exception {
        if (jetty != null) {
            jetty.close();
        }
        if (tomcat != null) {
            tomcat.close();
        }
        if (config != null) {
            config.close();
        }
    }

    static Stream<String> containers() {
        return Stream.of("tomcat", "jetty");
    }

    private static URI root(String container, String webapp) {
        return (container.equals("tomcat") ? tomcat.uri() : jetty.uri()).resolve("/" + webapp + "/");
    }

    private static AdminApi api(String container, String webapp, String prefix) {
        return new AdminApi(client, root(container, webapp).resolve(prefix + "/"), null);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static void assertStatus(int status, AdminApi.Answer answer) {
        assertEquals(status, answer.status(), answer.toString());
    }

    /** {@code POST reload} as {@code user} in {@code roles} by the SSO-like filter, with {@code authorization}. */
    private static AdminApi.Answer ssoCall(URI sso, String user, String roles, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(sso.resolve(RELOAD)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.noBody()).header(HeaderPrincipalFilter.USER, user)
                .header(HeaderPrincipalFilter.ROLES, roles);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new AdminApi.Answer(response.statusCode(), response.headers(), response.body());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String errorMessage(AdminApi.Answer answer) {
        JsonObject json = answer.json();
        assertEquals("error", json.getString("status"), answer.toString());
        return json.getString("message");
    }

    // --- roles ---

    @ParameterizedTest
    @MethodSource("containers")
    void aUserInAnAdminRoleNeedsNoTokenAndEachActionIsAudited(String container) {
        AdminApi admin = api(container, "app", "admin");
        try (CapturedLog log = CapturedLog.of(AUDIT_LOGGER)) {
            assertStatus(200, admin.call("POST", RELOAD, basic("alice", "alice-pw")));
            assertStatus(200, admin.call("POST", SCHEDULE + "?hours=24", basic("olga", "olga-pw")));
            assertStatus(200, admin.call("DELETE", SCHEDULE, basic("alice", "alice-pw")));
            assertStatus(404, admin.call("DELETE", SCHEDULE, basic("alice", "alice-pw")));
            assertStatus(400, admin.call("POST", SCHEDULE + "?hours=0", basic("alice", "alice-pw")));
            assertStatus(200, admin.call("GET", SCHEDULE + "/status", basic("alice", "alice-pw")));
            assertTrue(log.has(Level.INFO, "admin [alice] from [127.0.0.1]: reload: HTTP 200, reloaded the "
                    + "anthropic-beta mapping from " + config.url()), log.text());
            assertTrue(log.has(Level.INFO, "admin [olga] from [127.0.0.1]: set the reload schedule: HTTP 200, the "
                    + "anthropic-beta mapping will be reloaded every 24 hours"), log.text());
            assertTrue(log.has(Level.INFO, "admin [alice] from [127.0.0.1]: cancel the reload schedule: HTTP 200"),
                    log.text());
            assertTrue(log.has(Level.INFO, "admin [alice] from [127.0.0.1]: cancel the reload schedule: HTTP 404, no "
                    + "reload is scheduled"), log.text());
            assertTrue(log.has(Level.INFO, "admin [alice] from [127.0.0.1]: set the reload schedule: HTTP 400, "
                    + "refused: "), log.text());
            assertEquals(5, log.entries().stream().filter(e -> e.level() == Level.INFO).count(),
                    "reading the status is not audited: " + log.text());
        }
    }

    @ParameterizedTest
    @MethodSource("containers")
    void aUserInNoneOfTheRolesGets403NamingThem(String container) {
        AdminApi admin = api(container, "app", "admin");
        try (CapturedLog log = CapturedLog.of(AUDIT_LOGGER)) {
            AdminApi.Answer answer = admin.call("POST", RELOAD, basic("bob", "bob-pw"));
            assertStatus(403, answer);
            assertEquals("application/json", answer.header("Content-Type"));
            assertTrue(errorMessage(answer).contains("user [bob] is in none of the roles [admin, ops] (adminRoles)"),
                    answer.toString());
            assertTrue(log.text().isEmpty() || log.has(Level.WARNING, "refused admin request POST [/" + RELOAD + "]"),
                    log.text());
        }
    }

    @ParameterizedTest
    @MethodSource("containers")
    void theContainersOwnConstraintChallengesFirstWhereItIsOnTheUrl(String container) {
        AdminApi.Answer answer = api(container, "app", "admin").call("POST", RELOAD, null);
        assertStatus(401, answer);
        assertTrue(answer.header("WWW-Authenticate").startsWith("Basic"), answer.headers().toString());
        assertStatus(401, api(container, "app", "admin").call("POST", RELOAD, basic("alice", "wrong")));
    }

    @ParameterizedTest
    @MethodSource("containers")
    void withoutALoginOrTokenItIs401WithABearerChallenge(String container) {
        for (String prefix : List.of("open", "sso")) {
            AdminApi.Answer answer = api(container, "app", prefix).call("POST", RELOAD, null);
            assertStatus(401, answer);
            assertEquals("Bearer", answer.header("WWW-Authenticate"));
            assertTrue(errorMessage(answer).contains("or log in as a user in one of the roles [admin, ops]"),
                    answer.toString());
        }
    }

    @ParameterizedTest
    @MethodSource("containers")
    void theTokenAloneStillWorks(String container) {
        try (CapturedLog log = CapturedLog.of(AUDIT_LOGGER)) {
            assertStatus(200, api(container, "app", "open").call("POST", RELOAD, "Bearer " + TOKEN));
            assertTrue(log.has(Level.INFO, "admin [bearer token] from [127.0.0.1]: reload: HTTP 200"), log.text());
        }
    }

    @ParameterizedTest
    @MethodSource("containers")
    void aPrincipalFromAnEarlierFilterWithAndWithoutTheToken(String container) {
        URI sso = root(container, "app").resolve("sso/");
        try (CapturedLog log = CapturedLog.of(AUDIT_LOGGER)) {
            assertStatus(200, ssoCall(sso, "carol", "admin", "Bearer " + TOKEN));
            assertStatus(200, ssoCall(sso, "carol", "ops", null));
            assertStatus(200, ssoCall(sso, "dave", "viewer", "Bearer " + TOKEN));
            AdminApi.Answer refused = ssoCall(sso, "dave", "viewer", "Bearer wrong-token");
            assertStatus(403, refused);
            assertTrue(errorMessage(refused).contains("user [dave] is in none of the roles [admin, ops] (adminRoles) that the admin API "
                    + "requires, and sent no valid bearer token"), refused.toString());
            assertTrue(log.has(Level.INFO, "admin [carol] from [127.0.0.1]: reload: HTTP 200"), log.text());
            assertTrue(log.has(Level.INFO, "admin [bearer token] from [127.0.0.1]: reload: HTTP 200"), log.text());
        }
    }

    @ParameterizedTest
    @MethodSource("containers")
    void aPrincipalNameIsEscapedAndCutInTheAuditAndTheAnswer(String container) {
        String name = "mallory\r\n2026-05-01 INFO forged line" + "x".repeat(200);
        try (CapturedLog log = CapturedLog.of(AUDIT_LOGGER)) {
            AdminApi.Answer ok = ssoCall(root(container, "app").resolve("sso/"),
                    URLEncoder.encode(name, StandardCharsets.UTF_8), "admin", null);
            assertStatus(200, ok);
            AdminApi.Answer refused = ssoCall(root(container, "app").resolve("sso/"),
                    URLEncoder.encode(name, StandardCharsets.UTF_8), "viewer", null);
            assertStatus(403, refused);
            assertTrue(errorMessage(refused).contains("user [mallory\\u000d\\u000a2026"), refused.toString());
            assertTrue(log.has(Level.INFO, "admin [mallory\\u000d\\u000a2026-05-01 INFO forged line"), log.text());
            for (CapturedLog.Entry entry : log.entries()) {
                assertFalse(entry.message().contains("\n") || entry.message().contains("\r"), entry.message());
                assertFalse(entry.message().contains("x".repeat(100)), entry.message());
            }
        }
    }

    // --- refusals in the log, the block ---

    @ParameterizedTest
    @MethodSource("containers")
    void aFloodOfWrongTokensMakesOneWarningPerAddressAndMinute(String container) throws Exception {
        InetAddress from = InetAddress.getByName(container.equals("tomcat") ? "127.0.0.7" : "127.0.0.8");
        URI root = root(container, "app");
        try (CapturedLog log = CapturedLog.of(AUDIT_LOGGER)) {
            for (int i = 0; i < 30; i++) {
                RawHttp.Response response = RawHttp.send(from, root, "POST", root.getPath() + "open/" + RELOAD,
                        List.of("Authorization: Bearer wrong-" + i));
                assertEquals(401, response.status(), response.text());
            }
            long lines = log.entries().stream().filter(e -> e.level() == Level.WARNING
                    && e.message().contains("from [" + from.getHostAddress() + "]")).count();
            // One per address and minute window: two if the test happened to cross a window's end.
            assertTrue(lines >= 1 && lines <= 2, log.text());
            assertTrue(log.has(Level.WARNING, "refused admin request POST [/" + RELOAD + "] from ["
                    + from.getHostAddress() + "]: HTTP 401, missing or wrong token"), log.text());
        }
    }

    @ParameterizedTest
    @MethodSource("containers")
    void afterTooManyWrongTokensAnAddressGets429WhileOtherAddressesAreServed(String container) throws Exception {
        InetAddress attacker = InetAddress.getByName(container.equals("tomcat") ? "127.0.0.5" : "127.0.0.6");
        InetAddress other = InetAddress.getByName("127.0.0.2");
        URI root = root(container, "flood");
        String open = root.getPath() + "open/" + RELOAD;
        try (CapturedLog log = CapturedLog.of(AUDIT_LOGGER)) {
            for (int i = 0; i < FLOOD_MAX_FAILURES; i++) {
                RawHttp.Response response = RawHttp.send(attacker, root, "POST", open,
                        List.of("Authorization: Bearer wrong-" + i));
                assertEquals(401, response.status(), response.text());
            }
            RawHttp.Response blocked = RawHttp.send(attacker, root, "POST", open, List.of("Authorization: Bearer x"));
            assertEquals(429, blocked.status(), blocked.text());
            long retryAfter = Long.parseLong(header(blocked, "Retry-After"));
            assertTrue(retryAfter >= 1 && retryAfter <= 60, blocked.text());
            assertTrue(blocked.text().contains("too many failed admin attempts from this address"), blocked.text());
            // The documented choice: while blocked, even the right token from that address is refused...
            RawHttp.Response rightToken = RawHttp.send(attacker, root, "POST", open,
                    List.of("Authorization: Bearer " + TOKEN));
            assertEquals(429, rightToken.status(), rightToken.text());
            // ...but a user the container authenticated in an admin role is let in.
            RawHttp.Response login = RawHttp.send(attacker, root, "POST", root.getPath() + "admin/" + RELOAD,
                    List.of("Authorization: " + basic("alice", "alice-pw")));
            assertEquals(200, login.status(), login.text());
            // Other addresses are not affected.
            RawHttp.Response elsewhere = RawHttp.send(other, root, "POST", open, List.of("Authorization: Bearer " + TOKEN));
            assertEquals(200, elsewhere.status(), elsewhere.text());
            assertStatus(200, new AdminApi(client, root.resolve("open/"), TOKEN).call("POST", RELOAD));
            assertTrue(log.has(Level.WARNING, "from [" + attacker.getHostAddress() + "]: HTTP 401",
                    "the address is now blocked for 60 s"), log.text());
        }
    }

    private static String header(RawHttp.Response response, String name) {
        for (String line : response.text().split("\r\n")) {
            if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                return line.substring(name.length() + 1).trim();
            }
            if (line.isEmpty()) {
                break;
            }
        }
        throw new AssertionError("no " + name + " in " + response.text());
    }
}
