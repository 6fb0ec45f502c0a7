package io.github.betaheaders.load;

import io.github.betaheaders.core.FilterSettings;
import io.github.betaheaders.core.IntervalHours;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A reload schedule: reload every {@code intervalHours}, counted from the last run, or from when it was scheduled
 * before the first run. Immutable; a run gives a new one.
 *
 * @param intervalHours above 0, at most {@link #MAX_INTERVAL_HOURS}; fractions allowed
 * @param scheduledAt   when it was set
 * @param lastRun       when it last ran, or {@code null} before the first run
 * @param nextRun       when it runs next
 */
public record ReloadSchedule(double intervalHours, Instant scheduledAt, Instant lastRun, Instant nextRun) {

    public static final double MAX_INTERVAL_HOURS = FilterSettings.MAX_RELOAD_INTERVAL_HOURS;

    private static final double NANOS_PER_HOUR = 3_600_000_000_000d;

    public ReloadSchedule {
        checkHours(intervalHours);
        Objects.requireNonNull(scheduledAt, "scheduledAt");
        Objects.requireNonNull(nextRun, "nextRun");
    }

    /** A schedule set at {@code now}: the first run comes one interval later. */
    public static ReloadSchedule startingAt(double intervalHours, Instant now) {
        checkHours(intervalHours);
        return new ReloadSchedule(intervalHours, now, null, now.plus(interval(intervalHours)));
    }

    /** This schedule after a run at {@code at}: the next run comes one interval later. */
    public ReloadSchedule ranAt(Instant at) {
        return new ReloadSchedule(intervalHours, scheduledAt, at, at.plus(interval()));
    }

    public boolean isDue(Instant now) {
        return !now.isBefore(nextRun);
    }

    public Duration interval() {
        return interval(intervalHours);
    }

    private static Duration interval(double hours) {
        return Duration.ofNanos(Math.round(hours * NANOS_PER_HOUR));
    }

    /** What an interval may be, in words, for error messages. */
    public static String allowedHours() {
        return IntervalHours.allowed();
    }

    private static void checkHours(double hours) {
        if (!(hours > 0 && hours <= MAX_INTERVAL_HOURS)) {
            throw new IllegalArgumentException("interval [" + hours + "] is not " + allowedHours());
        }
    }

    /**
     * Reads an interval given as text, strictly: ASCII decimal digits with an optional fraction, nothing else.
     *
     * @throws IllegalArgumentException naming the text and what is allowed
     * @see IntervalHours#parse(String)
     */
    public static double parseHours(String text) {
        return IntervalHours.parse(text);
    }
}
