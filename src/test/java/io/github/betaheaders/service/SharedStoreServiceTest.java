package io.github.betaheaders.service;

import static io.github.betaheaders.service.SharedStoreNodes.await;
import static io.github.betaheaders.service.SharedStoreNodes.store;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.betaheaders.core.FilterSettings;
import io.github.betaheaders.core.Sha256;
import io.github.betaheaders.load.LoadFailedException;
import io.github.betaheaders.load.ReloadSchedule;
import io.github.betaheaders.store.JdbcStore;
import io.github.betaheaders.testsupport.CapturedLog;
import io.github.betaheaders.testsupport.MappingFixtures;
import io.github.betaheaders.testsupport.MappingServer;
import io.github.betaheaders.testsupport.TestDirectories;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The service on a shared store (embedded H2), node by node: a failed fetch publishes nothing and is recorded, a
 * broken document in the store is never adopted, a node starts from the published document over its cacheFile, a
 * restart does not move the cluster's next run, a store that is down at start is joined when it answers.
 */
class SharedStoreServiceTest {

    @RegisterExtension
    static final MappingServer server = new MappingServer();

    final String database = "jdbc:h2:mem:bh_service_" + UUID.randomUUID().toString().substring(0, 8)
            + ";DB_CLOSE_DELAY=-1";
    final SharedStoreNodes nodes = new SharedStoreNodes(server);

    @AfterEach
    void stop() {
        nodes.close();
    }

    static String sha(String document) {
        return Sha256.hex(document.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aFailedFetchPublishesNothingAndIsRecorded() throws Exception {
        server.answer(MappingServer.document(MappingFixtures.A));
        BetaHeadersService one = nodes.node("one", database);
        BetaHeadersService two = nodes.node("two", database);
        JdbcStore store = store(database);
        long revision = store.latestRevision().orElseThrow();
        server.answer(MappingServer.status(500));
        LoadFailedException failed = assertThrows(LoadFailedException.class, one::reload);
        assertTrue(failed.getMessage().contains("500"), failed.getMessage());
        assertEquals(revision, store.latestRevision().orElseThrow(), "a failed fetch published");
        assertEquals("one", store.fetchFailures().get(0).node());
        await("node one's last error in the status", () -> two.cluster().orElseThrow().nodes().stream()
                .anyMatch(n -> n.name().equals("one") && n.lastError() != null && n.lastError().contains("500")));
        assertEquals(sha(MappingFixtures.A), one.current().sha256());
        assertEquals(sha(MappingFixtures.A), two.current().sha256());
        assertTrue(two.cluster().orElseThrow().agree());
    }

    @Test
    void aBrokenDocumentInTheStoreIsNeverAdopted() throws Exception {
        server.answer(MappingServer.document(MappingFixtures.A));
        try (CapturedLog log = CapturedLog.of(CapturedLog.FILTER_LOGGER)) {
            BetaHeadersService one = nodes.node("one", database, FilterSettings.MAX_CONFIG_BYTES, "2048");
            JdbcStore store = store(database);
            byte[] notJson = "{\"bedrock\": {\"x\": \u0000".getBytes(StandardCharsets.UTF_8);
            long broken = store.publish(notJson, Sha256.hex(notJson), "hostile", "intruder").revision();
            await("the broken revision refused", () -> one.cluster().orElseThrow().nodes().stream().anyMatch(n ->
                    n.name().equals("one") && n.lastError() != null && n.lastError().contains("revision " + broken)));
            byte[] oversized = MappingFixtures.OVERSIZED.getBytes(StandardCharsets.UTF_8);
            long big = store.publish(oversized, Sha256.hex(oversized), "hostile", "intruder").revision();
            await("the oversized revision refused", () -> one.cluster().orElseThrow().nodes().stream().anyMatch(n ->
                    n.name().equals("one") && n.lastError() != null && n.lastError().contains("revision " + big)));
            assertEquals(sha(MappingFixtures.A), one.current().sha256());
            assertEquals(1, log.entries().stream().filter(e -> e.level() == Level.WARNING
                    && e.message().contains("not adopting revision " + broken)).count(), log.text());
            assertTrue(log.has(Level.WARNING, "not adopting revision " + big, "over the limit"), log.text());
        }
    }

    @Test
    void aNodeStartsFromThePublishedDocumentOverItsCacheFile() throws Exception {
        Path cache = TestDirectories.newDirectory("shared-store-cache").resolve("mapping.json");
        Files.writeString(cache, MappingFixtures.A);
        server.answer(MappingServer.document(MappingFixtures.B));
        nodes.node("publisher", database);
        server.answer(MappingServer.status(503));
        server.clearRequests();
        BetaHeadersService late = nodes.node("late", database, FilterSettings.CACHE_FILE, cache.toString());
        assertEquals(sha(MappingFixtures.B), late.current().sha256());
        assertEquals(0, server.requests().size(), "the late node fetched at start");
        assertEquals(MappingFixtures.B, Files.readString(cache), "the adopted document is the new cacheFile");
    }

    @Test
    void aRestartWithReloadIntervalHoursKeepsTheClustersNextRun() throws Exception {
        server.answer(MappingServer.document(MappingFixtures.A));
        BetaHeadersService first = nodes.node("one", database, FilterSettings.RELOAD_INTERVAL_HOURS, "2");
        ReloadSchedule set = first.schedule().orElseThrow();
        first.close();
        nodes.forget(first);
        Thread.sleep(5);
        BetaHeadersService again = nodes.node("one", database, FilterSettings.RELOAD_INTERVAL_HOURS, "2");
        assertEquals(set.nextRun().toEpochMilli(), again.schedule().orElseThrow().nextRun().toEpochMilli());
        BetaHeadersService other = nodes.node("two", database, FilterSettings.RELOAD_INTERVAL_HOURS, "3");
        assertEquals(3.0, other.schedule().orElseThrow().intervalHours(), "another interval replaces it");
    }

    @Test
    void aStoreDownAtStartIsJoinedWhenItAnswers() throws Exception {
        server.answer(MappingServer.document(MappingFixtures.A));
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String url = "jdbc:h2:tcp://127.0.0.1:" + port + "/mem:bh_joined;DB_CLOSE_DELAY=-1";
        try (CapturedLog log = CapturedLog.of(CapturedLog.FILTER_LOGGER)) {
            BetaHeadersService alone = nodes.node("alone", url);
            assertEquals(sha(MappingFixtures.A), alone.current().sha256(), "started from its config URL");
            assertTrue(log.has(Level.WARNING, "node [alone]", "the shared store does not answer"), log.text());
            assertNotNull(alone.cluster().orElseThrow().storeError());
            ReloadNotFinishedException refused = assertThrows(ReloadNotFinishedException.class, alone::reload);
            assertTrue(!refused.queued() && refused.getMessage().contains("does not answer"), refused.getMessage());
            org.h2.tools.Server database = org.h2.tools.Server.createTcpServer("-tcpPort", String.valueOf(port),
                    "-ifNotExists").start();
            try {
                await("joined", () -> alone.cluster().orElseThrow().storeError() == null
                        && alone.cluster().orElseThrow().nodes().size() == 1);
                assertTrue(log.has(Level.INFO, "node [alone]", "answers again"), log.text());
                assertEquals(sha(MappingFixtures.A), Sha256.hex(store(url).latest().orElseThrow().document()),
                        "its document published as the store's first");
            } finally {
                alone.close();
                nodes.forget(alone);
                database.stop();
            }
        }
    }
}
