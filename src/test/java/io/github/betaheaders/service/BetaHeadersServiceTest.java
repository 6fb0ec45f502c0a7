package io.github.betaheaders.service;

import io.github.betaheaders.core.Sha256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.betaheaders.core.FilterSettings;
import io.github.betaheaders.core.Settings;
import io.github.betaheaders.load.InMemoryScheduleStore;
import io.github.betaheaders.load.MappingSnapshot;
import io.github.betaheaders.load.ReloadSchedule;
import io.github.betaheaders.load.ReloadSchedulerTest;
import io.github.betaheaders.load.RemoteDocumentFetcherTest;
import io.github.betaheaders.testsupport.MappingFixtures;
import io.github.betaheaders.testsupport.MappingServer;
import io.github.betaheaders.testsupport.TestClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The service: the loader and the schedule together, started from settings, against a real config server, with a
 * hand-moved clock.
 */
class BetaHeadersServiceTest {

    @RegisterExtension
    static final MappingServer server = new MappingServer();
    final TestClock clock = new TestClock(Instant.parse("2026-07-01T10:00:00Z"));

    @AfterEach
    void noThreadLeft() {
        assertTrue(ReloadSchedulerTest.scheduleThreads().isEmpty(), "schedule thread alive");
        assertTrue(RemoteDocumentFetcherTest.fetchThreads().isEmpty(), "fetch thread alive");
    }

    private BetaHeadersService start(Double hours) {
        server.clearRequests();
        server.answer(MappingServer.document(MappingFixtures.A));
        Map<String, String> params = new LinkedHashMap<>();
        params.put(FilterSettings.CONFIG_URL, server.url().toString());
        params.put(FilterSettings.SCHEDULE_CHECK_SECONDS, "1");
        if (hours != null) {
            params.put(FilterSettings.RELOAD_INTERVAL_HOURS, String.valueOf(hours));
        }
        FilterSettings settings = new FilterSettings(new Settings("filter [test]", params.keySet(), params::get,
                new Properties(), Map.of(), FilterSettings.NAMES, FilterSettings.LITELLM_ALIASES));
        return BetaHeadersService.start(settings, clock, new InMemoryScheduleStore());
    }

    private static String sha256(String document) {
        return Sha256.hex(document.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aScheduledReloadSwapsTheMappingAgainAndAgain() throws Exception {
        try (BetaHeadersService mapping = start(1.0)) {
            assertTrue(mapping.schedule().isPresent(), "reloadIntervalHours set no schedule");
            server.answer(MappingServer.alternating(MappingServer.plainChunked(MappingFixtures.B),
                    MappingServer.plainChunked(MappingFixtures.A)));
            clock.advance(Duration.ofHours(1));
            ReloadSchedulerTest.await(() -> mapping.current().sha256().equals(sha256(MappingFixtures.B)));
            clock.advance(Duration.ofHours(1));
            ReloadSchedulerTest.await(() -> mapping.current().sha256().equals(sha256(MappingFixtures.A)));
            assertEquals(3, server.requests().size(), "start and two scheduled runs: " + server.requests());
        }
    }

    @Test
    void aManualReloadDoesNotCancelTheSchedule() throws Exception {
        try (BetaHeadersService mapping = start(null)) {
            ReloadSchedule schedule = mapping.schedule(2);
            clock.advance(Duration.ofMinutes(30));
            server.answer(MappingServer.plainChunked(MappingFixtures.B));
            mapping.reload();
            assertEquals(sha256(MappingFixtures.B), mapping.current().sha256());
            assertEquals(schedule, mapping.schedule().orElseThrow(), "a manual reload changed the schedule");

            server.answer(MappingServer.plainChunked(MappingFixtures.A));
            clock.advance(Duration.ofMinutes(90));
            ReloadSchedulerTest.await(() -> mapping.current().sha256().equals(sha256(MappingFixtures.A)));
            ReloadSchedulerTest.await(() -> mapping.schedule().orElseThrow().lastRun() != null);
            assertEquals(clock.instant(), mapping.schedule().orElseThrow().lastRun());
        }
    }

    @Test
    void aFailedScheduledReloadKeepsTheMappingAndTheSchedule() throws Exception {
        try (BetaHeadersService mapping = start(1.0)) {
            MappingSnapshot good = mapping.current();
            server.answer(MappingServer.status(500));
            clock.advance(Duration.ofHours(1));
            ReloadSchedulerTest.await(() -> !mapping.status().lastAttempt().succeeded());
            assertEquals(good, mapping.current());
            ReloadSchedulerTest.await(() -> mapping.schedule().orElseThrow().lastRun() != null);
            server.answer(MappingServer.plainChunked(MappingFixtures.B));
            clock.advance(Duration.ofHours(1));
            ReloadSchedulerTest.await(() -> mapping.current().sha256().equals(sha256(MappingFixtures.B)));
        }
    }

    @Test
    void closeStopsTheScheduleAndAFetchInFlight() throws Exception {
        BetaHeadersService mapping = start(1.0);
        assertFalse(ReloadSchedulerTest.scheduleThreads().isEmpty());
        server.answer(MappingServer.endlessBody());
        int asked = server.requests().size();
        clock.advance(Duration.ofHours(1));
        // The config server has the scheduled fetch's request: the fetch is in flight.
        ReloadSchedulerTest.await(() -> server.requests().size() > asked);
        long start = System.nanoTime();
        mapping.close();
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 500, "close waited for the deadline");
    }

    @Test
    void twoRacingReloadsEachReportTheSnapshotTheyReplaced() throws Exception {
        try (BetaHeadersService mapping = start(null)) {
            MappingSnapshot initial = mapping.current();
            server.answer(MappingServer.alternating(
                    MappingServer.slow(Duration.ofMillis(300), MappingServer.plainChunked(MappingFixtures.B)),
                    MappingServer.slow(Duration.ofMillis(300), MappingServer.plainChunked(MappingFixtures.A))));
            java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                java.util.concurrent.Future<MappingReload> first = threads.submit(mapping::reload);
                java.util.concurrent.Future<MappingReload> second = threads.submit(mapping::reload);
                MappingReload a = first.get();
                MappingReload b = second.get();
                MappingReload earlier = a.before() == initial ? a : b;
                MappingReload later = earlier == a ? b : a;
                assertSame(initial, earlier.before(), "neither reload replaced the initial snapshot");
                assertSame(earlier.after(), later.before(), "the later reload reported a diff against a snapshot it "
                        + "did not replace");
                assertTrue(earlier.changed() && later.changed(), earlier + " / " + later);
            } finally {
                threads.shutdownNow();
            }
        }
    }
}
