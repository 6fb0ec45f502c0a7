package io.github.betaheaders.service;

import io.github.betaheaders.core.BetaOverrides;
import io.github.betaheaders.core.OverrideSection;
import io.github.betaheaders.load.MappingChanges;
import io.github.betaheaders.load.MappingSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One successful reload: the mapping before and after, and what changed between them.
 *
 * @param at      when it ended
 * @param before  the mapping active before
 * @param after   the mapping active after (the same one when the source answered 304)
 * @param changes   per provider, what changed in the table; empty when nothing did
 * @param overrides the overrides laid over the table when the reload ended (they are kept across it)
 */
public record MappingReload(Instant at, MappingSnapshot before, MappingSnapshot after, MappingChanges changes,
                            BetaOverrides overrides) {

    public MappingReload(Instant at, MappingSnapshot before, MappingSnapshot after, MappingChanges changes) {
        this(at, before, after, changes, BetaOverrides.NONE);
    }

    /**
     * Per provider, the betas the reload changed in the table that an override of the provider's own section still
     * decides (it lists them, or has {@code "*"}): for those the change makes no difference to requests.
     */
    public Map<String, List<String>> overridden() {
        LinkedHashMap<String, List<String>> out = new LinkedHashMap<>();
        changes.providers().forEach((provider, c) -> {
            List<String> betas = new ArrayList<>();
            for (OverrideSection section : overrides.sections()) {
                if (section.pattern() != null || !section.provider().equals(provider)) {
                    continue;
                }
                boolean all = section.entries().containsKey(OverrideSection.ALL_OTHERS);
                for (Map<String, ?> names : List.of(c.added(), c.removed(), c.changed())) {
                    names.keySet().forEach(beta -> {
                        if ((all || section.entries().containsKey(beta)) && !betas.contains(beta)) {
                            betas.add(beta);
                        }
                    });
                }
            }
            if (!betas.isEmpty()) {
                out.put(provider, List.copyOf(betas));
            }
        });
        return out;
    }

    /** True when the new mapping maps some beta differently. */
    public boolean changed() {
        return !changes.isEmpty();
    }
}
