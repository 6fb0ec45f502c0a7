package io.github.betaheaders.body;

import io.github.betaheaders.body.BetaMember.Place;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One pass over the bytes of a JSON document that checks it is well-formed JSON (RFC 8259: strings with their escapes,
 * numbers, literals, nesting to any depth, nothing but whitespace around the value) and finds the {@code anthropic_beta}
 * members a provider reads: the one at the top level and the one in the top-level {@code additionalModelRequestFields}
 * object. Keys are compared after unescaping, so {@code "anthropic\u005fbeta"} counts; a member of the same name
 * anywhere else (in messages, tool inputs, or inside a string) does not.
 *
 * <p>Bytes of 0x80 and above pass as they are: UTF-8 is not checked except in the strings it decodes (keys with
 * escapes and the array's items), where malformed UTF-8 makes a member count as not an array of strings. The string
 * scan reads eight bytes at a time, which is where a request body spends most of its bytes. Nesting is tracked on an
 * explicit stack, so a deeply nested document cannot overflow the thread's stack.
 *
 * <p>One instance per scan; not thread-safe. Use {@link #scan(byte[], int)}.
 */
final class BodyScanner {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long QUOTES = 0x2222222222222222L;
    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;
    private static final long SPACES = 0x2020202020202020L;

    static final String BETA_KEY = "anthropic_beta";
    static final String CONVERSE_KEY = "additionalModelRequestFields";
    static final String MODEL_KEY = "model";
    /** The longest top-level {@code model} string decoded (as JSON text, quotes included); a longer one is no model. */
    static final int MAX_MODEL_BYTES = 1024;
    private static final byte[] BETA_KEY_BYTES = BETA_KEY.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONVERSE_KEY_BYTES = CONVERSE_KEY.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MODEL_KEY_BYTES = MODEL_KEY.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};

    private static final int OTHER_KEY = 0;
    private static final int BETA = 1;
    private static final int CONVERSE = 2;
    private static final int MODEL = 3;

    private final byte[] b;
    private final int n;
    /** Above this many items an array's strings are counted, not decoded. */
    private final int maxItems;
    /** The number of items of the last array read by {@link #betaValue()}. */
    private int lastItemCount;
    private int pos;
    /** Whether the string {@link #skipString} skipped last has an escape: a string without one decodes as it is. */
    private boolean lastStringEscaped;
    /** Open containers of {@link #skipValue()}: true for an object, false for an array. */
    private boolean[] containers = new boolean[16];
    private List<BetaMember> members;
    /** Whether the top-level {@code model} string is wanted (only when some model rule could use it). */
    private final boolean wantModel;
    private String model;

    private BodyScanner(byte[] bytes, int length, int maxItems, boolean wantModel) {
        this.b = bytes;
        this.n = length;
        this.maxItems = maxItems;
        this.wantModel = wantModel;
    }

    /** Scans {@code bytes[0, length)}. Never throws for any content. */
    static BodyScan scan(byte[] bytes, int length) {
        return scan(bytes, length, Integer.MAX_VALUE);
    }

    /**
     * Scans {@code bytes[0, length)}; a member array of more than {@code maxItems} items is only counted (its
     * {@link BetaMember#itemCount()}), none of its strings decoded. Never throws for any content.
     */
    static BodyScan scan(byte[] bytes, int length, int maxItems) {
        return scan(bytes, length, maxItems, false);
    }

    /**
     * As {@link #scan(byte[], int, int)}; with {@code wantModel}, also the top-level {@code model} member's string
     * ({@link BodyScan#model()}; the last one when it appears twice), decoded.
     */
    static BodyScan scan(byte[] bytes, int length, int maxItems, boolean wantModel) {
        Objects.checkFromIndexSize(0, length, bytes.length);
        try {
            return new BodyScanner(bytes, length, maxItems, wantModel).document();
        } catch (Malformed e) {
            return BodyScan.INVALID;
        }
    }

    private BodyScan document() {
        pos = skipWs(0);
        need();
        int rootStart = -1;
        int rootMembers = 0;
        if (b[pos] == '{') {
            rootStart = pos;
            rootMembers = object(Place.TOP_LEVEL);
        } else {
            skipValue();
        }
        if (skipWs(pos) != n) {
            throw new Malformed();
        }
        return new BodyScan(true, members == null ? List.of() : List.copyOf(members), rootStart, rootMembers, model);
    }

    /**
     * An object whose keys are compared: the top-level one, or the top-level {@code additionalModelRequestFields}.
     * Starts at its {@code '{'}, ends after its {@code '}'}; returns the number of its members.
     */
    private int object(Place place) {
        int open = pos;
        pos = skipWs(pos + 1);
        need();
        if (b[pos] == '}') {
            pos++;
            return 0;
        }
        int index = 0;
        int commaBefore = -1;
        for (;;) {
            if (b[pos] != '"') {
                throw new Malformed();
            }
            int keyStart = pos;
            pos = skipString(pos);
            int key = keyKind(keyStart, pos, place, lastStringEscaped);
            pos = skipWs(pos);
            need();
            if (b[pos] != ':') {
                throw new Malformed();
            }
            pos = skipWs(pos + 1);
            need();
            int valueStart = pos;
            List<String> items = null;
            lastItemCount = 0;
            if (key == BETA) {
                items = betaValue();
            } else if (key == CONVERSE && b[pos] == '{') {
                object(Place.CONVERSE);
            } else if (key == MODEL && b[pos] == '"') {
                int start = pos;
                pos = skipString(pos);
                model = pos - start <= MAX_MODEL_BYTES ? decode(start, pos, lastStringEscaped) : null;
            } else {
                skipValue();
            }
            int valueEnd = pos;
            pos = skipWs(pos);
            need();
            int comma = -1;
            int nextKey = -1;
            if (b[pos] == ',') {
                comma = pos;
                pos = skipWs(pos + 1);
                need();
                nextKey = pos;
            } else if (b[pos] != '}') {
                throw new Malformed();
            }
            if (key == BETA) {
                if (members == null) {
                    members = new ArrayList<>(2);
                }
                members.add(new BetaMember(place, open, index, keyStart, valueStart, valueEnd, commaBefore, nextKey,
                        items, lastItemCount));
            }
            index++;
            if (comma < 0) {
                pos++;
                return index;
            }
            commaBefore = comma;
        }
    }

    /** @param escaped whether the key has an escape ({@link #lastStringEscaped} right after it was skipped) */
    private int keyKind(int start, int end, Place place, boolean escaped) {
        int from = start + 1;
        int to = end - 1;
        if (Arrays.equals(b, from, to, BETA_KEY_BYTES, 0, BETA_KEY_BYTES.length)) {
            return BETA;
        }
        if (place == Place.TOP_LEVEL && Arrays.equals(b, from, to, CONVERSE_KEY_BYTES, 0, CONVERSE_KEY_BYTES.length)) {
            return CONVERSE;
        }
        boolean modelKey = wantModel && place == Place.TOP_LEVEL;
        if (modelKey && Arrays.equals(b, from, to, MODEL_KEY_BYTES, 0, MODEL_KEY_BYTES.length)) {
            return MODEL;
        }
        if (!escaped) {
            return OTHER_KEY;
        }
        String key = decode(start, end, true);
        if (BETA_KEY.equals(key)) {
            return BETA;
        }
        if (modelKey && MODEL_KEY.equals(key)) {
            return MODEL;
        }
        return place == Place.TOP_LEVEL && CONVERSE_KEY.equals(key) ? CONVERSE : OTHER_KEY;
    }

    /**
     * The value of an {@code anthropic_beta} member: its strings, or {@code null} when it is not an array of strings or
     * has more than {@link #maxItems} items (counted in {@link #lastItemCount}; past the bound nothing is decoded, so
     * the cost stays one pass over the bytes).
     */
    private List<String> betaValue() {
        if (b[pos] != '[') {
            skipValue();
            return null;
        }
        pos = skipWs(pos + 1);
        need();
        List<String> items = new ArrayList<>();
        if (b[pos] == ']') {
            pos++;
            return items;
        }
        boolean strings = true;
        int count = 0;
        for (;;) {
            count++;
            if (count > maxItems && strings) {
                strings = false;
                items = null;
            }
            lastItemCount = count;
            if (b[pos] == '"') {
                int start = pos;
                pos = skipString(pos);
                if (strings) {
                    String item = decode(start, pos, lastStringEscaped);
                    if (item == null) {
                        strings = false;
                    } else {
                        items.add(item);
                    }
                }
            } else {
                skipValue();
                strings = false;
            }
            pos = skipWs(pos);
            need();
            if (b[pos] == ',') {
                pos = skipWs(pos + 1);
                need();
            } else if (b[pos] == ']') {
                pos++;
                return strings ? items : null;
            } else {
                throw new Malformed();
            }
        }
    }

    /** Checks one complete value starting at {@link #pos} and moves past it, without looking at its keys. */
    private void skipValue() {
        boolean[] stack = containers;
        int depth = 0;
        int p = pos;
        for (;;) {
            if (p >= n) {
                throw new Malformed();
            }
            switch (b[p]) {
                case '"':
                    p = skipString(p);
                    break;
                case '{':
                case '[':
                    boolean object = b[p] == '{';
                    p = skipWs(p + 1);
                    if (p < n && b[p] == (object ? '}' : ']')) {
                        p++;
                        break;
                    }
                    if (depth == stack.length) {
                        stack = containers = Arrays.copyOf(stack, depth * 2);
                    }
                    stack[depth++] = object;
                    if (object) {
                        p = keyAndColon(p);
                    }
                    continue;
                case 't':
                    p = literal(p, TRUE);
                    break;
                case 'f':
                    p = literal(p, FALSE);
                    break;
                case 'n':
                    p = literal(p, NULL);
                    break;
                default:
                    p = number(p);
                    break;
            }
            // A value ended at p: close the containers it ends, or move to the next element.
            for (;;) {
                if (depth == 0) {
                    pos = p;
                    return;
                }
                p = skipWs(p);
                if (p >= n) {
                    throw new Malformed();
                }
                boolean inObject = stack[depth - 1];
                byte c = b[p];
                if (c == ',') {
                    p = skipWs(p + 1);
                    if (inObject) {
                        p = keyAndColon(p);
                    }
                    break;
                }
                if (c != (inObject ? '}' : ']')) {
                    throw new Malformed();
                }
                p++;
                depth--;
            }
        }
    }

    /** A key, the colon and the whitespace after it; returns the index where the value starts. */
    private int keyAndColon(int p) {
        if (p >= n || b[p] != '"') {
            throw new Malformed();
        }
        p = skipWs(skipString(p));
        if (p >= n || b[p] != ':') {
            throw new Malformed();
        }
        return skipWs(p + 1);
    }

    /**
     * A string starting at its opening quote; returns the index after the closing quote, and sets
     * {@link #lastStringEscaped}.
     */
    private int skipString(int p) {
        lastStringEscaped = false;
        int i = p + 1;
        int limit = n - 8;
        for (;;) {
            if (i <= limit) {
                long w = (long) LONGS.get(b, i);
                long q = w ^ QUOTES;
                long s = w ^ BACKSLASHES;
                // High bit of each byte that is '"', '\' or below 0x20; only the lowest flagged byte is exact.
                long m = (((q - ONES) & ~q) | ((s - ONES) & ~s) | ((w - SPACES) & ~w)) & HIGH_BITS;
                if (m == 0) {
                    i += 8;
                    continue;
                }
                i += Long.numberOfTrailingZeros(m) >>> 3;
            } else {
                while (i < n && b[i] != '"' && b[i] != '\\' && (b[i] & 0xFF) >= 0x20) {
                    i++;
                }
                if (i >= n) {
                    throw new Malformed();
                }
            }
            byte c = b[i];
            if (c == '"') {
                return i + 1;
            }
            if (c != '\\') {
                throw new Malformed();
            }
            lastStringEscaped = true;
            i = escape(i);
        }
    }

    /** An escape starting at its backslash; returns the index after it. */
    private int escape(int i) {
        if (i + 1 >= n) {
            throw new Malformed();
        }
        switch (b[i + 1]) {
            case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
                return i + 2;
            case 'u':
                if (i + 6 > n) {
                    throw new Malformed();
                }
                for (int k = i + 2; k < i + 6; k++) {
                    if (hex(b[k]) < 0) {
                        throw new Malformed();
                    }
                }
                return i + 6;
            default:
                throw new Malformed();
        }
    }

    private int number(int p) {
        int i = p;
        if (b[i] == '-') {
            i++;
            if (i >= n) {
                throw new Malformed();
            }
        }
        byte c = b[i];
        if (c == '0') {
            i++;
        } else if (c >= '1' && c <= '9') {
            i = digits(i + 1);
        } else {
            throw new Malformed();
        }
        if (i < n && b[i] == '.') {
            int start = i + 1;
            i = digits(start);
            if (i == start) {
                throw new Malformed();
            }
        }
        if (i < n && (b[i] | 0x20) == 'e') {
            i++;
            if (i < n && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            int start = i;
            i = digits(start);
            if (i == start) {
                throw new Malformed();
            }
        }
        return i;
    }

    private int digits(int i) {
        while (i < n && b[i] >= '0' && b[i] <= '9') {
            i++;
        }
        return i;
    }

    private int literal(int p, byte[] word) {
        if (p + word.length > n) {
            throw new Malformed();
        }
        for (int k = 1; k < word.length; k++) {
            if (b[p + k] != word[k]) {
                throw new Malformed();
            }
        }
        return p + word.length;
    }

    private int skipWs(int p) {
        while (p < n) {
            int c = b[p] & 0xFF;
            if (c > ' ' || (c != ' ' && c != '\n' && c != '\r' && c != '\t')) {
                break;
            }
            p++;
        }
        return p;
    }

    private void need() {
        if (pos >= n) {
            throw new Malformed();
        }
    }

    /**
     * The text of a well-formed string token {@code [start, end)} (quotes included), unescaped; {@code null} when its
     * bytes are not well-formed UTF-8.
     *
     * @param escaped whether the token has an escape ({@link #lastStringEscaped} right after it was skipped)
     */
    private String decode(int start, int end, boolean escaped) {
        int from = start + 1;
        int to = end - 1;
        if (!escaped) {
            return utf8(from, to);
        }
        StringBuilder out = new StringBuilder(to - from);
        int i = from;
        while (i < to) {
            int j = i;
            while (j < to && b[j] != '\\') {
                j++;
            }
            if (j > i) {
                String run = utf8(i, j);
                if (run == null) {
                    return null;
                }
                out.append(run);
            }
            if (j >= to) {
                break;
            }
            byte e = b[j + 1];
            i = j + 2;
            switch (e) {
                case 'b': out.append('\b'); break;
                case 'f': out.append('\f'); break;
                case 'n': out.append('\n'); break;
                case 'r': out.append('\r'); break;
                case 't': out.append('\t'); break;
                case 'u':
                    out.append((char) (hex(b[j + 2]) << 12 | hex(b[j + 3]) << 8 | hex(b[j + 4]) << 4 | hex(b[j + 5])));
                    i = j + 6;
                    break;
                default: out.append((char) e); break;
            }
        }
        return out.toString();
    }

    private String utf8(int from, int to) {
        boolean ascii = true;
        for (int i = from; i < to; i++) {
            if (b[i] < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(b, from, to - from)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        int lower = c | 0x20;
        return lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
    }

    /** Not well-formed JSON; thrown without a stack trace and caught in {@link #scan(byte[], int)}. */
    private static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Malformed() {
            super(null, null, false, false);
        }
    }
}
