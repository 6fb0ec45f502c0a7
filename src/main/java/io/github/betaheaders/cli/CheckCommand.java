package io.github.betaheaders.cli;

import io.github.betaheaders.core.BetaMapping;
import io.github.betaheaders.core.BetaOverrides;
import io.github.betaheaders.core.BetaRules;
import io.github.betaheaders.core.EchoedInput;
import io.github.betaheaders.core.FilterSettings;
import io.github.betaheaders.core.InvalidMappingException;
import io.github.betaheaders.core.JsonWriter;
import io.github.betaheaders.core.OverrideSection;
import io.github.betaheaders.core.ProviderDetector;
import io.github.betaheaders.core.ProviderKeys;
import io.github.betaheaders.core.ProviderTable;
import io.github.betaheaders.core.RewriteResult;
import io.github.betaheaders.load.MappingSnapshot;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code check}: what the filter would forward to one provider for a list of betas, each with why, by the filter's own
 * {@link BetaRules} over the given mapping, with the overrides laid over it as the filter lays them
 * ({@link BetaMapping#withOverrides}: provider sections and model rules, {@code --model} choosing the rule). Exit code
 * 0 when every
 * beta is forwarded (renamed counts as forwarded), 1 when at least one is dropped, 2 for bad usage or an unreadable or
 * invalid document.
 */
final class CheckCommand {

    static final String NAME = "check";
    static final String CONFIG = "--config";
    static final String OVERRIDES = "--overrides";
    static final String PROVIDER = "--provider";
    static final String MODEL = "--model";
    static final String BETAS = "--betas";
    static final String FORWARD_UNKNOWN = "--forward-unknown";
    static final String MAX_BETAS = "--max-betas";

    static final Set<String> VALUE_OPTIONS = Set.of(CONFIG, OVERRIDES, PROVIDER, MODEL, BETAS, FORWARD_UNKNOWN,
            MAX_BETAS, MappingFile.MAX_CONFIG_BYTES_OPTION);
    static final Set<String> FLAGS = Set.of(Arguments.JSON);

    private CheckCommand() {
    }

    static int run(List<String> argList, PrintStream out) throws UsageException, InputFileException {
        Arguments args = new Arguments(argList, VALUE_OPTIONS, FLAGS);
        args.noPositionals();
        String provider = args.required(PROVIDER);
        if (!ProviderKeys.isValid(provider)) {
            throw new UsageException(PROVIDER + " [" + EchoedInput.of(provider) + "] is not a provider key (letters, "
                    + "digits, '_', '-', '.'), such as bedrock or vertex_ai");
        }
        String betasValue = args.required(BETAS);
        List<String> betas = betas(betasValue);
        long maxBetas = args.whole(MAX_BETAS, FilterSettings.DEFAULT_MAX_BETAS, 1, 100_000, "betas");
        Set<String> forwardUnknown = forwardUnknown(args.value(FORWARD_UNKNOWN));
        String model = args.value(MODEL);
        if (model != null && (model.isBlank() || !EchoedInput.of(model, model.length()).equals(model))) {
            throw new UsageException(MODEL + " [" + EchoedInput.of(model) + "] must be a non-blank printable name");
        }
        long maxBytes = MappingFile.maxBytes(args);
        MappingSnapshot table = document(args.value(CONFIG), maxBytes, CONFIG);
        MappingSnapshot overrides = args.value(OVERRIDES) == null ? null
                : document(args.value(OVERRIDES), maxBytes, OVERRIDES);

        List<String> notes = new ArrayList<>();
        BetaMapping mapping = table.mapping();
        if (overrides != null) {
            mapping = mapping.withOverrides(overrides(overrides, table, provider, forwardUnknown));
        }
        ProviderTable section = mapping.tableFor(provider, model);
        Map<String, String> overrideSection = decidingOverride(mapping.overrides(), provider, section);
        if (model != null) {
            notes.add("model [" + EchoedInput.of(model) + "]: " + (section != null && section.pattern() != null
                    ? "the overrides' model rule [" + EchoedInput.of(section.scope()) + "] applies"
                    : "no model rule of the overrides for [" + provider + "] matches it; the provider's section "
                    + "applies"));
        }
        if (section == null) {
            notes.add("the mapping has no [" + provider + "] section; its sections: "
                    + String.join(", ", mapping.providerKeys()));
        }

        RewriteResult result;
        List<BetaVerdict> verdicts;
        if (betas.size() > maxBetas) {
            notes.add(betas.size() + " betas, more than maxBetas (" + maxBetas + "): the filter forwards such a "
                    + "header as sent, without rewriting it");
            result = new RewriteResult(List.of(betasValue.trim()), Map.of(), Map.of());
            verdicts = BetaVerdict.overMaxBetas(betas, maxBetas);
        } else {
            result = new BetaRules(forwardUnknown).rewriteItems(mapping, provider, model, betas);
            verdicts = BetaVerdict.of(betas, result, new BetaVerdict.Sections(provider,
                    section == null ? provider : section.scope(), section == null ? null : section.entries(),
                    overrideSection, forwardUnknown));
        }
        if (args.flag(Arguments.JSON)) {
            out.println(JsonWriter.write(json(provider, model, table, overrides, forwardUnknown, verdicts, result,
                    notes)));
        } else {
            print(out, provider, table, overrides, verdicts, result, notes);
        }
        return result.dropped().isEmpty() ? ExitCodes.OK : ExitCodes.FINDING;
    }

    /**
     * The overrides document checked as the filter checks {@code overridesFile}; the offline check does not know the
     * deployment's {@code routes}, so any provider key a section names counts as known.
     */
    private static BetaOverrides overrides(MappingSnapshot document, MappingSnapshot table, String provider,
                                           Set<String> forwardUnknown) throws InputFileException {
        Set<String> known = new LinkedHashSet<>(ProviderDetector.RECOGNISED);
        known.addAll(table.mapping().providerKeys());
        known.addAll(forwardUnknown);
        known.add(provider);
        for (String key : document.mapping().providerKeys()) {
            int slash = key.indexOf('/');
            known.add(slash < 0 ? key : key.substring(0, slash));
        }
        try {
            return BetaOverrides.of(document.mapping(), known);
        } catch (InvalidMappingException e) {
            throw new InputFileException(OVERRIDES + ": file [" + MappingFile.shown(document.source()) + "]: "
                    + e.getMessage());
        }
    }

    /** The entries of the override section that decided: the model rule's, else the provider's; {@code null}. */
    private static Map<String, String> decidingOverride(BetaOverrides overrides, String provider,
                                                        ProviderTable section) {
        String key = section != null && section.pattern() != null ? section.scope() : provider;
        for (OverrideSection s : overrides.sections()) {
            if (s.key().equals(key)) {
                return s.entries();
            }
        }
        return null;
    }

    /** The mapping file, or the bundled one when {@code name} is {@code null}; an invalid document is an error. */
    private static MappingSnapshot document(String name, long maxBytes, String option)
            throws InputFileException {
        if (name == null) {
            return MappingSnapshot.bundled(Clock.systemUTC());
        }
        try {
            return MappingFile.read(name, maxBytes);
        } catch (InvalidMappingException e) {
            throw new InputFileException(option + ": " + e.getMessage());
        }
    }

    /** The betas as the filter splits a header value: on commas, trimmed, empty items ignored. */
    private static List<String> betas(String value) throws UsageException {
        List<String> out = new ArrayList<>();
        for (String part : value.split(",", -1)) {
            String beta = part.trim();
            if (!beta.isEmpty()) {
                out.add(beta);
            }
        }
        if (out.isEmpty()) {
            throw new UsageException(BETAS + " names no beta; give them separated by commas, as in the header");
        }
        return out;
    }

    /** Like the setting {@code forwardUnknownBetas}: provider keys separated by commas, or {@code none}. */
    private static Set<String> forwardUnknown(String value) throws UsageException {
        String text = value == null ? FilterSettings.DEFAULT_FORWARD_UNKNOWN_BETAS : value.trim();
        if (text.toLowerCase(Locale.ROOT).equals("none")) {
            return Set.of();
        }
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String part : text.split(",", -1)) {
            String key = part.trim();
            if (!key.isEmpty() && !ProviderKeys.isValid(key)) {
                throw new UsageException(FORWARD_UNKNOWN + ": [" + EchoedInput.of(key) + "] is not a provider key; "
                        + "expected provider keys separated by commas, or 'none'");
            }
            if (!key.isEmpty()) {
                out.add(key);
            }
        }
        return Set.copyOf(out);
    }

    private static void print(PrintStream out, String provider, MappingSnapshot table, MappingSnapshot overrides,
                              List<BetaVerdict> verdicts, RewriteResult result, List<String> notes) {
        out.println("provider " + provider + ", mapping " + shown(table)
                + (overrides == null ? "" : ", overrides " + shown(overrides)));
        int width = 0;
        for (BetaVerdict v : verdicts) {
            width = Math.max(width, EchoedInput.of(v.beta()).length());
        }
        for (BetaVerdict v : verdicts) {
            String beta = EchoedInput.of(v.beta());
            StringBuilder line = new StringBuilder("  ").append(String.format("%-9s", v.outcome())).append(' ')
                    .append(beta).append(" ".repeat(width - beta.length()));
            if (v.outcome().equals(BetaVerdict.RENAMED)) {
                line.append(" -> ").append(v.forwardedAs());
            }
            out.println(line.append(": ").append(v.why()));
        }
        for (String note : notes) {
            out.println("note: " + note);
        }
        out.println("anthropic-beta: " + (result.isEmpty() ? "(nothing left: the header is removed)"
                : result.headerValue()));
    }

    private static String shown(MappingSnapshot snapshot) {
        return MappingFile.shown(snapshot.source()) + " (sha256 " + snapshot.sha256() + ")";
    }

    private static Map<String, Object> json(String provider, String model, MappingSnapshot table,
                                            MappingSnapshot overrides, Set<String> forwardUnknown,
                                            List<BetaVerdict> verdicts, RewriteResult result, List<String> notes) {
        LinkedHashMap<String, Object> out = new LinkedHashMap<>();
        out.put("provider", provider);
        out.put("model", model);
        out.put("mapping", document(table));
        out.put("overrides", overrides == null ? null : document(overrides));
        out.put("forward_unknown_betas", new TreeSet<>(forwardUnknown));
        List<Object> list = new ArrayList<>();
        verdicts.forEach(v -> list.add(v.members()));
        out.put("betas", list);
        out.put("header", result.headerValue());
        out.put("dropped", result.dropped().size());
        out.put("notes", notes);
        return out;
    }

    private static Map<String, Object> document(MappingSnapshot snapshot) {
        LinkedHashMap<String, Object> out = new LinkedHashMap<>();
        out.put("source", snapshot.source());
        out.put("sha256", snapshot.sha256());
        return out;
    }
}
