package io.github.betaheaders.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;

/**
 * The betas quarantined for one provider and model ({@code learnFromRejections}): names as the provider got them
 * (after any rename), which the rules' result loses before it is forwarded. Immutable; one per provider and model in
 * each quarantine snapshot, so that the result it made of the last rules' result is remembered: the counters then
 * find the same result object again, as they do for a header value without quarantine.
 */
public final class QuarantinedBetas {

    /** Nothing quarantined: {@link #applyTo} returns its argument. */
    public static final QuarantinedBetas NONE = new QuarantinedBetas(Set.of());

    private record Applied(RewriteResult from, RewriteResult to) {
    }

    private final Set<String> betas;
    /** The last result applied to, and what it became; racy on purpose, each value whole. */
    private volatile Applied last;

    public QuarantinedBetas(Set<String> betas) {
        this.betas = Set.copyOf(betas);
    }

    /** The provider's names quarantined. */
    public Set<String> betas() {
        return betas;
    }

    public boolean isEmpty() {
        return betas.isEmpty();
    }

    /**
     * {@code result} without the quarantined betas, each dropped under the client's name for it with
     * {@link DropReason#QUARANTINED}; {@code result} itself when it forwards none of them (or is {@code null}).
     */
    public RewriteResult applyTo(RewriteResult result) {
        if (result == null || betas.isEmpty() || !forwardsAny(result.betas())) {
            return result;
        }
        Applied known = last;
        if (known != null && known.from == result) {
            return known.to;
        }
        List<String> kept = new ArrayList<>(result.betas().size());
        for (String beta : result.betas()) {
            if (!betas.contains(beta)) {
                kept.add(beta);
            }
        }
        LinkedHashMap<String, DropReason> dropped = new LinkedHashMap<>(result.dropReasons());
        LinkedHashMap<String, String> renamed = new LinkedHashMap<>();
        result.renamed().forEach((from, to) -> {
            if (betas.contains(to)) {
                dropped.putIfAbsent(from, DropReason.QUARANTINED);
            } else {
                renamed.put(from, to);
            }
        });
        for (String beta : result.betas()) {
            if (betas.contains(beta) && !result.renamed().containsValue(beta)) {
                dropped.putIfAbsent(beta, DropReason.QUARANTINED);
            }
        }
        RewriteResult applied = new RewriteResult(kept, dropped, renamed);
        last = new Applied(result, applied);
        return applied;
    }

    private boolean forwardsAny(List<String> forwarded) {
        for (String beta : forwarded) {
            if (betas.contains(beta)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "QuarantinedBetas" + betas;
    }
}
