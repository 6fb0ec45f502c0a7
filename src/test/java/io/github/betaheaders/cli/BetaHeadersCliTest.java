package io.github.betaheaders.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line's dispatch: usage, unknown commands and bad options. */
class BetaHeadersCliTest {

    @Test
    void noArgumentsPrintsTheUsageAndSucceeds() {
        CliRun run = CliRun.of();
        assertEquals(0, run.code(), run.toString());
        assertTrue(run.out().contains("Usage: java -jar beta-headers-filter.jar <command>"), run.toString());
        assertTrue(run.out().contains("Exit codes:"), run.toString());
        assertEquals("", run.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"help", "--help", "-h"})
    void helpPrintsTheUsageOnStdout(String help) {
        CliRun run = CliRun.of(help);
        assertEquals(0, run.code(), run.toString());
        assertEquals(BetaHeadersCli.USAGE + System.lineSeparator(), run.out());
    }

    @Test
    void anUnknownCommandIsAUsageErrorNamingItEscaped() {
        CliRun run = CliRun.of("chek\u001b[31m", "--provider", "bedrock");
        assertEquals(2, run.code(), run.toString());
        assertEquals("", run.out());
        assertTrue(run.err().startsWith("error: unknown command [chek\\u001b[31m]"), run.toString());
        assertTrue(run.err().contains("Usage:"), run.toString());
    }

    /** Bad command lines, each with the start of its message on stderr. */
    static Stream<Arguments> badCommandLines() {
        return Stream.of(
                Arguments.of(List.of("check", "--provider", "bedrock", "--betas", "a", "--verbose"),
                        "unknown option [--verbose]"),
                Arguments.of(List.of("check", "--provider", "bedrock", "--provider=vertex_ai", "--betas", "a"),
                        "option --provider is given twice"),
                Arguments.of(List.of("check", "--betas", "a", "--provider"), "option --provider needs a value"),
                Arguments.of(List.of("check", "--provider", "bedrock", "--betas", "a", "--json=yes"),
                        "option --json takes no value"),
                Arguments.of(List.of("diff", "--", "--json"), "expected OLD NEW, found 1 argument"));
    }

    @ParameterizedTest
    @MethodSource("badCommandLines")
    void aBadCommandLineIsAUsageErrorOnStderr(List<String> args, String message) {
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(2, run.code(), run.toString());
        assertEquals("", run.out());
        assertTrue(run.err().startsWith("error: " + message + System.lineSeparator() + "Usage:"), run.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1023", "67108865", "1e6", "-5", "+2048", "  2048", "99999999999999999999999"})
    void aBadMaxConfigBytesIsAUsageError(String value) {
        CliRun run = CliRun.of("validate", "--max-config-bytes", value, "x.json");
        assertEquals(2, run.code(), run.toString());
        assertTrue(run.err().startsWith("error: --max-config-bytes ["), run.toString());
    }
}
