package io.github.betaheaders.service;

import io.github.betaheaders.load.LoadFailedException;
import io.github.betaheaders.load.LoadedDocument;
import io.github.betaheaders.load.MappingChanges;
import io.github.betaheaders.load.MappingLoader;
import io.github.betaheaders.load.MappingReplacement;
import io.github.betaheaders.load.MappingSnapshot;
import io.github.betaheaders.load.PeriodicThread;
import io.github.betaheaders.load.ReloadSchedule;
import io.github.betaheaders.load.ReloadScheduler;
import io.github.betaheaders.store.FetchFailure;
import io.github.betaheaders.store.JdbcStore;
import io.github.betaheaders.store.NodeStatus;
import io.github.betaheaders.store.PublishedDocument;
import io.github.betaheaders.store.ReloadRequest;
import io.github.betaheaders.store.RunClaim;
import io.github.betaheaders.store.StoreException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * This node's part in a cluster that shares a {@link JdbcStore}: one background thread that, every
 * {@code scheduleCheckSeconds}, adopts a newer published document (without fetching) and newer overrides
 * ({@link SharedOverrides}), shares the quarantine ({@link SharedQuarantineStore}), claims and runs the due
 * scheduled run and open reload requests (exactly one node runs each: it fetches, validates and publishes, or records
 * the failure), sends this node's heartbeat and reads the cluster's schedule and nodes for the status resources.
 *
 * <p>Requests never wait for it: they read the loader's active snapshot. When the store does not answer, the node
 * goes on with its active mapping; {@link StoreOutage} logs the outage once and the recovery once, and the schedule's
 * due run (still due in the store) runs at the first check after.
 */
final class SharedStoreMember implements AutoCloseable {

    /** Name of the background thread. */
    static final String THREAD_NAME = "anthropic-beta-headers-shared-store";

    private static final System.Logger LOG = System.getLogger(SharedStoreMember.class.getName());
    /** Published documents kept in the store: the newest and a few before it, for whoever looks back. */
    static final int KEPT_DOCUMENTS = 20;
    /** How long completed runs stay in the store: well behind any node's view of the schedule. */
    static final Duration KEPT_RUNS = Duration.ofDays(1);
    /** How often a node deletes what the store need not keep. */
    private static final Duration PRUNE_EVERY = Duration.ofHours(1);
    /** How often a node waiting for another node's run looks whether it ended. */
    private static final Duration POLL = Duration.ofMillis(100);

    /** What this node serves: the store revision (or {@link JdbcStore#NO_REVISION}) and the document's SHA-256. */
    private record Served(long revision, String sha256) {
    }

    private final JdbcStore store;
    private final String node;
    private final MappingLoader loader;
    private final MappingReloads reloads;
    private final ReloadScheduler scheduler;
    private final Clock clock;
    private final Duration checkEvery;
    private final Duration lease;
    private final Duration answerWait;
    private final Double intervalAtStart;
    private final String component;
    private final SharedOverrides overrides;
    private final SharedQuarantineStore quarantine;
    private final StoreOutage outage;
    private final AtomicReference<Served> served;
    private volatile boolean joined;
    private Instant prunedAt;
    private volatile String lastError;
    private volatile long refusedRevision = JdbcStore.NO_REVISION;
    private volatile Optional<ReloadSchedule> schedule = Optional.empty();
    private volatile ClusterStatus status;
    private final PeriodicThread thread;

    /**
     * @param startedFrom     the document adopted at start, or {@code null} when the node started from its own sources
     * @param startFailure    why the store did not answer at start, or {@code null} when it did
     * @param intervalAtStart {@code reloadIntervalHours}, set in the store when it holds no schedule or another interval
     * @param lease           how long a claimed run is this node's alone: longer than a fetch with its publishing
     * @param answerWait      how long a manual reload waits for another node that claimed it
     */
    SharedStoreMember(JdbcStore store, String node, MappingLoader loader, MappingReloads reloads,
                      ReloadScheduler scheduler, Clock clock, Duration checkEvery, Duration lease,
                      Duration answerWait, Double intervalAtStart, String component, PublishedDocument startedFrom,
                      StoreException startFailure, SharedOverrides overrides, SharedQuarantineStore quarantine) {
        this.store = Objects.requireNonNull(store, "store");
        this.node = Objects.requireNonNull(node, "node");
        this.loader = loader;
        this.reloads = reloads;
        this.scheduler = scheduler;
        this.clock = clock;
        this.checkEvery = checkEvery;
        this.lease = lease;
        this.answerWait = answerWait;
        this.intervalAtStart = intervalAtStart;
        this.component = component;
        this.overrides = Objects.requireNonNull(overrides, "overrides");
        this.quarantine = Objects.requireNonNull(quarantine, "quarantine");
        this.outage = new StoreOutage(component + ", node [" + node + "]");
        MappingSnapshot active = loader.current();
        this.served = new AtomicReference<>(startedFrom != null && startedFrom.sha256().equals(active.sha256())
                ? new Served(startedFrom.revision(), startedFrom.sha256())
                : new Served(JdbcStore.NO_REVISION, active.sha256()));
        if (startFailure != null) {
            outage.failed(startFailure);
        }
        this.status = new ClusterStatus(node, List.of(), true, null, outage.reason());
        this.thread = new PeriodicThread(THREAD_NAME, checkEvery, this::syncQuietly, lease);
    }

    /** Joins the cluster now when the store answers (bounded by its timeouts), then starts the thread. */
    void start() {
        if (!outage.down()) {
            syncQuietly();
        }
        thread.start();
    }

    private void syncQuietly() {
        try {
            sync();
        } catch (RuntimeException e) {
            if (e instanceof StoreException store) {
                outage.failed(store);
                status = new ClusterStatus(node, status.nodes(), status.agree(), status.readAt(), outage.reason());
            } else {
                // The thread must outlive one bad check.
                LOG.log(Level.WARNING, component + ": a check of the shared store failed", e);
            }
        }
    }

    /**
     * One check: join (first time), adopt a newer document, run what is due and claimed, send the heartbeat, read the
     * cluster.
     *
     * @throws StoreException when the store does not answer
     */
    void sync() {
        OptionalLong newest = store.latestRevision();
        outage.answered();
        if (!joined) {
            join(newest);
        }
        adoptNewest();
        overrides.adoptNewest();
        quarantine.sync();
        runDue();
        store.heartbeat(node, loader.current().sha256(), servedRevision(), lastError);
        readCluster();
        pruneHourly();
    }

    /** Deletes old documents and completed runs, once an hour per node (a cheap, idempotent delete on each). */
    private void pruneHourly() {
        Instant now = clock.instant();
        if (prunedAt != null && now.isBefore(prunedAt.plus(PRUNE_EVERY))) {
            return;
        }
        prunedAt = now;
        store.pruneDocuments(KEPT_DOCUMENTS);
        store.pruneOverrides(KEPT_DOCUMENTS);
        store.pruneQuarantine(now);
        store.pruneRuns(now.minus(KEPT_RUNS));
    }

    /**
     * The first check that reaches the store: an empty store gets this node's active document as its first revision,
     * and {@code reloadIntervalHours} is set unless the store's schedule already has that interval (so that a node
     * that restarts does not move the cluster's next run).
     */
    private void join(OptionalLong newest) {
        if (newest.isEmpty()) {
            publishIfNew(loader.activeDocument());
        }
        overrides.publishFirst(store.latestOverridesRevision());
        if (intervalAtStart != null) {
            Optional<ReloadSchedule> current = store.current();
            if (current.isEmpty() || current.get().intervalHours() != intervalAtStart) {
                scheduler.schedule(intervalAtStart);
            }
        }
        joined = true;
        LOG.log(Level.INFO, () -> component + ": node [" + node + "] follows the shared store " + store.tables()
                .schedule().replace("schedule", "*") + " (checked every " + checkEvery.toSeconds() + " s)");
    }

    /** Adopts the newest published document when it is newer than what this node serves. */
    private Optional<MappingReload> adoptNewest() {
        OptionalLong newest = store.latestRevision();
        Served now = served.get();
        if (newest.isEmpty() || newest.getAsLong() <= now.revision() || newest.getAsLong() == refusedRevision) {
            return Optional.empty();
        }
        Optional<PublishedDocument> latest = store.latest();
        if (latest.isEmpty() || latest.get().revision() <= served.get().revision()) {
            return Optional.empty();
        }
        return adopt(latest.get());
    }

    private Optional<MappingReload> adopt(PublishedDocument document) {
        MappingReplacement replacement;
        try {
            replacement = loader.adopt(document.document(), document.source());
        } catch (LoadFailedException e) {
            if (refusedRevision != document.revision()) {
                refusedRevision = document.revision();
                lastError = "revision " + document.revision() + " is not a valid mapping: " + e.getMessage();
                LOG.log(Level.WARNING, component + ": not adopting revision " + document.revision()
                        + " of the shared store (published by " + document.publishedBy() + "): " + e.getMessage());
            }
            return Optional.empty();
        }
        served.set(new Served(document.revision(), document.sha256()));
        if (!replacement.swapped()) {
            return Optional.empty();
        }
        return Optional.of(reloads.record(replacement, "adoption of revision " + document.revision()));
    }

    private void runDue() {
        Optional<ReloadSchedule> current = store.current();
        schedule = current;
        if (current.isPresent() && current.get().isDue(clock.instant())) {
            Optional<RunClaim> claim = store.tryClaimScheduledRun(current.get(), node, lease);
            if (claim.isPresent()) {
                runQuietly(claim.get());
            }
        }
        for (ReloadRequest request : store.openReloadRequests()) {
            Optional<RunClaim> claim = store.tryClaim(request, node, lease);
            if (claim.isPresent()) {
                runQuietly(claim.get());
            }
        }
    }

    private void runQuietly(RunClaim claim) {
        try {
            run(claim);
        } catch (LoadFailedException e) {
            // Recorded in the store, counted and logged by the loader.
        }
    }

    /** Runs a claimed run: reload from the source, publish what is new, or record the failure; then completes it. */
    private MappingReload run(RunClaim claim) throws LoadFailedException {
        MappingReplacement replacement;
        try {
            replacement = loader.reload();
        } catch (LoadFailedException e) {
            reloads.failed();
            lastError = e.getMessage();
            store.recordFailure(node, e.getMessage());
            store.complete(claim);
            throw e;
        }
        MappingReload reload = reloads.record(replacement, MappingReloads.RELOAD);
        lastError = null;
        publishIfNew(replacement.after());
        if (!store.complete(claim)) {
            LOG.log(Level.WARNING, component + ": run " + claim.runKey() + " was taken over by another node before "
                    + "this node completed it (its lease of " + lease.toSeconds() + " s ended)");
        }
        return reload;
    }

    /** Publishes a document unless it is the newest published one already; this node then serves that revision. */
    private void publishIfNew(LoadedDocument document) {
        String sha256 = document.snapshot().sha256();
        Optional<PublishedDocument> latest = store.latest();
        if (latest.isPresent() && latest.get().sha256().equals(sha256)) {
            served.set(new Served(latest.get().revision(), sha256));
            return;
        }
        PublishedDocument published = store.publish(document.document(), sha256, document.snapshot().source(), node);
        served.set(new Served(published.revision(), sha256));
        LOG.log(Level.INFO, () -> component + ": published the anthropic-beta mapping from " + published.source()
                + " as revision " + published.revision() + " (sha256 " + sha256 + ")");
    }

    private long servedRevision() {
        Served now = served.get();
        return now.sha256().equals(loader.current().sha256()) ? now.revision() : JdbcStore.NO_REVISION;
    }

    private void readCluster() {
        Instant now = clock.instant();
        Duration staleAfter = checkEvery.multipliedBy(3).plus(lease);
        List<ClusterNode> nodes = new ArrayList<>();
        String agreed = null;
        boolean agree = true;
        for (NodeStatus seen : store.nodes()) {
            boolean live = !seen.lastSeen().plus(staleAfter).isBefore(now);
            nodes.add(ClusterNode.of(seen, live));
            if (live) {
                if (agreed == null) {
                    agreed = seen.activeSha256();
                } else if (!agreed.equals(seen.activeSha256())) {
                    agree = false;
                }
            }
        }
        status = new ClusterStatus(node, nodes, agree, now, null);
    }

    /**
     * A manual reload: recorded in the store as a run request, which this node then tries to claim and run itself.
     * When another node's thread claimed it first, waits (at most {@code answerWait}) for that run to end and adopts
     * its document.
     *
     * @throws LoadFailedException       when the run failed (here or on the node that ran it)
     * @throws ReloadNotFinishedException when the store did not answer, or the other node's run did not end in time
     */
    MappingReload reload() throws LoadFailedException, ReloadNotFinishedException {
        Instant askedAt = clock.instant();
        MappingSnapshot before = loader.current();
        ReloadRequest request;
        try {
            request = store.requestReload(node);
        } catch (StoreException e) {
            outage.failed(e);
            throw new ReloadNotFinishedException("not reloaded: the shared store does not answer (" + e.getMessage()
                    + "); the active mapping stays in force", false, e);
        }
        outage.answered();
        try {
            Optional<RunClaim> claim = store.tryClaim(request, node, lease);
            if (claim.isPresent()) {
                return run(claim.get());
            }
        } catch (StoreException e) {
            outage.failed(e);
            throw new ReloadNotFinishedException("the reload is recorded in the shared store, which then stopped "
                    + "answering (" + e.getMessage() + "); if this node fetched, the other nodes adopt the document "
                    + "only once a node publishes it (the run is retried when its lease ends)", true, e);
        }
        return awaitOtherNode(request, askedAt, before);
    }

    /** Waits for the node that claimed {@code request} to end it; what changed is told against {@code before}. */
    private MappingReload awaitOtherNode(ReloadRequest request, Instant askedAt, MappingSnapshot before)
            throws LoadFailedException, ReloadNotFinishedException {
        long until = System.nanoTime() + answerWait.toNanos();
        try {
            while (System.nanoTime() - until < 0) {
                if (store.openReloadRequests().stream().noneMatch(r -> r.runKey().equals(request.runKey()))) {
                    Optional<FetchFailure> failure = store.fetchFailures().stream()
                            .filter(f -> !f.failedAt().isBefore(askedAt)).findFirst();
                    if (failure.isPresent()) {
                        throw new LoadFailedException("node [" + failure.get().node() + "] ran the reload: "
                                + failure.get().message(), null);
                    }
                    adoptNewest();
                    MappingSnapshot after = loader.current();
                    return new MappingReload(clock.instant(), before, after, after == before ? MappingChanges.NONE
                            : MappingChanges.between(before.mapping(), after.mapping()));
                }
                TimeUnit.NANOSECONDS.sleep(POLL.toNanos());
            }
        } catch (StoreException e) {
            outage.failed(e);
            throw new ReloadNotFinishedException("the reload is queued in the shared store, but it stopped answering ("
                    + e.getMessage() + ") before the run ended", true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new ReloadNotFinishedException("the reload is queued: another node claimed it and had not finished "
                + "within " + answerWait.toSeconds() + " s; every node adopts its document within one check", true,
                null);
    }

    /**
     * Sets the cluster's schedule.
     *
     * @throws StoreException when the store does not answer
     */
    ReloadSchedule schedule(double hours) {
        try {
            ReloadSchedule set = scheduler.schedule(hours);
            schedule = Optional.of(set);
            return set;
        } catch (StoreException e) {
            outage.failed(e);
            throw e;
        }
    }

    /**
     * Cancels the cluster's schedule.
     *
     * @throws StoreException when the store does not answer
     */
    boolean cancelSchedule() {
        try {
            boolean cancelled = scheduler.cancel();
            schedule = Optional.empty();
            return cancelled;
        } catch (StoreException e) {
            outage.failed(e);
            throw e;
        }
    }

    /** The cluster's schedule as the last check read it (or as this node last set it). */
    Optional<ReloadSchedule> currentSchedule() {
        return schedule;
    }

    ClusterStatus status() {
        return status;
    }

    String node() {
        return node;
    }

    /** Stops the thread: interrupts a run in progress (which aborts its fetch) and waits for the thread to end. */
    @Override
    public void close() {
        thread.close();
    }
}
