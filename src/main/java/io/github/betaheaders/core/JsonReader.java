package io.github.betaheaders.core;

import java.nio.charset.StandardCharsets;

/**
 * A strict pull reader of one JSON text (RFC 8259) held in a byte array, for the mapping document.
 *
 * <p>Every call to {@link #next()} either consumes at least one byte of input or ends the document, so reading (and
 * {@link #skipValue}) finishes in time linear in the input size, whatever the input. Nesting is bounded by a depth
 * limit. The text must be UTF-8 (validated: no overlong forms, no encoded surrogates, nothing past U+10FFFF); escapes
 * are decoded, surrogate pairs joined and unpaired surrogate escapes refused; numbers follow the RFC grammar (checked,
 * not converted: the mapping never uses their value); nothing but whitespace may follow the top-level value. A byte
 * order mark is refused. Failures are {@link MalformedJsonException}s whose message names what went wrong and the
 * byte offset, e.g. {@code truncated: document ends inside an array at byte 16}.
 *
 * <p>Not thread-safe; one reader per document.
 */
final class JsonReader {

    /** What {@link #next()} found. */
    enum Event {
        START_OBJECT, END_OBJECT, START_ARRAY, END_ARRAY, KEY_NAME, VALUE_STRING, VALUE_NUMBER, VALUE_TRUE,
        VALUE_FALSE, VALUE_NULL, END_DOCUMENT;

        /** "an object", "a string", ...: for messages about a value of this kind. */
        String describe() {
            switch (this) {
                case START_OBJECT: return "an object";
                case START_ARRAY: return "an array";
                case VALUE_STRING: return "a string";
                case VALUE_NUMBER: return "a number";
                case VALUE_TRUE: case VALUE_FALSE: return "a boolean";
                case VALUE_NULL: return "null";
                default: return name();
            }
        }
    }

    /** The nesting depth allowed by default: far more than a mapping needs, far less than a thread's stack. */
    static final int DEFAULT_MAX_DEPTH = 64;

    /** What the reader expects next. */
    private enum Expect {
        VALUE, FIRST_MEMBER_OR_END, MEMBER, FIRST_ELEMENT_OR_END, COMMA_OR_END, DONE, FINISHED
    }

    private final byte[] in;
    private final int maxDepth;
    /** {@code true} where the container at that depth (1-based) is an object. */
    private final boolean[] objects;
    private int depth;
    private int pos;
    private Expect expect = Expect.VALUE;
    private String string;
    private final StringBuilder text = new StringBuilder();

    JsonReader(byte[] document) {
        this(document, DEFAULT_MAX_DEPTH);
    }

    JsonReader(byte[] document, int maxDepth) {
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth must be at least 1: " + maxDepth);
        }
        this.in = document;
        this.maxDepth = maxDepth;
        this.objects = new boolean[maxDepth + 1];
    }

    /** The byte offset of the next byte to read. */
    int position() {
        return pos;
    }

    /** The decoded text of the last {@link Event#KEY_NAME} or {@link Event#VALUE_STRING}. */
    String string() {
        return string;
    }

    /**
     * The next event of the document; {@link Event#END_DOCUMENT} once the top-level value and any trailing whitespace
     * have been read.
     */
    Event next() throws MalformedJsonException {
        skipWhitespace();
        switch (expect) {
            case FINISHED:
                return Event.END_DOCUMENT;
            case DONE:
                if (pos < in.length) {
                    throw unexpected("expected the end of the document after the top-level value");
                }
                expect = Expect.FINISHED;
                return Event.END_DOCUMENT;
            case VALUE:
                return value();
            case FIRST_MEMBER_OR_END:
                if (peek() == '}') {
                    return close();
                }
                return key();
            case MEMBER:
                return key();
            case FIRST_ELEMENT_OR_END:
                if (peek() == ']') {
                    return close();
                }
                return value();
            case COMMA_OR_END:
                int b = peek();
                boolean object = objects[depth];
                if (b == ',') {
                    pos++;
                    skipWhitespace();
                    if (object) {
                        return key();
                    }
                    return value();
                }
                if (b == (object ? '}' : ']')) {
                    return close();
                }
                throw unexpected(object ? "expected ',' or '}'" : "expected ',' or ']'");
            default:
                throw new IllegalStateException(expect.name());
        }
    }

    /**
     * Reads past the rest of a value whose first event was {@code first}: nothing for a scalar, up to and including
     * the matching end for an object or array.
     */
    void skipValue(Event first) throws MalformedJsonException {
        if (first != Event.START_OBJECT && first != Event.START_ARRAY) {
            return;
        }
        int target = depth - 1;
        while (depth > target) {
            if (next() == Event.END_DOCUMENT) {
                throw new IllegalStateException("the document ended inside a value");
            }
        }
    }

    private Event value() throws MalformedJsonException {
        int b = peek();
        switch (b) {
            case '{':
                open(true);
                return Event.START_OBJECT;
            case '[':
                open(false);
                return Event.START_ARRAY;
            case '"':
                string = readString();
                afterValue();
                return Event.VALUE_STRING;
            case 't':
                literal("true");
                afterValue();
                return Event.VALUE_TRUE;
            case 'f':
                literal("false");
                afterValue();
                return Event.VALUE_FALSE;
            case 'n':
                literal("null");
                afterValue();
                return Event.VALUE_NULL;
            default:
                if (b == '-' || (b >= '0' && b <= '9')) {
                    number();
                    afterValue();
                    return Event.VALUE_NUMBER;
                }
                if (pos == 0 && b == 0xEF) {
                    throw new MalformedJsonException("a byte order mark at byte 0: JSON text must start without one");
                }
                throw unexpected("expected a value (object, array, string, number, true, false or null)");
        }
    }

    private Event key() throws MalformedJsonException {
        if (peek() != '"') {
            throw unexpected("expected a member name (a string)");
        }
        string = readString();
        skipWhitespace();
        if (peek() != ':') {
            throw unexpected("expected ':' after a member name");
        }
        pos++;
        expect = Expect.VALUE;
        return Event.KEY_NAME;
    }

    private void open(boolean object) throws MalformedJsonException {
        if (depth == maxDepth) {
            throw new MalformedJsonException("too deep: more than " + maxDepth + " nested objects and arrays at byte "
                    + pos);
        }
        pos++;
        depth++;
        objects[depth] = object;
        expect = object ? Expect.FIRST_MEMBER_OR_END : Expect.FIRST_ELEMENT_OR_END;
    }

    private Event close() {
        pos++;
        boolean object = objects[depth];
        depth--;
        afterValue();
        return object ? Event.END_OBJECT : Event.END_ARRAY;
    }

    private void afterValue() {
        expect = depth == 0 ? Expect.DONE : Expect.COMMA_OR_END;
    }

    private void literal(String word) throws MalformedJsonException {
        for (int i = 0; i < word.length(); i++) {
            if (pos >= in.length) {
                throw truncated("inside the literal " + word);
            }
            if (in[pos] != word.charAt(i)) {
                throw unexpected("expected the literal " + word);
            }
            pos++;
        }
    }

    private void number() throws MalformedJsonException {
        if (in[pos] == '-') {
            pos++;
        }
        if (pos >= in.length) {
            throw truncated("inside a number");
        }
        if (in[pos] == '0') {
            pos++;
        } else if (in[pos] >= '1' && in[pos] <= '9') {
            digits();
        } else {
            throw unexpected("expected a digit in a number");
        }
        if (pos < in.length && in[pos] == '.') {
            pos++;
            requireDigit();
            digits();
        }
        if (pos < in.length && (in[pos] == 'e' || in[pos] == 'E')) {
            pos++;
            if (pos < in.length && (in[pos] == '+' || in[pos] == '-')) {
                pos++;
            }
            requireDigit();
            digits();
        }
    }

    private void requireDigit() throws MalformedJsonException {
        if (pos >= in.length) {
            throw truncated("inside a number");
        }
        if (in[pos] < '0' || in[pos] > '9') {
            throw unexpected("expected a digit in a number");
        }
    }

    private void digits() {
        while (pos < in.length && in[pos] >= '0' && in[pos] <= '9') {
            pos++;
        }
    }

    /** Reads a string starting at the opening quote; returns its decoded text. */
    private String readString() throws MalformedJsonException {
        pos++;
        int start = pos;
        while (pos < in.length) {
            int b = in[pos];
            if (b == '"') {
                String plain = new String(in, start, pos - start, StandardCharsets.US_ASCII);
                pos++;
                return plain;
            }
            if (b == '\\' || b < 0x20) {
                break;
            }
            pos++;
        }
        text.setLength(0);
        for (int i = start; i < pos; i++) {
            text.append((char) in[i]);
        }
        while (true) {
            if (pos >= in.length) {
                throw truncated("inside a string");
            }
            int b = in[pos] & 0xFF;
            if (b == '"') {
                pos++;
                return text.toString();
            }
            if (b == '\\') {
                escape();
            } else if (b < 0x20) {
                throw new MalformedJsonException("control character " + hex(b) + " inside a string at byte " + pos
                        + ": it must be escaped");
            } else if (b < 0x80) {
                text.append((char) b);
                pos++;
            } else {
                text.appendCodePoint(utf8(b));
            }
        }
    }

    private void escape() throws MalformedJsonException {
        int at = pos;
        pos++;
        if (pos >= in.length) {
            throw truncated("inside an escape in a string");
        }
        int c = in[pos] & 0xFF;
        pos++;
        switch (c) {
            case '"': text.append('"'); return;
            case '\\': text.append('\\'); return;
            case '/': text.append('/'); return;
            case 'b': text.append('\b'); return;
            case 'f': text.append('\f'); return;
            case 'n': text.append('\n'); return;
            case 'r': text.append('\r'); return;
            case 't': text.append('\t'); return;
            case 'u':
                char unit = hex4();
                if (Character.isHighSurrogate(unit)) {
                    if (pos + 1 < in.length && in[pos] == '\\' && in[pos + 1] == 'u') {
                        pos += 2;
                        char low = hex4();
                        if (Character.isLowSurrogate(low)) {
                            text.append(unit).append(low);
                            return;
                        }
                    } else if (pos >= in.length || (in[pos] == '\\' && pos + 1 >= in.length)) {
                        throw truncated("inside a string, after the high surrogate escape at byte " + at);
                    }
                    throw new MalformedJsonException("unpaired surrogate escape at byte " + at
                            + ": a high surrogate must be followed by a low one");
                }
                if (Character.isLowSurrogate(unit)) {
                    throw new MalformedJsonException("unpaired surrogate escape at byte " + at
                            + ": a low surrogate without a high one before it");
                }
                text.append(unit);
                return;
            default:
                pos--;
                throw unexpected("expected an escape (one of \" \\ / b f n r t u) after the backslash at byte " + at);
        }
    }

    private char hex4() throws MalformedJsonException {
        int value = 0;
        for (int i = 0; i < 4; i++) {
            if (pos >= in.length) {
                throw truncated("inside a \\u escape in a string");
            }
            int digit = Character.digit(in[pos] & 0xFF, 16);
            if (digit < 0 || in[pos] < 0) {
                throw unexpected("expected a hexadecimal digit in a \\u escape");
            }
            value = value * 16 + digit;
            pos++;
        }
        return (char) value;
    }

    /** Decodes one UTF-8 sequence whose lead byte {@code lead} (0x80 or more) is at {@link #pos}. */
    private int utf8(int lead) throws MalformedJsonException {
        int at = pos;
        int length;
        int codePoint;
        int min;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
            codePoint = lead & 0x1F;
            min = 0x80;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            codePoint = lead & 0x0F;
            min = 0x800;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            codePoint = lead & 0x07;
            min = 0x10000;
        } else {
            throw new MalformedJsonException("invalid UTF-8 at byte " + at + ": " + hex(lead)
                    + " cannot start a character");
        }
        for (int i = 1; i < length; i++) {
            if (at + i >= in.length) {
                throw truncated("inside a UTF-8 character in a string");
            }
            int b = in[at + i] & 0xFF;
            if ((b & 0xC0) != 0x80) {
                throw new MalformedJsonException("invalid UTF-8 at byte " + (at + i) + ": " + hex(b)
                        + " where a continuation byte was expected");
            }
            codePoint = (codePoint << 6) | (b & 0x3F);
        }
        if (codePoint < min || codePoint > Character.MAX_CODE_POINT
                || (codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE)) {
            throw new MalformedJsonException("invalid UTF-8 at byte " + at + ": an overlong form, a surrogate or a "
                    + "code point past U+10FFFF");
        }
        pos = at + length;
        return codePoint;
    }

    private void skipWhitespace() {
        while (pos < in.length) {
            byte b = in[pos];
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return;
            }
            pos++;
        }
    }

    /** The byte at {@link #pos}; fails with "truncated" at the end of the input. */
    private int peek() throws MalformedJsonException {
        if (pos >= in.length) {
            if (depth == 0 && expect == Expect.VALUE) {
                throw new MalformedJsonException(in.length == 0 ? "truncated: the document is empty"
                        : "truncated: document ends before a value at byte " + pos);
            }
            throw truncated(objects[depth] ? "inside an object" : "inside an array");
        }
        return in[pos] & 0xFF;
    }

    private MalformedJsonException truncated(String where) {
        return new MalformedJsonException("truncated: document ends " + where + " at byte " + in.length);
    }

    private MalformedJsonException unexpected(String expected) {
        int b = in[pos] & 0xFF;
        String shown = b > 0x20 && b < 0x7F ? "'" + (char) b + "' (" + hex(b) + ")" : hex(b);
        return new MalformedJsonException("unexpected byte " + shown + " at byte " + pos + ": " + expected);
    }

    private static String hex(int b) {
        return String.format("0x%02X", b);
    }
}
