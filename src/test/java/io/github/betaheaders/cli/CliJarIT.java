package io.github.betaheaders.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.betaheaders.testsupport.TestDirectories;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar as an operator's CI runs it: {@code java -jar} in a new JVM, with nothing else on the class path
 * (so no servlet API), checking exit codes and output.
 */
class CliJarIT {

    private static final long DEADLINE_SECONDS = 60;

    static Path jar;
    static Path dir;

    @BeforeAll
    static void jar() {
        jar = Path.of(System.getProperty("libraryJar", "target/beta-headers-filter.jar"));
        assertTrue(Files.isRegularFile(jar), "the packaged jar (failsafe runs after package): " + jar);
        dir = TestDirectories.newDirectory("cli-jar");
    }

    record Result(int code, String out, String err) {
    }

    static Result java(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .start();
        if (!process.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("java -jar " + String.join(" ", args) + " did not end within "
                    + DEADLINE_SECONDS + " s");
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void checkWithTheBundledMappingExitsOneWhenABetaIsDropped() throws Exception {
        Result run = java("check", "--provider", "bedrock", "--betas",
                "claude-code-20250219,advanced-tool-use-2025-11-20,effort-2025-11-24");
        assertEquals(1, run.code(), run.toString());
        assertTrue(run.out().contains("dropped   claude-code-20250219"), run.toString());
        assertTrue(run.out().contains("renamed   advanced-tool-use-2025-11-20 -> tool-search-tool-2025-10-19"),
                run.toString());
        assertTrue(run.out().endsWith("anthropic-beta: tool-search-tool-2025-10-19,effort-2025-11-24\n"),
                run.toString());
        assertEquals("", run.err());

        Result json = java("check", "--provider", "anthropic", "--betas", "claude-code-20250219", "--json");
        assertEquals(0, json.code(), json.toString());
        assertTrue(json.out().startsWith("{\"provider\":\"anthropic\",\"model\":null,\"mapping\":{\"source\":"
                + "\"bundled\""), json.toString());
    }

    @Test
    void validateAndDiffGiveTheirExitCodes() throws Exception {
        Path table = Files.writeString(dir.resolve("table.json"), "{\"bedrock\":{\"a\":\"a\",\"b\":null}}");
        Path next = Files.writeString(dir.resolve("next.json"), "{\"bedrock\":{\"a\":\"a\",\"b\":\"b\"}}");
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"bedrock\":");

        Result ok = java("validate", table.toString());
        assertEquals(0, ok.code(), ok.toString());
        assertTrue(ok.out().startsWith("OK " + table + ": sha256 "), ok.toString());
        Result invalid = java("validate", broken.toString());
        assertEquals(1, invalid.code(), invalid.toString());
        assertTrue(invalid.out().startsWith("INVALID file [" + broken + "]: not valid JSON"), invalid.toString());

        Result same = java("diff", table.toString(), table.toString());
        assertEquals(0, same.code(), same.toString());
        Result changed = java("diff", table.toString(), next.toString());
        assertEquals(1, changed.code(), changed.toString());
        assertTrue(changed.out().contains("  ~ b: null (unsupported) -> b\n"), changed.toString());
        Result error = java("diff", table.toString(), broken.toString());
        assertEquals(2, error.code(), error.toString());
    }

    @Test
    void helpAndUsageErrors() throws Exception {
        Result help = java("--help");
        assertEquals(0, help.code(), help.toString());
        assertTrue(help.out().startsWith("Usage: java -jar beta-headers-filter.jar <command>"), help.toString());
        Result unknown = java("frobnicate");
        assertEquals(2, unknown.code(), unknown.toString());
        assertTrue(unknown.err().startsWith("error: unknown command [frobnicate]"), unknown.toString());
        assertEquals("", unknown.out());
    }
}
