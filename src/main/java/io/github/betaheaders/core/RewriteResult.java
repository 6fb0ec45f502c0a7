package io.github.betaheaders.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the rules made of one request's betas for one provider: the betas to forward, in the client's order, each once;
 * and what was dropped or renamed on the way. Immutable; the header value is joined once.
 */
public final class RewriteResult {

    private final List<String> betas;
    private final List<String> dropped;
    private final Map<String, String> renamed;
    private final Map<String, DropReason> dropReasons;
    private final String headerValue;

    /**
     * @param betas   the names to forward; empty when nothing is left (the header is then removed)
     * @param dropped the input names dropped (mapped to {@code null}, or unknown to a provider that does not forward
     *                unknown betas), each once, in input order
     * @param renamed input name to provider name, for the inputs forwarded under another name
     */
    public RewriteResult(List<String> betas, List<String> dropped, Map<String, String> renamed) {
        this(betas, notMentioned(dropped), renamed);
    }

    /**
     * @param betas       the names to forward; empty when nothing is left (the header is then removed)
     * @param dropReasons the input names dropped, each once, in input order, with why
     * @param renamed     input name to provider name, for the inputs forwarded under another name
     */
    public RewriteResult(List<String> betas, Map<String, DropReason> dropReasons, Map<String, String> renamed) {
        this.betas = List.copyOf(betas);
        this.dropReasons = Collections.unmodifiableMap(new LinkedHashMap<>(dropReasons));
        this.dropped = List.copyOf(dropReasons.keySet());
        this.renamed = Map.copyOf(renamed);
        this.headerValue = betas.isEmpty() ? null : String.join(",", betas);
    }

    private static Map<String, DropReason> notMentioned(List<String> dropped) {
        LinkedHashMap<String, DropReason> out = new LinkedHashMap<>();
        dropped.forEach(name -> out.put(name, DropReason.NOT_MENTIONED));
        return out;
    }

    /** The names to forward, in the client's order, each once. */
    public List<String> betas() {
        return betas;
    }

    /** The input names dropped, each once, in input order. */
    public List<String> dropped() {
        return dropped;
    }

    /** The input names dropped, each once, in input order, with why. */
    public Map<String, DropReason> dropReasons() {
        return dropReasons;
    }

    /** Input name to the provider's name, for the inputs forwarded under another name. */
    public Map<String, String> renamed() {
        return renamed;
    }

    /** True when nothing is to be forwarded. */
    public boolean isEmpty() {
        return betas.isEmpty();
    }

    /** The header value to forward: the names joined with commas, or {@code null} when nothing is left. */
    public String headerValue() {
        return headerValue;
    }

    /** True when the rules dropped or renamed anything. */
    public boolean changedAnything() {
        return !dropped.isEmpty() || !renamed.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RewriteResult r && betas.equals(r.betas) && dropped.equals(r.dropped)
                && renamed.equals(r.renamed);
    }

    @Override
    public int hashCode() {
        return Objects.hash(betas, dropped, renamed);
    }

    @Override
    public String toString() {
        return "RewriteResult[betas=" + betas + ", dropped=" + dropped + ", renamed=" + renamed + "]";
    }
}
