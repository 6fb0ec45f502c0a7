package io.github.betaheaders.store;

import java.time.Instant;

/**
 * A mapping document published to the store by the node that fetched and validated it.
 *
 * @param revision    its revision: 1 for the first, and each later one is larger
 * @param document    the document's bytes, as fetched (not copied: do not change them)
 * @param sha256      hex SHA-256 of the bytes
 * @param source      where it was fetched from, as it may be shown
 * @param publishedBy the node that published it
 * @param publishedAt when
 */
public record PublishedDocument(long revision, byte[] document, String sha256, String source, String publishedBy,
                                Instant publishedAt) {

    @Override
    public String toString() {
        return "PublishedDocument[revision=" + revision + ", " + document.length + " bytes, sha256=" + sha256
                + ", source=" + source + ", publishedBy=" + publishedBy + ", publishedAt=" + publishedAt + "]";
    }
}
