package io.github.betaheaders.load;

import io.github.betaheaders.core.BetaMapping;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What changed between two mappings, per provider: betas added, removed, and changed (old and new name, {@code null}
 * for unsupported). A section added or removed counts as all its betas added or removed. Providers without a change
 * are left out; {@link #isEmpty()} when the mappings say the same.
 *
 * @param providers provider key to its changes, in the order of the new mapping, then removed sections
 */
public record MappingChanges(Map<String, ProviderChanges> providers) {

    public MappingChanges {
        providers = Collections.unmodifiableMap(new LinkedHashMap<>(providers));
    }

    /**
     * One provider's changes.
     *
     * @param added   beta to its name in the new mapping ({@code null}: unsupported)
     * @param removed beta to its name in the old mapping
     * @param changed beta to its old and new names
     */
    public record ProviderChanges(Map<String, String> added, Map<String, String> removed, Map<String, Change> changed) {
        public ProviderChanges {
            added = Collections.unmodifiableMap(new LinkedHashMap<>(added));
            removed = Collections.unmodifiableMap(new LinkedHashMap<>(removed));
            changed = Collections.unmodifiableMap(new LinkedHashMap<>(changed));
        }

        /** As JSON members: {@code added}, {@code removed}, {@code changed} ({@code {"old": .., "new": ..}}). */
        public Map<String, Object> members() {
            LinkedHashMap<String, Object> changes = new LinkedHashMap<>();
            changed.forEach((beta, c) -> {
                LinkedHashMap<String, Object> pair = new LinkedHashMap<>();
                pair.put("old", c.before());
                pair.put("new", c.after());
                changes.put(beta, pair);
            });
            LinkedHashMap<String, Object> out = new LinkedHashMap<>();
            out.put("added", added);
            out.put("removed", removed);
            out.put("changed", changes);
            return out;
        }

        @Override
        public String toString() {
            StringBuilder out = new StringBuilder();
            out.append("added ").append(added.size()).append(' ').append(added)
                    .append(", removed ").append(removed.size()).append(' ').append(removed.keySet())
                    .append(", changed ").append(changed.size()).append(" {");
            String separator = "";
            for (Map.Entry<String, Change> c : changed.entrySet()) {
                out.append(separator).append(c.getKey()).append(": ").append(c.getValue().before()).append(" -> ")
                        .append(c.getValue().after());
                separator = ", ";
            }
            return out.append('}').toString();
        }
    }

    /** A beta's name before and after ({@code null}: unsupported). */
    public record Change(String before, String after) {
    }

    /** The changes from {@code before} to {@code after}. */
    /** No change: what a reload that kept the same snapshot (HTTP 304) made. */
    public static final MappingChanges NONE = new MappingChanges(Map.of());

    public static MappingChanges between(BetaMapping before, BetaMapping after) {
        Map<String, Map<String, String>> old = before.asMap();
        Map<String, Map<String, String>> next = after.asMap();
        Set<String> keys = new LinkedHashSet<>(next.keySet());
        keys.addAll(old.keySet());
        LinkedHashMap<String, ProviderChanges> out = new LinkedHashMap<>();
        for (String provider : keys) {
            Map<String, String> was = old.getOrDefault(provider, Map.of());
            Map<String, String> is = next.getOrDefault(provider, Map.of());
            LinkedHashMap<String, String> added = new LinkedHashMap<>();
            LinkedHashMap<String, String> removed = new LinkedHashMap<>();
            LinkedHashMap<String, Change> changed = new LinkedHashMap<>();
            is.forEach((beta, name) -> {
                if (!was.containsKey(beta)) {
                    added.put(beta, name);
                } else if (!Objects.equals(was.get(beta), name)) {
                    changed.put(beta, new Change(was.get(beta), name));
                }
            });
            was.forEach((beta, name) -> {
                if (!is.containsKey(beta)) {
                    removed.put(beta, name);
                }
            });
            if (!added.isEmpty() || !removed.isEmpty() || !changed.isEmpty()) {
                out.put(provider, new ProviderChanges(added, removed, changed));
            }
        }
        return new MappingChanges(out);
    }

    /** True when the two mappings map every beta of every provider alike. */
    public boolean isEmpty() {
        return providers.isEmpty();
    }

    /** As a JSON object: provider key to its {@link ProviderChanges#members()}. */
    public Map<String, Object> members() {
        LinkedHashMap<String, Object> out = new LinkedHashMap<>();
        providers.forEach((provider, changes) -> out.put(provider, changes.members()));
        return out;
    }
}
