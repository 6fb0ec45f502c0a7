package io.github.betaheaders.service;

import io.github.betaheaders.body.BodyBufferBudget;
import io.github.betaheaders.core.BetaOverrides;
import io.github.betaheaders.core.BetaRules;
import io.github.betaheaders.core.FilterSettings;
import io.github.betaheaders.core.InvalidMappingException;
import io.github.betaheaders.core.InvalidSettingException;
import io.github.betaheaders.load.InMemoryOverridesStore;
import io.github.betaheaders.learn.InMemoryQuarantineStore;
import io.github.betaheaders.learn.Quarantine;
import io.github.betaheaders.learn.QuarantineStore;
import io.github.betaheaders.load.InMemoryScheduleStore;
import io.github.betaheaders.load.LoadFailedException;
import io.github.betaheaders.load.MappingLoader;
import io.github.betaheaders.load.MappingSnapshot;
import io.github.betaheaders.load.OverridesFile;
import io.github.betaheaders.load.OverridesStore;
import io.github.betaheaders.load.ReloadSchedule;
import io.github.betaheaders.load.ReloadScheduler;
import io.github.betaheaders.load.ScheduleStore;
import io.github.betaheaders.core.ProviderDetector;
import io.github.betaheaders.metrics.BetaCounters;
import io.github.betaheaders.metrics.BetaHeadersMBean;
import io.github.betaheaders.metrics.MetricFamily;
import io.github.betaheaders.metrics.MicrometerBinding;
import io.github.betaheaders.store.JdbcStore;
import io.github.betaheaders.store.PublishedDocument;
import io.github.betaheaders.store.PublishedOverrides;
import io.github.betaheaders.store.StoreException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Everything one webapp shares about anthropic-beta rewriting: the settings, the rules, the active mapping with its
 * loading and reload schedule, and the budget of body bytes held. Started once per webapp (by
 * {@code AnthropicBetaHeadersListener} at deployment, or by code that registers the filter itself), read by the filter
 * on each request and by the admin servlet, closed on undeploy, which stops its threads and any fetch in flight.
 *
 * <p>Requests read {@link #current()} once and use that snapshot to their end; a reload swaps the next one in
 * atomically. Nothing here waits for the network on the request path.
 *
 * <p>The overrides ({@link BetaOverrides}, kept in an {@link OverridesStore}) are laid over each table the loader
 * makes active, once per table or overrides change, into the snapshot requests read: a request pays nothing for them.
 */
public final class BetaHeadersService implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(BetaHeadersService.class.getName());
    /** How much longer than a fetch's deadline closing waits for a scheduled run to end. */
    private static final Duration STOP_SLACK = Duration.ofSeconds(2);
    /** What a claimed run's lease gives beyond two fetch deadlines: the store's statements. */
    private static final Duration LEASE_SLACK = Duration.ofSeconds(5);

    private final FilterSettings settings;
    private final BetaRules rules;
    private final BodyBufferBudget bodyBudget;
    private final MappingLoader loader;
    private final ReloadScheduler scheduler;
    /** This node's part in the shared store's cluster, or {@code null} when the schedule is this webapp's alone. */
    private final SharedStoreMember member;
    private final BetaCounters counters;
    private final MappingReloads reloads;
    private final Clock clock;
    private final OverridesStore overridesStore;
    /** The cluster's overrides, with a shared store; else {@code null}, and the overrides are {@link #overridesStore}'s. */
    private final SharedOverrides sharedOverrides;
    private final AtomicReference<Effective> effective;
    private final Quarantine quarantine;
    private volatile BetaHeadersMBean mbean;
    private volatile AutoCloseable meters;

    /** The table the loader made active, the overrides, and the two laid together: what requests read. */
    private record Effective(MappingSnapshot table, BetaOverrides overrides, MappingSnapshot merged) {

        static Effective of(MappingSnapshot table, BetaOverrides overrides) {
            MappingSnapshot merged = overrides.isEmpty() ? table : new MappingSnapshot(
                    table.mapping().withOverrides(overrides), table.source(), table.sha256(), table.loadedAt());
            return new Effective(table, overrides, merged);
        }
    }

    private BetaHeadersService(FilterSettings settings, MappingLoader loader, ReloadScheduler scheduler,
                               SharedStoreMember member, BetaCounters counters, MappingReloads reloads, Clock clock,
                               OverridesStore overridesStore, SharedOverrides sharedOverrides,
                               AtomicReference<Effective> effective, QuarantineStore quarantineStore) {
        this.member = member;
        this.settings = settings;
        this.rules = new BetaRules(settings.forwardUnknownBetas());
        this.bodyBudget = new BodyBufferBudget(settings.maxBufferedBytes());
        this.loader = loader;
        this.scheduler = scheduler;
        this.counters = counters;
        this.reloads = reloads;
        this.clock = clock;
        this.overridesStore = overridesStore;
        this.sharedOverrides = sharedOverrides;
        this.effective = effective;
        this.quarantine = new Quarantine(quarantineStore, Duration.ofHours(settings.quarantineHours()), clock,
                counters, settings.component());
    }

    /**
     * Starts from the settings, with the schedule held in memory: settles the first load (waiting at most the fetch
     * deadline), sets {@code reloadIntervalHours} when given, and starts the schedule's thread.
     *
     * @throws InvalidSettingException when the {@code configFile} is not a valid mapping, naming the setting and file
     */
    public static BetaHeadersService start(FilterSettings settings) {
        return start(settings, Clock.systemUTC(), new InMemoryScheduleStore());
    }

    /**
     * As {@link #start(FilterSettings)}, with the given clock and schedule store; overrides in the
     * {@code overridesFile}, or in memory.
     */
    public static BetaHeadersService start(FilterSettings settings, Clock clock, ScheduleStore store) {
        return start(settings, clock, store, localOverrides(settings));
    }

    /**
     * As {@link #start(FilterSettings)}, with the given clock, schedule store and quarantine store (used with
     * {@code learnFromRejections}); overrides in the {@code overridesFile}, or in memory.
     */
    public static BetaHeadersService start(FilterSettings settings, Clock clock, ScheduleStore store,
                                           QuarantineStore quarantineStore) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(quarantineStore, "quarantineStore");
        return start(settings, clock, store, localOverrides(settings), quarantineStore, null, null);
    }

    /**
     * As {@link #start(FilterSettings)}, with the given clock, schedule store and overrides store.
     *
     * @throws InvalidSettingException also when the overrides kept are not valid, naming {@code overridesFile}
     */
    public static BetaHeadersService start(FilterSettings settings, Clock clock, ScheduleStore store,
                                           OverridesStore overridesStore) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(overridesStore, "overridesStore");
        return start(settings, clock, store, overridesStore, new InMemoryQuarantineStore(), null, null);
    }

    private static OverridesStore localOverrides(FilterSettings settings) {
        Path file = settings.overridesFile();
        return file == null ? new InMemoryOverridesStore() : new OverridesFile(file, settings.maxConfigBytes());
    }

    /**
     * Starts as one node of a cluster that shares {@code store}: before serving, adopts the store's newest published
     * document (instead of fetching, and over the {@code cacheFile}) when the store answers within its timeouts, else
     * starts from its own sources and joins when the store answers; then a background thread follows the store
     * ({@link SharedStoreMember}). The schedule is the store's; {@code reloadIntervalHours} sets it unless it holds
     * that interval already.
     *
     * @param node this node's name in the store
     */
    public static BetaHeadersService startShared(FilterSettings settings, Clock clock, JdbcStore store, String node) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(node, "node");
        return start(settings, clock, store, localOverrides(settings), new SharedQuarantineStore(store, clock), store,
                node);
    }

    private static BetaHeadersService start(FilterSettings settings, Clock clock, ScheduleStore store,
                                            OverridesStore overridesStore, QuarantineStore quarantineStore,
                                            JdbcStore shared, String node) {
        MappingLoader.Sources sources = new MappingLoader.Sources(settings.localOnly() ? null : settings.configUrl(),
                settings.cacheFile(), settings.configFile(), Duration.ofSeconds(settings.fetchTimeoutSeconds()),
                settings.maxConfigBytes(), settings.localOnly() ? null : settings.configAuthorization());
        PublishedDocument newest = null;
        PublishedOverrides newestOverrides = null;
        StoreException startFailure = null;
        if (shared != null) {
            try {
                newest = shared.latest().orElse(null);
                newestOverrides = shared.latestOverrides().orElse(null);
            } catch (StoreException e) {
                startFailure = e;
            }
        }
        MappingLoader loader;
        try {
            loader = newest == null ? MappingLoader.start(sources, clock)
                    : MappingLoader.start(sources, clock, newest.document(), newest.source());
        } catch (InvalidMappingException e) {
            throw new InvalidSettingException(settings.component() + ": invalid value [" + settings.configFile()
                    + "] for setting [" + FilterSettings.CONFIG_FILE + "]: " + e.getMessage());
        }
        LinkedHashSet<String> providerKeys = new LinkedHashSet<>(ProviderDetector.RECOGNISED);
        providerKeys.addAll(settings.namedProviders());
        BetaCounters counters = new BetaCounters(BetaCounters.MAX_OTHER_BETAS, providerKeys, settings.report());
        BetaOverrides overrides = readOverrides(settings, overridesStore, loader);
        long overridesRevision = JdbcStore.NO_REVISION;
        long refusedOverrides = JdbcStore.NO_REVISION;
        if (newestOverrides != null) {
            try {
                overrides = BetaOverrides.parse(newestOverrides.document(), knownProviders(settings, loader.current()));
                overridesRevision = newestOverrides.revision();
                SharedOverrides.writeLocalCopy(overridesStore, overrides, settings.component());
            } catch (InvalidMappingException e) {
                refusedOverrides = newestOverrides.revision();
                LOG.log(Level.WARNING, settings.component() + ": not adopting revision " + newestOverrides.revision()
                        + " of the shared overrides (published by " + newestOverrides.publishedBy() + "): "
                        + e.getMessage() + "; starting from those in " + overridesStore.where());
            }
        }
        AtomicReference<Effective> effective = new AtomicReference<>(Effective.of(loader.current(), overrides));
        counters.mappingActive(effective.get().merged().mapping(), loader.current().sha256());
        SharedOverrides sharedOverrides = shared == null ? null : new SharedOverrides(shared, node, overridesStore,
                overridesRevision, refusedOverrides, () -> knownProviders(settings, loader.current()), () -> effective.get().overrides(),
                next -> makeActive(effective, loader, counters, next), settings.component());
        MappingReloads reloads = new MappingReloads(loader, counters, clock, settings.component(),
                () -> effective.get().overrides());
        Duration checkEvery = Duration.ofSeconds(settings.scheduleCheckSeconds());
        ReloadScheduler scheduler = new ReloadScheduler(store, reloads::reloadQuietly, clock, checkEvery,
                sources.fetchTimeout().plus(STOP_SLACK));
        SharedStoreMember member = null;
        try {
            if (shared == null) {
                if (settings.reloadIntervalHours() != null) {
                    scheduler.schedule(settings.reloadIntervalHours());
                }
                scheduler.start();
            } else {
                // A claimed run is this node's for two fetch deadlines and the store's own bounds: longer than a
                // fetch, its validation and its publishing.
                Duration lease = sources.fetchTimeout().multipliedBy(2).plus(LEASE_SLACK);
                member = new SharedStoreMember(shared, node, loader, reloads, scheduler, clock, checkEvery, lease,
                        sources.fetchTimeout().plus(LEASE_SLACK), settings.reloadIntervalHours(),
                        settings.component(), newest, startFailure, sharedOverrides,
                        (SharedQuarantineStore) quarantineStore);
                member.start();
            }
        } catch (RuntimeException e) {
            if (member != null) {
                member.close();
            }
            scheduler.close();
            loader.close();
            throw e;
        }
        BetaHeadersService service = new BetaHeadersService(settings, loader, scheduler, member, counters, reloads,
                clock, overridesStore, sharedOverrides, effective, quarantineStore);
        service.logStart();
        return service;
    }

    private static BetaOverrides readOverrides(FilterSettings settings, OverridesStore store, MappingLoader loader) {
        if (store instanceof OverridesFile file) {
            try {
                file.removeLeftovers().forEach(p -> LOG.log(Level.INFO, settings.component() + ": removed " + p
                        + ", a temporary overridesFile left by an interrupted write"));
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, settings.component() + ": could not look for temporary files beside the "
                        + "overridesFile " + store.where() + ": " + e);
            }
        }
        try {
            return store.read(knownProviders(settings, loader.current()));
        } catch (InvalidMappingException | IOException e) {
            loader.close();
            String problem = "file [" + store.where() + "]: " + (e instanceof IOException ? "cannot be read: " + e
                    : e.getMessage());
            if (settings.overridesFile() != null) {
                throw settings.invalidOverridesFile(problem);
            }
            throw new InvalidSettingException(settings.component() + ": the overrides in " + store.where()
                    + " are not valid: " + e.getMessage());
        }
    }

    /**
     * The provider keys an override section may name: the recognised ones, those the settings name, those in
     * {@code forwardUnknownBetas}, and the table's sections.
     */
    private static Set<String> knownProviders(FilterSettings settings, MappingSnapshot table) {
        LinkedHashSet<String> known = new LinkedHashSet<>(ProviderDetector.RECOGNISED);
        known.addAll(settings.namedProviders());
        known.addAll(settings.forwardUnknownBetas());
        known.addAll(table.mapping().providerKeys());
        return known;
    }

    private void logStart() {
        String component = settings.component();
        MappingSnapshot initial = current();
        for (String provider : settings.namedProviders()) {
            if (initial.mapping().provider(provider) == null && !settings.forwardUnknownBetas().contains(provider)) {
                LOG.log(Level.WARNING, component + ": provider [" + provider + "] has no section in the mapping from "
                        + initial.source() + " (sections: " + initial.mapping().providerKeys()
                        + "); every beta sent to it will be dropped. A typo?");
            }
        }
        initial.mapping().warnings().forEach(w -> LOG.log(Level.WARNING, component + ": mapping from "
                + initial.source() + ": " + w));
        if (!initial.mapping().overrides().isEmpty()) {
            LOG.log(Level.INFO, component + ": " + initial.mapping().overrides().sections().size()
                    + " override sections from " + overridesWhere() + " laid over the table: "
                    + initial.mapping().overrides().document().keySet());
        }
        if (settings.learnFromRejections()) {
            LOG.log(Level.INFO, () -> component + ": [" + FilterSettings.LEARN_FROM_REJECTIONS + "] is on: a beta the "
                    + "provider refuses is dropped for that provider and model for " + settings.quarantineHours()
                    + " h (" + FilterSettings.QUARANTINE_HOURS + ")");
        }
        if (settings.report()) {
            LOG.log(Level.WARNING, component + ": [" + FilterSettings.MODE + "] is " + FilterSettings.REPORT
                    + ": every request is forwarded as sent; the counters, logs and answer header say what "
                    + FilterSettings.ENFORCE + " would have done");
        }
        LOG.log(Level.INFO, () -> component + ": rewriting anthropic-beta with the mapping from " + initial.source()
                + " (" + initial.mapping().providerCount() + " providers), provider=" + settings.provider()
                + (settings.routes() == null ? "" : ", routes=" + settings.routes().routes()));
    }

    /** The settings in force. */
    public FilterSettings settings() {
        return settings;
    }

    /** The rewrite rules, applied to {@link #current()}'s mapping. */
    public BetaRules rules() {
        return rules;
    }

    /** Bytes of request bodies held now over all requests, within {@code maxBufferedBytes}. */
    public BodyBufferBudget bodyBudget() {
        return bodyBudget;
    }

    /**
     * The mapping in force, the table with the overrides laid over it: read it once per request. Never waits; worked
     * out once per new table or overrides, not per request.
     */
    public MappingSnapshot current() {
        MappingSnapshot table = loader.current();
        Effective now = effective.get();
        if (now.table() == table) {
            return now.merged();
        }
        Effective next = Effective.of(table, now.overrides());
        // Lost to a change of overrides: this request uses what it made; the next one lays them over again.
        effective.compareAndSet(now, next);
        return next.merged();
    }

    /** The overrides laid over the table now. */
    public BetaOverrides overrides() {
        return effective.get().overrides();
    }

    /**
     * Where the overrides are kept: the {@code overridesFile}, or {@value OverridesStore#MEMORY}; with a shared store,
     * its overrides table (and the {@code overridesFile} as the local copy).
     */
    public String overridesWhere() {
        return sharedOverrides == null ? overridesStore.where() : sharedOverrides.where();
    }

    /**
     * With a shared store, the store revision of the overrides in force on this node ({@link JdbcStore#NO_REVISION}
     * when they came from its local copy); empty without one.
     */
    public OptionalLong overridesRevision() {
        return sharedOverrides == null ? OptionalLong.empty() : OptionalLong.of(sharedOverrides.revision());
    }

    /**
     * Replaces the overrides with the document given (LiteLLM's format, sections by provider or provider/model):
     * checked as at deployment, kept in the store (the file written atomically), then active for the next request.
     *
     * <p>With a shared store, the document is published there as the cluster's overrides, which every other node
     * adopts at its next check; the {@code overridesFile}, when set, is written as this node's local copy.
     *
     * @throws InvalidMappingException when the document is not valid; nothing changes
     * @throws IOException             when the store cannot keep it; nothing changes
     * @throws StoreException          with a shared store, when it does not answer; nothing changes
     */
    public synchronized BetaOverrides replaceOverrides(byte[] document) throws InvalidMappingException, IOException {
        BetaOverrides next = BetaOverrides.parse(document, knownProviders(settings, loader.current()));
        setOverrides(next);
        return next;
    }

    /**
     * Removes every override (the file, if any, then holds {@code {}}); {@code false} when there were none here. With
     * a shared store, the removal is published for the cluster even when this node had none (another node's change
     * may not have reached it yet).
     *
     * @throws StoreException with a shared store, when it does not answer; nothing changes
     */
    public synchronized boolean clearOverrides() throws IOException {
        boolean had = !overrides().isEmpty();
        if (had || sharedOverrides != null) {
            setOverrides(BetaOverrides.NONE);
        }
        return had;
    }

    private void setOverrides(BetaOverrides next) throws IOException {
        if (sharedOverrides != null) {
            sharedOverrides.publish(next);
            return;
        }
        overridesStore.write(next);
        makeActive(effective, loader, counters, next);
        LOG.log(Level.INFO, settings.component() + ": overrides in " + overridesStore.where() + " now: "
                + (next.isEmpty() ? "none" : next.document().keySet()));
    }

    /** Lays {@code next} over the active table for the next request, and tells the counters. */
    private static void makeActive(AtomicReference<Effective> effective, MappingLoader loader, BetaCounters counters,
                                   BetaOverrides next) {
        Effective made = Effective.of(loader.current(), next);
        effective.set(made);
        counters.mappingActive(made.merged().mapping(), made.table().sha256());
    }

    /** The active mapping and the last load attempt, together. */
    public MappingLoader.Status status() {
        return loader.status();
    }

    /**
     * Loads the mapping again from its source now and makes it active once it is fully validated; counts the reload
     * and logs what changed.
     *
     * <p>With a shared store, the reload is a run request in the store that this node claims and runs (or, when
     * another node's thread claimed it first, waits for that node's run and adopts its document); every other node
     * adopts the published document at its next check.
     *
     * @throws LoadFailedException        when nothing usable came; the active mapping is unchanged
     * @throws ReloadNotFinishedException with a shared store: when it does not answer, or another node claimed the
     *                                    run and had not finished it in time (then it is queued)
     */
    public MappingReload reload() throws LoadFailedException, ReloadNotFinishedException {
        return member == null ? reloads.reload() : member.reload();
    }

    /** The cluster as this node last read it, or empty without a shared store. */
    public Optional<ClusterStatus> cluster() {
        return member == null ? Optional.empty() : Optional.of(member.status());
    }

    /** The last reload (by the admin API or the schedule) that changed the mapping; empty when none has. */
    public Optional<MappingReload> lastChange() {
        return reloads.lastChange();
    }

    /**
     * The betas quarantined after the provider refused them, and what the filter tells it of each answer; in use with
     * {@code learnFromRejections} (empty otherwise).
     */
    public Quarantine quarantine() {
        return quarantine;
    }

    /** What the filter did so far: the filter and body reader record into these. */
    public BetaCounters counters() {
        return counters;
    }

    /** The counters, the mode and the active mapping, as every view shows them. */
    public List<MetricFamily> metrics() {
        MappingSnapshot active = current();
        return counters.families(settings.mode(), active.source(), active.sha256(), active.loadedAt(),
                clock.instant());
    }

    /**
     * Publishes the counters of the webapp at {@code contextPath} where operators read them besides the admin
     * servlet: its MBean ({@link BetaHeadersMBean#nameFor}), and Micrometer meters when Micrometer is present
     * ({@link MicrometerBinding}). {@link #close()} removes both.
     */
    public synchronized void publish(String contextPath) {
        publish(contextPath, null);
    }

    /**
     * As {@link #publish(String)}, with the meters in {@code meterRegistry}: a Micrometer {@code MeterRegistry} (a
     * Spring Boot app's own; typed {@code Object} so that this class links without Micrometer), or {@code null} for
     * Micrometer's global registry.
     */
    public synchronized void publish(String contextPath, Object meterRegistry) {
        if (mbean == null) {
            mbean = BetaHeadersMBean.register(contextPath, this::metrics);
            String instance = mbean.instance();
            String context = instance.equals("1") ? contextPath : contextPath + "#" + instance;
            meters = MicrometerBinding.bind(counters, context,
                    () -> Math.max(0, Duration.between(current().loadedAt(), clock.instant()).toMillis()) / 1000.0,
                    meterRegistry);
        }
    }

    /**
     * Sets the reload schedule, replacing any.
     *
     * @throws IllegalArgumentException when {@code hours} is out of range or shorter than the check interval
     * @throws StoreException            with a shared store, when it does not answer
     */
    public ReloadSchedule schedule(double hours) {
        return member == null ? scheduler.schedule(hours) : member.schedule(hours);
    }

    /**
     * Cancels the reload schedule; {@code true} when there was one.
     *
     * @throws StoreException with a shared store, when it does not answer
     */
    public boolean cancelSchedule() {
        return member == null ? scheduler.cancel() : member.cancelSchedule();
    }

    /**
     * The reload schedule, or empty when none is set. With a shared store, the cluster's schedule as this node read it
     * at its last check (or set it since): reading it never waits for the store.
     */
    public Optional<ReloadSchedule> schedule() {
        return member == null ? scheduler.current() : member.currentSchedule();
    }

    private synchronized void unpublish() {
        if (mbean != null) {
            mbean.close();
            mbean = null;
        }
        if (meters != null) {
            try {
                meters.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "could not remove the Micrometer meters: " + e);
            }
            meters = null;
        }
    }

    /** Stops the schedule's thread, then any fetch in flight, and waits for both. */
    @Override
    public void close() {
        try {
            if (member != null) {
                member.close();
            }
            scheduler.close();
        } finally {
            loader.close();
            unpublish();
        }
    }
}
