package io.github.betaheaders.body;

import io.github.betaheaders.core.RewriteResult;
import java.util.List;

/**
 * What {@link BodyBetaRewriter} made of one body. The body is {@code body()[0, length())}: the caller's own buffer,
 * untouched, unless the outcome is {@link Outcome#REWRITTEN}; then a new buffer, or, from
 * {@link BodyBetaRewriter#rewriteInPlace}, possibly the caller's buffer with its bytes changed.
 *
 * @param outcome what happened
 * @param body    the bytes to forward
 * @param length  how many bytes of {@code body} to forward
 * @param results the rules' verdict on each {@code anthropic_beta} member's items, in document order (for logging)
 * @param model   the body's top-level {@code model}, when it was looked for ({@code findModel}) and is a string;
 *                else {@code null}
 */
public record BodyRewrite(Outcome outcome, byte[] body, int length, List<RewriteResult> results, String model) {

    public BodyRewrite {
        results = List.copyOf(results);
    }

    public BodyRewrite(Outcome outcome, byte[] body, int length, List<RewriteResult> results) {
        this(outcome, body, length, results, null);
    }

    /** What happened to a body. Only {@link #REWRITTEN} changes a byte. */
    public enum Outcome {
        /** Not one well-formed JSON value (malformed, truncated, empty): forwarded as it is. */
        NOT_JSON,
        /** Well-formed, without an {@code anthropic_beta} member where providers read one (and nothing to add). */
        NO_MEMBER,
        /** A member is there but is not an array of strings: the whole body is forwarded as it is. */
        NOT_AN_ARRAY_OF_STRINGS,
        /** A member's array has more items than the rewriter's {@code maxBetas}: the body is forwarded as it is. */
        TOO_MANY_BETAS,
        /** The members are arrays of strings that the rules leave exactly as they are. */
        UNCHANGED,
        /** At least one member was replaced, removed or added. */
        REWRITTEN
    }

    /** True when the bytes to forward differ from the input. */
    public boolean changed() {
        return outcome == Outcome.REWRITTEN;
    }
}
