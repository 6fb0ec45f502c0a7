package io.github.betaheaders.metrics;

/** How a reload of the mapping ended. */
public enum ReloadResult {
    /** A new mapping is active, different from the one before. */
    CHANGED,
    /** The source gave the same mapping (or answered 304). */
    UNCHANGED,
    /** Nothing usable came; the mapping before stays active. */
    FAILED;

    /** As a metric label value: the name in lower case. */
    public String label() {
        return MetricNames.label(this);
    }
}
