package io.github.betaheaders.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.betaheaders.metrics.BetaHeadersMBean;
import io.github.betaheaders.metrics.MetricNames;
import io.github.betaheaders.testsupport.AdminApi;
import io.github.betaheaders.testsupport.CapturedLog;
import io.github.betaheaders.testsupport.ExplodedWar;
import io.github.betaheaders.testsupport.JettyGateway;
import io.github.betaheaders.testsupport.MappingFixtures;
import io.github.betaheaders.testsupport.MappingServer;
import io.github.betaheaders.testsupport.PrometheusSamples;
import io.github.betaheaders.testsupport.Promtool;
import io.github.betaheaders.testsupport.ProxyServletKind;
import io.github.betaheaders.testsupport.RawHttp;
import io.github.betaheaders.testsupport.RecordingUpstream;
import io.github.betaheaders.testsupport.TestDirectories;
import io.github.betaheaders.testsupport.TomcatGateway;
import io.github.betaheaders.testsupport.WebXml;
import jakarta.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Stream;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Where operators read the counters, as users meet them: the jar in {@code WEB-INF/lib} of a webapp with a proxy
 * servlet, in Tomcat and Jetty. {@code GET /metrics/anthropic_beta_headers} behind the admin token (or open with
 * {@code adminMetricsOpen}), checked by {@code promtool check metrics} and parsed to compare with the requests sent;
 * reloads answer and log what changed; the webapp's MBean is there after deployment and gone after undeployment.
 */
class MetricsResourceIT {

    static final String TOKEN = "s3cret-token-0123456789";
    static final String METRICS = "metrics/anthropic_beta_headers";
    static final String RELOAD = "reload/anthropic_beta_headers";
    static final String MAPPING = "anthropic_beta_headers";
    static final String BEDROCK = "gw/model/m/invoke";

    static MappingServer config;
    static RecordingUpstream upstream;
    static TomcatGateway tomcat;
    static JettyGateway jetty;
    static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static AdminApi tomcatApp;
    static AdminApi jettyApp;
    static AdminApi open;

    /** One deployed webapp: where it is and its admin API. */
    record Webapp(String name, URI root, AdminApi admin) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        config = new MappingServer().start();
        config.answer(MappingServer.document(MappingFixtures.A));
        upstream = new RecordingUpstream().start();
        tomcat = new TomcatGateway();
        tomcat.maxThreads(8).start();
        deployed(tomcat.deployWhileRunning("/metrics-tomcat", ExplodedWar.create("metrics-tomcat",
                webXml(ProxyServletKind.MITRE).overrideFilterParam("configUrl", config.url().toString())
                        .overrideFilterParam("fetchTimeoutSeconds", String.valueOf(MappingFixtures.DEADLINE.toSeconds()))
                        .overrideFilterParam("maxConfigBytes", String.valueOf(MappingFixtures.MAX_BYTES)), true)));
        deployed(tomcat.deployWhileRunning("/metrics-open", ExplodedWar.create("metrics-open",
                webXml(ProxyServletKind.MITRE).overrideFilterParam("localOnly", "true")
                        .overrideAdminParam("adminMetricsOpen", "true"), true)));
        tomcatApp = new AdminApi(client, tomcat.uri().resolve("/metrics-tomcat/"), TOKEN);
        open = new AdminApi(client, tomcat.uri().resolve("/metrics-open/"), null);
        Path mapping = Files.writeString(TestDirectories.newDirectory("metrics-resource").resolve("mapping.json"),
                MappingFixtures.A);
        jetty = new JettyGateway().deploy("/metrics-jetty", ExplodedWar.create("metrics-jetty",
                webXml(ProxyServletKind.JETTY).overrideFilterParam("localOnly", "true")
                        .overrideFilterParam("configFile", mapping.toString()), true)).start();
        assertTrue(jetty.isStarted("/metrics-jetty"), jetty.reportedFailure("/metrics-jetty"));
        jettyApp = new AdminApi(client, jetty.uri().resolve("/metrics-jetty/"), TOKEN);
    }

    private static WebXml webXml(ProxyServletKind proxy) {
        return new WebXml().proxy(proxy, "/gw", upstream.uri()).overrideAdminParam("adminToken", TOKEN);
    }

    private static void deployed(Context context) {
        assertEquals(LifecycleState.STARTED, context.getState(), "deployment of " + context.getPath() + " failed");
    }

    @AfterAll
    static void stop() throws Exception {
        jetty.close();
        tomcat.close();
        upstream.close();
        config.close();
    }

    static Stream<Webapp> webapps() {
        return Stream.of(new Webapp("Tomcat + MITRE", tomcat.uri().resolve("/metrics-tomcat/"), tomcatApp),
                new Webapp("Jetty + Jetty's ProxyServlet", jetty.uri().resolve("/metrics-jetty/"), jettyApp));
    }

    private static PrometheusSamples scrape(AdminApi admin) throws Exception {
        AdminApi.Answer answer = admin.call("GET", METRICS);
        assertEquals(200, answer.status(), answer.body());
        assertEquals("text/plain;version=0.0.4;charset=utf-8", answer.header("Content-Type").replace(" ", "")
                .toLowerCase(java.util.Locale.ROOT));
        Promtool.Verdict verdict = Promtool.checkMetrics(answer.body());
        assertEquals(0, verdict.exitCode(), verdict.output() + "\n" + answer.body());
        return PrometheusSamples.parse(answer.body());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("webapps")
    void theScrapePassesPromtoolAndCountsTheRequestsSent(Webapp webapp) throws Exception {
        PrometheusSamples before = scrape(webapp.admin());
        int sent = 5;
        for (int i = 0; i < sent; i++) {
            RawHttp.Response r = RawHttp.post(webapp.root(), webapp.root().getPath() + BEDROCK,
                    List.of("anthropic-beta: " + MappingFixtures.CLIENT_BETAS + ",unheard-of-beta"));
            assertEquals(200, r.status(), r.text());
            upstream.take();
        }
        PrometheusSamples after = scrape(webapp.admin());
        assertEquals(sent, delta(before, after, MetricNames.REQUESTS, "provider", "bedrock", "result", "changed"));
        assertEquals(sent, delta(before, after, MetricNames.BETAS, "provider", "bedrock", "beta", "x-beta",
                "location", "header", "outcome", "renamed"));
        assertEquals(sent, delta(before, after, MetricNames.RENAMED_BETAS, "provider", "bedrock", "beta", "x-beta",
                "location", "header", "to", "x-a"));
        assertEquals(sent, delta(before, after, MetricNames.BETAS, "provider", "bedrock", "beta", "z-beta",
                "location", "header", "outcome", "dropped_null"));
        assertEquals(sent, delta(before, after, MetricNames.BETAS, "provider", "bedrock", "beta", "unheard-of-beta",
                "location", "header", "outcome", "dropped_unmentioned"));
        assertEquals(1, after.value(MetricNames.MODE, "mode", "enforce"));
        assertEquals(1, after.matching(MetricNames.MAPPING_INFO).size());
    }

    private static double delta(PrometheusSamples before, PrometheusSamples after, String name, String... labels) {
        return after.value(name, labels) - before.value(name, labels);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("webapps")
    void theScrapeNeedsTheAdminToken(Webapp webapp) {
        assertEquals(401, webapp.admin().withToken(null).call("GET", METRICS).status());
        assertEquals(401, webapp.admin().withToken("wrong-token-0123456789").call("GET", METRICS).status());
        assertEquals(405, webapp.admin().call("POST", METRICS).status());
    }

    @Test
    void adminMetricsOpenOpensTheMetricsOnly() throws Exception {
        AdminApi.Answer metrics = open.call("GET", METRICS);
        assertEquals(200, metrics.status(), metrics.body());
        assertEquals(0, Promtool.checkMetrics(metrics.body()).exitCode());
        assertEquals(401, open.call("GET", MAPPING).status());
        assertEquals(401, open.call("POST", RELOAD).status());
        assertEquals(405, open.call("POST", METRICS).status());
    }

    @Test
    void aReloadAnswersAndLogsWhatChangedAndTheStatusKeepsIt() throws Exception {
        config.answer(MappingServer.document(MappingFixtures.A));
        tomcatApp.call("POST", RELOAD);
        PrometheusSamples before = scrape(tomcatApp);
        config.answer(MappingServer.document(MappingFixtures.B));
        try (CapturedLog log = CapturedLog.of(CapturedLog.FILTER_LOGGER)) {
            AdminApi.Answer reloaded = tomcatApp.call("POST", RELOAD);
            assertEquals(200, reloaded.status(), reloaded.body());
            JsonObject changes = reloaded.json().getJsonObject("changes");
            assertTrue(changes.getBoolean("changed"), reloaded.body());
            assertEquals(3, reloaded.json().getInt("providers_count"), "LiteLLM's members stay");
            JsonObject bedrock = changes.getJsonObject("providers").getJsonObject("bedrock");
            assertEquals("x-a", bedrock.getJsonObject("changed").getJsonObject("x-beta").getString("old"));
            assertEquals("x-b", bedrock.getJsonObject("changed").getJsonObject("x-beta").getString("new"));
            assertTrue(bedrock.getJsonObject("changed").getJsonObject("z-beta").isNull("old"), reloaded.body());
            assertEquals("z-b", bedrock.getJsonObject("changed").getJsonObject("z-beta").getString("new"));
            assertTrue(bedrock.getJsonObject("added").isEmpty());
            assertTrue(bedrock.getJsonObject("removed").isEmpty());
            assertTrue(log.has(Level.INFO, "changed the mapping of provider [bedrock]: added 0", "x-beta: x-a -> x-b",
                    "z-beta: null -> z-b"), log.text());

            JsonObject status = tomcatApp.call("GET", MAPPING).json();
            assertEquals(changes, status.getJsonObject("last_change"));

            AdminApi.Answer again = tomcatApp.call("POST", RELOAD);
            assertEquals(200, again.status(), again.body());
            assertFalse(again.json().getJsonObject("changes").getBoolean("changed"), again.body());
            assertTrue(again.json().getString("message").endsWith("nothing changed"), again.body());
            assertTrue(again.json().getJsonObject("changes").getJsonObject("providers").isEmpty());
            assertTrue(log.has(Level.INFO, "changed nothing in the mapping"), log.text());
            assertEquals(changes, tomcatApp.call("GET", MAPPING).json().getJsonObject("last_change"),
                    "the status keeps the last change, not the last reload");
        }
        PrometheusSamples after = scrape(tomcatApp);
        assertEquals(1, delta(before, after, MetricNames.RELOADS, "result", "changed"));
        assertEquals(1, delta(before, after, MetricNames.RELOADS, "result", "unchanged"));
        config.answer(MappingServer.status(500));
        assertEquals(502, tomcatApp.call("POST", RELOAD).status());
        assertEquals(1, delta(after, scrape(tomcatApp), MetricNames.RELOADS, "result", "failed"));
        config.answer(MappingServer.document(MappingFixtures.A));
        assertEquals(200, tomcatApp.call("POST", RELOAD).status());
    }

    @Test
    void theMBeanIsThereAfterDeploymentAndGoneAfterUndeployment() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName tomcatName = BetaHeadersMBean.nameFor("/mbean-tomcat");
        ObjectName jettyName = BetaHeadersMBean.nameFor("/mbean-jetty");
        assertEquals("io.github.betaheaders:type=BetaHeaders,context=\"/mbean-tomcat\"", tomcatName.toString());
        Context context = tomcat.deployWhileRunning("/mbean-tomcat", ExplodedWar.create("mbean-tomcat",
                new WebXml().overrideFilterParam("localOnly", "true"), true));
        deployed(context);
        assertTrue(server.isRegistered(tomcatName));
        assertEquals(64, ((String) server.getAttribute(tomcatName, "MappingSha256")).length());
        assertEquals("bundled", server.getAttribute(tomcatName, "MappingSource"));
        assertEquals("enforce", server.getAttribute(tomcatName, "Mode"));
        try (JettyGateway other = new JettyGateway()) {
            other.deploy("/mbean-jetty", ExplodedWar.create("mbean-jetty",
                    new WebXml().overrideFilterParam("localOnly", "true"), true)).start();
            assertTrue(other.isStarted("/mbean-jetty"), other.reportedFailure("/mbean-jetty"));
            assertTrue(server.isRegistered(jettyName));
            assertEquals(0L, server.getAttribute(jettyName, "ReloadsFailed"));
        }
        assertFalse(server.isRegistered(jettyName), "the Jetty webapp's MBean outlived it");
        tomcat.undeploy(context);
        assertFalse(server.isRegistered(tomcatName), "the Tomcat webapp's MBean outlived it");
        assertEquals(List.of(), List.copyOf(server.queryNames(new ObjectName(BetaHeadersMBean.DOMAIN
                + ":context=\"/mbean-*\",*"), null)));
    }
}
