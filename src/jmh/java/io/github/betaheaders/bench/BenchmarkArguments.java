package io.github.betaheaders.bench;

import io.github.betaheaders.testsupport.ProxyServletKind;
import java.util.Map;
import java.util.TreeMap;

/**
 * A benchmark's {@code name=value} arguments (as Maven passes one property's words), taken one by one, each checked
 * with an error naming it; {@link #requireAllTaken} then rejects any name no option took.
 */
final class BenchmarkArguments {

    private final Map<String, String> given = new TreeMap<>();

    private BenchmarkArguments() {
    }

    /** Every word of every argument, each {@code name=value}; the last of a repeated name counts. */
    static BenchmarkArguments parse(String[] args) {
        BenchmarkArguments parsed = new BenchmarkArguments();
        for (String arg : args) {
            for (String word : arg.trim().split("\\s+")) {
                if (word.isEmpty()) {
                    continue;
                }
                int eq = word.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("arguments are name=value, not [" + word + "]");
                }
                parsed.given.put(word.substring(0, eq), word.substring(eq + 1));
            }
        }
        return parsed;
    }

    /** Whether {@code name} was given (and not taken yet). */
    boolean has(String name) {
        return given.containsKey(name);
    }

    /** The text given for {@code name}, or {@code null}. */
    String text(String name) {
        return given.remove(name);
    }

    /** The whole number given for {@code name}, which must lie in {@code min..max}; {@code defaultValue} if none. */
    int number(String name, int defaultValue, int min, int max) {
        String text = given.remove(name);
        if (text == null) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a whole number from " + min + " to " + max + ", not ["
                + text + "]");
    }

    /** {@code proxy=jetty} (the default) or {@code proxy=mitre}. */
    ProxyServletKind proxy() {
        String text = given.remove("proxy");
        if (text == null || text.equals("jetty")) {
            return ProxyServletKind.JETTY;
        }
        if (text.equals("mitre")) {
            return ProxyServletKind.MITRE;
        }
        throw new IllegalArgumentException("proxy must be jetty or mitre, not [" + text + "]");
    }

    /** @throws IllegalArgumentException naming the arguments no option took, and {@code known} */
    void requireAllTaken(String known) {
        if (!given.isEmpty()) {
            throw new IllegalArgumentException("unknown arguments " + given.keySet() + "; known: " + known);
        }
    }
}
