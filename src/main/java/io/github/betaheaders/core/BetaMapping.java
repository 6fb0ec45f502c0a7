package io.github.betaheaders.core;

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

    BetaMapping(Map<String, ProviderTable> providers, List<String> warnings) {
        this.providers = Collections.unmodifiableMap(new LinkedHashMap<>(providers));
        this.warnings = List.copyOf(warnings);
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
