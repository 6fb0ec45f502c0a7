package io.github.betaheaders.core;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

/**
 * A reload interval in hours given as text, read strictly: ASCII digits with an optional fraction ({@code 24},
 * {@code 0.5}), above 0 and at most {@value #MAX}. Nothing else: no sign, exponent, other script's digits, {@code NaN},
 * {@code Infinity}, hexadecimal or type suffix. Surrounding whitespace is ignored.
 */
public final class IntervalHours {

    /** The longest interval: a year. */
    public static final double MAX = 8760;

    private static final double NANOS_PER_HOUR = 3_600_000_000_000d;
    private static final BigDecimal MAX_DECIMAL = BigDecimal.valueOf(MAX);

    private IntervalHours() {
    }

    /** What an interval may be, in words, for error messages. */
    public static String allowed() {
        return "a number of hours above 0 and at most " + (long) MAX
                + ", in ASCII decimal digits with an optional fraction (e.g. 24 or 0.5)";
    }

    /**
     * @throws IllegalArgumentException naming the (quoted) text and what is allowed
     */
    public static double parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("hours is missing; expected " + allowed());
        }
        String trimmed = text.strip();
        if (!isAsciiDecimal(trimmed)) {
            throw new IllegalArgumentException("hours [" + EchoedInput.of(text) + "] is not a plain decimal number; "
                    + "expected " + allowed());
        }
        BigDecimal value = new BigDecimal(trimmed);
        if (value.signum() <= 0 || value.compareTo(MAX_DECIMAL) > 0) {
            throw new IllegalArgumentException("hours [" + EchoedInput.of(text) + "] is out of range; expected "
                    + allowed());
        }
        return value.doubleValue();
    }

    private static boolean isAsciiDecimal(String s) {
        int dot = s.indexOf('.');
        String whole = dot < 0 ? s : s.substring(0, dot);
        String fraction = dot < 0 ? "0" : s.substring(dot + 1);
        return !whole.isEmpty() && whole.length() <= 20 && digits(whole) && !fraction.isEmpty()
                && fraction.length() <= 20 && digits(fraction);
    }

    private static boolean digits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * Refuses an interval shorter than the schedule's check interval, which could not be kept (a reload at every
     * check).
     *
     * @throws IllegalArgumentException naming the minimum, in seconds and hours
     */
    public static void checkAtLeast(double hours, Duration checkEvery) {
        if (Math.round(hours * NANOS_PER_HOUR) < checkEvery.toNanos()) {
            BigDecimal seconds = BigDecimal.valueOf(checkEvery.toNanos()).movePointLeft(9).stripTrailingZeros();
            BigDecimal minHours = seconds.divide(BigDecimal.valueOf(3600), 6, RoundingMode.CEILING).stripTrailingZeros();
            throw new IllegalArgumentException("hours [" + BigDecimal.valueOf(hours).toPlainString() + "] is shorter "
                    + "than the schedule's check interval (" + FilterSettings.SCHEDULE_CHECK_SECONDS + "): the minimum is "
                    + seconds.toPlainString() + " seconds (" + minHours.toPlainString() + " hours)");
        }
    }
}
