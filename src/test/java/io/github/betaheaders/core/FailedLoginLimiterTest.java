package io.github.betaheaders.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.betaheaders.testsupport.TestClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FailedLoginLimiterTest {

    private final TestClock clock = new TestClock(Instant.parse("2026-05-01T10:00:00Z"));
    private final FailedLoginLimiter limiter = new FailedLoginLimiter(clock, 10, Duration.ofSeconds(60),
            Duration.ofSeconds(60), 100);

    @Test
    void theTenthFailureWithinTheWindowBlocksTheAddressForTheBlockTime() {
        for (int i = 1; i < 10; i++) {
            assertFalse(limiter.failed("10.0.0.1"), "failure " + i);
            assertEquals(Duration.ZERO, limiter.blockedFor("10.0.0.1"));
            clock.advance(Duration.ofSeconds(5));
        }
        assertTrue(limiter.failed("10.0.0.1"));
        assertEquals(Duration.ofSeconds(60), limiter.blockedFor("10.0.0.1"));
        clock.advance(Duration.ofMillis(59_500));
        assertEquals(Duration.ofMillis(500), limiter.blockedFor("10.0.0.1"));
        // Failures while blocked neither extend the block nor start a new one.
        assertFalse(limiter.failed("10.0.0.1"));
        clock.advance(Duration.ofMillis(500));
        assertEquals(Duration.ZERO, limiter.blockedFor("10.0.0.1"), "the block has ended");
        assertFalse(limiter.failed("10.0.0.1"), "a fresh window after the block");
    }

    @Test
    void otherAddressesAreNotBlocked() {
        for (int i = 0; i < 10; i++) {
            limiter.failed("10.0.0.1");
        }
        assertEquals(Duration.ZERO, limiter.blockedFor("10.0.0.2"));
        assertEquals(Duration.ZERO, limiter.blockedFor("::1"));
    }

    @Test
    void failuresOutsideTheWindowDoNotAddUp() {
        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < 9; i++) {
                assertFalse(limiter.failed("10.0.0.1"));
            }
            clock.advance(Duration.ofSeconds(60));
        }
        assertEquals(Duration.ZERO, limiter.blockedFor("10.0.0.1"));
    }

    @Test
    void aSuccessForgetsTheFailuresButNotABlock() {
        for (int i = 0; i < 9; i++) {
            limiter.failed("10.0.0.1");
        }
        limiter.succeeded("10.0.0.1");
        assertFalse(limiter.failed("10.0.0.1"), "counting starts again after a success");
        for (int i = 0; i < 9; i++) {
            limiter.failed("10.0.0.1");
        }
        assertTrue(limiter.blockedFor("10.0.0.1").compareTo(Duration.ZERO) > 0);
        limiter.succeeded("10.0.0.1");
        assertEquals(Duration.ofSeconds(60), limiter.blockedFor("10.0.0.1"));
    }

    @Test
    void atTheBoundTheLeastRecentlySeenAddressIsForgotten() {
        FailedLoginLimiter small = new FailedLoginLimiter(clock, 2, Duration.ofSeconds(60), Duration.ofSeconds(60), 3);
        small.failed("a");
        small.failed("a");
        small.failed("b");
        small.failed("c");
        assertTrue(small.blockedFor("a").compareTo(Duration.ZERO) > 0, "seen last now: b is the eldest");
        small.failed("d");
        assertEquals(3, small.trackedAddresses());
        assertFalse(small.failed("b"), "b was forgotten: its earlier failure no longer counts");
        assertEquals(3, small.trackedAddresses());
        for (int i = 0; i < 100_000; i++) {
            small.failed("x" + i);
        }
        assertEquals(3, small.trackedAddresses());
    }

    @Test
    void theDefaultBoundHoldsUnderAFloodOfAddresses() {
        FailedLoginLimiter bounded = new FailedLoginLimiter(clock, 10, Duration.ofSeconds(60), Duration.ofSeconds(60),
                AdminSettings.MAX_TRACKED_ADDRESSES);
        for (int i = 0; i < 50_000; i++) {
            bounded.failed("10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255));
        }
        assertEquals(AdminSettings.MAX_TRACKED_ADDRESSES, bounded.trackedAddresses());
    }

    @Test
    void badLimitsAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new FailedLoginLimiter(clock, 0, Duration.ofSeconds(1), Duration.ofSeconds(1), 1));
        assertThrows(IllegalArgumentException.class,
                () -> new FailedLoginLimiter(clock, 1, Duration.ZERO, Duration.ofSeconds(1), 1));
    }
}
