package io.github.betaheaders.core;

import java.util.Map;

/**
 * Writes plain values as compact JSON text (RFC 8259): {@code null}, strings, booleans, integral numbers and finite
 * doubles, maps with string keys (in their iteration order) and iterables, nested freely.
 *
 * <p>Strings are escaped so the text is safe anywhere: {@code "} and {@code \}, every control character (U+0000 to
 * U+001F, U+007F), the line and paragraph separators U+2028 and U+2029 (line breaks to JavaScript) and unpaired
 * surrogates (which UTF-8 cannot carry) are written as escapes; everything else as is.
 */
public final class JsonWriter {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonWriter() {
    }

    /**
     * The JSON text of a value.
     *
     * @throws IllegalArgumentException for a value of another type, a map key that is not a string, or a non-finite
     *                                  number
     */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder(128);
        value(out, value);
        return out.toString();
    }

    private static void value(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof CharSequence) {
            string(out, value.toString());
        } else if (value instanceof Boolean) {
            out.append(((Boolean) value).booleanValue());
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short
                || value instanceof Byte) {
            out.append(((Number) value).longValue());
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("JSON has no number for " + d);
            }
            out.append(d);
        } else if (value instanceof Map) {
            object(out, (Map<?, ?>) value);
        } else if (value instanceof Iterable) {
            array(out, (Iterable<?>) value);
        } else {
            throw new IllegalArgumentException("cannot write a " + value.getClass().getName() + " as JSON");
        }
    }

    private static void object(StringBuilder out, Map<?, ?> map) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof String)) {
                throw new IllegalArgumentException("a JSON member name must be a string, found " + entry.getKey());
            }
            if (!first) {
                out.append(',');
            }
            first = false;
            string(out, (String) entry.getKey());
            out.append(':');
            value(out, entry.getValue());
        }
        out.append('}');
    }

    private static void array(StringBuilder out, Iterable<?> items) {
        out.append('[');
        boolean first = true;
        for (Object item : items) {
            if (!first) {
                out.append(',');
            }
            first = false;
            value(out, item);
        }
        out.append(']');
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        int plain = plainPrefix(s);
        if (plain == s.length()) {
            // The usual case (beta names, times, messages): nothing to escape, so the whole string at once.
            out.append(s).append('"');
            return;
        }
        out.append(s, 0, plain);
        for (int i = plain; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\b': out.append("\\b"); break;
                case '\f': out.append("\\f"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                default:
                    if (c < 0x20 || c == 0x7F || c == '\u2028' || c == '\u2029') {
                        unicodeEscape(out, c);
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        unicodeEscape(out, c);
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }

    /** How many leading characters of {@code s} are written as they are: printable ASCII other than quote and backslash. */
    private static int plainPrefix(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\') {
                return i;
            }
        }
        return s.length();
    }

    private static void unicodeEscape(StringBuilder out, char c) {
        out.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF]).append(HEX[(c >> 4) & 0xF])
                .append(HEX[c & 0xF]);
    }
}
