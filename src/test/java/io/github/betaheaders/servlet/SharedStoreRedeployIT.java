package io.github.betaheaders.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.betaheaders.testsupport.AdminApi;
import io.github.betaheaders.testsupport.CapturedLog;
import io.github.betaheaders.testsupport.ExplodedWar;
import io.github.betaheaders.testsupport.MappingFixtures;
import io.github.betaheaders.testsupport.MappingServer;
import io.github.betaheaders.testsupport.TomcatGateway;
import io.github.betaheaders.testsupport.WebXml;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Twenty deploy/undeploy rounds of a webapp on the shared store by {@code jdbcUrl}, with the PostgreSQL driver in its
 * own {@code WEB-INF/lib}: Tomcat reports no thread and no JDBC driver left behind. A webapp that registers the
 * driver and leaves it first proves that Tomcat's report of a driver is captured.
 */
class SharedStoreRedeployIT {

    static final String TOKEN = "redeploy-store-token-0123";
    static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test";
    static final String DRIVER_LEAK = "registered the JDBC driver";

    static MappingServer config;
    static TomcatGateway tomcat;
    static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final String prefix = "bh_redeploy_" + UUID.randomUUID().toString().substring(0, 8) + "_";

    /** Registers the webapp's own copy of the PostgreSQL driver and never deregisters it. */
    public static final class DriverLeakingListener implements ServletContextListener {
        @Override
        public void contextInitialized(ServletContextEvent event) {
            try {
                Class.forName("org.postgresql.Driver", true, event.getServletContext().getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @BeforeAll
    static void start() throws Exception {
        config = new MappingServer().start();
        config.answer(MappingServer.document(MappingFixtures.A));
        tomcat = new TomcatGateway();
        tomcat.maxThreads(8).start();
    }

    @AfterAll
    static void stop() throws Exception {
        tomcat.close();
        config.close();
        java.util.Properties user = new java.util.Properties();
        user.setProperty("user", "postgres");
        // The test's own copy of the driver: DriverManager may hold none (its first use was from a webapp, whose
        // copies are deregistered).
        try (Connection connection = new org.postgresql.Driver().connect(POSTGRES, user);
             Statement statement = connection.createStatement()) {
            for (String table : List.of("schedule", "runs", "documents", "fetch_failures", "nodes")) {
                statement.execute("DROP TABLE IF EXISTS " + prefix + table);
            }
        }
    }

    static Path postgresqlDriverJar() throws Exception {
        return Path.of(org.postgresql.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    static ExplodedWar withDriver(ExplodedWar war) throws Exception {
        Path jar = postgresqlDriverJar();
        Files.copy(jar, war.root().resolve("WEB-INF/lib").resolve(jar.getFileName()));
        return war;
    }

    @Test
    void redeployingTwentyTimesLeavesNoThreadAndNoDriverBehind() throws Exception {
        try (CapturedLog leakCheck = CapturedLog.of(RedeployLeakIT.WEBAPP_CLASS_LOADER_LOG)) {
            ExplodedWar leaky = withDriver(ExplodedWar.create("driver-leaky", new WebXml(), false));
            Files.writeString(leaky.root().resolve("WEB-INF/web.xml"), "<web-app xmlns=\"https://jakarta.ee/xml/ns/"
                    + "jakartaee\" version=\"6.0\"><listener><listener-class>" + DriverLeakingListener.class.getName()
                    + "</listener-class></listener></web-app>");
            Context context = tomcat.deployWhileRunning("/leaky", leaky);
            assertEquals(LifecycleState.STARTED, context.getState());
            tomcat.undeploy(context);
            assertTrue(leakCheck.has(Level.WARNING, DRIVER_LEAK), "Tomcat's driver report was not captured: "
                    + leakCheck.entries());
        }
        ExplodedWar war = withDriver(ExplodedWar.create("store-redeployed", new WebXml()
                .overrideFilterParam("configUrl", config.url().toString()).overrideFilterParam("fetchTimeoutSeconds", "1")
                .overrideFilterParam("scheduleCheckSeconds", "1").overrideFilterParam("jdbcUrl", POSTGRES)
                .overrideFilterParam("jdbcUser", "postgres").overrideFilterParam("tablePrefix", prefix)
                .overrideFilterParam("reloadIntervalHours", "0.0003")
                .overrideAdminParam("adminToken", TOKEN), true));
        AdminApi admin = new AdminApi(client, tomcat.uri().resolve("/app/"), TOKEN);
        try (CapturedLog tomcatLog = CapturedLog.of(RedeployLeakIT.WEBAPP_CLASS_LOADER_LOG)) {
            for (int round = 1; round <= 20; round++) {
                Context context = tomcat.deployWhileRunning("/app", war);
                try {
                    assertEquals(LifecycleState.STARTED, context.getState(), "round " + round);
                    AdminApi.Answer status = admin.call("GET", "anthropic_beta_headers");
                    assertTrue(status.json().containsKey("nodes"), status.toString());
                    if (round % 5 == 0) {
                        AdminApi.Answer reload = admin.call("POST", "reload/anthropic_beta_headers");
                        assertEquals(200, reload.status(), reload.toString());
                    }
                    assertEquals(1, ourThreads().stream().filter(SharedStoreMemberThread.NAME::equals).count(),
                            ourThreads().toString());
                } finally {
                    tomcat.undeploy(context);
                }
                assertEquals(List.of(), tomcatLog.entries(), "Tomcat reported leaks in round " + round);
                assertEquals(List.of(), ourThreads(), "threads left right after undeploy, round " + round);
            }
        }
    }

    /** The name of the shared store's thread, as the service names it. */
    static final class SharedStoreMemberThread {
        static final String NAME = "anthropic-beta-headers-shared-store";
    }

    private static List<String> ourThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("anthropic-beta-headers")).toList();
    }
}
