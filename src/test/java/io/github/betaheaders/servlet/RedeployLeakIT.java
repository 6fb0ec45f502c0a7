package io.github.betaheaders.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.betaheaders.load.ReloadScheduler;
import io.github.betaheaders.load.RemoteDocumentFetcher;
import io.github.betaheaders.testsupport.AdminApi;
import io.github.betaheaders.testsupport.ExplodedWar;
import io.github.betaheaders.testsupport.CapturedLog;
import io.github.betaheaders.testsupport.MappingFixtures;
import io.github.betaheaders.testsupport.MappingServer;
import io.github.betaheaders.testsupport.TomcatGateway;
import io.github.betaheaders.testsupport.WebXml;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Twenty deploy/undeploy rounds of a webapp with the jar in {@code WEB-INF/lib}, fetching at start, on demand and on a
 * schedule, some undeployed while a scheduled fetch hangs: Tomcat reports no leaked thread, and the JVM's thread count returns
 * to where it was. A deliberately leaking webapp first proves that Tomcat's report is captured.
 */
class RedeployLeakIT {

    static final String TOKEN = "leak-check-token-0123";
    /** Where Tomcat reports what a webapp left behind at undeploy. */
    static final String WEBAPP_CLASS_LOADER_LOG = "org.apache.catalina.loader.WebappClassLoaderBase";
    static final String LEAK_WARNING = "appears to have started a thread";
    static final String LEAKED_THREAD = "deliberately-leaked-by-a-test";
    static final List<Thread> leaked = new CopyOnWriteArrayList<>();

    static MappingServer config;
    static TomcatGateway tomcat;
    static ThreadPoolExecutor clientThreads;
    static HttpClient client;

    /** Starts a thread and never stops it: what Tomcat must report. */
    public static final class LeakingListener implements ServletContextListener {
        @Override
        public void contextInitialized(ServletContextEvent event) {
            Thread thread = new Thread(() -> {
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    // the test ends it
                }
            }, LEAKED_THREAD);
            thread.setDaemon(true);
            thread.start();
            leaked.add(thread);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        config = new MappingServer().start();
        tomcat = new TomcatGateway();
        // A fixed pool of request threads, so that the JVM's thread count is stable for leak checks.
        tomcat.maxThreads(8).start();
        // Fixed pools, started up front, so that the JVM's thread count does not move with the test's own use.
        clientThreads = (ThreadPoolExecutor) Executors.newFixedThreadPool(2);
        clientThreads.prestartAllCoreThreads();
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(clientThreads).build();
    }

    @AfterAll
    static void stop() throws Exception {
        tomcat.close();
        config.close();
        clientThreads.shutdownNow();
    }

    @Test
    void redeployingTwentyTimesLeavesNoThreadBehind() throws Exception {
        ExplodedWar war = ExplodedWar.create("redeployed", new WebXml()
                .overrideFilterParam("configUrl", config.url().toString()).overrideFilterParam("fetchTimeoutSeconds", "1")
                .overrideFilterParam("reloadIntervalHours", "0.0003").overrideFilterParam("scheduleCheckSeconds", "1")
                .overrideAdminParam("adminToken", TOKEN), true);
        AdminApi admin = new AdminApi(client, tomcat.uri().resolve("/app/"), TOKEN);
        try (CapturedLog leakCheck = CapturedLog.of(WEBAPP_CLASS_LOADER_LOG)) {
            theCaptureSeesARealLeak(leakCheck);
        }
        try (CapturedLog tomcatLog = CapturedLog.of(WEBAPP_CLASS_LOADER_LOG)) {

            round(war, admin, tomcatLog, false);
            Thread.sleep(500);
            int baseline = threadCount();

            for (int round = 1; round <= 20; round++) {
                round(war, admin, tomcatLog, round % 4 == 0);
            }

            assertEquals(List.of(), tomcatLog.entries(), "Tomcat reported leaks");
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (threadCount() > baseline && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            assertTrue(threadCount() <= baseline, "threads: " + threadCount() + " now, " + baseline + " before: "
                    + threadNames());
        }
    }

    private void theCaptureSeesARealLeak(CapturedLog tomcatLog) throws Exception {
        ExplodedWar leaky = ExplodedWar.create("leaky", new WebXml(), false);
        Files.writeString(leaky.root().resolve("WEB-INF/web.xml"), "<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" "
                + "version=\"6.0\"><listener><listener-class>" + LeakingListener.class.getName()
                + "</listener-class></listener></web-app>");
        Context context = tomcat.deployWhileRunning("/leaky", leaky);
        assertEquals(LifecycleState.STARTED, context.getState());
        tomcat.undeploy(context);
        assertTrue(tomcatLog.has(Level.WARNING, LEAK_WARNING + " named [" + LEAKED_THREAD + "]"),
                "Tomcat's leak report was not captured: " + tomcatLog.entries());
        for (Thread thread : leaked) {
            thread.interrupt();
            thread.join(5000);
        }
    }

    private static void round(ExplodedWar war, AdminApi admin, CapturedLog tomcatLog, boolean undeployDuringAFetch) throws Exception {
        config.answer(MappingServer.document(MappingFixtures.A));
        Context context = tomcat.deployWhileRunning("/app", war);
        try {
            assertEquals(LifecycleState.STARTED, context.getState());
            assertEquals(config.url().toString(), admin.call("GET", "anthropic_beta_headers").json().getString("source"));
            assertEquals(200, admin.call("POST", "reload/anthropic_beta_headers").status());
            assertEquals(1L, ourThreads().stream().filter(ReloadScheduler.THREAD_NAME::equals).count(),
                    ourThreads().toString());
            if (undeployDuringAFetch) {
                // The schedule (every 0.36 s, checked each second) starts a fetch that hangs on a body that never ends.
                // The config server has its request when the fetch is in flight (the thread of the reload above
                // is still there, waiting for the next fetch).
                int asked = config.requests().size();
                config.answer(MappingServer.endlessBody());
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (config.requests().size() == asked && System.nanoTime() < until) {
                    Thread.sleep(5);
                }
                assertTrue(config.requests().size() > asked, "no scheduled fetch started");
                assertTrue(ourThreads().stream().anyMatch(n -> n.startsWith(RemoteDocumentFetcher.THREAD_NAME)),
                        "no fetch thread: " + ourThreads());
            }
        } finally {
            tomcat.undeploy(context);
        }
        assertEquals(List.of(), tomcatLog.entries(), "Tomcat reported leaks");
        assertEquals(List.of(), ourThreads(), "threads left right after undeploy");
    }

    private static List<String> ourThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("anthropic-beta-headers")).toList();
    }

    private static int threadCount() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    private static List<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName).sorted().toList();
    }
}
