package io.github.betaheaders.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts failed admin logins per remote address and blocks an address that fails too often: after
 * {@code maxFailures} failures within {@code window} (counted from the first of them), the address is blocked for
 * {@code block}. At most {@code maxAddresses} addresses are tracked; past that the least recently seen is forgotten,
 * so memory stays bounded whatever the number of addresses a client uses. Thread-safe.
 */
public final class FailedLoginLimiter {

    /** The failures of one address in its current window, and the end of its block if any. */
    private static final class Failures {
        Instant windowStart;
        int count;
        Instant blockedUntil;
    }

    private final Clock clock;
    private final int maxFailures;
    private final Duration window;
    private final Duration block;
    private final int maxAddresses;
    private final LinkedHashMap<String, Failures> byAddress;

    public FailedLoginLimiter(Clock clock, int maxFailures, Duration window, Duration block, int maxAddresses) {
        if (maxFailures < 1 || maxAddresses < 1 || window.isNegative() || window.isZero() || block.isNegative()
                || block.isZero()) {
            throw new IllegalArgumentException("maxFailures and maxAddresses must be at least 1, window and block "
                    + "positive");
        }
        this.clock = clock;
        this.maxFailures = maxFailures;
        this.window = window;
        this.block = block;
        this.maxAddresses = maxAddresses;
        this.byAddress = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
                return size() > FailedLoginLimiter.this.maxAddresses;
            }
        };
    }

    /** How much longer {@code address} is blocked: {@link Duration#ZERO} when it is not. */
    public synchronized Duration blockedFor(String address) {
        Failures failures = byAddress.get(address);
        if (failures == null || failures.blockedUntil == null) {
            return Duration.ZERO;
        }
        Instant now = clock.instant();
        if (now.isBefore(failures.blockedUntil)) {
            return Duration.between(now, failures.blockedUntil);
        }
        byAddress.remove(address);
        return Duration.ZERO;
    }

    /**
     * Records a failed attempt from {@code address}.
     *
     * @return whether this failure started a block of the address
     */
    public synchronized boolean failed(String address) {
        Instant now = clock.instant();
        Failures failures = byAddress.computeIfAbsent(address, a -> new Failures());
        if (failures.blockedUntil != null) {
            if (now.isBefore(failures.blockedUntil)) {
                return false;
            }
            failures.blockedUntil = null;
            failures.windowStart = null;
        }
        if (failures.windowStart == null || !now.isBefore(failures.windowStart.plus(window))) {
            failures.windowStart = now;
            failures.count = 0;
        }
        failures.count++;
        if (failures.count >= maxFailures) {
            failures.blockedUntil = now.plus(block);
            return true;
        }
        return false;
    }

    /** A successful login from {@code address} forgets its failures (a block, checked before, is kept). */
    public synchronized void succeeded(String address) {
        Failures failures = byAddress.get(address);
        if (failures != null && failures.blockedUntil == null) {
            byAddress.remove(address);
        }
    }

    /** How many addresses are tracked now (at most {@code maxAddresses}). */
    public synchronized int trackedAddresses() {
        return byAddress.size();
    }

    public int maxFailures() {
        return maxFailures;
    }

    public Duration window() {
        return window;
    }

    public Duration block() {
        return block;
    }
}
