package io.github.betaheaders.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One provider's section of a {@link BetaMapping}: input beta name to the provider's name for it, or to
 * "unsupported" ({@code null} in the JSON document). Immutable.
 */
public final class ProviderTable {

    /** Internal marker for a beta mapped to {@code null}; compared by identity. */
    static final String UNSUPPORTED = new String("<unsupported>");

    private final String provider;
    private final Map<String, String> targets;

    ProviderTable(String provider, Map<String, String> entries) {
        this.provider = provider;
        LinkedHashMap<String, String> copy = new LinkedHashMap<>(entries.size() * 2);
        entries.forEach((beta, target) -> copy.put(beta, target == null ? UNSUPPORTED : target));
        this.targets = copy;
    }

    public String provider() {
        return provider;
    }

    public int size() {
        return targets.size();
    }

    /**
     * The raw lookup: the provider's name, {@link #UNSUPPORTED}, or {@code null} when the section does not mention the
     * beta. Package-private so the sentinel never leaves the rules.
     */
    String lookup(String beta) {
        return targets.get(beta);
    }

    /** The entries as in the document, {@code null} values for unsupported betas, in document order. */
    public Map<String, String> entries() {
        LinkedHashMap<String, String> out = new LinkedHashMap<>(targets.size() * 2);
        targets.forEach((beta, target) -> out.put(beta, target == UNSUPPORTED ? null : target));
        return Collections.unmodifiableMap(out);
    }
}
