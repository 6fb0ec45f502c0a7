package io.github.betaheaders.servlet;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Reads one parameter from a request's query string alone, never from its body (which
 * {@code ServletRequest.getParameter} reads for a form {@code POST}, however large and slow it is).
 */
final class QueryParameter {

    private QueryParameter() {
    }

    /**
     * The first value of {@code name}, decoded as UTF-8 ({@code +} is a space), or {@code null} when absent.
     *
     * @throws IllegalArgumentException when the value's percent-encoding is broken
     */
    static String first(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String key = equals < 0 ? pair : pair.substring(0, equals);
            if (decodesTo(key, name)) {
                return equals < 0 ? "" : decode(pair.substring(equals + 1), name);
            }
        }
        return null;
    }

    private static boolean decodesTo(String key, String name) {
        try {
            return URLDecoder.decode(key, StandardCharsets.UTF_8).equals(name);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String decode(String text, String name) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the query parameter [" + name + "] is not properly percent-encoded");
        }
    }
}
