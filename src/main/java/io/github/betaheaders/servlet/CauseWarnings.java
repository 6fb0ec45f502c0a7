package io.github.betaheaders.servlet;

import java.lang.System.Logger.Level;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Warnings that a client can cause on every request, logged rate-limited: the first time for each cause, then at the
 * 10th, 100th, 1000th... time, each with the count so far, so that a hostile client cannot flood the log and the
 * operator still sees how often it happens. Counts are per logger's owner (the filter, the body reader).
 */
final class CauseWarnings {

    private final System.Logger log;
    private final ConcurrentHashMap<String, AtomicLong> counts = new ConcurrentHashMap<>();

    CauseWarnings(System.Logger log) {
        this.log = log;
    }

    /** Counts one occurrence of {@code cause} and logs {@code message} when the count is 1, 10, 100, ... */
    void warn(String cause, Supplier<String> message) {
        long n = counts.computeIfAbsent(cause, k -> new AtomicLong()).incrementAndGet();
        if (isPowerOfTen(n)) {
            log.log(Level.WARNING, () -> message.get() + " [" + cause + ": " + n + (n == 1 ? " time" : " times")
                    + " so far; logged the 1st, 10th, 100th... time]");
        }
    }

    private static boolean isPowerOfTen(long n) {
        while (n >= 10 && n % 10 == 0) {
            n /= 10;
        }
        return n == 1;
    }
}
