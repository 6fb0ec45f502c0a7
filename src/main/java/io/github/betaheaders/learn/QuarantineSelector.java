package io.github.betaheaders.learn;

import java.util.Objects;

/**
 * Which quarantine entries to remove: each part that is set must match; an unset part matches any.
 *
 * @param provider a provider key, or {@code null} for any
 * @param anyModel whether any model matches; when {@code false} only entries whose model equals {@code model}
 * @param model    the model to match when not {@code anyModel} ({@code null}: entries without a model)
 * @param beta     a beta, or {@code null} for any
 */
public record QuarantineSelector(String provider, boolean anyModel, String model, String beta) {

    /** Every entry. */
    public static final QuarantineSelector ALL = new QuarantineSelector(null, true, null, null);

    public boolean matches(QuarantineEntry entry) {
        return (provider == null || provider.equals(entry.provider()))
                && (anyModel || Objects.equals(model, entry.model()))
                && (beta == null || beta.equals(entry.beta()));
    }
}
