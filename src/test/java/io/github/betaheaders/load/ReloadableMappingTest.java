package io.github.betaheaders.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.betaheaders.testsupport.TestClock;
import io.github.betaheaders.testsupport.MappingFixtures;
import io.github.betaheaders.testsupport.MappingServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The loader and the schedule together, against a real config server, with a hand-moved clock. */
class ReloadableMappingTest {

    @RegisterExtension
    static final MappingServer server = new MappingServer();
    final TestClock clock = new TestClock(Instant.parse("2026-07-01T10:00:00Z"));

    @AfterEach
    void noThreadLeft() {
        assertTrue(ReloadSchedulerTest.scheduleThreads().isEmpty(), "schedule thread alive");
        assertTrue(RemoteDocumentFetcherTest.fetchThreads().isEmpty(), "fetch thread alive");
    }

    private ReloadableMapping start(Double hours) throws Exception {
        server.clearRequests();
        server.answer(MappingServer.document(MappingFixtures.A));
        MappingSources sources = new MappingSources(server.url(), null, null, MappingFixtures.DEADLINE,
                MappingFixtures.MAX_BYTES);
        return ReloadableMapping.start(sources, hours, Duration.ofMillis(5), clock, new InMemoryScheduleStore());
    }

    private static String sha256(String document) {
        return MappingDocuments.sha256(document.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aScheduledReloadSwapsTheMappingAgainAndAgain() throws Exception {
        try (ReloadableMapping mapping = start(1.0)) {
            assertTrue(mapping.scheduler().current().isPresent(), "reloadIntervalHours set no schedule");
            server.answer(MappingServer.alternating(MappingServer.plainChunked(MappingFixtures.B),
                    MappingServer.plainChunked(MappingFixtures.A)));
            clock.advance(Duration.ofHours(1));
            ReloadSchedulerTest.await(() -> mapping.active().current().sha256().equals(sha256(MappingFixtures.B)));
            clock.advance(Duration.ofHours(1));
            ReloadSchedulerTest.await(() -> mapping.active().current().sha256().equals(sha256(MappingFixtures.A)));
            assertEquals(3, server.requests().size(), "start and two scheduled runs: " + server.requests());
        }
    }

    @Test
    void aManualReloadDoesNotCancelTheSchedule() throws Exception {
        try (ReloadableMapping mapping = start(null)) {
            ReloadSchedule schedule = mapping.scheduler().schedule(2);
            clock.advance(Duration.ofMinutes(30));
            server.answer(MappingServer.plainChunked(MappingFixtures.B));
            mapping.loader().reload();
            assertEquals(sha256(MappingFixtures.B), mapping.active().current().sha256());
            assertEquals(schedule, mapping.scheduler().current().orElseThrow(), "a manual reload changed the schedule");

            server.answer(MappingServer.plainChunked(MappingFixtures.A));
            clock.advance(Duration.ofMinutes(90));
            ReloadSchedulerTest.await(() -> mapping.active().current().sha256().equals(sha256(MappingFixtures.A)));
            ReloadSchedulerTest.await(() -> mapping.scheduler().current().orElseThrow().lastRun() != null);
            assertEquals(clock.instant(), mapping.scheduler().current().orElseThrow().lastRun());
        }
    }

    @Test
    void aFailedScheduledReloadKeepsTheMappingAndTheSchedule() throws Exception {
        try (ReloadableMapping mapping = start(1.0)) {
            LoadedMapping good = mapping.active().current();
            server.answer(MappingServer.status(500));
            clock.advance(Duration.ofHours(1));
            ReloadSchedulerTest.await(() -> !mapping.loader().status().lastAttempt().succeeded());
            assertEquals(good, mapping.active().current());
            ReloadSchedulerTest.await(() -> mapping.scheduler().current().orElseThrow().lastRun() != null);
            server.answer(MappingServer.plainChunked(MappingFixtures.B));
            clock.advance(Duration.ofHours(1));
            ReloadSchedulerTest.await(() -> mapping.active().current().sha256().equals(sha256(MappingFixtures.B)));
        }
    }

    @Test
    void closeStopsTheScheduleAndAFetchInFlight() throws Exception {
        ReloadableMapping mapping = start(1.0);
        assertFalse(ReloadSchedulerTest.scheduleThreads().isEmpty());
        server.answer(MappingServer.endlessBody());
        clock.advance(Duration.ofHours(1));
        ReloadSchedulerTest.await(() -> !RemoteDocumentFetcherTest.fetchThreads().isEmpty());
        long start = System.nanoTime();
        mapping.close();
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 500, "close waited for the deadline");
    }
}
