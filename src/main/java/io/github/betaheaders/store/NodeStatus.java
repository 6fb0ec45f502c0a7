package io.github.betaheaders.store;

import java.time.Instant;

/**
 * A node as its last heartbeat left it.
 *
 * @param name           the node's name
 * @param activeSha256   hex SHA-256 of the document it serves, or {@code null}
 * @param activeRevision the store revision it serves, or {@link JdbcStore#NO_REVISION} when its document did not come
 *                       from the store
 * @param lastSeen       when its last heartbeat came
 * @param lastError      its last error, or {@code null}
 */
public record NodeStatus(String name, String activeSha256, long activeRevision, Instant lastSeen, String lastError) {
}
