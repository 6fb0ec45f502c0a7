package io.github.betaheaders.store;

import java.time.Instant;

/**
 * An overrides document published to the store by the node where an operator changed the overrides; the newest
 * revision is the cluster's overrides ({@code {}}: none).
 *
 * @param revision    its revision: 1 for the first, and each later one is larger
 * @param document    the document's bytes, as published (not copied: do not change them)
 * @param sha256      hex SHA-256 of the bytes
 * @param publishedBy the node that published it
 * @param publishedAt when
 */
public record PublishedOverrides(long revision, byte[] document, String sha256, String publishedBy,
                                 Instant publishedAt) {

    @Override
    public String toString() {
        return "PublishedOverrides[revision=" + revision + ", " + document.length + " bytes, sha256=" + sha256
                + ", publishedBy=" + publishedBy + ", publishedAt=" + publishedAt + "]";
    }
}
