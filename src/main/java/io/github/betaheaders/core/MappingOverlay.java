package io.github.betaheaders.core;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A mapping with local overrides layered over it: for every provider section of the overrides, its entries win over
 * the table's for the same beta; the table's other entries stay. A section only the overrides have is added. Sections
 * whose key is not a provider key ({@link ProviderKeys}), such as a model rule {@code bedrock/*claude-opus-4-7*}, are
 * not layered here. The table's warnings are kept.
 */
public final class MappingOverlay {

    private MappingOverlay() {
    }

    /** {@code table} with {@code overrides} layered over it; neither is changed. */
    public static BetaMapping layer(BetaMapping table, BetaMapping overrides) {
        LinkedHashMap<String, ProviderTable> out = new LinkedHashMap<>();
        for (String key : table.providerKeys()) {
            ProviderTable over = overrides.provider(key);
            out.put(key, over == null ? table.provider(key) : merged(key, table.provider(key), over));
        }
        for (String key : overrides.providerKeys()) {
            if (!out.containsKey(key) && ProviderKeys.isValid(key)) {
                out.put(key, overrides.provider(key));
            }
        }
        return new BetaMapping(out, table.warnings());
    }

    private static ProviderTable merged(String key, ProviderTable base, ProviderTable over) {
        Map<String, String> entries = new LinkedHashMap<>(base.entries());
        entries.putAll(over.entries());
        return new ProviderTable(key, entries);
    }
}
