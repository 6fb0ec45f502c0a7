package io.github.betaheaders.core;

/**
 * Client or server input quoted in a message: at most {@value #MAX_CHARS} characters (or as many as asked), with every control or other
 * unprintable character (line breaks, escapes, bidi controls) shown as {@code \}{@code uXXXX}, so that a log line or
 * an error message cannot be forged or flooded by what it quotes.
 */
public final class EchoedInput {

    public static final int MAX_CHARS = 80;

    private EchoedInput() {
    }

    public static String of(String text) {
        return of(text, MAX_CHARS);
    }

    /** {@code text} cut to {@code maxChars} characters, with unprintable characters escaped. */
    public static String of(String text, int maxChars) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), maxChars) + 8);
        int shown = 0;
        for (int i = 0; i < text.length(); i++) {
            if (shown == maxChars) {
                return out.append("... (").append(text.length()).append(" chars)").toString();
            }
            char c = text.charAt(i);
            int type = Character.getType(c);
            if (c < 0x20 || c == 0x7f || type == Character.CONTROL || type == Character.FORMAT
                    || type == Character.SURROGATE || type == Character.UNASSIGNED
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
            shown++;
        }
        return out.toString();
    }
}
