package io.github.betaheaders.metrics;

/** Where in a request a beta was sent. */
public enum BetaLocation {
    /** The {@code anthropic-beta} header. */
    HEADER,
    /** An {@code anthropic_beta} array of a JSON body. */
    BODY;

    /** As a metric label value: the name in lower case. */
    public String label() {
        return MetricNames.label(this);
    }
}
