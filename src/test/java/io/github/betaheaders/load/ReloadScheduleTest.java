package io.github.betaheaders.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReloadScheduleTest {

    static final Instant T0 = Instant.parse("2026-07-01T10:00:00Z");

    @ParameterizedTest
    @CsvSource({"24,24", "0.5,0.5", "8760,8760", "007,7", " 2 ,2", "0.0001,0.0001", "8760.0,8760"})
    void acceptsPositiveNumbersUpTo8760(String text, double hours) {
        assertEquals(hours, ReloadSchedule.parseHours(text));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " ", "0", "0.0", "-1", "-0.5", "8760.0001", "8761", "1e5", "NaN", "Infinity",
            "-Infinity", "abc", "2d", "2f", "0x10", "1,5", "24h", "1e-400", "1e2", "1e-300", "+3", "\u0661",
            "\u0968.5", "\uff12\uff14", ".5", "5.", "1..2", "1.2.3", "0\u00a0"})
    void refusesEverythingElseSayingWhatIsAllowed(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReloadSchedule.parseHours(text));
        assertTrue(e.getMessage().contains("above 0 and at most 8760"), e.getMessage());
        if (text != null && !text.isBlank()) {
            assertTrue(e.getMessage().contains("[" + text + "]"), e.getMessage());
        }
    }

    @Test
    void theFirstRunIsOneIntervalAfterSettingThenOneAfterEachRun() {
        ReloadSchedule s = ReloadSchedule.startingAt(1.5, T0);
        assertEquals(T0.plus(Duration.ofMinutes(90)), s.nextRun());
        assertFalse(s.isDue(T0.plus(Duration.ofMinutes(89))));
        assertTrue(s.isDue(T0.plus(Duration.ofMinutes(90))));
        Instant ran = T0.plus(Duration.ofMinutes(95));
        ReloadSchedule after = s.ranAt(ran);
        assertEquals(ran, after.lastRun());
        assertEquals(ran.plus(Duration.ofMinutes(90)), after.nextRun());
        assertEquals(T0, after.scheduledAt());
    }

    @Test
    void theRecordRefusesAnIntervalOutOfRange() {
        for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY, 8760.5}) {
            assertThrows(IllegalArgumentException.class, () -> ReloadSchedule.startingAt(bad, T0), "accepted " + bad);
        }
    }
}
