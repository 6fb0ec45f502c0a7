package io.github.betaheaders.load;

import io.github.betaheaders.core.IntervalHours;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs the reload schedule kept in a {@link ScheduleStore}: one daemon thread checks every {@code checkEvery} whether
 * the interval has passed since the last run (or since the schedule was set), and reloads when it has. A schedule
 * repeats until cancelled; a failed reload counts as a run (the next try comes one interval later); a manual reload
 * does not touch it. {@link #close()} stops the thread and waits for it.
 */
public final class ReloadScheduler implements AutoCloseable {

    /** Name of the schedule's thread. */
    public static final String THREAD_NAME = "anthropic-beta-headers-reload-schedule";

    private static final System.Logger LOG = System.getLogger(ReloadScheduler.class.getName());

    private final ScheduleStore store;
    private final Runnable reload;
    private final Clock clock;
    private final Duration checkEvery;
    private final PeriodicThread thread;

    /**
     * @param reload     what a run does; it must not throw for a failed reload (the loader logs those)
     * @param checkEvery how often the thread looks at the schedule
     * @param stopWait   how long {@link #close()} waits for a run in progress to end
     */
    public ReloadScheduler(ScheduleStore store, Runnable reload, Clock clock, Duration checkEvery, Duration stopWait) {
        this.store = Objects.requireNonNull(store, "store");
        this.reload = Objects.requireNonNull(reload, "reload");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.checkEvery = Objects.requireNonNull(checkEvery, "checkEvery");
        this.thread = new PeriodicThread(THREAD_NAME, checkEvery, this::checkQuietly,
                Objects.requireNonNull(stopWait, "stopWait"));
    }

    /** Starts the checking thread. */
    public void start() {
        thread.start();
    }

    /**
     * Sets the schedule (replacing any): reload every {@code hours}, the first run one interval from now.
     *
     * @throws IllegalArgumentException when {@code hours} is out of range or shorter than the check interval
     */
    public ReloadSchedule schedule(double hours) {
        IntervalHours.checkAtLeast(hours, checkEvery);
        ReloadSchedule schedule = ReloadSchedule.startingAt(hours, clock.instant());
        store.put(schedule);
        LOG.log(Level.INFO, () -> "the anthropic-beta mapping will be reloaded every " + hours + " hours, next at "
                + schedule.nextRun());
        return schedule;
    }

    /** Cancels the schedule; {@code false} when none was set. */
    public boolean cancel() {
        boolean removed = store.remove();
        if (removed) {
            LOG.log(Level.INFO, "the anthropic-beta mapping reload schedule is cancelled");
        }
        return removed;
    }

    public Optional<ReloadSchedule> current() {
        return store.current();
    }

    /** One check: runs the reload if it is due, and records the run. {@code true} when it ran. */
    public boolean check() {
        Optional<ReloadSchedule> schedule = store.current();
        if (schedule.isEmpty()) {
            return false;
        }
        Instant now = clock.instant();
        if (!schedule.get().isDue(now)) {
            return false;
        }
        try {
            reload.run();
        } finally {
            // Recorded even when the run threw: else the same due run would start again at every check.
            store.replace(schedule.get(), schedule.get().ranAt(now));
        }
        return true;
    }

    private void checkQuietly() {
        try {
            check();
        } catch (RuntimeException e) {
            // A schedule must outlive one bad run.
            LOG.log(Level.WARNING, "the scheduled reload of the anthropic-beta mapping failed", e);
        }
    }

    /** Stops the thread: interrupts a run in progress (which aborts its fetch) and waits for the thread to end. */
    @Override
    public void close() {
        thread.close();
    }
}
