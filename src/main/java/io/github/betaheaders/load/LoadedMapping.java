package io.github.betaheaders.load;

import io.github.betaheaders.core.BetaMapping;
import java.time.Instant;

/**
 * A mapping together with where it came from: what a request reads, and what the status resource shows.
 *
 * @param mapping  the parsed snapshot
 * @param source   the URL, the file path, or {@code bundled}
 * @param sha256   hex SHA-256 of the document's bytes
 * @param loadedAt when it became active
 */
public record LoadedMapping(BetaMapping mapping, String source, String sha256, Instant loadedAt) {
}
