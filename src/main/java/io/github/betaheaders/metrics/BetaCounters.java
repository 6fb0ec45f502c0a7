package io.github.betaheaders.metrics;

import io.github.betaheaders.core.BetaMapping;
import io.github.betaheaders.core.DropReason;
import io.github.betaheaders.core.RewriteResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;

/**
 * The webapp's counts of what the filter did: per provider the requests with betas and what became of them, per
 * provider, beta and location (header, body) what became of each beta, and the reloads by result. Lock-free on the
 * request path ({@link LongAdder}s in concurrent maps); the beta and provider names kept are bounded
 * ({@link BoundedNames}), so that a client sending random names cannot grow memory. Plain Java: the filter records
 * through a {@link RequestTally}, the views ({@link PrometheusText}, JMX, Micrometer) read {@link #families()}.
 */
public final class BetaCounters {

    /** Beta names outside the active mapping kept under their own name; later ones count as {@value BoundedNames#OTHER}. */
    public static final int MAX_OTHER_BETAS = 1000;
    /** Provider keys outside the mapping and the recognised ones kept under their own name. */
    public static final int MAX_OTHER_PROVIDERS = 32;
    /** The provider label of requests for which no provider was found. */
    public static final String NO_PROVIDER = "none";

    static final String REQUESTS_HELP = "Requests carrying betas (an anthropic-beta header or a JSON body), by "
            + "provider and by what the filter did to them";
    static final String UNTOUCHED_HELP = "Times a request's header or body was passed on as sent, without applying "
            + "the mapping, by provider and reason";
    static final String BETAS_HELP = "Betas sent, by provider, location (header or body), outcome and name (\""
            + BoundedNames.OTHER + "\" past the bound of names kept)";
    static final String RENAMED_HELP = "Betas forwarded under the provider's name for them, by provider, location, "
            + "client name and provider name";
    static final String RELOADS_HELP = "Reloads of the mapping, by result";
    static final String QUARANTINES_HELP = "Betas quarantined after the provider refused them (learnFromRejections), by "
            + "provider, beta and reason (named: the answer named the beta; unnamed: it named none and the beta had "
            + "not succeeded recently)";
    /** The reasons of {@link #quarantined}, in the order of their adders. */
    static final List<String> QUARANTINE_REASONS = List.of("named", "unnamed");

    private static final BetaLocation[] LOCATIONS = BetaLocation.values();
    private static final BetaOutcome[] OUTCOMES = BetaOutcome.values();

    /** One beta's counts for one provider. */
    private static final class BetaCounts {
        final LongAdder[] byOutcome = new LongAdder[LOCATIONS.length * OUTCOMES.length];
        final ConcurrentHashMap<String, LongAdder[]> renamedTo = new ConcurrentHashMap<>();

        BetaCounts() {
            for (int i = 0; i < byOutcome.length; i++) {
                byOutcome[i] = new LongAdder();
            }
        }

        LongAdder of(BetaLocation where, BetaOutcome outcome) {
            return byOutcome[where.ordinal() * OUTCOMES.length + outcome.ordinal()];
        }
    }

    /** One provider's counts. */
    private static final class ProviderCounts {
        final LongAdder[] requests = adders(RequestResult.values().length);
        final LongAdder[] untouched = adders(UntouchedReason.values().length);
        final ConcurrentHashMap<String, BetaCounts> betas = new ConcurrentHashMap<>();
        /** Per beta, the quarantines by reason ({@link #QUARANTINE_REASONS}). */
        final ConcurrentHashMap<String, LongAdder[]> quarantines = new ConcurrentHashMap<>();
        /** The plan of the last header result counted (racy but safe: a plan is immutable but for its warnedIn). */
        volatile CountPlan lastHeader;
        /** The same for the last body result: a body's betas are looked up among the same remembered results. */
        volatile CountPlan lastBody;
    }

    private final BoundedNames betaNames;
    private final BoundedNames providerNames = new BoundedNames(MAX_OTHER_PROVIDERS);
    private final Set<String> recognisedProviders;
    private final ConcurrentHashMap<String, ProviderCounts> providers = new ConcurrentHashMap<>();
    private final LongAdder[] reloads = adders(ReloadResult.values().length);
    private final FirstSeenDrops firstSeen;
    private volatile SeriesListener listener;

    /**
     * @param maxOtherBetas beta names outside the active mapping kept under their own name
     * @param providerKeys  provider keys known beforehand (recognised from paths, named by the settings)
     * @param report        report mode: the counts say what enforce would have done (for the log's wording)
     */
    public BetaCounters(int maxOtherBetas, Set<String> providerKeys, boolean report) {
        this.betaNames = new BoundedNames(maxOtherBetas);
        LinkedHashSet<String> recognised = new LinkedHashSet<>(providerKeys);
        recognised.add(NO_PROVIDER);
        this.recognisedProviders = Set.copyOf(recognised);
        this.providerNames.know(recognised);
        this.firstSeen = new FirstSeenDrops(maxOtherBetas, report);
    }

    private static LongAdder[] adders(int n) {
        LongAdder[] out = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            out[i] = new LongAdder();
        }
        return out;
    }

    /**
     * A mapping became active (at start, by a reload or a change of overrides): its names, and those of its model
     * rules, are counted under their own name.
     */
    public void mappingActive(BetaMapping mapping, String sha256) {
        Set<String> names = new LinkedHashSet<>();
        BiConsumer<String, String> name = (beta, target) -> {
            names.add(beta);
            if (target != null) {
                names.add(target);
            }
        };
        mapping.asMap().values().forEach(section -> section.forEach(name));
        // The model rules of the overrides name betas too.
        mapping.modelRules().forEach(rule -> rule.entries().forEach(name));
        betaNames.know(names);
        LinkedHashSet<String> keys = new LinkedHashSet<>(recognisedProviders);
        keys.addAll(mapping.providerKeys());
        providerNames.know(keys);
        firstSeen.revision(sha256);
    }

    /**
     * Starts the tally of one request that carries betas.
     *
     * @param provider its provider key, or {@code null} when none was found
     * @param method   its method, for a log line
     * @param path     its path (request URI), for a log line
     */
    public RequestTally begin(String provider, String method, String path) {
        return new RequestTally(this, provider, method, path);
    }

    void record(RequestTally tally) {
        String provider = tally.provider() == null ? NO_PROVIDER : providerNames.admit(tally.provider());
        ProviderCounts counts = counts(provider);
        counts.requests[tally.result().ordinal()].increment();
        if (tally.anyUntouched()) {
            for (UntouchedReason reason : tally.untouchedReasons()) {
                counts.untouched[reason.ordinal()].increment();
            }
        }
        if (tally.headerResult() != null) {
            record(counts, provider, BetaLocation.HEADER, tally.headerResult(), tally);
        }
        for (RewriteResult result : tally.bodyResults()) {
            record(counts, provider, BetaLocation.BODY, result, tally);
        }
    }

    /** The counts of {@code provider} (a name admitted already), made on first use. */
    private ProviderCounts counts(String provider) {
        ProviderCounts counts = providers.get(provider);
        if (counts == null) {
            // Announced by the thread whose call made it, once: two threads may both have missed it above.
            ProviderCounts[] made = new ProviderCounts[1];
            counts = providers.computeIfAbsent(provider, p -> made[0] = new ProviderCounts());
            if (counts == made[0]) {
                announce(provider, counts);
            }
        }
        return counts;
    }

    /**
     * Counts one result's betas. A header's result is remembered by the rules for each header value (and a body
     * array's for its items), so the counters keep, per provider and place, the adders the last result resolved to and
     * reuse them while the same result comes again (the usual case: one client release sending one header value and
     * one body array), with no look-up by name.
     */
    private void record(ProviderCounts counts, String provider, BetaLocation where, RewriteResult result,
                        RequestTally tally) {
        boolean header = where == BetaLocation.HEADER;
        CountPlan plan = header ? counts.lastHeader : counts.lastBody;
        if (plan == null || plan.result != result) {
            plan = plan(counts, provider, where, result);
            if (header) {
                counts.lastHeader = plan;
            } else {
                counts.lastBody = plan;
            }
        }
        for (LongAdder adder : plan.adders) {
            adder.increment();
        }
        if (plan.unmentioned.length > 0 && plan.warnedIn != firstSeen.revision()) {
            Object revision = firstSeen.revision();
            for (String beta : plan.unmentioned) {
                firstSeen.dropped(provider, beta, tally);
            }
            plan.warnedIn = revision;
        }
    }

    /** The adders one result's betas count in, resolved once; and its betas dropped as unmentioned. */
    private static final class CountPlan {
        final RewriteResult result;
        final LongAdder[] adders;
        final String[] unmentioned;
        /** The first-seen revision whose warnings this plan's betas had; a newer mapping warns again. */
        volatile Object warnedIn;

        CountPlan(RewriteResult result, LongAdder[] adders, String[] unmentioned) {
            this.result = result;
            this.adders = adders;
            this.unmentioned = unmentioned;
        }
    }

    private CountPlan plan(ProviderCounts counts, String provider, BetaLocation where, RewriteResult result) {
        List<LongAdder> adders = new ArrayList<>();
        List<String> unmentioned = new ArrayList<>();
        Map<String, String> renamed = result.renamed();
        for (String beta : result.betas()) {
            if (!renamed.containsValue(beta)) {
                adders.add(beta(counts, provider, beta).of(where, BetaOutcome.FORWARDED));
            }
        }
        renamed.forEach((from, to) -> {
            BetaCounts c = beta(counts, provider, from);
            adders.add(c.of(where, BetaOutcome.RENAMED));
            String target = betaNames.admit(to);
            LongAdder[] byWhere = c.renamedTo.get(target);
            if (byWhere == null) {
                LongAdder[][] made = new LongAdder[1][];
                byWhere = c.renamedTo.computeIfAbsent(target, t -> made[0] = adders(LOCATIONS.length));
                if (byWhere == made[0]) {
                    announceRename(provider, from, target, byWhere);
                }
            }
            adders.add(byWhere[where.ordinal()]);
        });
        result.dropReasons().forEach((beta, why) -> {
            adders.add(beta(counts, provider, beta).of(where, BetaOutcome.dropped(why)));
            if (why == DropReason.NOT_MENTIONED) {
                unmentioned.add(beta);
            }
        });
        return new CountPlan(result, adders.toArray(LongAdder[]::new), unmentioned.toArray(String[]::new));
    }

    private BetaCounts beta(ProviderCounts counts, String provider, String beta) {
        BetaCounts known = counts.betas.get(beta);
        if (known != null) {
            return known;
        }
        String name = betaNames.admit(beta);
        known = counts.betas.get(name);
        if (known != null) {
            return known;
        }
        BetaCounts[] made = new BetaCounts[1];
        BetaCounts kept = counts.betas.computeIfAbsent(name, b -> made[0] = new BetaCounts());
        if (kept == made[0]) {
            announceBeta(provider, name, kept);
        }
        return kept;
    }

    /**
     * Tells {@code to} of every series kept now and of each one kept from now on (until another listener is set).
     * The reloads' series are told at once.
     */
    public void listen(SeriesListener to) {
        listener = to;
        for (ReloadResult result : ReloadResult.values()) {
            LongAdder adder = reloads[result.ordinal()];
            to.added(MetricNames.RELOADS, RELOADS_HELP, MetricFamily.Type.COUNTER, Map.of("result", result.label()),
                    adder::sum);
        }
        providers.forEach((provider, counts) -> {
            announce(provider, counts);
            counts.betas.forEach((beta, c) -> {
                announceBeta(provider, beta, c);
                c.renamedTo.forEach((to2, byWhere) -> announceRename(provider, beta, to2, byWhere));
            });
            counts.quarantines.forEach((beta, byReason) -> announceQuarantines(provider, beta, byReason));
        });
    }

    private void announce(String provider, ProviderCounts counts) {
        SeriesListener to = listener;
        if (to == null) {
            return;
        }
        for (RequestResult result : RequestResult.values()) {
            LongAdder adder = counts.requests[result.ordinal()];
            to.added(MetricNames.REQUESTS, REQUESTS_HELP, MetricFamily.Type.COUNTER,
                    sample(0, "provider", provider, "result", result.label()).labels(), adder::sum);
        }
        for (UntouchedReason reason : UntouchedReason.values()) {
            LongAdder adder = counts.untouched[reason.ordinal()];
            to.added(MetricNames.UNTOUCHED, UNTOUCHED_HELP, MetricFamily.Type.COUNTER,
                    sample(0, "provider", provider, "reason", reason.label()).labels(), adder::sum);
        }
    }

    private void announceBeta(String provider, String beta, BetaCounts c) {
        SeriesListener to = listener;
        if (to == null) {
            return;
        }
        for (BetaLocation where : LOCATIONS) {
            for (BetaOutcome outcome : OUTCOMES) {
                LongAdder adder = c.of(where, outcome);
                to.added(MetricNames.BETAS, BETAS_HELP, MetricFamily.Type.COUNTER, sample(0, "provider", provider,
                        "location", where.label(), "outcome", outcome.label(), "beta", beta).labels(), adder::sum);
            }
        }
    }

    private void announceRename(String provider, String beta, String target, LongAdder[] byWhere) {
        SeriesListener to = listener;
        if (to == null) {
            return;
        }
        for (BetaLocation where : LOCATIONS) {
            LongAdder adder = byWhere[where.ordinal()];
            to.added(MetricNames.RENAMED_BETAS, RENAMED_HELP, MetricFamily.Type.COUNTER, sample(0, "provider", provider,
                    "location", where.label(), "beta", beta, "to", target).labels(), adder::sum);
        }
    }

    /**
     * Counts a quarantine of {@code beta} for {@code provider}.
     *
     * @param reason one of {@link #QUARANTINE_REASONS}
     */
    public void quarantined(String provider, String beta, String reason) {
        int index = QUARANTINE_REASONS.indexOf(reason);
        if (index < 0) {
            throw new IllegalArgumentException("unknown quarantine reason: " + reason);
        }
        String providerName = providerNames.admit(provider);
        ProviderCounts counts = counts(providerName);
        String name = betaNames.admit(beta);
        LongAdder[] byReason = counts.quarantines.get(name);
        if (byReason == null) {
            LongAdder[][] made = new LongAdder[1][];
            byReason = counts.quarantines.computeIfAbsent(name, b -> made[0] = adders(QUARANTINE_REASONS.size()));
            if (byReason == made[0]) {
                announceQuarantines(providerName, name, byReason);
            }
        }
        byReason[index].increment();
    }

    /** Quarantines of {@code beta} for {@code provider} with that reason. */
    public long quarantines(String provider, String beta, String reason) {
        ProviderCounts counts = providers.get(provider);
        LongAdder[] byReason = counts == null ? null : counts.quarantines.get(beta);
        int index = QUARANTINE_REASONS.indexOf(reason);
        return byReason == null || index < 0 ? 0 : byReason[index].sum();
    }

    private void announceQuarantines(String provider, String beta, LongAdder[] byReason) {
        SeriesListener to = listener;
        if (to == null) {
            return;
        }
        for (int i = 0; i < QUARANTINE_REASONS.size(); i++) {
            to.added(MetricNames.QUARANTINES, QUARANTINES_HELP, MetricFamily.Type.COUNTER, sample(0, "provider",
                    provider, "beta", beta, "reason", QUARANTINE_REASONS.get(i)).labels(), byReason[i]::sum);
        }
    }

    /** Counts a reload. */
    public void reload(ReloadResult result) {
        reloads[result.ordinal()].increment();
    }

    /** Requests of {@code provider} ({@link #NO_PROVIDER} for none) with that result. */
    public long requests(String provider, RequestResult result) {
        ProviderCounts counts = providers.get(provider);
        return counts == null ? 0 : counts.requests[result.ordinal()].sum();
    }

    /** Times {@code provider}'s header or body was passed on untouched for {@code reason}. */
    public long untouched(String provider, UntouchedReason reason) {
        ProviderCounts counts = providers.get(provider);
        return counts == null ? 0 : counts.untouched[reason.ordinal()].sum();
    }

    /** Times {@code beta} (as counted: possibly {@value BoundedNames#OTHER}) met {@code outcome} at {@code where}. */
    public long betas(String provider, String beta, BetaLocation where, BetaOutcome outcome) {
        ProviderCounts counts = providers.get(provider);
        BetaCounts c = counts == null ? null : counts.betas.get(beta);
        return c == null ? 0 : c.of(where, outcome).sum();
    }

    /** Reloads that ended with {@code result}. */
    public long reloads(ReloadResult result) {
        return reloads[result.ordinal()].sum();
    }

    /** Beta names counted under their own name although the active mapping does not name them. */
    public int otherBetaNames() {
        return betaNames.othersAdmitted();
    }

    /** Every beta name counted for any provider (for tests of the bound). */
    public Set<String> countedBetaNames() {
        Set<String> out = new LinkedHashSet<>();
        providers.values().forEach(p -> out.addAll(p.betas.keySet()));
        return out;
    }

    /**
     * The counts as metric families, in a stable order (providers and betas sorted), then the mode and the active
     * mapping: its source and sha256, when it was loaded and its age at {@code now}.
     */
    public List<MetricFamily> families(String mode, String source, String sha256, Instant loadedAt, Instant now) {
        List<MetricFamily> out = new ArrayList<>(families());
        out.add(new MetricFamily(MetricNames.MODE, "The filter's mode: enforce rewrites betas, report only counts "
                + "what enforce would do", MetricFamily.Type.GAUGE, List.of(sample(1, "mode", mode))));
        out.add(new MetricFamily(MetricNames.MAPPING_INFO, "The active mapping: where it came from and its "
                + "document's SHA-256", MetricFamily.Type.GAUGE, List.of(sample(1, "source", source, "sha256", sha256))));
        out.add(new MetricFamily(MetricNames.MAPPING_LOADED, "When the active mapping was loaded, in seconds since "
                + "the epoch", MetricFamily.Type.GAUGE, List.of(sample(loadedAt.toEpochMilli() / 1000.0))));
        out.add(new MetricFamily(MetricNames.MAPPING_AGE, "Seconds since the active mapping was loaded",
                MetricFamily.Type.GAUGE, List.of(sample(Math.max(0, Duration.between(loadedAt, now).toMillis())
                / 1000.0))));
        return out;
    }

    /** The counts as metric families, in a stable order (providers and betas sorted). */
    public List<MetricFamily> families() {
        Map<String, ProviderCounts> sorted = new TreeMap<>(providers);
        List<MetricFamily.Sample> requests = new ArrayList<>();
        List<MetricFamily.Sample> untouched = new ArrayList<>();
        List<MetricFamily.Sample> betas = new ArrayList<>();
        List<MetricFamily.Sample> renames = new ArrayList<>();
        List<MetricFamily.Sample> quarantines = new ArrayList<>();
        sorted.forEach((provider, counts) -> {
            new TreeMap<>(counts.quarantines).forEach((beta, byReason) -> {
                for (int i = 0; i < QUARANTINE_REASONS.size(); i++) {
                    long n = byReason[i].sum();
                    if (n > 0) {
                        quarantines.add(sample(n, "provider", provider, "beta", beta, "reason",
                                QUARANTINE_REASONS.get(i)));
                    }
                }
            });
            for (RequestResult result : RequestResult.values()) {
                requests.add(sample(counts.requests[result.ordinal()].sum(), "provider", provider,
                        "result", result.label()));
            }
            for (UntouchedReason reason : UntouchedReason.values()) {
                long n = counts.untouched[reason.ordinal()].sum();
                if (n > 0) {
                    untouched.add(sample(n, "provider", provider, "reason", reason.label()));
                }
            }
            new TreeMap<>(counts.betas).forEach((beta, c) -> {
                for (BetaLocation where : LOCATIONS) {
                    for (BetaOutcome outcome : OUTCOMES) {
                        long n = c.of(where, outcome).sum();
                        if (n > 0) {
                            betas.add(sample(n, "provider", provider, "location", where.label(),
                                    "outcome", outcome.label(), "beta", beta));
                        }
                    }
                }
                new TreeMap<>(c.renamedTo).forEach((to, byWhere) -> {
                    for (BetaLocation where : LOCATIONS) {
                        long n = byWhere[where.ordinal()].sum();
                        if (n > 0) {
                            renames.add(sample(n, "provider", provider, "location", where.label(), "beta", beta,
                                    "to", to));
                        }
                    }
                });
            });
        });
        List<MetricFamily.Sample> reloadSamples = new ArrayList<>();
        for (ReloadResult result : ReloadResult.values()) {
            reloadSamples.add(sample(reloads[result.ordinal()].sum(), "result", result.label()));
        }
        return List.of(
                new MetricFamily(MetricNames.REQUESTS, REQUESTS_HELP, MetricFamily.Type.COUNTER, requests),
                new MetricFamily(MetricNames.UNTOUCHED, UNTOUCHED_HELP, MetricFamily.Type.COUNTER, untouched),
                new MetricFamily(MetricNames.BETAS, BETAS_HELP, MetricFamily.Type.COUNTER, betas),
                new MetricFamily(MetricNames.RENAMED_BETAS, RENAMED_HELP, MetricFamily.Type.COUNTER, renames),
                new MetricFamily(MetricNames.RELOADS, RELOADS_HELP, MetricFamily.Type.COUNTER, reloadSamples),
                new MetricFamily(MetricNames.QUARANTINES, QUARANTINES_HELP, MetricFamily.Type.COUNTER, quarantines),
                new MetricFamily(MetricNames.OTHER_BETA_NAMES, "Beta names outside the active mapping "
                        + "counted under their own name (at most " + MAX_OTHER_BETAS + " by default)",
                        MetricFamily.Type.GAUGE, List.of(sample(otherBetaNames()))));
    }

    static MetricFamily.Sample sample(double value, String... labelsAndValues) {
        LinkedHashMap<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < labelsAndValues.length; i += 2) {
            labels.put(labelsAndValues[i], labelsAndValues[i + 1]);
        }
        return new MetricFamily.Sample(labels, value);
    }
}
