package io.github.betaheaders.core;

import java.util.Comparator;

/**
 * The model part of an override section key ({@code bedrock/*claude-opus-4-7*}): a glob in which {@code *} matches
 * any characters (none included, {@code /} and {@code :} included) and every other character itself, compared with
 * the model id as the request carries it (case-sensitive).
 *
 * <p>Specificity, most specific first ({@link #MOST_SPECIFIC_FIRST}): a pattern without {@code *} (one exact model);
 * then the one with more literal characters (those that are not {@code *}); then the one with fewer {@code *}; then
 * the one written first in the overrides document.
 */
public final class ModelPattern {

    /** The longest pattern accepted. */
    public static final int MAX_LENGTH = 256;

    /** Orders patterns from the most specific; equal ones keep their order (a stable sort keeps the document's). */
    public static final Comparator<ModelPattern> MOST_SPECIFIC_FIRST = Comparator
            .comparing((ModelPattern p) -> p.stars > 0)
            .thenComparing(p -> -p.literals)
            .thenComparingInt(p -> p.stars);

    private final String text;
    private final int stars;
    private final int literals;

    private ModelPattern(String text) {
        this.text = text;
        int count = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '*') {
                count++;
            }
        }
        this.stars = count;
        this.literals = text.length() - count;
    }

    /**
     * @throws IllegalArgumentException when empty, longer than {@link #MAX_LENGTH}, or holding anything but printable
     *                                  ASCII other than a comma
     */
    public static ModelPattern of(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("the model pattern after '/' is empty");
        }
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("the model pattern is longer than " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= 0x20 || c >= 0x7F || c == ',') {
                throw new IllegalArgumentException("the model pattern may hold printable ASCII but a comma, found "
                        + String.format("U+%04X", (int) c) + " at index " + i);
            }
        }
        return new ModelPattern(text);
    }

    public String text() {
        return text;
    }

    /** True when the pattern has no {@code *}: it names one model. */
    public boolean exact() {
        return stars == 0;
    }

    /**
     * Whether {@code model} matches. Greedy with one step back per {@code *}: at most (pattern length) x (model length)
     * character comparisons, both bounded.
     */
    public boolean matches(String model) {
        if (stars == 0) {
            return text.equals(model);
        }
        int p = 0;
        int m = 0;
        int starAt = -1;
        int resumeAt = 0;
        int plen = text.length();
        int mlen = model.length();
        while (m < mlen) {
            if (p < plen && text.charAt(p) == '*') {
                starAt = p++;
                resumeAt = m;
            } else if (p < plen && text.charAt(p) == model.charAt(m)) {
                p++;
                m++;
            } else if (starAt >= 0) {
                p = starAt + 1;
                m = ++resumeAt;
            } else {
                return false;
            }
        }
        while (p < plen && text.charAt(p) == '*') {
            p++;
        }
        return p == plen;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelPattern other && other.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
