package io.github.betaheaders.service;

import io.github.betaheaders.load.MappingChanges;
import io.github.betaheaders.load.MappingSnapshot;
import java.time.Instant;

/**
 * One successful reload: the mapping before and after, and what changed between them.
 *
 * @param at      when it ended
 * @param before  the mapping active before
 * @param after   the mapping active after (the same one when the source answered 304)
 * @param changes per provider, what changed; empty when nothing did
 */
public record MappingReload(Instant at, MappingSnapshot before, MappingSnapshot after, MappingChanges changes) {

    /** True when the new mapping maps some beta differently. */
    public boolean changed() {
        return !changes.isEmpty();
    }
}
