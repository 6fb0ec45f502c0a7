package io.github.betaheaders.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * Decides which refused admin attempts are logged, so that a flood cannot fill the log: in each period (a fixed window
 * of {@code period}, such as a minute) at most one line per remote address and at most {@code maxLinesPerPeriod}
 * lines in all. The attempts not logged are counted, and the count of a finished period is handed out once by
 * {@link #suppressedInEndedPeriod()} for a summary line. Memory is bounded by {@code maxLinesPerPeriod} addresses.
 * Thread-safe.
 */
public final class RefusalLogLimiter {

    private final Clock clock;
    private final Duration period;
    private final int maxLinesPerPeriod;
    private final Set<String> loggedThisPeriod = new HashSet<>();
    private Instant periodStart;
    private long suppressedThisPeriod;
    private long suppressedToReport;

    public RefusalLogLimiter(Clock clock, Duration period, int maxLinesPerPeriod) {
        if (maxLinesPerPeriod < 1 || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be positive and maxLinesPerPeriod at least 1");
        }
        this.clock = clock;
        this.period = period;
        this.maxLinesPerPeriod = maxLinesPerPeriod;
        this.periodStart = clock.instant();
    }

    /**
     * Whether a refused attempt from {@code address} (or another key, one line per key and period) is to be logged
     * now; if not, it is counted as suppressed.
     */
    public synchronized boolean shouldLog(String address) {
        roll();
        if (loggedThisPeriod.size() < maxLinesPerPeriod && loggedThisPeriod.add(address)) {
            return true;
        }
        suppressedThisPeriod++;
        return false;
    }

    /** The number of refused attempts not logged in the periods that ended since the last call (0: none). */
    public synchronized long suppressedInEndedPeriod() {
        roll();
        long n = suppressedToReport;
        suppressedToReport = 0;
        return n;
    }

    public Duration period() {
        return period;
    }

    private void roll() {
        Instant now = clock.instant();
        if (!now.isBefore(periodStart.plus(period))) {
            suppressedToReport += suppressedThisPeriod;
            suppressedThisPeriod = 0;
            loggedThisPeriod.clear();
            periodStart = now;
        }
    }
}
