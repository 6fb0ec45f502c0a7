package io.github.betaheaders.service;

import io.github.betaheaders.core.BetaOverrides;
import io.github.betaheaders.load.LoadFailedException;
import io.github.betaheaders.load.MappingChanges;
import io.github.betaheaders.load.MappingLoader;
import io.github.betaheaders.load.MappingReplacement;
import io.github.betaheaders.load.MappingSnapshot;
import io.github.betaheaders.metrics.BetaCounters;
import io.github.betaheaders.metrics.ReloadResult;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Every reload, asked for by the admin API or by the schedule: counts it by result, logs at INFO what changed per
 * provider (or that nothing did), tells the counters the new mapping's names, and keeps the last change.
 */
final class MappingReloads {

    private static final System.Logger LOG = System.getLogger(MappingReloads.class.getName());

    private final MappingLoader loader;
    private final BetaCounters counters;
    private final Clock clock;
    private final String component;
    /** What a reload from the source is called in the log; anything else (an adoption) is not counted as a reload. */
    static final String RELOAD = "reload";

    private final Supplier<BetaOverrides> overrides;
    private final AtomicReference<MappingReload> lastChange = new AtomicReference<>();

    MappingReloads(MappingLoader loader, BetaCounters counters, Clock clock, String component,
                   Supplier<BetaOverrides> overrides) {
        this.loader = loader;
        this.counters = counters;
        this.clock = clock;
        this.component = component;
        this.overrides = overrides;
    }

    /** Reloads, counts and logs it. */
    MappingReload reload() throws LoadFailedException {
        MappingReplacement replacement;
        try {
            replacement = loader.reload();
        } catch (LoadFailedException e) {
            failed();
            throw e;
        }
        return record(replacement, RELOAD);
    }

    /** Counts a failed reload (the loader logged it). */
    void failed() {
        counters.reload(ReloadResult.FAILED);
    }

    /**
     * Counts and logs a successful load: a reload from the source, or a document adopted from the shared store
     * ({@code what} says which, in the log lines).
     */
    MappingReload record(MappingReplacement replacement, String what) {
        boolean counted = RELOAD.equals(what);
        MappingSnapshot before = replacement.before();
        MappingSnapshot after = replacement.after().snapshot();
        MappingReload reload = new MappingReload(clock.instant(), before, after,
                after == before ? MappingChanges.NONE : MappingChanges.between(before.mapping(), after.mapping()),
                overrides.get());
        if (after != before) {
            // The names of the overrides too: they are counted under their own name like the table's.
            counters.mappingActive(after.mapping().withOverrides(reload.overrides()), after.sha256());
        }
        if (reload.changed()) {
            if (counted) {
                counters.reload(ReloadResult.CHANGED);
            }
            lastChange.set(reload);
            Map<String, List<String>> overridden = reload.overridden();
            // Each line is built only when INFO is logged: a change's line lists every beta of the section.
            reload.changes().providers().forEach((provider, changes) -> LOG.log(Level.INFO, () -> component
                    + ": the " + what + " from " + after.source() + " changed the mapping of provider [" + provider
                    + "]: " + changes + (overridden.containsKey(provider) ? "; the overrides still decide "
                    + overridden.get(provider) : "")));
        } else {
            if (counted) {
                counters.reload(ReloadResult.UNCHANGED);
            }
            LOG.log(Level.INFO, () -> component + ": the " + what + " from " + after.source() + " changed nothing in the "
                    + "mapping (sha256 " + after.sha256() + ")");
        }
        return reload;
    }

    /** A scheduled reload: a failure is kept in the loader's status and logged there; the schedule goes on. */
    void reloadQuietly() {
        try {
            reload();
        } catch (LoadFailedException e) {
            // Counted; logged by the loader.
        }
    }

    /** The last reload that changed the mapping, or empty when none has since the start. */
    Optional<MappingReload> lastChange() {
        return Optional.ofNullable(lastChange.get());
    }
}
