package io.github.betaheaders.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One section of an overrides document: for a provider ({@code "bedrock"}) or for a provider's models matching a
 * pattern ({@code "bedrock/*claude-opus-4-7*"}), beta name to the provider's name or {@code null} (dropped). The beta
 * name {@value #ALL_OTHERS} stands for every beta the section does not list: {@code "*": null} drops them,
 * {@code "*": "*"} forwards them as they are.
 *
 * @param key      the section's key as written
 * @param provider the provider key (before the first {@code /})
 * @param pattern  the model pattern (after it), or {@code null} for the provider's own section
 * @param entries  beta to name ({@code null}: dropped), in document order
 */
public record OverrideSection(String key, String provider, ModelPattern pattern, Map<String, String> entries) {

    /** The beta name that stands for every beta a section does not list. */
    public static final String ALL_OTHERS = "*";

    public OverrideSection {
        entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }
}
