package io.github.betaheaders.service;

import io.github.betaheaders.learn.InMemoryQuarantineStore;
import io.github.betaheaders.learn.QuarantineEntry;
import io.github.betaheaders.learn.QuarantineSelector;
import io.github.betaheaders.learn.QuarantineSnapshot;
import io.github.betaheaders.learn.QuarantineStore;
import io.github.betaheaders.store.JdbcStore;
import io.github.betaheaders.store.StoreException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The quarantine of one node of a cluster that shares a {@link JdbcStore}: what a node learns is active there at once
 * and written to the store by the node's background thread at its next check ({@link #sync}), which also reads the
 * cluster's entries, so that a quarantine learned on one node applies on all within a check. Ending quarantines
 * ({@link #remove}, an operator's {@code DELETE}) deletes them in the store first (the store not answering: a
 * {@link StoreException}, nothing removed). Entries expire at the time they carry, the same on every node.
 *
 * <p>The request path ({@link #current()}, {@link #add}, {@link #expire}) never waits for the store.
 */
final class SharedQuarantineStore implements QuarantineStore {

    private final JdbcStore store;
    private final Clock clock;
    private final InMemoryQuarantineStore local = new InMemoryQuarantineStore();
    /** Learned here, not yet written to the store. */
    private final ConcurrentLinkedQueue<QuarantineEntry> pending = new ConcurrentLinkedQueue<>();

    SharedQuarantineStore(JdbcStore store, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public QuarantineSnapshot current() {
        return local.current();
    }

    @Override
    public QuarantineSnapshot add(List<QuarantineEntry> entries) {
        pending.addAll(entries);
        return local.add(entries);
    }

    /**
     * Removes the entries {@code which} matches, in the store and then here.
     *
     * @throws StoreException when the store does not answer; nothing is removed
     */
    @Override
    public synchronized List<QuarantineEntry> remove(QuarantineSelector which) {
        List<QuarantineEntry> inStore = store.removeQuarantine(which);
        pending.removeIf(which::matches);
        LinkedHashMap<List<Object>, QuarantineEntry> removed = new LinkedHashMap<>();
        for (QuarantineEntry e : local.remove(which)) {
            removed.put(key(e), e);
        }
        for (QuarantineEntry e : inStore) {
            removed.putIfAbsent(key(e), e);
        }
        return List.copyOf(removed.values());
    }

    @Override
    public List<QuarantineEntry> expire(Instant now) {
        return local.expire(now);
    }

    /**
     * One check: writes what this node learned since the last one, then takes the cluster's entries (those not
     * expired) with what this node learned meanwhile as its own.
     *
     * @throws StoreException when the store does not answer; what was learned here is written at a later check
     */
    synchronized void sync() {
        List<QuarantineEntry> learned = new ArrayList<>();
        for (QuarantineEntry e; (e = pending.poll()) != null; ) {
            learned.add(e);
        }
        try {
            if (!learned.isEmpty()) {
                store.putQuarantine(learned);
            }
        } catch (StoreException e) {
            pending.addAll(learned);
            throw e;
        }
        List<QuarantineEntry> all = new ArrayList<>(store.quarantine(clock.instant()));
        all.addAll(pending);
        QuarantineSnapshot next = QuarantineSnapshot.of(all);
        if (!next.entries().equals(local.current().entries())) {
            // Unchanged, the snapshot stays: what its lookups remembered stays valid.
            local.replace(next);
        }
    }

    private static List<Object> key(QuarantineEntry e) {
        return Arrays.asList(e.provider(), e.model(), e.beta());
    }
}
