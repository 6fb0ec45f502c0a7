package io.github.betaheaders.metrics;

import io.github.betaheaders.core.DropReason;

/** What the filter did (or, in report mode, would do) to one beta of a request. */
public enum BetaOutcome {
    /** Forwarded under its own name. */
    FORWARDED,
    /** Forwarded under the provider's name for it. */
    RENAMED,
    /** Dropped: the provider's section maps it to {@code null}. */
    DROPPED_NULL,
    /** Dropped: the provider's section does not mention it. */
    DROPPED_UNMENTIONED,
    /** Dropped: not an HTTP token. */
    DROPPED_INVALID,
    /** Dropped: quarantined for the provider and model after the provider refused it. */
    DROPPED_QUARANTINED;

    /** As a metric label value: the name in lower case. */
    public String label() {
        return MetricNames.label(this);
    }

    /** The outcome of a beta dropped for {@code reason}. */
    public static BetaOutcome dropped(DropReason reason) {
        return switch (reason) {
            case MAPPED_TO_NULL -> DROPPED_NULL;
            case NOT_MENTIONED -> DROPPED_UNMENTIONED;
            case NOT_A_TOKEN -> DROPPED_INVALID;
            case QUARANTINED -> DROPPED_QUARANTINED;
        };
    }
}
