package io.github.betaheaders.metrics;

/** Why the filter passed a request's header or body on as it came, without applying the mapping. */
public enum UntouchedReason {
    /** No provider was found for the request's path (and none was set by the request attribute). */
    NO_PROVIDER,
    /** The client signed the request with AWS SigV4 and the signature covers the header. */
    SIGV4_SIGNED_HEADER,
    /** The client signed the request with AWS SigV4, which covers the body. */
    SIGV4_SIGNED_BODY,
    /** The header or a body array holds more than {@code maxBetas} betas. */
    TOO_MANY_BETAS,
    /** The body is larger than {@code maxBodyBytes}. */
    BODY_TOO_LARGE,
    /** Holding the body would pass {@code maxBufferedBytes}. */
    OVER_BUFFER_BUDGET,
    /** The body is not well-formed JSON. */
    NOT_JSON,
    /** An {@code anthropic_beta} member of the body is not an array of strings. */
    NOT_AN_ARRAY_OF_STRINGS,
    /** The body could not be read (the client went away, an error). */
    BODY_UNREADABLE,
    /** Rewriting the body failed unexpectedly. */
    REWRITE_FAILED;

    /** As a metric label value: the name in lower case. */
    public String label() {
        return MetricNames.label(this);
    }
}
