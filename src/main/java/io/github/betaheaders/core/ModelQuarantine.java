package io.github.betaheaders.core;

/**
 * The betas quarantined for one request's provider ({@code learnFromRejections}), asked once the request's model is
 * known: the model its path names, or the one its body names (then only after the body has been read). The same model
 * keys the model rules of the overrides and the quarantines.
 */
@FunctionalInterface
public interface ModelQuarantine {

    /** Learning is off, or nothing is quarantined: {@link QuarantinedBetas#NONE} for every model. */
    ModelQuarantine NONE = model -> QuarantinedBetas.NONE;

    /** The betas to drop for {@code model} ({@code null}: the request names none). */
    QuarantinedBetas betasFor(String model);
}
