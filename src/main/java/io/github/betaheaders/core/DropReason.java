package io.github.betaheaders.core;

/** Why the rules dropped a beta (see {@link BetaRules}). */
public enum DropReason {
    /** The provider's section maps it to {@code null}: the provider does not support it. */
    MAPPED_TO_NULL,
    /**
     * The provider's section does not mention it (or the provider has no section), and the provider is not one of
     * {@code forwardUnknownBetas}.
     */
    NOT_MENTIONED,
    /** Not an HTTP token: no provider names a beta that way. */
    NOT_A_TOKEN,
    /**
     * The provider refused it for this model not long ago ({@code learnFromRejections}): dropped until its quarantine
     * expires ({@link QuarantinedBetas}).
     */
    QUARANTINED
}
