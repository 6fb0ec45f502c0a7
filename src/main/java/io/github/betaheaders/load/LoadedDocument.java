package io.github.betaheaders.load;

import java.util.Objects;

/**
 * A mapping with the bytes it was parsed from, so that a node can publish what it loaded to the shared store.
 *
 * @param snapshot the parsed mapping
 * @param document the bytes (not copied: do not change them)
 */
public record LoadedDocument(MappingSnapshot snapshot, byte[] document) {

    public LoadedDocument {
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(document, "document");
    }

    @Override
    public String toString() {
        return "LoadedDocument[" + snapshot.source() + ", " + document.length + " bytes, sha256 " + snapshot.sha256()
                + "]";
    }
}
