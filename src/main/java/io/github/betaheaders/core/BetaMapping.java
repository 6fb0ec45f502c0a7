package io.github.betaheaders.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An immutable snapshot of a mapping document: one {@link ProviderTable} per provider section, in document order.
 * Built by {@link BetaMappingParser}; never changed after that, so a request can hold one for its whole life.
 */
public final class BetaMapping {

    private final Map<String, ProviderTable> providers;
    private final List<String> warnings;
    /** Per provider, the tables of its model rules, most specific first; empty without overrides. */
    private final Map<String, List<ProviderTable>> modelRules;
    private final BetaOverrides overrides;

    BetaMapping(Map<String, ProviderTable> providers, List<String> warnings) {
        this(providers, warnings, Map.of(), BetaOverrides.NONE);
    }

    private BetaMapping(Map<String, ProviderTable> providers, List<String> warnings,
                        Map<String, List<ProviderTable>> modelRules, BetaOverrides overrides) {
        this.providers = Collections.unmodifiableMap(new LinkedHashMap<>(providers));
        this.warnings = List.copyOf(warnings);
        this.modelRules = Map.copyOf(modelRules);
        this.overrides = overrides;
    }

    /**
     * This mapping with {@code overrides} laid over it, worked out once: each provider section of the overrides over
     * the provider's section ({@link ProviderTable#layered}), then each model rule over that, sorted most specific
     * first ({@link ModelPattern#MOST_SPECIFIC_FIRST}). This mapping itself when there are none.
     */
    public BetaMapping withOverrides(BetaOverrides overrides) {
        if (overrides.isEmpty()) {
            return this;
        }
        LinkedHashMap<String, ProviderTable> tables = new LinkedHashMap<>(providers);
        for (OverrideSection section : overrides.sections()) {
            if (section.pattern() == null) {
                tables.put(section.provider(),
                        ProviderTable.layered(section.provider(), tables.get(section.provider()), section));
            }
        }
        LinkedHashMap<String, List<ProviderTable>> rules = new LinkedHashMap<>();
        for (OverrideSection section : overrides.sections()) {
            if (section.pattern() != null) {
                rules.computeIfAbsent(section.provider(), k -> new ArrayList<>())
                        .add(ProviderTable.layered(section.provider(), tables.get(section.provider()), section));
            }
        }
        rules.replaceAll((provider, list) -> {
            list.sort((a, b) -> ModelPattern.MOST_SPECIFIC_FIRST.compare(a.pattern(), b.pattern()));
            return List.copyOf(list);
        });
        return new BetaMapping(tables, warnings, rules, overrides);
    }

    /** The overrides laid over the table ({@link BetaOverrides#NONE} for a table as loaded). */
    public BetaOverrides overrides() {
        return overrides;
    }

    /** Whether some override section names a model of this provider: only then is a request's model looked for. */
    public boolean hasModelRules(String provider) {
        return !modelRules.isEmpty() && modelRules.containsKey(provider);
    }

    /**
     * The table for a request to {@code provider} for {@code model}: the most specific model rule that matches, else
     * the provider's section ({@code null} when there is none).
     *
     * @param model the model id as the request carries it, or {@code null} when not known
     */
    public ProviderTable tableFor(String provider, String model) {
        ProviderTable rule = modelRuleFor(provider, model);
        return rule != null ? rule : providers.get(provider);
    }

    /**
     * The most specific model rule of {@code provider} that matches {@code model}, or {@code null} when none does
     * (then the provider's section applies).
     */
    public ProviderTable modelRuleFor(String provider, String model) {
        if (model != null && !modelRules.isEmpty()) {
            List<ProviderTable> rules = modelRules.get(provider);
            if (rules != null) {
                for (ProviderTable rule : rules) {
                    if (rule.pattern().matches(model)) {
                        return rule;
                    }
                }
            }
        }
        return null;
    }

    /** Every model rule, provider by provider, each provider's most specific first. */
    public List<ProviderTable> modelRules() {
        List<ProviderTable> all = new ArrayList<>();
        modelRules.values().forEach(all::addAll);
        return all;
    }

    /** The model rules of a provider, most specific first (the order they are tried in). */
    public List<ProviderTable> modelRules(String provider) {
        return modelRules.getOrDefault(provider, List.of());
    }

    /** The section for a provider key, or {@code null} when the document has none. */
    public ProviderTable provider(String key) {
        return providers.get(key);
    }

    public Set<String> providerKeys() {
        return providers.keySet();
    }

    public int providerCount() {
        return providers.size();
    }

    /**
     * What the document held that was ignored, summarised: empty, or one line with the number of members that were not
     * provider sections and the first few names ("3 members ignored (not objects): [version (a number), ...]"), so a
     * load logs one warning however many there are.
     */
    public List<String> warnings() {
        return warnings;
    }

    /** The sections as plain maps ({@code null} for unsupported), in document order: for status output. */
    public Map<String, Map<String, String>> asMap() {
        LinkedHashMap<String, Map<String, String>> out = new LinkedHashMap<>();
        providers.forEach((key, table) -> out.put(key, table.entries()));
        return Collections.unmodifiableMap(out);
    }
}
