package io.github.betaheaders.service;

import io.github.betaheaders.store.NodeStatus;
import java.time.Instant;

/**
 * One node of the cluster as the status resource shows it.
 *
 * @param name           the node's name
 * @param activeSha256   hex SHA-256 of the document it serves, or {@code null}
 * @param activeRevision the store revision it serves, or 0 when its document did not come from the store
 * @param lastSeen       when its last heartbeat came
 * @param lastError      its last error, or {@code null}
 * @param live           whether its heartbeat is recent (it counts for agreement)
 */
public record ClusterNode(String name, String activeSha256, long activeRevision, Instant lastSeen, String lastError,
                          boolean live) {

    static ClusterNode of(NodeStatus status, boolean live) {
        return new ClusterNode(status.name(), status.activeSha256(), status.activeRevision(), status.lastSeen(),
                status.lastError(), live);
    }
}
