package io.github.betaheaders.learn;

import java.time.Instant;
import java.util.Objects;

/**
 * One beta dropped for one provider and model until {@code expires}, because the provider refused it.
 *
 * @param provider the provider key
 * @param model    the model as the request's path named it, or {@code null} for requests that name none there
 * @param beta     the beta as the provider got it (after any rename)
 * @param reason   {@link #NAMED} or {@link #UNNAMED}
 * @param evidence the refusal's text, shortened ({@link BetaRefusal#evidence()})
 * @param since    when it was quarantined
 * @param expires  when it is tried again
 */
public record QuarantineEntry(String provider, String model, String beta, String reason, String evidence,
                              Instant since, Instant expires) {

    /** The provider's answer named the beta. */
    public static final String NAMED = "named";
    /**
     * The answer named no beta, and no successful request of that provider and model forwarded this one within the
     * quarantine's length.
     */
    public static final String UNNAMED = "unnamed";

    public QuarantineEntry {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(beta, "beta");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(expires, "expires");
    }
}
