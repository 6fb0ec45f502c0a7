package io.github.betaheaders.metrics;

import io.github.betaheaders.core.DropReason;
import io.github.betaheaders.core.RewriteResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the filter did to one request, gathered as it goes (header, then body, possibly on another thread after an
 * async read) and counted once by {@link #finish()}. Used by one request at a time.
 */
public final class RequestTally {

    private static final UntouchedReason[] REASONS = UntouchedReason.values();

    private final BetaCounters counters;
    private final String provider;
    private final String method;
    private final String path;
    private RewriteResult header;
    private List<RewriteResult> body = List.of();
    /** The untouched reasons, one bit each by ordinal: nothing to allocate on the usual path. */
    private int untouched;
    private boolean changed;
    private boolean finished;

    RequestTally(BetaCounters counters, String provider, String method, String path) {
        this.counters = counters;
        this.provider = provider;
        this.method = method;
        this.path = path;
    }

    /** The provider key, or {@code null} when none was found. */
    public String provider() {
        return provider;
    }

    /** The header's betas as the rules rewrote them (forwarded so, or in report mode, as enforce would). */
    public void header(RewriteResult result) {
        header = result;
    }

    /** Each body array's betas as the rules rewrote them. */
    public void body(List<RewriteResult> results) {
        body = results;
    }

    /** The header or the body was passed on as it came, for {@code reason}. */
    public void untouched(UntouchedReason reason) {
        untouched |= 1 << reason.ordinal();
    }

    /** What is forwarded differs from what was sent (in report mode: would differ). */
    public void changed() {
        changed = true;
    }

    /** Counts the request; later calls do nothing. */
    public void finish() {
        if (!finished) {
            finished = true;
            counters.record(this);
        }
    }

    /** The names dropped from the header and the body, each once, in order; names that are not tokens left out. */
    public Set<String> dropped() {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        forEachResult(r -> r.dropReasons().forEach((name, why) -> {
            if (why != DropReason.NOT_A_TOKEN) {
                out.add(name);
            }
        }));
        return out;
    }

    /** The betas forwarded (or, in report mode, that enforce would forward) in the header and the body, each once. */
    public Set<String> forwarded() {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        forEachResult(r -> out.addAll(r.betas()));
        return out;
    }

    /** Client name to provider name, for the betas renamed in the header or the body. */
    public Map<String, String> renamed() {
        LinkedHashMap<String, String> out = new LinkedHashMap<>();
        forEachResult(r -> r.renamed().forEach(out::putIfAbsent));
        return out;
    }

    RewriteResult headerResult() {
        return header;
    }

    List<RewriteResult> bodyResults() {
        return body;
    }

    List<UntouchedReason> untouchedReasons() {
        List<UntouchedReason> out = new ArrayList<>(Integer.bitCount(untouched));
        for (UntouchedReason reason : REASONS) {
            if ((untouched & (1 << reason.ordinal())) != 0) {
                out.add(reason);
            }
        }
        return out;
    }

    boolean anyUntouched() {
        return untouched != 0;
    }

    RequestResult result() {
        if (changed) {
            return RequestResult.CHANGED;
        }
        return untouched == 0 ? RequestResult.UNCHANGED : RequestResult.UNTOUCHED;
    }

    /** How a log line names the request: {@code POST /bedrock/model/x/invoke}. */
    String request() {
        return method + " " + path;
    }

    private void forEachResult(java.util.function.Consumer<RewriteResult> action) {
        if (header != null) {
            action.accept(header);
        }
        body.forEach(action);
    }
}
