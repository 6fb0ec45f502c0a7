package io.github.betaheaders.body;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A random JSON request body for property tests: a top-level object with filler members in random order and
 * formatting, look-alikes of {@code anthropic_beta} nested in messages, tool inputs and strings, and optionally the
 * real members (top level, and in a top-level {@code additionalModelRequestFields} object) at random places, with keys
 * escaped at random. Rendering records the byte offsets of what matters, so a test can say exactly which bytes may
 * change.
 */
final class RandomBody {

    /** Items the arrays draw from: kept, renamed, dropped, unknown, needing trimming or escaping, non-ASCII. */
    static final List<String> ITEM_POOL = List.of("keep-1", "old-1", "new-1", "drop-1", "drop-2", "unknown-1",
            " keep-1 ", "", "q\"uote", "back\\slash", "b\u00e9ta-\u4e16", "tab\there", "slash/1");

    private static final String[] WHITESPACE = {"", "", "", " ", "  ", "\n", "\n  ", "\n\t\t", "\r\n    ", "\t",
        "\n        "};
    private static final String[] TEXT = {"hello", " ", "caf\u00e9", "\u4e16\u754c", "\uD83D\uDE00", "\"", "\\", "/",
        "\n", "\t", "\u0001", "\u007f", "anthropic_beta", "\"anthropic_beta\":[\"drop-1\"]", "{", "}", "[", "]", ",",
        ":", "additionalModelRequestFields", "0123456789abcdef0123456789", "\u2028"};
    private static final String[] LOOK_ALIKE_KEYS = {"anthropic_betas", "Anthropic_beta", "anthropic-beta",
        "anthropic_bet", "anthropic_beta ", " anthropic_beta", "additionalModelRequestField", "additionalmodelrequestfields",
        "anthropic\\_beta"};

    /** Where one real member was rendered, in bytes. */
    record Member(int keyStart, int valueStart, int valueEnd, int index, int commaBefore, int nextKeyStart,
                  List<String> items) {
    }

    final byte[] bytes;
    /** The top-level member, or null. */
    final Member topLevel;
    /** The member inside additionalModelRequestFields, or null. */
    final Member converse;
    final int rootMemberCount;
    private final String summary;

    private RandomBody(byte[] bytes, Member topLevel, Member converse, int rootMemberCount) {
        this.bytes = bytes;
        this.topLevel = topLevel;
        this.converse = converse;
        this.rootMemberCount = rootMemberCount;
        this.summary = new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return summary;
    }

    static RandomBody generate(Random random) {
        return new Generator(random).body();
    }

    private static final class Generator {
        private final Random r;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private int uniqueKey;
        private Member pending;

        Generator(Random random) {
            this.r = random;
        }

        RandomBody body() {
            boolean withTop = r.nextInt(4) > 0;
            boolean withConverse = r.nextInt(3) == 0;
            ws();
            List<Object> members = fillers(r.nextInt(6));
            if (withTop) {
                members.add(r.nextInt(members.size() + 1), "TOP");
            }
            if (withConverse) {
                members.add(r.nextInt(members.size() + 1), "CONVERSE");
            }
            Member[] found = new Member[2];
            object(members, found);
            ws();
            return new RandomBody(out.toByteArray(), found[0], found[1], members.size());
        }

        private List<Object> fillers(int count) {
            List<Object> members = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                members.add("FILLER");
            }
            return members;
        }

        /** An object of the given kinds of members; records real members in found[0] (top) and found[1] (converse). */
        private void object(List<Object> kinds, Member[] found) {
            write("{");
            ws();
            int commaBefore = -1;
            for (int i = 0; i < kinds.size(); i++) {
                Object kind = kinds.get(i);
                int keyStart = out.size();
                if (pending != null && pending.nextKeyStart == -2) {
                    pending = new Member(pending.keyStart, pending.valueStart, pending.valueEnd, pending.index,
                            pending.commaBefore, keyStart, pending.items);
                    store(found);
                }
                if (kind.equals("TOP") || kind.equals("BETA")) {
                    key("anthropic_beta");
                    colon();
                    int valueStart = out.size();
                    List<String> items = betaArray();
                    pending = new Member(keyStart, valueStart, out.size(), i, commaBefore, -2, items);
                    pendingKind = kind.equals("TOP") ? 0 : 1;
                } else if (kind.equals("CONVERSE")) {
                    key("additionalModelRequestFields");
                    colon();
                    List<Object> inner = fillers(r.nextInt(4));
                    inner.add(r.nextInt(inner.size() + 1), "BETA");
                    object(inner, found);
                } else {
                    key(fillerKey());
                    colon();
                    value(0);
                }
                ws();
                if (i + 1 < kinds.size()) {
                    commaBefore = out.size();
                    write(",");
                    ws();
                }
            }
            if (pending != null && pending.nextKeyStart == -2) {
                pending = new Member(pending.keyStart, pending.valueStart, pending.valueEnd, pending.index,
                        pending.commaBefore, -1, pending.items);
                store(found);
            }
            write("}");
        }

        private int pendingKind;

        private void store(Member[] found) {
            found[pendingKind] = pending;
            pending = null;
        }

        private String fillerKey() {
            int choice = r.nextInt(10);
            String base = choice == 0 ? LOOK_ALIKE_KEYS[r.nextInt(LOOK_ALIKE_KEYS.length)] : "k";
            return base + "#" + (uniqueKey++);
        }

        private List<String> betaArray() {
            List<String> items = new ArrayList<>();
            int count = r.nextInt(5);
            write("[");
            ws();
            for (int i = 0; i < count; i++) {
                if (i > 0) {
                    ws();
                    write(",");
                    ws();
                }
                String item = ITEM_POOL.get(r.nextInt(ITEM_POOL.size()));
                items.add(item);
                string(item);
            }
            ws();
            write("]");
            return Collections.unmodifiableList(items);
        }

        private void value(int depth) {
            int choice = r.nextInt(depth > 3 ? 4 : 8);
            switch (choice) {
                case 0 -> string(text());
                case 1 -> write(number());
                case 2 -> write(List.of("true", "false", "null").get(r.nextInt(3)));
                case 3 -> string(r.nextBoolean() ? "anthropic_beta" : "[\"drop-1\"]");
                case 4, 5 -> container("[", "]", () -> value(depth + 1));
                default -> container("{", "}", () -> {
                    // Nested look-alikes: the real names, one level down, must stay untouched.
                    String key = switch (r.nextInt(5)) {
                        case 0 -> "anthropic_beta";
                        case 1 -> "additionalModelRequestFields";
                        default -> fillerKey();
                    };
                    key(key);
                    colon();
                    if (key.equals("anthropic_beta")) {
                        betaArray();
                    } else {
                        value(depth + 1);
                    }
                });
            }
        }

        private void container(String open, String close, Runnable element) {
            write(open);
            ws();
            int count = r.nextInt(4);
            for (int i = 0; i < count; i++) {
                if (i > 0) {
                    write(",");
                    ws();
                }
                element.run();
                ws();
            }
            write(close);
        }

    private String number() {
            StringBuilder s = new StringBuilder();
            if (r.nextBoolean()) {
                s.append('-');
            }
            s.append(r.nextInt(4) == 0 ? "0" : String.valueOf(1 + r.nextInt(1_000_000)));
            if (r.nextBoolean()) {
                s.append('.').append(r.nextInt(1000));
            }
            if (r.nextInt(4) == 0) {
                s.append(r.nextBoolean() ? 'e' : 'E').append(List.of("", "+", "-").get(r.nextInt(3)))
                        .append(r.nextInt(30));
            }
            if (r.nextInt(20) == 0) {
                s.setLength(0);
                s.append("123456789012345678901234567890.5e-3");
            }
            return s.toString();
        }

        private String text() {
            StringBuilder s = new StringBuilder();
            int parts = r.nextInt(6);
            for (int i = 0; i < parts; i++) {
                s.append(TEXT[r.nextInt(TEXT.length)]);
            }
            return s.toString();
        }

        private void key(String name) {
            string(name);
        }

        private void colon() {
            ws();
            write(":");
            ws();
        }

        /** A JSON string; each character escaped at random when it may be, and always when it must be. */
        private void string(String s) {
            StringBuilder t = new StringBuilder("\"");
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                boolean must = c == '"' || c == '\\' || c < 0x20;
                if (must || r.nextInt(12) == 0) {
                    switch (c) {
                        case '"' -> t.append(r.nextBoolean() ? "\\\"" : "\\u0022");
                        case '\\' -> t.append("\\\\");
                        case '\n' -> t.append(r.nextBoolean() ? "\\n" : "\\u000A");
                        case '\t' -> t.append("\\t");
                        case '/' -> t.append("\\/");
                        default -> t.append(String.format(r.nextBoolean() ? "\\u%04x" : "\\u%04X", (int) c));
                    }
                } else {
                    t.append(c);
                }
            }
            write(t.append('"').toString());
        }

        private void ws() {
            write(WHITESPACE[r.nextInt(WHITESPACE.length)]);
        }

        private void write(String s) {
            out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        }
    }
}
