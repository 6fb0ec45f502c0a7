package io.github.betaheaders.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One provider's section of a {@link BetaMapping}: input beta name to the provider's name for it, or to
 * "unsupported" ({@code null} in the JSON document). Immutable.
 *
 * <p>A table made by layering overrides ({@link BetaMapping#withOverrides}) may also say what happens to the betas it
 * does not list (an override's {@code "*"} entry): dropped, or forwarded as they are. A table for a model rule has a
 * {@link #scope()} naming the rule ({@code bedrock/*claude-opus-4-7*}) and the {@link ModelPattern} it applies to.
 */
public final class ProviderTable {

    /** Internal marker for a beta mapped to {@code null}; compared by identity. */
    static final String UNSUPPORTED = new String("<unsupported>");
    /** Internal marker for "forward the beta as it is" ({@code "*": "*"}); compared by identity. */
    static final String AS_IS = new String("<as is>");

    private final String provider;
    private final String scope;
    private final ModelPattern pattern;
    private final Map<String, String> targets;
    /** What a beta not in {@link #targets} becomes: {@code null} (the provider's usual rule), UNSUPPORTED or AS_IS. */
    private final String unlisted;

    ProviderTable(String provider, Map<String, String> entries) {
        this(provider, provider, null, markers(entries), null);
    }

    private ProviderTable(String provider, String scope, ModelPattern pattern, Map<String, String> targets,
                          String unlisted) {
        this.provider = provider;
        this.scope = scope;
        this.pattern = pattern;
        this.targets = targets;
        this.unlisted = unlisted;
    }

    private static Map<String, String> markers(Map<String, String> entries) {
        LinkedHashMap<String, String> copy = new LinkedHashMap<>(entries.size() * 2);
        entries.forEach((beta, target) -> copy.put(beta, target == null ? UNSUPPORTED : target));
        return copy;
    }

    /**
     * This table with a section of overrides laid over it, as the table for {@code scope} ({@code pattern} null for
     * the provider's own section). Without a {@code "*"} entry the override's entries replace or add to this table's;
     * with one, the override's entries are the whole table and {@code "*"} says what becomes of every other beta.
     *
     * @param base the table below, or {@code null} when there is none
     */
    static ProviderTable layered(String provider, ProviderTable base, OverrideSection section) {
        Map<String, String> entries = section.entries();
        LinkedHashMap<String, String> targets = new LinkedHashMap<>();
        String unlisted;
        if (entries.containsKey(OverrideSection.ALL_OTHERS)) {
            String all = entries.get(OverrideSection.ALL_OTHERS);
            unlisted = all == null ? UNSUPPORTED : AS_IS;
        } else {
            if (base != null) {
                targets.putAll(base.targets);
            }
            unlisted = base == null ? null : base.unlisted;
        }
        entries.forEach((beta, target) -> {
            if (!OverrideSection.ALL_OTHERS.equals(beta)) {
                targets.put(beta, target == null ? UNSUPPORTED : target);
            }
        });
        return new ProviderTable(provider, section.key(), section.pattern(), targets, unlisted);
    }

    public String provider() {
        return provider;
    }

    /** The provider key, or for a model rule its section key ({@code bedrock/*claude-opus-4-7*}). */
    public String scope() {
        return scope;
    }

    /** The model pattern of a model rule's table; {@code null} for a provider's own table. */
    public ModelPattern pattern() {
        return pattern;
    }

    public int size() {
        return targets.size();
    }

    /**
     * The raw lookup: the provider's name, {@link #UNSUPPORTED}, or {@code null} when the section does not mention the
     * beta (and has no rule for the betas it does not list). Package-private so the markers never leave the rules.
     */
    String lookup(String beta) {
        String target = targets.get(beta);
        if (target != null || unlisted == null) {
            return target;
        }
        return unlisted == AS_IS ? beta : UNSUPPORTED;
    }

    /**
     * The entries as in the document, {@code null} values for unsupported betas, in document order; a rule for the
     * betas it does not list last, as {@code "*"}.
     */
    public Map<String, String> entries() {
        LinkedHashMap<String, String> out = new LinkedHashMap<>(targets.size() * 2);
        targets.forEach((beta, target) -> out.put(beta, target == UNSUPPORTED ? null : target));
        if (unlisted != null) {
            out.put(OverrideSection.ALL_OTHERS, unlisted == UNSUPPORTED ? null : OverrideSection.ALL_OTHERS);
        }
        return Collections.unmodifiableMap(out);
    }
}
