package io.github.betaheaders.learn;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each beta was last forwarded in a successful request, per provider and model: the evidence that a refusal
 * which names no beta was not about that one. Bounded: at most {@code maxEntries} provider, model and beta
 * combinations; past it, those older than the window are forgotten, and if none is, new combinations are not
 * remembered (their betas then count as not accepted). A time already known is written again only when it is
 * {@link #REFRESH} old, so that a steady flow of requests mostly reads.
 */
public final class AcceptedBetas {

    /** The default bound on provider, model and beta combinations remembered. */
    public static final int MAX_ENTRIES = 10_000;
    static final Duration REFRESH = Duration.ofMinutes(1);

    private final int maxEntries;
    private final long windowMillis;
    /** {@code provider \n model \n beta} to the epoch millisecond it was last accepted. */
    private final ConcurrentHashMap<String, Long> lastAccepted = new ConcurrentHashMap<>();

    /**
     * @param maxEntries the most provider, model and beta combinations remembered
     * @param window     how long an acceptance counts
     */
    public AcceptedBetas(int maxEntries, Duration window) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries < 1: " + maxEntries);
        }
        this.maxEntries = maxEntries;
        this.windowMillis = window.toMillis();
    }

    private static String key(String provider, String model, String beta) {
        return provider + '\n' + (model == null ? "" : model) + '\n' + beta;
    }

    /** {@code betas} were forwarded in a request of {@code provider} and {@code model} that succeeded at {@code now}. */
    public void accepted(String provider, String model, Collection<String> betas, Instant now) {
        long millis = now.toEpochMilli();
        for (String beta : betas) {
            String key = key(provider, model, beta);
            Long last = lastAccepted.get(key);
            if (last != null) {
                if (millis - last >= REFRESH.toMillis()) {
                    lastAccepted.put(key, millis);
                }
                continue;
            }
            if (lastAccepted.size() >= maxEntries) {
                long cutoff = millis - windowMillis;
                lastAccepted.values().removeIf(t -> t < cutoff);
                if (lastAccepted.size() >= maxEntries) {
                    continue;
                }
            }
            lastAccepted.putIfAbsent(key, millis);
        }
    }

    /** Whether a successful request of {@code provider} and {@code model} forwarded {@code beta} within the window. */
    public boolean acceptedWithinWindow(String provider, String model, String beta, Instant now) {
        Long last = lastAccepted.get(key(provider, model, beta));
        return last != null && now.toEpochMilli() - last < windowMillis;
    }

    /** Provider, model and beta combinations remembered. */
    public int size() {
        return lastAccepted.size();
    }
}
