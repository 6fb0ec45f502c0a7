package io.github.betaheaders.store;

import java.time.Instant;

/**
 * A manual reload asked for on some node: a run that one node claims and runs. It stays open, for every node to see,
 * until the run completes; reading it clears nothing.
 *
 * @param runKey      the run's key in the store
 * @param requestedBy the node that received the request
 * @param requestedAt when it was asked for
 */
public record ReloadRequest(String runKey, String requestedBy, Instant requestedAt) {
}
