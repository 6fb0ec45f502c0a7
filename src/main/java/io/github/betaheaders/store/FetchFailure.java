package io.github.betaheaders.store;

import java.time.Instant;

/**
 * A node's last failed fetch, kept for the status resource (a failed fetch publishes nothing).
 *
 * @param node     the node whose fetch failed
 * @param message  why, as it may be shown
 * @param failedAt when
 */
public record FetchFailure(String node, String message, Instant failedAt) {
}
