package io.github.betaheaders.example;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.function.UnaryOperator;

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

    /** {@code true} (the default) or {@code false}: whether the proxy servlets add {@code Via} and {@code Forwarded}. */
    public static final String ADD_VIA_AND_FORWARDED = "ADD_VIA_AND_FORWARDED";

    private GatewayVariables() {
    }

    /**
     * An upstream base URL (without a trailing slash) and where it came from, as the start log tells it:
     * {@code from environment variable BEDROCK_UPSTREAM_URL}, {@code from system property BEDROCK_UPSTREAM_URL} or
     * {@code default: BEDROCK_UPSTREAM_URL is not set}.
     */
    public record Upstream(String url, String source) {
    }

    /** A value and where it was found, for error messages. */
    private record Value(String text, String source) {
    }

    private static Value lookup(String name) {
        return lookup(name, System::getenv);
    }

    private static Value lookup(String name, UnaryOperator<String> environment) {
        String property = System.getProperty(name);
        if (property != null) {
            return property.isBlank() ? null : new Value(property.trim(), "system property");
        }
        String variable = environment.apply(name);
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
        Upstream upstream = upstreamSetting(name, defaultValue);
        return upstream == null ? null : upstream.url();
    }

    /** {@link #upstream(String, String)} with where the value came from; {@code null} when unset without default. */
    public static Upstream upstreamSetting(String name, String defaultValue) {
        return upstreamSetting(name, defaultValue, System::getenv);
    }

    /** The same, with the environment given (for tests: a JVM cannot change its own). */
    static Upstream upstreamSetting(String name, String defaultValue, UnaryOperator<String> environment) {
        Value v = lookup(name, environment);
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
                String url = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
                return new Upstream(url, v.source().equals("default") ? "default: " + name + " is not set"
                        : "from " + v.source() + " " + name);
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

    /** {@link #ADD_VIA_AND_FORWARDED}: {@code true} or {@code false} in any case; {@code true} when unset. */
    public static boolean addViaAndForwarded() {
        Value v = lookup(ADD_VIA_AND_FORWARDED);
        if (v == null) {
            return true;
        }
        String text = v.text().toLowerCase(Locale.ROOT);
        if (text.equals("true") || text.equals("false")) {
            return text.equals("true");
        }
        throw invalid(ADD_VIA_AND_FORWARDED, v, "expected true or false");
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
            // ASCII digits only: Long.parseLong also takes other scripts' digits ("٨٠٨٠") and a sign.
            if (!v.text().isEmpty() && v.text().chars().allMatch(c -> c >= '0' && c <= '9')) {
                long n = Long.parseLong(v.text());
                if (n >= min && n <= max) {
                    return n;
                }
            }
        } catch (NumberFormatException e) {
            // too long: reported below
        }
        throw invalid(name, v, "expected " + what + " from " + min + " to " + max);
    }

    private static IllegalArgumentException invalid(String name, Value v, String expectation) {
        return new IllegalArgumentException("invalid value [" + v.text() + "] for " + name + " (" + v.source() + "): "
                + expectation);
    }
}
