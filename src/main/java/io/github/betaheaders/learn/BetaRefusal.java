package io.github.betaheaders.learn;

import java.util.List;

/**
 * A provider's 400 answer recognised as refusing betas: either naming the refused betas (the Anthropic API's and
 * Vertex AI's "Unexpected value(s) `x` for the `anthropic-beta` header"), or saying only that some beta was refused
 * (Bedrock's "invalid beta flag"). Made by {@link BetaRefusalParser}.
 *
 * @param named    the betas the answer names, in its order; empty when it names none
 * @param evidence the part of the answer that shows the refusal, shortened and without control characters, for logs
 *                 and the status resource
 */
public record BetaRefusal(List<String> named, String evidence) {

    public BetaRefusal {
        named = List.copyOf(named);
    }

    /** Whether the answer names the refused betas. */
    public boolean namesBetas() {
        return !named.isEmpty();
    }
}
