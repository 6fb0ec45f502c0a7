package io.github.betaheaders.body;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Writes a list of names as a compact JSON array of strings in UTF-8, escaping only what JSON requires: the quote, the
 * backslash, control characters, and a surrogate that is not half of a pair (as {@code \}{@code uXXXX}).
 *
 * <p>Writes into one plain array sized for the usual case, ASCII names without escapes, where it is the exact size
 * and no copy is made; it grows when a name needs more. This runs on every rewritten body.
 */
final class BetaArrayWriter {

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private byte[] out;
    private int length;

    private BetaArrayWriter(int expected) {
        out = new byte[expected];
    }

    /** {@code ["a","b"]} */
    static byte[] array(List<String> items) {
        BetaArrayWriter writer = new BetaArrayWriter(asciiLength(items));
        writer.array0(items);
        return writer.bytes();
    }

    /** {@code "anthropic_beta":["a","b"]} */
    static byte[] member(String key, List<String> items) {
        BetaArrayWriter writer = new BetaArrayWriter(asciiLength(key) + 1 + asciiLength(items));
        writer.string(key);
        writer.put(':');
        writer.array0(items);
        return writer.bytes();
    }

    /** The array's length when every name is ASCII without escapes. */
    private static int asciiLength(List<String> items) {
        int bytes = items.isEmpty() ? 2 : 1;
        for (String item : items) {
            bytes += asciiLength(item) + 1;
        }
        return bytes;
    }

    private static int asciiLength(String s) {
        return s.length() + 2;
    }

    private byte[] bytes() {
        return length == out.length ? out : Arrays.copyOf(out, length);
    }

    private void put(int b) {
        if (length == out.length) {
            out = Arrays.copyOf(out, Math.max(16, out.length * 2));
        }
        out[length++] = (byte) b;
    }

    private void array0(List<String> items) {
        put('[');
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                put(',');
            }
            string(items.get(i));
        }
        put(']');
    }

    private void string(String s) {
        put('"');
        int chars = s.length();
        for (int i = 0; i < chars; i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                put('\\');
                put(c);
            } else if (c < 0x20) {
                escapeControl(c);
            } else if (c < 0x80) {
                put(c);
            } else if (c < 0x800) {
                put(0xC0 | (c >> 6));
                put(0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < chars && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                put(0xF0 | (cp >> 18));
                put(0x80 | ((cp >> 12) & 0x3F));
                put(0x80 | ((cp >> 6) & 0x3F));
                put(0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                unicodeEscape(c);
            } else {
                put(0xE0 | (c >> 12));
                put(0x80 | ((c >> 6) & 0x3F));
                put(0x80 | (c & 0x3F));
            }
        }
        put('"');
    }

    private void escapeControl(char c) {
        switch (c) {
            case '\b': put('\\'); put('b'); break;
            case '\f': put('\\'); put('f'); break;
            case '\n': put('\\'); put('n'); break;
            case '\r': put('\\'); put('r'); break;
            case '\t': put('\\'); put('t'); break;
            default: unicodeEscape(c); break;
        }
    }

    private void unicodeEscape(char c) {
        put('\\');
        put('u');
        put(HEX[(c >> 12) & 0xF]);
        put(HEX[(c >> 8) & 0xF]);
        put(HEX[(c >> 4) & 0xF]);
        put(HEX[c & 0xF]);
    }
}
