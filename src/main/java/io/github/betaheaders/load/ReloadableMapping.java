package io.github.betaheaders.load;

import io.github.betaheaders.core.FilterSettings;
import io.github.betaheaders.core.InvalidMappingException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The mapping of one webapp with everything that keeps it current: the {@link MappingLoader} and the
 * {@link ReloadScheduler}. Started by the filter at deployment, shared with the admin servlet, closed on undeploy;
 * closing stops the schedule's thread and any fetch in flight.
 */
public final class ReloadableMapping implements AutoCloseable {

    private final MappingLoader loader;
    private final ReloadScheduler scheduler;

    private ReloadableMapping(MappingLoader loader, ReloadScheduler scheduler) {
        this.loader = loader;
        this.scheduler = scheduler;
    }

    /** Starts from the filter's settings, with the schedule held in memory. */
    public static ReloadableMapping start(FilterSettings settings) throws InvalidMappingException {
        return start(MappingSources.of(settings), settings.reloadIntervalHours(),
                Duration.ofSeconds(settings.scheduleCheckSeconds()), Clock.systemUTC(), new InMemoryScheduleStore());
    }

    /**
     * Settles the first load (waiting at most the fetch deadline), sets the schedule when {@code intervalHours} is
     * given, and starts the schedule's thread.
     *
     * @param intervalHours a reload schedule to set at start, or {@code null}
     * @throws InvalidMappingException when the {@code configFile} is not a valid mapping
     */
    public static ReloadableMapping start(MappingSources sources, Double intervalHours, Duration checkEvery,
                                          Clock clock, ScheduleStore store) throws InvalidMappingException {
        Objects.requireNonNull(store, "store");
        MappingLoader loader = MappingLoader.start(sources, clock);
        ReloadScheduler scheduler = new ReloadScheduler(store, () -> reloadQuietly(loader), clock, checkEvery,
                sources.fetchTimeout().plusSeconds(2));
        try {
            if (intervalHours != null) {
                scheduler.schedule(intervalHours);
            }
            scheduler.start();
        } catch (RuntimeException e) {
            scheduler.close();
            loader.close();
            throw e;
        }
        return new ReloadableMapping(loader, scheduler);
    }

    private static void reloadQuietly(MappingLoader loader) {
        try {
            loader.reload();
        } catch (LoadFailedException e) {
            // Kept in the loader's status and logged there; the schedule goes on.
        }
    }

    public MappingLoader loader() {
        return loader;
    }

    public ReloadScheduler scheduler() {
        return scheduler;
    }

    /** The mapping requests use. */
    public ActiveMapping active() {
        return loader.active();
    }

    /** Stops the schedule's thread, then any fetch in flight, and waits for both. */
    @Override
    public void close() {
        try {
            scheduler.close();
        } finally {
            loader.close();
        }
    }
}
