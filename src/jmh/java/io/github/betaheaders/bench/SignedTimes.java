package io.github.betaheaders.bench;

import java.util.Arrays;
import java.util.List;

/**
 * Durations in nanoseconds that may be negative (one event's time less another's, where either can come first),
 * sorted, with their percentiles in microseconds. Immutable.
 */
final class SignedTimes {

    private final long[] sorted;

    SignedTimes(long[] nanos) {
        sorted = nanos.clone();
        Arrays.sort(sorted);
    }

    /** All as one. */
    static SignedTimes pooled(List<SignedTimes> parts) {
        return new SignedTimes(parts.stream().flatMapToLong(p -> Arrays.stream(p.sorted)).toArray());
    }

    int count() {
        return sorted.length;
    }

    /** The value at or below which a fraction {@code p} (0 to 1) of them lie, in microseconds; NaN for none. */
    double percentileMicros(double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank))] / 1000.0;
    }

    double p50() {
        return percentileMicros(0.50);
    }

    double p99() {
        return percentileMicros(0.99);
    }

    /** {@code p50 +1,234 p90 ... p99 ... max ... us}, signed. */
    String summary() {
        return String.format("p50 %+,8.0f  p90 %+,8.0f  p99 %+,8.0f  max %+,8.0f us", p50(), percentileMicros(0.90),
                p99(), percentileMicros(1.0));
    }

    /** {@code median +12 us, mean +15 us ± 4 us}: of values in microseconds, the mean with two standard errors. */
    static String spread(List<Double> micros) {
        if (micros.isEmpty()) {
            return "none";
        }
        Spread spread = Spread.of(micros);
        return String.format("median %+,.0f us, mean %+,.0f us ± %,.0f us", spread.median(), spread.mean(),
                2 * spread.standardError());
    }
}
