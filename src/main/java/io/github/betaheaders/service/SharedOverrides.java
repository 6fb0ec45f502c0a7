package io.github.betaheaders.service;

import io.github.betaheaders.core.BetaOverrides;
import io.github.betaheaders.core.InvalidMappingException;
import io.github.betaheaders.load.OverridesStore;
import io.github.betaheaders.store.JdbcStore;
import io.github.betaheaders.store.PublishedOverrides;
import io.github.betaheaders.store.StoreException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The overrides of one node of a cluster that shares a {@link JdbcStore}: the cluster's are the newest revision in the
 * store. A change on this node is published there first (the store not answering: nothing changes), then made active
 * here; the other nodes adopt it at their next check ({@link #adoptNewest}, from {@link SharedStoreMember}'s thread,
 * never from a request). Each set made active is also written to the node's own {@link OverridesStore} (the
 * {@code overridesFile}, when set) as a local copy, which a node that starts while the store does not answer uses.
 *
 * <p>Publishing and adopting are serialised on this object, so that the revision in force only grows.
 */
final class SharedOverrides {

    private static final System.Logger LOG = System.getLogger(SharedOverrides.class.getName());

    private final JdbcStore store;
    private final String node;
    private final OverridesStore localCopy;
    private final Supplier<Collection<String>> knownProviders;
    private final Supplier<BetaOverrides> active;
    private final Consumer<BetaOverrides> apply;
    private final String component;
    private volatile long revision;
    private long refusedRevision;

    /**
     * @param revision       the store revision of the overrides active at start, or {@link JdbcStore#NO_REVISION}
     *                       when they came from the local copy
     * @param refused        the store revision refused at start (warned of then), or {@link JdbcStore#NO_REVISION}
     * @param knownProviders the provider keys a section may name now
     * @param active         the overrides active now
     * @param apply          makes overrides active (for the next request)
     */
    SharedOverrides(JdbcStore store, String node, OverridesStore localCopy, long revision, long refused,
                    Supplier<Collection<String>> knownProviders, Supplier<BetaOverrides> active,
                    Consumer<BetaOverrides> apply, String component) {
        this.store = Objects.requireNonNull(store, "store");
        this.node = Objects.requireNonNull(node, "node");
        this.localCopy = Objects.requireNonNull(localCopy, "localCopy");
        this.revision = revision;
        this.refusedRevision = refused;
        this.knownProviders = knownProviders;
        this.active = active;
        this.apply = apply;
        this.component = component;
    }

    /** The store revision of the overrides in force here, or {@link JdbcStore#NO_REVISION}. */
    long revision() {
        return revision;
    }

    /** Where the overrides are kept, as messages and the admin API show it. */
    String where() {
        String shared = "shared store " + store.tables().overrides();
        return localCopy.where().equals(OverridesStore.MEMORY) ? shared
                : shared + " (local copy " + localCopy.where() + ")";
    }

    /**
     * Publishes {@code next} as the cluster's overrides, then makes it active here and writes the local copy.
     *
     * @throws StoreException when the store does not answer; nothing changed
     */
    synchronized PublishedOverrides publish(BetaOverrides next) {
        PublishedOverrides published = store.publishOverrides(next.toJson().getBytes(StandardCharsets.UTF_8), node);
        activate(next, published.revision());
        LOG.log(Level.INFO, () -> component + ": published the overrides as revision " + published.revision() + " of "
                + store.tables().overrides() + ": " + (next.isEmpty() ? "none" : next.document().keySet()));
        return published;
    }

    /**
     * At the first check that reaches the store: when it has no overrides yet, this node's (from its local copy, the
     * {@code overridesFile}) become the first revision, so that the cluster starts from them.
     *
     * @throws StoreException when the store does not answer
     */
    synchronized void publishFirst(OptionalLong newest) {
        BetaOverrides mine = active.get();
        if (newest.isEmpty() && !mine.isEmpty()) {
            publish(mine);
        }
    }

    /**
     * Adopts the store's newest overrides when they are newer than those in force here. A revision this node cannot
     * take (a section naming a provider this node does not know) is refused once with a WARNING; the node keeps its
     * overrides.
     *
     * @throws StoreException when the store does not answer
     */
    synchronized void adoptNewest() {
        OptionalLong newest = store.latestOverridesRevision();
        if (newest.isEmpty() || newest.getAsLong() <= revision || newest.getAsLong() == refusedRevision) {
            return;
        }
        Optional<PublishedOverrides> latest = store.latestOverrides();
        if (latest.isPresent() && latest.get().revision() > revision) {
            adopt(latest.get());
        }
    }

    private void adopt(PublishedOverrides published) {
        BetaOverrides next;
        try {
            next = BetaOverrides.parse(published.document(), knownProviders.get());
        } catch (InvalidMappingException e) {
            if (refusedRevision != published.revision()) {
                refusedRevision = published.revision();
                LOG.log(Level.WARNING, component + ": not adopting revision " + published.revision() + " of the "
                        + "overrides in " + store.tables().overrides() + " (published by " + published.publishedBy()
                        + "): " + e.getMessage() + "; the overrides in force here stay");
            }
            return;
        }
        activate(next, published.revision());
        LOG.log(Level.INFO, () -> component + ": adopted revision " + published.revision() + " of the overrides"
                + " (published by " + published.publishedBy() + "): " + (next.isEmpty() ? "none"
                : next.document().keySet()));
    }

    private void activate(BetaOverrides next, long at) {
        apply.accept(next);
        writeLocalCopy(localCopy, next, component);
        revision = at;
    }

    /** Writes the local copy; a failure is logged: the store holds the overrides, the copy is for a start without it. */
    static void writeLocalCopy(OverridesStore localCopy, BetaOverrides overrides, String component) {
        try {
            localCopy.write(overrides);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, component + ": could not write the local copy of the shared overrides to "
                    + localCopy.where() + ": " + e + "; a node that starts while the store does not answer would use "
                    + "what it held before");
        }
    }
}
