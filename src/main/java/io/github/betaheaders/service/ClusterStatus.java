package io.github.betaheaders.service;

import java.time.Instant;
import java.util.List;

/**
 * The cluster as this node last read it from the shared store (by its background thread, once per
 * {@code scheduleCheckSeconds}).
 *
 * @param node       this node's name
 * @param nodes      every node that sent a heartbeat, by name
 * @param agree      whether every live node serves the same document
 * @param readAt     when it was read, or {@code null} before the store first answered
 * @param storeError why the store does not answer now, or {@code null} when it does
 */
public record ClusterStatus(String node, List<ClusterNode> nodes, boolean agree, Instant readAt, String storeError) {

    public ClusterStatus {
        nodes = List.copyOf(nodes);
    }
}
