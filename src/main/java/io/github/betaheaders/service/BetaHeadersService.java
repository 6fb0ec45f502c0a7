package io.github.betaheaders.service;

import io.github.betaheaders.body.BodyBufferBudget;
import io.github.betaheaders.core.BetaRules;
import io.github.betaheaders.core.FilterSettings;
import io.github.betaheaders.core.InvalidMappingException;
import io.github.betaheaders.core.InvalidSettingException;
import io.github.betaheaders.learn.InMemoryQuarantineStore;
import io.github.betaheaders.learn.Quarantine;
import io.github.betaheaders.learn.QuarantineStore;
import io.github.betaheaders.load.InMemoryScheduleStore;
import io.github.betaheaders.load.LoadFailedException;
import io.github.betaheaders.load.MappingLoader;
import io.github.betaheaders.load.MappingSnapshot;
import io.github.betaheaders.load.ReloadSchedule;
import io.github.betaheaders.load.ReloadScheduler;
import io.github.betaheaders.load.ScheduleStore;
import io.github.betaheaders.core.ProviderDetector;
import io.github.betaheaders.metrics.BetaCounters;
import io.github.betaheaders.metrics.BetaHeadersMBean;
import io.github.betaheaders.metrics.MetricFamily;
import io.github.betaheaders.metrics.MicrometerBinding;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one webapp shares about anthropic-beta rewriting: the settings, the rules, the active mapping with its
 * loading and reload schedule, and the budget of body bytes held. Started once per webapp (by
 * {@code AnthropicBetaHeadersListener} at deployment, or by code that registers the filter itself), read by the filter
 * on each request and by the admin servlet, closed on undeploy, which stops its threads and any fetch in flight.
 *
 * <p>Requests read {@link #current()} once and use that snapshot to their end; a reload swaps the next one in
 * atomically. Nothing here waits for the network on the request path.
 */
public final class BetaHeadersService implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(BetaHeadersService.class.getName());
    /** How much longer than a fetch's deadline closing waits for a scheduled run to end. */
    private static final Duration STOP_SLACK = Duration.ofSeconds(2);

    private final FilterSettings settings;
    private final BetaRules rules;
    private final BodyBufferBudget bodyBudget;
    private final MappingLoader loader;
    private final ReloadScheduler scheduler;
    private final BetaCounters counters;
    private final MappingReloads reloads;
    private final Clock clock;
    private final Quarantine quarantine;
    private volatile BetaHeadersMBean mbean;
    private volatile AutoCloseable meters;

    private BetaHeadersService(FilterSettings settings, MappingLoader loader, ReloadScheduler scheduler,
                               BetaCounters counters, MappingReloads reloads, Clock clock,
                               QuarantineStore quarantineStore) {
        this.settings = settings;
        this.rules = new BetaRules(settings.forwardUnknownBetas());
        this.bodyBudget = new BodyBufferBudget(settings.maxBufferedBytes());
        this.loader = loader;
        this.scheduler = scheduler;
        this.counters = counters;
        this.reloads = reloads;
        this.clock = clock;
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

    /** As {@link #start(FilterSettings)}, with the given clock and schedule store. */
    public static BetaHeadersService start(FilterSettings settings, Clock clock, ScheduleStore store) {
        return start(settings, clock, store, new InMemoryQuarantineStore());
    }

    /**
     * As {@link #start(FilterSettings)}, with the given clock, schedule store and quarantine store (used with
     * {@code learnFromRejections}).
     */
    public static BetaHeadersService start(FilterSettings settings, Clock clock, ScheduleStore store,
                                           QuarantineStore quarantineStore) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(quarantineStore, "quarantineStore");
        MappingLoader.Sources sources = new MappingLoader.Sources(settings.localOnly() ? null : settings.configUrl(),
                settings.cacheFile(), settings.configFile(), Duration.ofSeconds(settings.fetchTimeoutSeconds()),
                settings.maxConfigBytes(), settings.localOnly() ? null : settings.configAuthorization());
        MappingLoader loader;
        try {
            loader = MappingLoader.start(sources, clock);
        } catch (InvalidMappingException e) {
            throw new InvalidSettingException(settings.component() + ": invalid value [" + settings.configFile()
                    + "] for setting [" + FilterSettings.CONFIG_FILE + "]: " + e.getMessage());
        }
        LinkedHashSet<String> providerKeys = new LinkedHashSet<>(List.of(ProviderDetector.ANTHROPIC,
                ProviderDetector.BEDROCK, ProviderDetector.BEDROCK_CONVERSE, ProviderDetector.VERTEX_AI,
                ProviderDetector.AZURE_AI));
        providerKeys.addAll(settings.namedProviders());
        BetaCounters counters = new BetaCounters(BetaCounters.MAX_OTHER_BETAS, providerKeys, settings.report());
        counters.mappingActive(loader.current().mapping(), loader.current().sha256());
        MappingReloads reloads = new MappingReloads(loader, counters, clock, settings.component());
        ReloadScheduler scheduler = new ReloadScheduler(store, reloads::reloadQuietly, clock,
                Duration.ofSeconds(settings.scheduleCheckSeconds()), sources.fetchTimeout().plus(STOP_SLACK));
        try {
            if (settings.reloadIntervalHours() != null) {
                scheduler.schedule(settings.reloadIntervalHours());
            }
            scheduler.start();
        } catch (RuntimeException e) {
            scheduler.close();
            loader.close();
            throw e;
        }
        BetaHeadersService service = new BetaHeadersService(settings, loader, scheduler, counters, reloads, clock,
                quarantineStore);
        service.logStart();
        return service;
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

    /** The mapping in force: read it once per request. Never waits. */
    public MappingSnapshot current() {
        return loader.current();
    }

    /** The active mapping and the last load attempt, together. */
    public MappingLoader.Status status() {
        return loader.status();
    }

    /**
     * Loads the mapping again from its source now and makes it active once it is fully validated; counts the reload
     * and logs what changed.
     *
     * @throws LoadFailedException when nothing usable came; the active mapping is unchanged
     */
    public MappingReload reload() throws LoadFailedException {
        return reloads.reload();
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
        if (mbean == null) {
            mbean = BetaHeadersMBean.register(contextPath, this::metrics);
            String instance = mbean.instance();
            String context = instance.equals("1") ? contextPath : contextPath + "#" + instance;
            meters = MicrometerBinding.bind(counters, context,
                    () -> Math.max(0, Duration.between(current().loadedAt(), clock.instant()).toMillis()) / 1000.0);
        }
    }

    /**
     * Sets the reload schedule, replacing any.
     *
     * @throws IllegalArgumentException when {@code hours} is out of range or shorter than the check interval
     */
    public ReloadSchedule schedule(double hours) {
        return scheduler.schedule(hours);
    }

    /** Cancels the reload schedule; {@code true} when there was one. */
    public boolean cancelSchedule() {
        return scheduler.cancel();
    }

    /** The reload schedule, or empty when none is set. */
    public Optional<ReloadSchedule> schedule() {
        return scheduler.current();
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
            scheduler.close();
        } finally {
            loader.close();
            unpublish();
        }
    }
}
