package io.github.betaheaders.core;

import java.util.regex.Pattern;

/**
 * What the shared store's table prefix may be: lower-case ASCII letters, digits and {@code _}, starting with a letter
 * or {@code _}, at most {@value #MAX_LENGTH} characters, so that it can be put in SQL as it is on every database.
 */
public final class StoreTablePrefix {

    public static final String DEFAULT = "anthropic_beta_headers_";
    public static final int MAX_LENGTH = 40;

    private static final Pattern PREFIX = Pattern.compile("[a-z_][a-z0-9_]{0," + (MAX_LENGTH - 1) + "}");

    private StoreTablePrefix() {
    }

    public static boolean isValid(String prefix) {
        return prefix != null && PREFIX.matcher(prefix).matches();
    }

    /** What is allowed, in words, for error messages. */
    public static String allowed() {
        return "lower-case ASCII letters, digits and _ (starting with a letter or _), at most " + MAX_LENGTH
                + " characters";
    }
}
