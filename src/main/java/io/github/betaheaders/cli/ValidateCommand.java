package io.github.betaheaders.cli;

import io.github.betaheaders.core.BetaMapping;
import io.github.betaheaders.core.InvalidMappingException;
import io.github.betaheaders.core.JsonWriter;
import io.github.betaheaders.load.MappingSnapshot;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code validate FILE}: whether a reload would accept the document (same parser, same size limit). Prints {@code OK}
 * with its SHA-256 and counts, or {@code INVALID} with the reason, on stdout. Exit code 0 valid, 1 invalid, 2 for bad
 * usage or a file that cannot be read.
 */
final class ValidateCommand {

    static final String NAME = "validate";

    private ValidateCommand() {
    }

    static int run(List<String> argList, PrintStream out) throws UsageException, InputFileException {
        Arguments args = new Arguments(argList, Set.of(MappingFile.MAX_CONFIG_BYTES_OPTION), Set.of(Arguments.JSON));
        String file = args.positionals("FILE").get(0);
        long maxBytes = MappingFile.maxBytes(args);
        MappingSnapshot snapshot;
        try {
            snapshot = MappingFile.read(file, maxBytes);
        } catch (InvalidMappingException e) {
            if (args.flag(Arguments.JSON)) {
                LinkedHashMap<String, Object> json = new LinkedHashMap<>();
                json.put("valid", false);
                json.put("file", file);
                json.put("error", e.getMessage());
                out.println(JsonWriter.write(json));
            } else {
                out.println("INVALID " + e.getMessage());
            }
            return ExitCodes.FINDING;
        }
        BetaMapping mapping = snapshot.mapping();
        LinkedHashMap<String, Object> sections = new LinkedHashMap<>();
        List<String> counts = new ArrayList<>();
        int entries = 0;
        int unsupported = 0;
        for (String key : mapping.providerKeys()) {
            Map<String, String> section = mapping.provider(key).entries();
            entries += section.size();
            unsupported += (int) section.values().stream().filter(v -> v == null).count();
            sections.put(key, section.size());
            counts.add(key + " " + section.size());
        }
        if (args.flag(Arguments.JSON)) {
            LinkedHashMap<String, Object> json = new LinkedHashMap<>();
            json.put("valid", true);
            json.put("file", file);
            json.put("sha256", snapshot.sha256());
            json.put("providers", sections);
            json.put("entries", entries);
            json.put("unsupported", unsupported);
            json.put("warnings", mapping.warnings());
            out.println(JsonWriter.write(json));
        } else {
            out.println("OK " + MappingFile.shown(file) + ": sha256 " + snapshot.sha256() + ", " + mapping.providerCount()
                    + " provider section" + (mapping.providerCount() == 1 ? "" : "s") + ", " + entries + " entries ("
                    + unsupported + " unsupported): " + String.join(", ", counts));
            mapping.warnings().forEach(warning -> out.println("warning: " + warning));
        }
        return ExitCodes.OK;
    }
}
