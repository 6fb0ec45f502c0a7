package io.github.betaheaders.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.betaheaders.testsupport.TestClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RefusalLogLimiterTest {

    private final TestClock clock = new TestClock(Instant.parse("2026-05-01T10:00:00Z"));
    private final RefusalLogLimiter limiter = new RefusalLogLimiter(clock, Duration.ofMinutes(1), 3);

    @Test
    void oneLinePerAddressPerPeriodAndTheRestCountedForTheNextPeriod() {
        assertTrue(limiter.shouldLog("10.0.0.1"));
        for (int i = 0; i < 1000; i++) {
            assertFalse(limiter.shouldLog("10.0.0.1"));
        }
        assertTrue(limiter.shouldLog("10.0.0.2"), "another address gets its own line");
        assertEquals(0, limiter.suppressedInEndedPeriod(), "the period has not ended");
        clock.advance(Duration.ofSeconds(60));
        assertEquals(1000, limiter.suppressedInEndedPeriod());
        assertEquals(0, limiter.suppressedInEndedPeriod(), "reported once");
        assertTrue(limiter.shouldLog("10.0.0.1"), "a new period");
    }

    @Test
    void aGlobalCapPerPeriodWhateverTheNumberOfAddresses() {
        int logged = 0;
        for (int i = 0; i < 10_000; i++) {
            if (limiter.shouldLog("10.0." + (i >> 8) + "." + (i & 255))) {
                logged++;
            }
        }
        assertEquals(3, logged);
        clock.advance(Duration.ofMinutes(1));
        assertEquals(10_000 - 3, limiter.suppressedInEndedPeriod());
    }

    @Test
    void theSuppressedCountOfAPeriodIsReportedByTheFirstRefusalAfterIt() {
        limiter.shouldLog("a");
        limiter.shouldLog("a");
        clock.advance(Duration.ofMinutes(5));
        assertTrue(limiter.shouldLog("a"));
        assertEquals(1, limiter.suppressedInEndedPeriod());
    }
}
