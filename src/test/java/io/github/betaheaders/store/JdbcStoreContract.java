package io.github.betaheaders.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.betaheaders.core.Sha256;
import io.github.betaheaders.learn.QuarantineEntry;
import io.github.betaheaders.learn.QuarantineSelector;
import io.github.betaheaders.load.ReloadSchedule;
import io.github.betaheaders.load.ReloadScheduler;
import io.github.betaheaders.testsupport.TestClock;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What every database must do for the shared store: one suite, run against embedded H2 and the machine's PostgreSQL
 * and MariaDB by its subclasses. Each store instance stands for one node; each test has its own table prefix and drops
 * its tables at the end.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcStoreContract {

    static final Instant START = Instant.parse("2026-07-01T10:00:00Z");
    private static final Duration LEASE = Duration.ofMinutes(5);
    private static final Duration CONNECTIONS_CLOSE_WITHIN = Duration.ofSeconds(10);
    private static final Duration POLL_EVERY = Duration.ofMillis(20);

    private String prefix;
    private final List<String> prefixesUsed = new ArrayList<>();

    /** The URL of the database for the store's connections (which the database can tell from the test's own). */
    protected abstract String jdbcUrl();

    protected abstract String user();

    /** {@code null} for none. */
    protected abstract String password();

    /** A connection of the test's own, not one of the store's. */
    protected abstract Connection adminConnection() throws SQLException;

    /** How many connections of the store's the database has open, seen on the test's own connection. */
    protected abstract int storeConnectionsOpen(Connection admin) throws SQLException;

    @BeforeEach
    void freshPrefix() {
        prefix = randomPrefix();
    }

    static String randomPrefix() {
        return "bh_test_" + UUID.randomUUID().toString().substring(0, 8) + "_";
    }

    @AfterEach
    void dropTables() throws SQLException {
        prefixesUsed.add(prefix);
        try (Connection admin = adminConnection(); Statement statement = admin.createStatement()) {
            for (String used : prefixesUsed) {
                for (String table : new StoreTables(used).all()) {
                    statement.execute("DROP TABLE IF EXISTS " + table);
                }
            }
        }
        prefixesUsed.clear();
    }

    DataSource dataSource() {
        return new DriverManagerDataSource(jdbcUrl(), user(), password(), Duration.ofSeconds(5),
                Duration.ofSeconds(30));
    }

    JdbcStore node(Clock clock) {
        return new JdbcStore(dataSource(), JdbcStoreOptions.defaults().withTablePrefix(prefix), clock);
    }

    /** {@code count} nodes on one clock. */
    List<JdbcStore> nodes(Clock clock, int count) {
        List<JdbcStore> nodes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            nodes.add(node(clock));
        }
        return nodes;
    }

    /** A count that a query with one text parameter gives. */
    static int count(Connection connection, String sql, String parameter) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            if (parameter != null) {
                select.setString(1, parameter);
            }
            try (ResultSet count = select.executeQuery()) {
                count.next();
                return count.getInt(1);
            }
        }
    }

    private static byte[] document(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aScheduleSetChangedOrCancelledOnOneNodeHoldsOnTheOthers() {
        TestClock clock = new TestClock(START);
        List<JdbcStore> nodes = nodes(clock, 3);
        JdbcStore one = nodes.get(0);
        JdbcStore two = nodes.get(1);
        JdbcStore three = nodes.get(2);
        assertEquals(Optional.empty(), two.current());

        ReloadSchedule daily = ReloadSchedule.startingAt(24, START);
        one.put(daily);
        assertEquals(Optional.of(daily), two.current());

        ReloadSchedule halfHourly = ReloadSchedule.startingAt(0.5, START.plusSeconds(60));
        assertTrue(two.replace(daily, halfHourly));
        assertFalse(one.replace(daily, ReloadSchedule.startingAt(1, START)), "replaced a schedule no longer there");
        assertEquals(Optional.of(halfHourly), three.current());

        ReloadSchedule ran = halfHourly.ranAt(START.plusSeconds(1860));
        assertTrue(three.replace(halfHourly, ran));
        assertEquals(Optional.of(ran), one.current());

        ReloadSchedule hourly = ReloadSchedule.startingAt(1, START.plusSeconds(7200));
        one.put(hourly);
        assertEquals(Optional.of(hourly), two.current());

        assertTrue(three.remove());
        assertEquals(Optional.empty(), one.current());
        assertFalse(two.remove());
        assertFalse(one.replace(hourly, hourly.ranAt(START.plusSeconds(10_800))),
                "a run finishing after the cancel brought the schedule back");
        assertEquals(Optional.empty(), two.current());
    }

    @Test
    void theReloadSchedulerRunsOnTheStoreAndAnotherNodeSeesTheRun() {
        TestClock clock = new TestClock(START);
        JdbcStore mine = node(clock);
        JdbcStore other = node(clock);
        AtomicInteger reloads = new AtomicInteger();
        ReloadScheduler scheduler = new ReloadScheduler(mine, reloads::incrementAndGet, clock, Duration.ofSeconds(10),
                Duration.ofSeconds(1));
        ReloadSchedule set = scheduler.schedule(1);
        assertEquals(Optional.of(set), other.current());
        assertFalse(scheduler.check());

        clock.advance(Duration.ofHours(1));
        assertTrue(scheduler.check());
        assertEquals(1, reloads.get());
        assertEquals(Optional.of(set.ranAt(clock.instant())), other.current());
        assertFalse(scheduler.check(), "ran twice for one interval");
        assertTrue(scheduler.cancel());
        assertEquals(Optional.empty(), other.current());
    }

    @Test
    void exactlyOneOfManyRacingNodesRunsEachDueRunAndTheScheduleRecordsIt() throws Exception {
        int runs = 25;
        int nodes = 3;
        int threadsPerNode = 4;
        TestClock clock = new TestClock(START);
        List<JdbcStore> stores = nodes(clock, nodes);
        ReloadSchedule hourly = new ReloadSchedule(1, START.minusSeconds(3600), null, START);
        stores.get(0).put(hourly);

        Map<String, List<String>> winners = new ConcurrentHashMap<>();
        // The last thread to end a round moves the clock on by one interval, to the next due run.
        CyclicBarrier roundEnd = new CyclicBarrier(nodes * threadsPerNode, () -> clock.advance(Duration.ofHours(1)));
        ExecutorService pool = Executors.newFixedThreadPool(nodes * threadsPerNode);
        try {
            List<Future<?>> racers = new ArrayList<>();
            for (int n = 0; n < nodes; n++) {
                JdbcStore store = stores.get(n);
                for (int t = 0; t < threadsPerNode; t++) {
                    String name = "node-" + n + "-thread-" + t;
                    racers.add(pool.submit(() -> {
                        for (int round = 0; round < runs; round++) {
                            ReloadSchedule seen = store.current().orElseThrow();
                            if (seen.isDue(clock.instant())) {
                                store.tryClaimScheduledRun(seen, name, LEASE).ifPresent(claim -> {
                                    winners.computeIfAbsent(claim.runKey(), k -> new CopyOnWriteArrayList<>())
                                            .add(name);
                                    assertTrue(store.complete(claim), "the winner could not complete its run");
                                });
                            }
                            roundEnd.await(30, TimeUnit.SECONDS);
                        }
                        return null;
                    }));
                }
            }
            for (Future<?> racer : racers) {
                racer.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        Set<String> due = LongStream.range(0, runs)
                .mapToObj(h -> JdbcStore.scheduledRunKey(new ReloadSchedule(1, START, null, START.plusSeconds(h * 3600))))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(due, new TreeSet<>(winners.keySet()), "runs claimed");
        winners.forEach((run, won) -> assertEquals(1, won.size(), run + " was claimed by " + won));
        Instant lastRun = START.plusSeconds((runs - 1) * 3600L);
        assertEquals(Optional.of(new ReloadSchedule(1, START.minusSeconds(3600), lastRun, lastRun.plusSeconds(3600))),
                stores.get(2).current());
    }

    @Test
    void aRunWhoseLeaseExpiredIsTakenByAnotherNodeAndTheFirstCannotCompleteIt() {
        TestClock clock = new TestClock(START);
        JdbcStore a = node(clock);
        JdbcStore b = node(clock);
        ReloadSchedule hourly = new ReloadSchedule(1, START.minusSeconds(3600), null, START);
        a.put(hourly);
        Duration lease = Duration.ofSeconds(30);

        RunClaim first = a.tryClaimScheduledRun(hourly, "node-a", lease).orElseThrow();
        assertEquals(1, first.attempt());
        clock.advance(Duration.ofSeconds(29));
        assertEquals(Optional.empty(), b.tryClaimScheduledRun(hourly, "node-b", lease), "taken under a live lease");

        clock.advance(Duration.ofSeconds(2));
        RunClaim second = b.tryClaimScheduledRun(hourly, "node-b", lease).orElseThrow();
        assertEquals(2, second.attempt());
        assertEquals("node-b", second.node());
        assertFalse(a.complete(first), "the node whose lease expired completed the run");
        assertEquals(Optional.of(hourly), b.current(), "the stale completion moved the schedule");

        assertTrue(b.complete(second));
        assertEquals(Optional.of(hourly.ranAt(clock.instant())), a.current());
        assertFalse(b.complete(second), "completed twice");
        clock.advance(Duration.ofHours(2));
        assertEquals(Optional.empty(), a.tryClaimScheduledRun(hourly, "node-a", lease), "a completed run ran again");
    }

    @Test
    void aReloadRequestedOnOneNodeStaysOpenForAllUntilTheNodeThatClaimedItCompletesIt() {
        TestClock clock = new TestClock(START);
        List<JdbcStore> nodes = nodes(clock, 3);
        JdbcStore a = nodes.get(0);
        JdbcStore b = nodes.get(1);
        JdbcStore c = nodes.get(2);
        ReloadSchedule daily = ReloadSchedule.startingAt(24, START);
        a.put(daily);

        ReloadRequest request = a.requestReload("node-a");
        assertEquals(List.of(request), b.openReloadRequests());
        assertEquals(List.of(request), c.openReloadRequests(), "reading the request on one node cleared it");
        assertEquals(List.of(request), b.openReloadRequests());

        RunClaim claim = b.tryClaim(request, "node-b", LEASE).orElseThrow();
        assertEquals(RunKind.MANUAL, claim.kind());
        assertEquals(Optional.empty(), c.tryClaim(request, "node-c", LEASE));
        assertEquals(List.of(request), c.openReloadRequests(), "a claimed run is open until completed");

        assertTrue(b.complete(claim));
        assertEquals(List.of(), a.openReloadRequests());
        assertEquals(List.of(), c.openReloadRequests());
        assertEquals(Optional.empty(), c.tryClaim(request, "node-c", LEASE));
        assertEquals(Optional.of(daily), c.current(), "a manual reload moved the schedule");
    }

    @Test
    void revisionsOnlyGrowUnderConcurrentPublishesFromManyNodes() throws Exception {
        int nodes = 3;
        int threadsPerNode = 3;
        int publishesEach = 5;
        Clock clock = Clock.systemUTC();
        List<List<Long>> seen = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(nodes * threadsPerNode);
        CyclicBarrier start = new CyclicBarrier(nodes * threadsPerNode);
        try {
            List<Future<?>> publishers = new ArrayList<>();
            for (int n = 0; n < nodes; n++) {
                JdbcStore store = node(clock);
                for (int t = 0; t < threadsPerNode; t++) {
                    String name = "node-" + n + "-thread-" + t;
                    publishers.add(pool.submit(() -> {
                        start.await(30, TimeUnit.SECONDS);
                        List<Long> mine = new ArrayList<>();
                        for (int i = 0; i < publishesEach; i++) {
                            byte[] bytes = document("{\"by\":\"" + name + "\",\"n\":" + i + "}");
                            mine.add(store.publish(bytes, Sha256.hex(bytes), "test", name).revision());
                        }
                        seen.add(mine);
                        return null;
                    }));
                }
            }
            for (Future<?> publisher : publishers) {
                publisher.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        Set<Long> all = new TreeSet<>();
        for (List<Long> mine : seen) {
            for (int i = 1; i < mine.size(); i++) {
                assertTrue(mine.get(i) > mine.get(i - 1), "revisions of one publisher did not grow: " + mine);
            }
            all.addAll(mine);
        }
        int total = nodes * threadsPerNode * publishesEach;
        assertEquals(LongStream.rangeClosed(1, total).boxed().collect(Collectors.toSet()), all);
        assertEquals(OptionalLong.of(total), node(clock).latestRevision());
        assertEquals(total, node(clock).latest().orElseThrow().revision());
    }

    @Test
    void theLatestDocumentPublishedOnOneNodeIsWhatAnotherReads() {
        TestClock clock = new TestClock(START);
        JdbcStore a = node(clock);
        JdbcStore b = node(clock);
        assertEquals(Optional.empty(), b.latest());
        assertEquals(OptionalLong.empty(), b.latestRevision());

        byte[] first = document("{\"anthropic\":{}}");
        a.publish(first, Sha256.hex(first), "https://config.test/first.json", "node-a");
        clock.advance(Duration.ofMinutes(1));
        byte[] second = document("{\"anthropic\":{\"x\":\"y\"}}");
        PublishedDocument published = a.publish(second, Sha256.hex(second), "https://config.test/second.json",
                "node-a");
        assertEquals(2, published.revision());

        PublishedDocument read = b.latest().orElseThrow();
        assertEquals(2, read.revision());
        assertArrayEquals(second, read.document());
        assertEquals(Sha256.hex(second), read.sha256());
        assertEquals("https://config.test/second.json", read.source());
        assertEquals("node-a", read.publishedBy());
        assertEquals(clock.instant(), read.publishedAt());
        assertEquals(OptionalLong.of(2), b.latestRevision());

        assertThrows(IllegalArgumentException.class,
                () -> a.publish(first, Sha256.hex(second), "https://config.test/bad.json", "node-a"));
        assertEquals(OptionalLong.of(2), b.latestRevision(), "a document with a wrong sha256 was published");
    }

    @Test
    void pruningKeepsTheNewestDocumentsAndOpenRunsAndRevisionsGoOnGrowing() {
        TestClock clock = new TestClock(START);
        JdbcStore a = node(clock);
        JdbcStore b = node(clock);
        for (int i = 1; i <= 5; i++) {
            byte[] bytes = document("{\"n\":" + i + "}");
            a.publish(bytes, Sha256.hex(bytes), "test", "node-a");
        }
        assertEquals(3, b.pruneDocuments(2));
        assertEquals(0, b.pruneDocuments(2));
        assertEquals(5, a.latest().orElseThrow().revision());
        byte[] next = document("{\"n\":6}");
        assertEquals(6, b.publish(next, Sha256.hex(next), "test", "node-b").revision());

        ReloadSchedule hourly = new ReloadSchedule(1, START.minusSeconds(3600), null, START);
        a.put(hourly);
        assertTrue(a.complete(a.tryClaimScheduledRun(hourly, "node-a", LEASE).orElseThrow()));
        ReloadRequest open = a.requestReload("node-a");
        RunClaim running = b.tryClaim(b.requestReload("node-b"), "node-b", LEASE).orElseThrow();
        clock.advance(Duration.ofDays(1));
        assertEquals(1, b.pruneRuns(clock.instant()));
        List<ReloadRequest> stillOpen = a.openReloadRequests();
        assertEquals(2, stillOpen.size(), "open runs were pruned: " + stillOpen);
        assertTrue(stillOpen.contains(open), stillOpen.toString());
        assertTrue(b.complete(running));
    }

    @Test
    void theOverridesPublishedOnOneNodeAreWhatAnotherReadsUnderTheirOwnRevisions() {
        TestClock clock = new TestClock(START);
        JdbcStore a = node(clock);
        JdbcStore b = node(clock);
        assertEquals(Optional.empty(), b.latestOverrides());
        assertEquals(OptionalLong.empty(), b.latestOverridesRevision());
        byte[] mapping = document("{\"anthropic\":{}}");
        a.publish(mapping, Sha256.hex(mapping), "https://config.test/m.json", "node-a");
        a.publish(mapping, Sha256.hex(mapping), "https://config.test/m.json", "node-a");

        byte[] first = document("{\"bedrock\":{\"x\":null}}");
        PublishedOverrides published = a.publishOverrides(first, "node-a");
        assertEquals(1, published.revision(), "the overrides' revisions are not the documents'");
        clock.advance(Duration.ofMinutes(1));
        byte[] none = document("{}\n");
        assertEquals(2, b.publishOverrides(none, "node-b").revision());

        PublishedOverrides read = a.latestOverrides().orElseThrow();
        assertEquals(2, read.revision());
        assertArrayEquals(none, read.document());
        assertEquals(Sha256.hex(none), read.sha256());
        assertEquals("node-b", read.publishedBy());
        assertEquals(clock.instant(), read.publishedAt());
        assertEquals(OptionalLong.of(2), a.latestOverridesRevision());
        assertEquals(OptionalLong.of(2), a.latestRevision(), "publishing overrides moved the documents' revision");
    }

    @Test
    void overridesRevisionsOnlyGrowUnderConcurrentPublishesAndPruningKeepsTheNewest() throws Exception {
        int publishers = 4;
        int publishesEach = 5;
        List<JdbcStore> nodes = nodes(Clock.systemUTC(), publishers);
        List<Long> all = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(publishers);
        CyclicBarrier start = new CyclicBarrier(publishers);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int n = 0; n < publishers; n++) {
                JdbcStore store = nodes.get(n);
                String name = "node-" + n;
                running.add(pool.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    long previous = 0;
                    for (int i = 0; i < publishesEach; i++) {
                        long revision = store.publishOverrides(document("{\"" + name + "\":{\"b" + i
                                + "\":null}}"), name).revision();
                        assertTrue(revision > previous, "revisions of one publisher did not grow");
                        previous = revision;
                        all.add(revision);
                    }
                    return null;
                }));
            }
            for (Future<?> publisher : running) {
                publisher.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        int total = publishers * publishesEach;
        assertEquals(LongStream.rangeClosed(1, total).boxed().collect(Collectors.toSet()), new TreeSet<>(all));
        JdbcStore reader = nodes.get(0);
        assertEquals(total - 3, reader.pruneOverrides(3));
        assertEquals(0, reader.pruneOverrides(3));
        assertEquals(total, reader.latestOverrides().orElseThrow().revision());
        assertEquals(total + 1, reader.publishOverrides(document("{}"), "node-0").revision());
        assertThrows(IllegalArgumentException.class, () -> reader.pruneOverrides(0));
    }

    @Test
    void quarantinesWrittenOnOneNodeAreReadOnAnotherUntilTheyExpireOrAreRemoved() {
        TestClock clock = new TestClock(START);
        JdbcStore a = node(clock);
        JdbcStore b = node(clock);
        assertEquals(List.of(), b.quarantine(START));
        String longModel = "arn:aws:bedrock:us-east-1:123456789012:inference-profile/" + "m".repeat(400);
        QuarantineEntry named = new QuarantineEntry("bedrock", longModel, "x-beta", QuarantineEntry.NAMED,
                "Unexpected value `x-beta`", START, START.plus(Duration.ofHours(24)));
        QuarantineEntry noModel = new QuarantineEntry("anthropic", null, "y-beta", QuarantineEntry.UNNAMED,
                "x".repeat(3000), START.plusSeconds(1), START.plus(Duration.ofHours(1)));
        a.putQuarantine(List.of(named, noModel));
        List<QuarantineEntry> read = b.quarantine(START);
        assertEquals(2, read.size(), read.toString());
        assertEquals(named, read.get(0));
        assertEquals(null, read.get(1).model());
        assertEquals(JdbcStore.MAX_TEXT, read.get(1).evidence().length(), "evidence cut to its column");

        QuarantineEntry renewed = new QuarantineEntry("bedrock", longModel, "x-beta", QuarantineEntry.NAMED,
                "again", START.plusSeconds(5), START.plus(Duration.ofHours(48)));
        b.putQuarantine(List.of(renewed));
        assertEquals(List.of(named.beta(), "y-beta").size(), a.quarantine(START).size(), "one row per beta");
        assertEquals(List.of(renewed), a.quarantine(START.plus(Duration.ofHours(2))), "an expired entry was read");
        assertEquals(1, b.pruneQuarantine(START.plus(Duration.ofHours(2))));

        a.putQuarantine(List.of(noModel));
        List<QuarantineEntry> removed = b.removeQuarantine(new QuarantineSelector("bedrock", true, null, null));
        assertEquals(List.of(renewed), removed);
        assertEquals(1, a.quarantine(START).size());
        assertEquals(1, b.removeQuarantine(QuarantineSelector.ALL).size());
        assertEquals(List.of(), a.quarantine(START));
    }

    @Test
    void aFailedFetchPublishesNothingAndIsKeptForTheStatus() {
        TestClock clock = new TestClock(START);
        List<JdbcStore> nodes = nodes(clock, 3);
        JdbcStore a = nodes.get(0);
        JdbcStore b = nodes.get(1);
        JdbcStore c = nodes.get(2);
        byte[] good = document("{\"anthropic\":{}}");
        a.publish(good, Sha256.hex(good), "https://config.test/m.json", "node-a");
        assertEquals(List.of(), c.fetchFailures());

        clock.advance(Duration.ofMinutes(1));
        b.recordFailure("node-b", "https://config.test/m.json: answered HTTP 500, expected 200");
        assertEquals(1, c.latest().orElseThrow().revision());
        assertArrayEquals(good, c.latest().orElseThrow().document());
        assertEquals(List.of(new FetchFailure("node-b", "https://config.test/m.json: answered HTTP 500, expected 200",
                clock.instant())), c.fetchFailures());

        clock.advance(Duration.ofMinutes(1));
        b.recordFailure("node-b", "https://config.test/m.json: timed out");
        clock.advance(Duration.ofMinutes(1));
        String longMessage = "x".repeat(5000);
        a.recordFailure("node-a", longMessage);
        List<FetchFailure> failures = c.fetchFailures();
        assertEquals(List.of("node-a", "node-b"), failures.stream().map(FetchFailure::node).toList());
        assertEquals(JdbcStore.MAX_TEXT, failures.get(0).message().length());
        assertEquals("https://config.test/m.json: timed out", failures.get(1).message());
    }

    @Test
    void heartbeatsShowEachNodeToEveryOther() {
        TestClock clock = new TestClock(START);
        JdbcStore a = node(clock);
        JdbcStore b = node(clock);
        String sha = Sha256.hex(document("{}"));
        a.heartbeat("node-a", sha, 3, null);
        b.heartbeat("node-b", null, JdbcStore.NO_REVISION, "the database was down");
        assertEquals(List.of(new NodeStatus("node-a", sha, 3, START, null),
                new NodeStatus("node-b", null, JdbcStore.NO_REVISION, START, "the database was down")), a.nodes());

        clock.advance(Duration.ofSeconds(10));
        b.heartbeat("node-b", sha, 3, null);
        assertEquals(new NodeStatus("node-b", sha, 3, START.plusSeconds(10), null), a.nodes().get(1));
    }

    @Test
    void nodesStartingTogetherAllFindTheTablesThatOneOfThemCreated() throws Exception {
        int rounds = 5;
        int nodes = 6;
        ExecutorService pool = Executors.newFixedThreadPool(nodes);
        try {
            for (int round = 0; round < rounds; round++) {
                String fresh = randomPrefix();
                prefixesUsed.add(fresh);
                CyclicBarrier start = new CyclicBarrier(nodes);
                List<Future<Optional<ReloadSchedule>>> starts = new ArrayList<>();
                for (int n = 0; n < nodes; n++) {
                    JdbcStore store = new JdbcStore(dataSource(), JdbcStoreOptions.defaults().withTablePrefix(fresh),
                            Clock.systemUTC());
                    starts.add(pool.submit(() -> {
                        start.await(30, TimeUnit.SECONDS);
                        return store.current();
                    }));
                }
                for (Future<Optional<ReloadSchedule>> started : starts) {
                    assertEquals(Optional.empty(), started.get(60, TimeUnit.SECONDS));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void withoutCreateTablesMissingTablesGiveAnErrorNamingTheTable() {
        String missing = randomPrefix();
        prefixesUsed.add(missing);
        JdbcStore store = new JdbcStore(dataSource(),
                JdbcStoreOptions.defaults().withTablePrefix(missing).withCreateTables(false), Clock.systemUTC());
        StoreException e = assertThrows(StoreException.class, store::current);
        assertTrue(e.getMessage().contains("table " + missing + "schedule is missing"), e.getMessage());
        assertTrue(e.getMessage().contains("createTables=false"), e.getMessage());
        assertThrows(StoreException.class, store::latest, "the second call found tables that are not there");

        node(Clock.systemUTC()).current();
        JdbcStore byDba = new JdbcStore(dataSource(),
                JdbcStoreOptions.defaults().withTablePrefix(prefix).withCreateTables(false), Clock.systemUTC());
        assertEquals(Optional.empty(), byDba.current(), "tables that exist were not used");
    }

    @Test
    void aStatementBlockedByAnotherTransactionEndsWithinTheQueryTimeout() throws SQLException {
        TestClock clock = new TestClock(START);
        Duration timeout = Duration.ofSeconds(1);
        JdbcStore store = new JdbcStore(dataSource(),
                JdbcStoreOptions.defaults().withTablePrefix(prefix).withQueryTimeout(timeout), clock);
        ReloadSchedule daily = ReloadSchedule.startingAt(24, START);
        store.put(daily);
        try (Connection admin = adminConnection()) {
            admin.setAutoCommit(false);
            try (PreparedStatement lock = admin.prepareStatement(
                    "SELECT id FROM " + store.tables().schedule() + " WHERE id = 1 FOR UPDATE")) {
                lock.executeQuery().close();
            }
            long started = System.nanoTime();
            StoreException e = assertThrows(StoreException.class,
                    () -> store.put(ReloadSchedule.startingAt(1, START)));
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            admin.rollback();
            assertTrue(took.compareTo(timeout.minusMillis(100)) >= 0, "did not wait for the lock: " + took);
            assertTrue(took.compareTo(timeout.plusSeconds(3)) < 0, "took " + took + " with a timeout of " + timeout);
            assertTrue(e.getMessage().contains("setting the schedule in " + store.tables().schedule()),
                    e.getMessage());
        }
        assertEquals(Optional.of(daily), store.current());
    }

    @Test
    void noCallLeavesAConnectionOpen() throws SQLException {
        TestClock clock = new TestClock(START);
        try (Connection admin = adminConnection()) {
            try (Connection held = dataSource().getConnection()) {
                assertTrue(storeConnectionsOpen(admin) >= 1, "the count does not see the store's connections");
            }
            awaitStoreConnections(admin, 0);

            JdbcStore a = node(clock);
            JdbcStore b = node(clock);
            ReloadSchedule hourly = new ReloadSchedule(1, START.minusSeconds(3600), null, START);
            a.put(hourly);
            assertTrue(b.replace(hourly, hourly));
            RunClaim claim = b.tryClaimScheduledRun(hourly, "node-b", LEASE).orElseThrow();
            assertEquals(Optional.empty(), a.tryClaimScheduledRun(hourly, "node-a", LEASE));
            assertTrue(b.complete(claim));
            ReloadRequest request = a.requestReload("node-a");
            assertEquals(List.of(request), b.openReloadRequests());
            assertTrue(b.complete(b.tryClaim(request, "node-b", LEASE).orElseThrow()));
            byte[] bytes = document("{}");
            a.publish(bytes, Sha256.hex(bytes), "test", "node-a");
            b.latest().orElseThrow();
            b.latestRevision();
            a.recordFailure("node-a", "failed");
            a.recordFailure("node-a", "failed again");
            b.fetchFailures();
            a.heartbeat("node-a", Sha256.hex(bytes), 1, null);
            a.heartbeat("node-a", Sha256.hex(bytes), 1, null);
            b.nodes();
            assertTrue(a.remove());
            String missing = randomPrefix();
            prefixesUsed.add(missing);
            JdbcStore withoutTables = new JdbcStore(dataSource(),
                    JdbcStoreOptions.defaults().withTablePrefix(missing).withCreateTables(false), clock);
            assertThrows(StoreException.class, withoutTables::current);

            awaitStoreConnections(admin, 0);
        }
    }

    /** Waits until the database has closed the store's connections (it does so soon after the client closes them). */
    private void awaitStoreConnections(Connection admin, int expected) throws SQLException {
        long deadline = System.nanoTime() + CONNECTIONS_CLOSE_WITHIN.toNanos();
        int open = storeConnectionsOpen(admin);
        while (open != expected && System.nanoTime() < deadline) {
            LockSupport.parkNanos(POLL_EVERY.toNanos());
            open = storeConnectionsOpen(admin);
        }
        assertEquals(expected, open, "connections of the store's left open");
    }
}
