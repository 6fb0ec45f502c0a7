package io.github.betaheaders.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.betaheaders.testsupport.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The schedule's thread with a hand-moved clock: hours pass in milliseconds. */
public class ReloadSchedulerTest {

    static final Duration CHECK = Duration.ofMillis(5);

    final TestClock clock = new TestClock(Instant.parse("2026-07-01T10:00:00Z"));
    final AtomicInteger runs = new AtomicInteger();
    final InMemoryScheduleStore store = new InMemoryScheduleStore();
    ReloadScheduler scheduler;

    private ReloadScheduler start(Runnable reload) {
        scheduler = new ReloadScheduler(store, reload, clock, CHECK, Duration.ofSeconds(2));
        scheduler.start();
        return scheduler;
    }

    @AfterEach
    void stop() {
        if (scheduler != null) {
            scheduler.close();
        }
        assertTrue(scheduleThreads().isEmpty(), "schedule thread alive after close: " + scheduleThreads());
    }

    /** Without the thread: each {@code check()} is one look at the schedule, at the hand-moved clock's time. */
    private ReloadScheduler unstarted(Runnable reload) {
        scheduler = new ReloadScheduler(store, reload, clock, CHECK, Duration.ofSeconds(2));
        return scheduler;
    }

    @Test
    void repeatsEveryIntervalUntilCancelled() {
        unstarted(runs::incrementAndGet);
        Instant set = clock.instant();
        ReloadSchedule schedule = scheduler.schedule(2);
        assertEquals(new ReloadSchedule(2, set, null, set.plus(Duration.ofHours(2))), schedule);

        clock.advance(Duration.ofMinutes(119));
        assertFalse(scheduler.check(), "ran before the interval had passed");
        assertEquals(0, runs.get());

        for (int round = 1; round <= 3; round++) {
            clock.advance(Duration.ofHours(2));
            assertTrue(scheduler.check(), "round " + round + " did not run");
            assertFalse(scheduler.check(), "ran more than once for one interval");
            assertEquals(round, runs.get());
        }
        ReloadSchedule after = scheduler.current().orElseThrow();
        assertEquals(set, after.scheduledAt());
        assertEquals(clock.instant(), after.lastRun());
        assertEquals(after.lastRun().plus(Duration.ofHours(2)), after.nextRun());

        assertTrue(scheduler.cancel());
        assertFalse(scheduler.cancel(), "a second cancel found a schedule");
        clock.advance(Duration.ofDays(30));
        assertFalse(scheduler.check(), "ran after cancel");
        assertEquals(3, runs.get());
        assertTrue(scheduler.current().isEmpty());
    }

    @Test
    void theThreadRunsEachDueIntervalOnce() throws Exception {
        start(runs::incrementAndGet);
        scheduler.schedule(2);
        for (int round = 1; round <= 3; round++) {
            clock.advance(Duration.ofHours(2));
            int expected = round;
            await(() -> runs.get() == expected);
            awaitRecorded(round);
        }
        assertEquals(3, runs.get());
    }

    private void awaitRecorded(int round) throws InterruptedException {
        await(() -> scheduler.current().map(s -> s.lastRun() != null && !s.isDue(clock.instant())).orElse(false));
    }

    @Test
    void fractionsOfAnHourWork() throws Exception {
        start(runs::incrementAndGet);
        ReloadSchedule schedule = scheduler.schedule(0.25);
        assertEquals(Duration.ofMinutes(15), schedule.interval());
        clock.advance(Duration.ofMinutes(15));
        await(() -> runs.get() == 1);
    }

    @Test
    void anIntervalShorterThanTheCheckIntervalIsRefusedNamingTheMinimum() {
        scheduler = new ReloadScheduler(store, runs::incrementAndGet, clock, Duration.ofSeconds(10), Duration.ofSeconds(2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> scheduler.schedule(1e-300));
        assertEquals("hours [" + java.math.BigDecimal.valueOf(1e-300).toPlainString() + "] is shorter than the "
                + "schedule's check interval (scheduleCheckSeconds): the minimum is 10 seconds (0.002778 hours)",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> scheduler.schedule(0.0027));
        assertTrue(scheduler.current().isEmpty());
        assertEquals(Duration.ofSeconds(10), scheduler.schedule(10 / 3600.0).interval());
        scheduler = null;
    }

    @Test
    void aNewScheduleReplacesTheOldAndCountsFromNow() {
        unstarted(runs::incrementAndGet);
        scheduler.schedule(1);
        clock.advance(Duration.ofMinutes(50));
        scheduler.schedule(1);
        clock.advance(Duration.ofMinutes(50));
        assertFalse(scheduler.check(), "the old schedule ran");
        clock.advance(Duration.ofMinutes(10));
        assertTrue(scheduler.check());
        assertEquals(1, runs.get());
    }

    @Test
    void aRunFinishingAfterACancelDoesNotBringTheScheduleBack() {
        scheduler = new ReloadScheduler(store, () -> {
            runs.incrementAndGet();
            store.remove();
        }, clock, CHECK, Duration.ofSeconds(2));
        scheduler.schedule(1);
        clock.advance(Duration.ofHours(1));
        assertTrue(scheduler.check());
        assertEquals(1, runs.get());
        assertTrue(scheduler.current().isEmpty(), "the run brought back a cancelled schedule");
        scheduler = null;
    }

    @Test
    void aRunThatThrowsDoesNotStopTheSchedule() throws Exception {
        start(() -> {
            runs.incrementAndGet();
            throw new IllegalStateException("boom");
        });
        scheduler.schedule(1);
        clock.advance(Duration.ofHours(1));
        await(() -> runs.get() == 1);
        // The failed run is recorded: the thread's next checks do not start it again before the next interval.
        await(() -> scheduler.current().orElseThrow().lastRun() != null);
        assertFalse(scheduler.check());
        assertEquals(1, runs.get());
        clock.advance(Duration.ofHours(1));
        await(() -> runs.get() == 2);
    }

    @Test
    void nothingScheduledNothingRuns() {
        unstarted(runs::incrementAndGet);
        clock.advance(Duration.ofDays(365));
        assertFalse(scheduler.check());
        assertEquals(0, runs.get());
    }

    @Test
    void closeStopsTheThreadAndInterruptsARunInProgress() throws Exception {
        AtomicInteger interrupted = new AtomicInteger();
        start(() -> {
            runs.incrementAndGet();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.incrementAndGet();
            }
        });
        assertEquals(List.of(ReloadScheduler.THREAD_NAME), scheduleThreads());
        scheduler.schedule(1);
        clock.advance(Duration.ofHours(1));
        await(() -> runs.get() == 1);
        long start = System.nanoTime();
        scheduler.close();
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 1000, "close waited for the run");
        assertEquals(1, interrupted.get());
        assertTrue(scheduleThreads().isEmpty());
    }

    public static List<String> scheduleThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(ReloadScheduler.THREAD_NAME::equals).toList();
    }

    public static void await(BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("condition not met within 5 s");
            }
            Thread.sleep(2);
        }
    }
}
