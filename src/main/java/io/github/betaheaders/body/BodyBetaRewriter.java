package io.github.betaheaders.body;

import io.github.betaheaders.body.BodyRewrite.Outcome;
import io.github.betaheaders.core.BetaMapping;
import io.github.betaheaders.core.BetaRules;
import io.github.betaheaders.core.ModelQuarantine;
import io.github.betaheaders.core.QuarantinedBetas;
import io.github.betaheaders.core.RewriteResult;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * Rewrites the betas of a JSON request body by the same rules as the header ({@link BetaRules#rewriteItems}),
 * without touching any other byte.
 *
 * <p>Where: the top-level {@code anthropic_beta} array (Bedrock InvokeModel) and the {@code anthropic_beta} array in
 * the top-level {@code additionalModelRequestFields} object (Bedrock Converse); nowhere else.
 *
 * <p>How: one pass of {@link BodyScanner} checks the document and finds the members. A member whose items the rules
 * leave exactly as they are is not touched, down to its whitespace. Otherwise only the array's bytes are replaced, by
 * a compact array of the rewritten names; when nothing is left the member is removed with the comma that separated it
 * from its neighbour (the comma before it, or after it when no member before it stays) and the whitespace between
 * that comma and the member. Every other byte is copied as it is: key order, numbers, escapes and whitespace stay.
 *
 * <p>Duplicate members (the same object naming {@code anthropic_beta} twice) are each rewritten as if they were the
 * only one, so whichever one the provider's parser keeps (most keep the last), it holds rewritten betas.
 *
 * <p>A body that is not well-formed JSON, or whose member is not an array of strings (a string, a number,
 * {@code null}, an array holding anything but strings), is returned as it is: the provider reports that error itself.
 * When the body has no member and there is nothing to add, the scan is the only cost: the caller's buffer is returned.
 *
 * <p>Immutable and thread-safe.
 */
public final class BodyBetaRewriter {

    private final BetaRules rules;
    private final int maxBetas;

    /** Without a bound on the number of betas of an array. */
    public BodyBetaRewriter(BetaRules rules) {
        this(rules, Integer.MAX_VALUE);
    }

    /**
     * @param maxBetas the most items an {@code anthropic_beta} array may hold to be rewritten; a body with a longer one
     *                 is forwarded as it is ({@link Outcome#TOO_MANY_BETAS}), its strings never decoded
     */
    public BodyBetaRewriter(BetaRules rules, int maxBetas) {
        this.rules = Objects.requireNonNull(rules, "rules");
        if (maxBetas < 0) {
            throw new IllegalArgumentException("maxBetas < 0: " + maxBetas);
        }
        this.maxBetas = maxBetas;
    }

    /**
     * Rewrites {@code body[0, length)} for {@code provider}, leaving {@code body} as it is: a rewritten body is a new
     * buffer.
     *
     * @param headerBetas betas to merge into the top-level array after its own (each name once), added as a new first
     *                    member of the top-level object when the body has none; already rewritten, so not mapped again.
     *                    Empty for no merge. This is {@code bedrockHeaderBetasToBody}.
     */
    public BodyRewrite rewrite(BetaMapping mapping, String provider, byte[] body, int length, List<String> headerBetas) {
        return rewrite(mapping, provider, ModelSource.NONE, ModelQuarantine.NONE, body, length, headerBetas, false);
    }

    /**
     * As {@link #rewrite(BetaMapping, String, byte[], int, List)}, by the rules for the request's model
     * ({@link BetaMapping#tableFor}): the one its path names, else, when {@code model} says to look, the body's own
     * top-level {@code model} (then also given back in {@link BodyRewrite#model()}); and without the betas
     * {@code quarantined} for that model ({@link QuarantinedBetas#applyTo}).
     */
    public BodyRewrite rewrite(BetaMapping mapping, String provider, ModelSource model, ModelQuarantine quarantined,
                               byte[] body, int length, List<String> headerBetas) {
        return rewrite(mapping, provider, model, quarantined, body, length, headerBetas, false);
    }

    /**
     * As {@link #rewrite}, for a caller that owns {@code body} and no longer needs its bytes: a rewrite that makes the
     * body no longer at any point (the usual case: betas dropped, arrays written compactly) is done in place, moving
     * only the bytes after the first change, and returns {@code body} itself with a new length. A longer body (a member
     * added, a longer name) is a new buffer as with {@link #rewrite}.
     */
    public BodyRewrite rewriteInPlace(BetaMapping mapping, String provider, byte[] body, int length,
                                      List<String> headerBetas) {
        return rewrite(mapping, provider, ModelSource.NONE, ModelQuarantine.NONE, body, length, headerBetas, true);
    }

    /** As {@link #rewriteInPlace(BetaMapping, String, byte[], int, List)}, for the request's model. */
    public BodyRewrite rewriteInPlace(BetaMapping mapping, String provider, ModelSource model,
                                      ModelQuarantine quarantined, byte[] body, int length, List<String> headerBetas) {
        return rewrite(mapping, provider, model, quarantined, body, length, headerBetas, true);
    }

    private BodyRewrite rewrite(BetaMapping mapping, String provider, ModelSource model, ModelQuarantine quarantine,
                                byte[] body, int length, List<String> headerBetas, boolean inPlace) {
        BodyScan scan = BodyScanner.scan(body, length, maxBetas, model.fromBody());
        String bodyModel = scan.model();
        String rulesModel = model.fromBody() ? bodyModel : model.pathModel();
        if (!scan.valid()) {
            return new BodyRewrite(Outcome.NOT_JSON, body, length, List.of());
        }
        // Asked even when the body has no array: the answer's verdict then keys on the same model.
        QuarantinedBetas quarantined = quarantine.betasFor(rulesModel);
        List<BetaMember> members = scan.members();
        for (BetaMember member : members) {
            if (member.itemCount() > maxBetas) {
                return new BodyRewrite(Outcome.TOO_MANY_BETAS, body, length, List.of(), bodyModel);
            }
        }
        for (BetaMember member : members) {
            if (!member.isArrayOfStrings()) {
                return new BodyRewrite(Outcome.NOT_AN_ARRAY_OF_STRINGS, body, length, List.of(), bodyModel);
            }
        }
        boolean merge = !headerBetas.isEmpty();
        boolean hasTopLevel = false;
        List<RewriteResult> results = new ArrayList<>(members.size());
        List<Edit> edits = new ArrayList<>();
        List<BetaMember> removed = new ArrayList<>();
        for (BetaMember member : members) {
            RewriteResult result = quarantined.applyTo(rules.rewriteItems(mapping, provider, rulesModel,
                    member.items()));
            results.add(result);
            List<String> betas = result.betas();
            if (merge && member.place() == BetaMember.Place.TOP_LEVEL) {
                hasTopLevel = true;
                betas = merged(betas, headerBetas);
            }
            if (betas.equals(member.items())) {
                continue;
            }
            if (betas.isEmpty()) {
                edits.add(removal(member, removed));
                removed.add(member);
            } else {
                edits.add(new Edit(member.valueStart(), member.valueEnd(), BetaArrayWriter.array(betas)));
            }
        }
        if (merge && !hasTopLevel && scan.rootObjectStart() >= 0) {
            edits.add(0, insertion(scan, merged(List.of(), headerBetas)));
        }
        if (edits.isEmpty()) {
            return new BodyRewrite(members.isEmpty() ? Outcome.NO_MEMBER : Outcome.UNCHANGED, body, length, results,
                    bodyModel);
        }
        if (inPlace && neverLonger(edits)) {
            return new BodyRewrite(Outcome.REWRITTEN, body, applyInPlace(body, length, edits), results, bodyModel);
        }
        byte[] rewritten = apply(body, length, edits);
        return new BodyRewrite(Outcome.REWRITTEN, rewritten, rewritten.length, results, bodyModel);
    }

    private static List<String> merged(List<String> bodyBetas, List<String> headerBetas) {
        LinkedHashSet<String> all = new LinkedHashSet<>(bodyBetas);
        all.addAll(headerBetas);
        return new ArrayList<>(all);
    }

    /**
     * The bytes that go with a member: the comma before it, unless every member before it in its object goes too; then
     * the comma after it (up to the next key); the member alone when it is the last one left.
     */
    private static Edit removal(BetaMember member, List<BetaMember> removedSoFar) {
        int removedBefore = 0;
        for (BetaMember earlier : removedSoFar) {
            if (earlier.objectStart() == member.objectStart()) {
                removedBefore++;
            }
        }
        boolean firstLeft = removedBefore == member.indexInObject();
        if (!firstLeft) {
            return new Edit(member.commaBefore(), member.valueEnd(), new byte[0]);
        }
        int end = member.nextKeyStart() >= 0 ? member.nextKeyStart() : member.valueEnd();
        return new Edit(member.keyStart(), end, new byte[0]);
    }

    /** A new first member of the top-level object, right after its {@code '{'}. */
    private static Edit insertion(BodyScan scan, List<String> betas) {
        byte[] member = BetaArrayWriter.member(BodyScanner.BETA_KEY, betas);
        if (scan.rootMemberCount() > 0) {
            byte[] withComma = new byte[member.length + 1];
            System.arraycopy(member, 0, withComma, 0, member.length);
            withComma[member.length] = ',';
            member = withComma;
        }
        int at = scan.rootObjectStart() + 1;
        return new Edit(at, at, member);
    }

    private static int lengthAfter(int length, List<Edit> edits) {
        long size = length;
        for (Edit edit : edits) {
            size += edit.replacement.length - (edit.end - edit.start);
        }
        return Math.toIntExact(size);
    }

    private static byte[] apply(byte[] body, int length, List<Edit> edits) {
        byte[] out = new byte[lengthAfter(length, edits)];
        // Right after the allocation, so that the JIT can skip zeroing what this copy fills.
        System.arraycopy(body, 0, out, 0, edits.get(0).start);
        splice(body, length, edits, out);
        return out;
    }

    /** Whether the body, edited from left to right, is never longer than it was up to the end of each edit. */
    private static boolean neverLonger(List<Edit> edits) {
        long growth = 0;
        for (Edit edit : edits) {
            growth += edit.replacement.length - (edit.end - edit.start);
            if (growth > 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Applies {@link #neverLonger} edits within {@code body}: the write position never passes the read position, so
     * each move (a {@code memmove}) only overwrites bytes already moved or dropped. Returns the new length.
     */
    private static int applyInPlace(byte[] body, int length, List<Edit> edits) {
        return splice(body, length, edits, body);
    }

    /**
     * Writes {@code body[s, length)}, {@code s} being where the first edit starts, with the edits applied, to
     * {@code target} from {@code s} on; returns where the written bytes end.
     */
    private static int splice(byte[] body, int length, List<Edit> edits, byte[] target) {
        int from = edits.get(0).start;
        int to = from;
        for (Edit edit : edits) {
            int unchanged = edit.start - from;
            System.arraycopy(body, from, target, to, unchanged);
            to += unchanged;
            System.arraycopy(edit.replacement, 0, target, to, edit.replacement.length);
            to += edit.replacement.length;
            from = edit.end;
        }
        System.arraycopy(body, from, target, to, length - from);
        return to + length - from;
    }

    /** Bytes {@code [start, end)} of the input become {@code replacement}; edits are applied in order. */
    private record Edit(int start, int end, byte[] replacement) {
    }
}
