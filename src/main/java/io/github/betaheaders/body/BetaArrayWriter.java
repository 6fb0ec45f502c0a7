package io.github.betaheaders.body;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes a list of names as a compact JSON array of strings in UTF-8, escaping only what JSON requires: the quote, the
 * backslash, control characters, and a surrogate that is not half of a pair (as {@code \}{@code uXXXX}).
 */
final class BetaArrayWriter {

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private BetaArrayWriter() {
    }

    /** {@code ["a","b"]} */
    static byte[] array(List<String> items) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 + items.size() * 32);
        out.write('[');
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            string(items.get(i), out);
        }
        out.write(']');
        return out.toByteArray();
    }

    /** {@code "anthropic_beta":["a","b"]} */
    static byte[] member(String key, List<String> items) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 + items.size() * 32);
        string(key, out);
        out.write(':');
        out.writeBytes(array(items));
        return out.toByteArray();
    }

    private static void string(String s, ByteArrayOutputStream out) {
        out.write('"');
        int length = s.length();
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.write('\\');
                out.write(c);
            } else if (c < 0x20) {
                escapeControl(c, out);
            } else if (c < 0x80) {
                out.write(c);
            } else if (c < 0x800) {
                out.write(0xC0 | (c >> 6));
                out.write(0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                out.write(0xF0 | (cp >> 18));
                out.write(0x80 | ((cp >> 12) & 0x3F));
                out.write(0x80 | ((cp >> 6) & 0x3F));
                out.write(0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                unicodeEscape(c, out);
            } else {
                out.write(0xE0 | (c >> 12));
                out.write(0x80 | ((c >> 6) & 0x3F));
                out.write(0x80 | (c & 0x3F));
            }
        }
        out.write('"');
    }

    private static void escapeControl(char c, ByteArrayOutputStream out) {
        switch (c) {
            case '\b': out.write('\\'); out.write('b'); break;
            case '\f': out.write('\\'); out.write('f'); break;
            case '\n': out.write('\\'); out.write('n'); break;
            case '\r': out.write('\\'); out.write('r'); break;
            case '\t': out.write('\\'); out.write('t'); break;
            default: unicodeEscape(c, out); break;
        }
    }

    private static void unicodeEscape(char c, ByteArrayOutputStream out) {
        out.write('\\');
        out.write('u');
        out.write(HEX[(c >> 12) & 0xF]);
        out.write(HEX[(c >> 8) & 0xF]);
        out.write(HEX[(c >> 4) & 0xF]);
        out.write(HEX[c & 0xF]);
    }
}
