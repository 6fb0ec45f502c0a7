package io.github.betaheaders.servlet;

import static io.github.betaheaders.servlet.GatewayCluster.RELOAD;
import static io.github.betaheaders.servlet.GatewayCluster.SCHEDULE;
import static io.github.betaheaders.servlet.GatewayCluster.await;
import static io.github.betaheaders.servlet.GatewayCluster.schedule;
import static io.github.betaheaders.servlet.GatewayCluster.sha256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.betaheaders.core.Sha256;
import io.github.betaheaders.load.ReloadSchedule;
import io.github.betaheaders.store.DriverManagerDataSource;
import io.github.betaheaders.store.JdbcStore;
import io.github.betaheaders.store.JdbcStoreOptions;
import io.github.betaheaders.testsupport.AdminApi;
import io.github.betaheaders.testsupport.CapturedLog;
import io.github.betaheaders.testsupport.MappingFixtures;
import io.github.betaheaders.testsupport.MappingServer;
import io.github.betaheaders.testsupport.TcpProxy;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three nodes (Tomcat, Jetty, Tomcat: each its own container) on the machine's PostgreSQL, reached through a TCP proxy
 * the test can cut, with one config server that counts fetches: a reload on one node is active on all within one
 * check; one schedule for the cluster runs once per interval however the nodes race; a run claimed by a node that
 * never completes it (the in-JVM variant of a killed node) does not stop the schedule; the database cut off under load fails no request; a fourth node started while the config server
 * is down serves the published document.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SharedStoreClusterIT {

    static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test";
    /** One check interval (scheduleCheckSeconds=1) with room for a loaded machine. */
    static final Duration ONE_CHECK = Duration.ofMillis(3000);
    /** 1.08 s: the shortest interval a check every second allows. */
    static final String INTERVAL_HOURS = "0.0003";

    static MappingServer config;
    static TcpProxy proxy;
    static GatewayCluster cluster;
    static AdminApi node1;
    static AdminApi node2;
    static AdminApi node3;

    @BeforeAll
    static void start() throws Exception {
        config = new MappingServer().start();
        config.answer(MappingServer.document(MappingFixtures.A));
        proxy = new TcpProxy("127.0.0.1", 5432);
        cluster = new GatewayCluster(new GatewayCluster.Database("postgresql",
                "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/test?ApplicationName=bh-cluster-it", "postgres",
                POSTGRES), config);
        node1 = cluster.start("node-1");
        node2 = cluster.start("node-2");
        node3 = cluster.start("node-3");
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        proxy.close();
        config.close();
    }

    static String sha(String document) {
        return Sha256.hex(document.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    @Order(1)
    void theNodesStartOnOneDocumentAndShowEachOther() throws Exception {
        await(ONE_CHECK.multipliedBy(2), "three nodes that agree", () -> {
            JsonObject status = node3.call("GET", GatewayCluster.MAPPING).json();
            return status.getJsonArray("nodes").size() == 3 && status.getBoolean("nodes_agree");
        });
        JsonObject status = node1.call("GET", GatewayCluster.MAPPING).json();
        assertEquals("node-1", status.getString("node"));
        assertEquals(sha(MappingFixtures.A), status.getString("sha256"));
        assertTrue(status.containsKey("mapping") && status.containsKey("last_attempt"), "LiteLLM's fields: " + status);
        JsonObject first = status.getJsonArray("nodes").getJsonObject(0);
        assertEquals("node-1", first.getString("name"));
        assertEquals(sha(MappingFixtures.A), first.getString("sha256"));
        assertTrue(first.getJsonNumber("revision").longValue() >= 1, first.toString());
        assertTrue(schedule(node2).containsKey("nodes"), schedule(node2).toString());
    }

    @Test
    @Order(2)
    void aReloadOnNodeOneIsActiveOnNodesTwoAndThreeWithinOneCheck() throws Exception {
        config.answer(MappingServer.document(MappingFixtures.B));
        int fetchesBefore = config.requests().size();
        AdminApi.Answer reload = node1.call("POST", RELOAD);
        assertEquals(200, reload.status(), reload.toString());
        assertEquals(sha(MappingFixtures.B), sha256(node1));
        long since = System.nanoTime();
        await(ONE_CHECK, "node 2 and 3 on B", () -> sha(MappingFixtures.B).equals(sha256(node2))
                && sha(MappingFixtures.B).equals(sha256(node3)));
        assertTrue(System.nanoTime() - since < ONE_CHECK.toNanos());
        assertEquals(fetchesBefore + 1, config.requests().size(), "one fetch for the cluster: " + config.requests());
        assertEquals(sha(MappingFixtures.B), cluster.gateway(2).service().current().sha256(), "what requests read");
    }

    /**
     * The in-JVM variant of a node killed holding a run: a store client claims the due run as {@code killed-node}
     * under a short lease and never completes it. The example's {@code KilledNodeTakeoverIT} kills a real gateway JVM
     * inside its fetch.
     */
    @Test
    @Order(3)
    void aNodeKilledHoldingARunDoesNotStopTheSchedule() throws Exception {
        config.answer(MappingServer.document(MappingFixtures.A));
        int fetchesBefore = config.requests().size();
        JdbcStore ghost = new JdbcStore(new DriverManagerDataSource(POSTGRES, "postgres", null, Duration.ofSeconds(5),
                Duration.ofSeconds(15)), JdbcStoreOptions.defaults().withTablePrefix(cluster.prefix), Clock.systemUTC());
        Instant now = Instant.now();
        // A schedule whose run is due, claimed by a node that then died: its lease (2 s) runs out, nobody completes it.
        ReloadSchedule due = new ReloadSchedule(1, now.minus(Duration.ofHours(2)), null, now.minusSeconds(1));
        assertTrue(ghost.tryClaimScheduledRun(due, "killed-node", Duration.ofSeconds(2)).isPresent());
        ghost.put(due);
        await(Duration.ofSeconds(2).plus(ONE_CHECK.multipliedBy(2)), "another node ran the run", () ->
                schedule(node2).get("last_run") != null && !schedule(node2).isNull("last_run"));
        assertEquals(fetchesBefore + 1, config.requests().size(), "one fetch for the taken-over run");
        await(ONE_CHECK, "every node on A", () -> sha(MappingFixtures.A).equals(sha256(node1))
                && sha(MappingFixtures.A).equals(sha256(node2)) && sha(MappingFixtures.A).equals(sha256(node3)));
        assertEquals(1, cluster.count("SELECT MAX(attempt) FROM " + cluster.tables.runs()
                + " WHERE run_key = '" + JdbcStore.scheduledRunKey(due) + "'") - 1, "taken over once");
        assertEquals(200, node1.call("DELETE", SCHEDULE).status());
    }

    @Test
    @Order(4)
    void aScheduleSetOnNodeTwoRunsOncePerIntervalForTheClusterUntilNodeThreeCancelsIt() throws Exception {
        config.answer(MappingServer.alternating(MappingServer.document(MappingFixtures.A),
                MappingServer.document(MappingFixtures.B)));
        int fetchesBefore = config.requests().size();
        long runsBefore = cluster.completedScheduledRuns();
        AdminApi.Answer set = node2.call("POST", SCHEDULE + "?hours=" + INTERVAL_HOURS);
        assertEquals(200, set.status(), set.toString());
        await(ONE_CHECK, "node 3 sees the schedule", () -> schedule(node3).getBoolean("scheduled")
                && schedule(node3).getJsonNumber("interval_hours").doubleValue() == 0.0003);
        assertEquals(schedule(node2).getString("next_run"), schedule(node3).getString("next_run"));
        await(Duration.ofSeconds(60), "20 scheduled runs", () -> cluster.completedScheduledRuns() - runsBefore >= 20);
        assertEquals(200, node3.call("DELETE", SCHEDULE).status());
        await(ONE_CHECK, "no node shows a schedule", () -> !schedule(node1).getBoolean("scheduled")
                && !schedule(node2).getBoolean("scheduled") && !schedule(node3).getBoolean("scheduled"));
        await(ONE_CHECK.multipliedBy(2), "the last run completed", () -> cluster.runsInProgress() == 0);
        long runs = cluster.completedScheduledRuns() - runsBefore;
        assertEquals(runs, config.requests().size() - fetchesBefore, "fetches against scheduled runs");
    }

    @Test
    @Order(5)
    void theDatabaseCutOffUnderLoadFailsNoRequestAndTheScheduleResumes() throws Exception {
        config.answer(MappingServer.document(MappingFixtures.B));
        AtomicBoolean loading = new AtomicBoolean(true);
        AtomicInteger answered = new AtomicInteger();
        List<String> failures = new CopyOnWriteArrayList<>();
        List<Thread> load = List.of(0, 1, 2).stream().map(i -> new Thread(() -> {
            URI echo = cluster.gateway(i).uri().resolve("/echo/bedrock/model/m/invoke");
            while (loading.get()) {
                try {
                    HttpResponse<String> response = GatewayCluster.CLIENT.send(HttpRequest.newBuilder(echo)
                            .header("anthropic-beta", MappingFixtures.CLIENT_BETAS)
                            .POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() != 200) {
                        failures.add(i + ": HTTP " + response.statusCode() + " " + response.body());
                    }
                    answered.incrementAndGet();
                } catch (Exception e) {
                    failures.add(i + ": " + e);
                }
            }
        }, "load-" + i)).toList();
        try (CapturedLog log = CapturedLog.of(CapturedLog.FILTER_LOGGER)) {
            load.forEach(Thread::start);
            assertEquals(200, node1.call("POST", SCHEDULE + "?hours=" + INTERVAL_HOURS).status());
            long runsBefore = cluster.completedScheduledRuns();
            proxy.cut();
            await(ONE_CHECK.multipliedBy(2), "each node warned of the outage", () -> List.of("node-1", "node-2",
                    "node-3").stream().allMatch(n -> log.has(Level.WARNING, "node [" + n + "]",
                    "the shared store does not answer")));
            String during = sha256(node2);
            JsonObject status = node2.call("GET", GatewayCluster.MAPPING).json();
            assertFalse(status.isNull("store_error"), status.toString());
            long runsAtCut = cluster.completedScheduledRuns();
            // Long enough for several checks to fail on every node (each a refused connection).
            await(Duration.ofSeconds(5), "several refused connections", () -> proxy.refused() >= 9);
            assertEquals(during, sha256(node2), "the mapping stayed");
            assertEquals(runsAtCut, cluster.completedScheduledRuns(), "a run completed while the store was down");
            proxy.restore();
            await(ONE_CHECK.multipliedBy(2), "each node saw the store again", () -> List.of("node-1", "node-2",
                    "node-3").stream().allMatch(n -> log.has(Level.INFO, "node [" + n + "]", "answers again")));
            await(ONE_CHECK.multipliedBy(2), "a scheduled run after the cut",
                    () -> cluster.completedScheduledRuns() > runsAtCut);
            for (String n : List.of("node-1", "node-2", "node-3")) {
                long warnings = log.entries().stream().filter(e -> e.level() == Level.WARNING
                        && e.message().contains("node [" + n + "]")
                        && e.message().contains("the shared store does not answer")).count();
                assertEquals(1, warnings, n + " warned once per outage: " + log.text(Level.WARNING));
            }
            assertTrue(runsBefore <= runsAtCut);
        } finally {
            loading.set(false);
            for (Thread thread : load) {
                thread.join(10_000);
            }
        }
        assertEquals(List.of(), failures, "failed requests");
        assertTrue(answered.get() > 30, "too little load: " + answered.get());
        assertEquals(200, node3.call("DELETE", SCHEDULE).status());
    }

    @Test
    @Order(6)
    void aNodeStartedWhileTheConfigServerIsDownServesThePublishedDocument() throws Exception {
        await(ONE_CHECK.multipliedBy(2), "no run in progress, the nodes agree", () -> cluster.runsInProgress() == 0
                && node1.call("GET", GatewayCluster.MAPPING).json().getBoolean("nodes_agree")
                && sha256(node1).equals(sha256(node2)) && sha256(node1).equals(sha256(node3)));
        String published = sha256(node1);
        config.answer(MappingServer.status(503));
        int fetchesBefore = config.requests().size();
        AdminApi node4 = cluster.start("node-4");
        JsonObject status = node4.call("GET", GatewayCluster.MAPPING).json();
        assertEquals(published, status.getString("sha256"), status.toString());
        assertEquals(config.url().toString(), status.getString("source"));
        assertEquals(fetchesBefore, config.requests().size(), "node 4 fetched at start");
        await(ONE_CHECK, "four nodes that agree", () -> {
            JsonObject seen = node1.call("GET", GatewayCluster.MAPPING).json();
            return seen.getJsonArray("nodes").size() == 4 && seen.getBoolean("nodes_agree");
        });
    }

    @Test
    @Order(7)
    void aNodeStartedWhileTheDatabaseIsDownStartsFromItsSourcesAndJoinsWhenItAnswers() throws Exception {
        await(ONE_CHECK.multipliedBy(2), "no run in progress", () -> cluster.runsInProgress() == 0);
        String published = sha256(node1);
        config.answer(MappingServer.document(MappingFixtures.A));
        String fetched = sha(MappingFixtures.A);
        proxy.cut();
        try (CapturedLog log = CapturedLog.of(CapturedLog.FILTER_LOGGER)) {
            AdminApi node5 = cluster.start("node-5");
            assertEquals(fetched, sha256(node5), "started from its config URL");
            assertTrue(log.has(Level.WARNING, "node [node-5]", "the shared store does not answer"), log.text());
            proxy.restore();
            await(ONE_CHECK.multipliedBy(2), "node 5 joined and serves the published document",
                    () -> published.equals(sha256(node5)));
            assertTrue(log.has(Level.INFO, "node [node-5]", "answers again"), log.text());
        } finally {
            proxy.restore();
        }
    }
}
