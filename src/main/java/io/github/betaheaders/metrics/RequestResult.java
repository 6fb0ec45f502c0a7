package io.github.betaheaders.metrics;

/** What the filter did to one request that carried betas (a header, or a JSON body). */
public enum RequestResult {
    /** Its betas were rewritten: what was forwarded differs from what was sent. */
    CHANGED,
    /** The mapping was applied and left every beta as sent. */
    UNCHANGED,
    /** Passed on as sent without applying the mapping, for an {@link UntouchedReason}. */
    UNTOUCHED;

    /** As a metric label value: the name in lower case. */
    public String label() {
        return MetricNames.label(this);
    }
}
