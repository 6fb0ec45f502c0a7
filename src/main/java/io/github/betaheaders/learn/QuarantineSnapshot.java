package io.github.betaheaders.learn;

import io.github.betaheaders.core.QuarantinedBetas;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Every quarantined beta at one moment, immutable: a request reads one with the mapping and keeps it to its end, while
 * a new quarantine or a removal makes the next one. Looked up by provider and model without allocating.
 */
public final class QuarantineSnapshot {

    public static final QuarantineSnapshot EMPTY = new QuarantineSnapshot(List.of());

    /** The model key of requests whose path names no model. */
    private static final String NO_MODEL = "";

    private final List<QuarantineEntry> entries;
    private final Map<String, Map<String, QuarantinedBetas>> byProvider;
    private final Instant nextExpiry;

    private QuarantineSnapshot(Collection<QuarantineEntry> entries) {
        List<QuarantineEntry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparing(QuarantineEntry::since).thenComparing(QuarantineEntry::provider)
                .thenComparing(QuarantineEntry::beta));
        this.entries = List.copyOf(sorted);
        Map<String, Map<String, Set<String>>> sets = new HashMap<>();
        Instant next = Instant.MAX;
        for (QuarantineEntry e : this.entries) {
            sets.computeIfAbsent(e.provider(), p -> new HashMap<>())
                    .computeIfAbsent(modelKey(e.model()), m -> new LinkedHashSet<>()).add(e.beta());
            if (e.expires().isBefore(next)) {
                next = e.expires();
            }
        }
        Map<String, Map<String, QuarantinedBetas>> out = new HashMap<>();
        sets.forEach((provider, models) -> {
            Map<String, QuarantinedBetas> byModel = new HashMap<>();
            models.forEach((model, betas) -> byModel.put(model, new QuarantinedBetas(betas)));
            out.put(provider, Map.copyOf(byModel));
        });
        this.byProvider = Map.copyOf(out);
        this.nextExpiry = next;
    }

    /** A snapshot of the given entries; of several for the same provider, model and beta the last one is kept. */
    public static QuarantineSnapshot of(Collection<QuarantineEntry> entries) {
        Map<List<String>, QuarantineEntry> kept = new LinkedHashMap<>();
        for (QuarantineEntry e : entries) {
            List<String> key = Arrays.asList(e.provider(), e.model(), e.beta());
            kept.remove(key);
            kept.put(key, e);
        }
        return kept.isEmpty() ? EMPTY : new QuarantineSnapshot(kept.values());
    }

    private static String modelKey(String model) {
        return model == null ? NO_MODEL : model;
    }

    /** The betas quarantined for {@code provider} and {@code model} ({@code null}: none named). */
    public QuarantinedBetas betasFor(String provider, String model) {
        Map<String, QuarantinedBetas> models = byProvider.get(provider);
        QuarantinedBetas betas = models == null ? null : models.get(modelKey(model));
        return betas == null ? QuarantinedBetas.NONE : betas;
    }

    /** Whether any beta is quarantined for {@code provider}, whatever the model. */
    public boolean hasProvider(String provider) {
        return byProvider.containsKey(provider);
    }

    /** Whether that beta is quarantined for that provider and model. */
    public boolean contains(String provider, String model, String beta) {
        return betasFor(provider, model).betas().contains(beta);
    }

    /** The entries, oldest first. */
    public List<QuarantineEntry> entries() {
        return entries;
    }

    public int size() {
        return entries.size();
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** When the first entry expires; {@link Instant#MAX} when there is none. */
    public Instant nextExpiry() {
        return nextExpiry;
    }

    /** This snapshot with {@code added}, each replacing an entry for the same provider, model and beta. */
    public QuarantineSnapshot with(Collection<QuarantineEntry> added) {
        if (added.isEmpty()) {
            return this;
        }
        List<QuarantineEntry> all = new ArrayList<>(entries);
        all.addAll(added);
        return of(all);
    }

    /** This snapshot without the entries {@code which} matches. */
    public QuarantineSnapshot without(Predicate<QuarantineEntry> which) {
        List<QuarantineEntry> kept = new ArrayList<>(entries.size());
        for (QuarantineEntry e : entries) {
            if (!which.test(e)) {
                kept.add(e);
            }
        }
        return kept.size() == entries.size() ? this : of(kept);
    }
}
