package io.github.betaheaders.core;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * An operator's corrections laid over the fetched table ({@link BetaMapping#withOverrides}): a document in LiteLLM's
 * format whose sections are provider keys ({@code "bedrock"}) or a provider key and a model pattern
 * ({@code "bedrock/*claude-opus-4-7*"}, {@link ModelPattern}), each entry winning over the table's for the same
 * provider (and model) and beta. {@value OverrideSection#ALL_OTHERS} as a beta name stands for every beta the section
 * does not list ({@link OverrideSection}). Immutable.
 *
 * <p>Checked like the table ({@link BetaMappingParser}: strict JSON, HTTP-token names, no name twice), and beyond: the
 * provider part of each key must be a known provider key, {@code "*"} may only be mapped to {@code null} or
 * {@code "*"}, and no other beta to {@code "*"}. An empty document ({@code {}}) is no override at all.
 */
public final class BetaOverrides {

    /** No overrides. */
    public static final BetaOverrides NONE = new BetaOverrides(List.of());

    private final List<OverrideSection> sections;

    private BetaOverrides(List<OverrideSection> sections) {
        this.sections = List.copyOf(sections);
    }

    /**
     * Reads and checks an overrides document.
     *
     * @param knownProviders the provider keys a section may name
     * @throws InvalidMappingException naming the section and entry that are wrong
     */
    public static BetaOverrides parse(byte[] document, Collection<String> knownProviders)
            throws InvalidMappingException {
        return of(BetaMappingParser.parseSections(document), knownProviders);
    }

    /**
     * The overrides of a document already read by {@link BetaMappingParser} (as the offline check reads it), checked
     * as {@link #parse(byte[], Collection)} checks them.
     */
    public static BetaOverrides of(BetaMapping doc, Collection<String> knownProviders) throws InvalidMappingException {
        if (!doc.warnings().isEmpty()) {
            throw new InvalidMappingException("every member of an overrides document must be a section (an object); "
                    + doc.warnings().get(0));
        }
        List<OverrideSection> sections = new ArrayList<>();
        for (String key : doc.providerKeys()) {
            sections.add(section(key, doc.provider(key).entries(), knownProviders));
        }
        return new BetaOverrides(sections);
    }

    /** As {@link #parse(byte[], Collection)}, from text. */
    public static BetaOverrides parse(String document, Collection<String> knownProviders)
            throws InvalidMappingException {
        return parse(document.getBytes(StandardCharsets.UTF_8), knownProviders);
    }

    private static OverrideSection section(String key, Map<String, String> entries, Collection<String> known)
            throws InvalidMappingException {
        String place = "section [" + BetaMappingParser.shown(key) + "]";
        int slash = key.indexOf('/');
        String provider = slash < 0 ? key : key.substring(0, slash);
        if (!ProviderKeys.isValid(provider)) {
            throw new InvalidMappingException(place + ": [" + BetaMappingParser.shown(provider) + "] is not a provider "
                    + "key (letters, digits, '_', '-', '.'); a key is PROVIDER or PROVIDER/MODEL-PATTERN");
        }
        if (!known.contains(provider)) {
            throw new InvalidMappingException(place + ": unknown provider [" + provider + "]; known: "
                    + new TreeSet<>(known));
        }
        ModelPattern pattern = null;
        if (slash >= 0) {
            try {
                pattern = ModelPattern.of(key.substring(slash + 1));
            } catch (IllegalArgumentException e) {
                throw new InvalidMappingException(place + ": " + e.getMessage(), e);
            }
        }
        for (Map.Entry<String, String> entry : entries.entrySet()) {
            String beta = entry.getKey();
            String target = entry.getValue();
            boolean all = OverrideSection.ALL_OTHERS.equals(beta);
            if (all && target != null && !OverrideSection.ALL_OTHERS.equals(target)) {
                throw new InvalidMappingException(place + ", beta [*]: \"*\" (every beta the section does not list) "
                        + "maps to null (dropped) or \"*\" (forwarded as sent), found [" + target + "]");
            }
            if (!all && OverrideSection.ALL_OTHERS.equals(target)) {
                throw new InvalidMappingException(place + ", beta [" + beta + "]: \"*\" is not a beta name; "
                        + "only the entry \"*\" may have it as its value");
            }
        }
        return new OverrideSection(key, provider, pattern, entries);
    }

    public List<OverrideSection> sections() {
        return sections;
    }

    public boolean isEmpty() {
        return sections.isEmpty();
    }

    /** The document: section key to its entries ({@code null} values written), in order. */
    public Map<String, Object> document() {
        LinkedHashMap<String, Object> out = new LinkedHashMap<>();
        sections.forEach(s -> out.put(s.key(), s.entries()));
        return out;
    }

    /** The document as JSON text, one section per line, which {@link #parse} reads back to the same overrides. */
    public String toJson() {
        if (sections.isEmpty()) {
            return "{}\n";
        }
        StringBuilder out = new StringBuilder("{\n");
        for (int i = 0; i < sections.size(); i++) {
            OverrideSection s = sections.get(i);
            out.append("  ").append(JsonWriter.write(s.key())).append(": ").append(JsonWriter.write(s.entries()))
                    .append(i + 1 < sections.size() ? ",\n" : "\n");
        }
        return out.append("}\n").toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BetaOverrides other && other.sections.equals(sections);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sections);
    }

    @Override
    public String toString() {
        return toJson();
    }
}
