package io.github.betaheaders.example;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The gateway's settings, named like the environment variables they are read from ({@code BEDROCK_UPSTREAM_URL}). A
 * Java system property of the same name, when set, wins over the environment variable: a running JVM cannot change
 * its own environment, so that is how tests (and {@code -D} on a command line) set them. A blank value means unset,
 * so a blank system property also hides the environment variable.
 */
public final class GatewayVariables {

    /** The port the launcher listens on. */
    public static final String PORT = "PORT";
    public static final int DEFAULT_PORT = 8080;

    /** How long an upstream may stay silent (before its answer or within a stream) before the client gets a 504. */
    public static final String UPSTREAM_TIMEOUT_SECONDS = "UPSTREAM_TIMEOUT_SECONDS";
    public static final long DEFAULT_UPSTREAM_TIMEOUT_SECONDS = 600;
    private static final long MAX_UPSTREAM_TIMEOUT_SECONDS = 24 * 3600;

    private GatewayVariables() {
    }

    /** A value and where it was found, for error messages. */
    private record Value(String text, String source) {
    }

    private static Value lookup(String name) {
        String property = System.getProperty(name);
        if (property != null) {
            return property.isBlank() ? null : new Value(property.trim(), "system property");
        }
        String variable = System.getenv(name);
        if (variable != null && !variable.isBlank()) {
            return new Value(variable.trim(), "environment variable");
        }
        return null;
    }

    /** The value of a setting, or {@code null} when it is unset. */
    public static String get(String name) {
        Value v = lookup(name);
        return v == null ? null : v.text();
    }

    /**
     * An upstream base URL, without a trailing slash: the setting, else {@code defaultValue}; {@code null} when both
     * are unset.
     *
     * @throws IllegalArgumentException naming the setting and the value when it is not an absolute http(s) URL
     */
    public static String upstream(String name, String defaultValue) {
        Value v = lookup(name);
        if (v == null) {
            if (defaultValue == null || defaultValue.isBlank()) {
                return null;
            }
            v = new Value(defaultValue.trim(), "default");
        }
        try {
            URI uri = new URI(v.text());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                    && uri.getRawQuery() == null && uri.getRawFragment() == null) {
                String text = v.text();
                return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw invalid(name, v, "expected an absolute http or https URL without query, such as https://api.anthropic.com");
    }

    /** {@link #UPSTREAM_TIMEOUT_SECONDS}, a whole number of seconds. */
    public static long upstreamTimeoutSeconds() {
        return whole(UPSTREAM_TIMEOUT_SECONDS, DEFAULT_UPSTREAM_TIMEOUT_SECONDS, 1, MAX_UPSTREAM_TIMEOUT_SECONDS,
                "a whole number of seconds");
    }

    /** {@link #PORT}; 0 picks a free port. */
    public static int port() {
        return (int) whole(PORT, DEFAULT_PORT, 0, 65535, "a port number");
    }

    private static long whole(String name, long defaultValue, long min, long max, String what) {
        Value v = lookup(name);
        if (v == null) {
            return defaultValue;
        }
        try {
            long n = Long.parseLong(v.text());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(name, v, "expected " + what + " from " + min + " to " + max);
    }

    private static IllegalArgumentException invalid(String name, Value v, String expectation) {
        return new IllegalArgumentException("invalid value [" + v.text() + "] for " + name + " (" + v.source() + "): "
                + expectation);
    }
}
