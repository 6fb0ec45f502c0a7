package io.github.betaheaders.learn;

import java.time.Instant;
import java.util.List;

/**
 * Where the quarantine is kept: in memory ({@link InMemoryQuarantineStore}), or in a store shared by the nodes of a
 * cluster, so that what one node learned the others apply. A shared store keeps a local snapshot that it refreshes in
 * the background; {@link #current()} is on the request path and never waits for I/O.
 */
public interface QuarantineStore {

    /** The entries now; immutable, read once per request; never blocks. */
    QuarantineSnapshot current();

    /** Adds entries, each replacing any for the same provider, model and beta; returns the snapshot after. */
    QuarantineSnapshot add(List<QuarantineEntry> entries);

    /** Removes the entries {@code which} matches; returns them. */
    List<QuarantineEntry> remove(QuarantineSelector which);

    /** Removes the entries that expired at {@code now}; returns those this call removed. */
    List<QuarantineEntry> expire(Instant now);
}
