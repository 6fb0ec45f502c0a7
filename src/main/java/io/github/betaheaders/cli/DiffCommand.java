package io.github.betaheaders.cli;

import io.github.betaheaders.core.InvalidMappingException;
import io.github.betaheaders.core.JsonWriter;
import io.github.betaheaders.load.MappingChanges;
import io.github.betaheaders.load.MappingSnapshot;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code diff OLD NEW}: what a reload from OLD to NEW would report as changed ({@link MappingChanges}), per provider
 * and beta. Like diff(1): exit code 0 when the two map alike, 1 when they differ, 2 for bad usage or a file that
 * cannot be read or is not a valid mapping.
 */
final class DiffCommand {

    static final String NAME = "diff";

    private DiffCommand() {
    }

    static int run(List<String> argList, PrintStream out) throws UsageException, InputFileException {
        Arguments args = new Arguments(argList, Set.of(MappingFile.MAX_CONFIG_BYTES_OPTION), Set.of(Arguments.JSON));
        List<String> files = args.positionals("OLD", "NEW");
        long maxBytes = MappingFile.maxBytes(args);
        MappingSnapshot before = read(files.get(0), maxBytes, "OLD");
        MappingSnapshot after = read(files.get(1), maxBytes, "NEW");
        MappingChanges changes = MappingChanges.between(before.mapping(), after.mapping());
        if (args.flag(Arguments.JSON)) {
            LinkedHashMap<String, Object> json = new LinkedHashMap<>();
            json.put("changed", !changes.isEmpty());
            json.put("from_sha256", before.sha256());
            json.put("to_sha256", after.sha256());
            json.put("providers", changes.members());
            out.println(JsonWriter.write(json));
        } else {
            print(out, files, before, after, changes);
        }
        return changes.isEmpty() ? ExitCodes.OK : ExitCodes.FINDING;
    }

    private static MappingSnapshot read(String file, long maxBytes, String role) throws InputFileException {
        try {
            return MappingFile.read(file, maxBytes);
        } catch (InvalidMappingException e) {
            throw new InputFileException(role + ": " + e.getMessage());
        }
    }

    private static void print(PrintStream out, List<String> files, MappingSnapshot before, MappingSnapshot after,
                              MappingChanges changes) {
        if (changes.isEmpty()) {
            out.println("no change: " + MappingFile.shown(files.get(0)) + " and " + MappingFile.shown(files.get(1))
                    + " map every beta of every provider alike" + (before.sha256().equals(after.sha256()) ? "" : " (the documents' bytes differ)"));
            return;
        }
        out.println("--- " + MappingFile.shown(files.get(0)) + " (sha256 " + before.sha256() + ")");
        out.println("+++ " + MappingFile.shown(files.get(1)) + " (sha256 " + after.sha256() + ")");
        for (Map.Entry<String, MappingChanges.ProviderChanges> provider : changes.providers().entrySet()) {
            MappingChanges.ProviderChanges c = provider.getValue();
            out.println(provider.getKey() + ": " + c.added().size() + " added, " + c.removed().size() + " removed, "
                    + c.changed().size() + " changed");
            c.added().forEach((beta, name) -> out.println("  + " + beta + ": " + name(name)));
            c.removed().forEach((beta, name) -> out.println("  - " + beta + ": " + name(name)));
            c.changed().forEach((beta, change) -> out.println("  ~ " + beta + ": " + name(change.before()) + " -> "
                    + name(change.after())));
        }
        out.println(changes.providers().size() + " provider" + (changes.providers().size() == 1 ? "" : "s")
                + " changed");
    }

    /** A beta's provider name as shown: the name, or {@code null (unsupported)}. */
    private static String name(String name) {
        return name == null ? "null (unsupported)" : name;
    }
}
