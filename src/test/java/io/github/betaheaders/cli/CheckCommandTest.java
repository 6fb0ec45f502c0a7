package io.github.betaheaders.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.betaheaders.testsupport.ClaudeCodeRequests;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code check}: every entry of both LiteLLM files, the Claude Code requests, overrides, and bad input. */
class CheckCommandTest {

    @TempDir
    static Path dir;

    static String february;
    static String september;

    @BeforeAll
    static void files() {
        february = CliRun.copy(CliRun.FEBRUARY, dir);
        september = CliRun.copy(CliRun.SEPTEMBER, dir);
    }

    /** Every (file, provider, beta, value) of both LiteLLM files. */
    static Stream<Arguments> everyEntry() {
        List<Arguments> out = new ArrayList<>();
        for (String resource : List.of(CliRun.FEBRUARY, CliRun.SEPTEMBER)) {
            JsonObject doc = readResource(resource);
            for (Map.Entry<String, JsonValue> section : doc.entrySet()) {
                if (section.getValue() instanceof JsonObject entries) {
                    entries.forEach((beta, value) -> out.add(Arguments.of(resource, section.getKey(), beta,
                            value.getValueType() == JsonValue.ValueType.NULL ? null
                                    : ((JsonString) value).getString())));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("everyEntry")
    void eachEntryOfBothLiteLlmFilesIsExplainedFromItsSection(String resource, String provider, String beta,
                                                              String value) {
        String file = resource.equals(CliRun.FEBRUARY) ? february : september;
        CliRun run = CliRun.of("check", "--config", file, "--provider", provider, "--betas", beta, "--json");
        JsonObject verdict = run.json().getJsonArray("betas").getJsonObject(0);
        if (value == null) {
            assertEquals(1, run.code(), run.toString());
            assertEquals("dropped", verdict.getString("outcome"), run.toString());
            assertEquals("mapped_to_null", verdict.getString("reason"), run.toString());
            assertTrue(run.json().isNull("header"), run.toString());
        } else {
            assertEquals(0, run.code(), run.toString());
            assertEquals(value.equals(beta) ? "forwarded" : "renamed", verdict.getString("outcome"), run.toString());
            assertEquals(value, verdict.getString("forwarded_as"), run.toString());
            assertEquals("mapped", verdict.getString("reason"), run.toString());
            assertEquals(value, run.json().getString("header"), run.toString());
        }
    }

    static Stream<ClaudeCodeRequests.Captured> claudeCodeRequests() {
        return ClaudeCodeRequests.load().stream().filter(r -> r.header("anthropic-beta") != null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("claudeCodeRequests")
    void claudeCodesBetasComeOutAsTheFilterForwardsThemUnderTheBundledMapping(ClaudeCodeRequests.Captured request) {
        String provider = request.providerMode();
        CliRun run = CliRun.of("check", "--provider", provider, "--betas", request.header("anthropic-beta"));
        String expected = ClaudeCodeRequests.headerUnderBundledMapping(provider);
        assertTrue(run.out().endsWith("anthropic-beta: " + expected + System.lineSeparator()), run.toString());
        boolean dropsSome = !List.of(expected.split(",")).containsAll(
                List.of(request.header("anthropic-beta").split(",")));
        assertEquals(dropsSome ? 1 : 0, run.code(), run.toString());
    }

    @Test
    void theTextOutputNamesEachOutcomeAndWhy() {
        CliRun run = CliRun.of("check", "--config", september, "--provider", "bedrock", "--betas",
                " context-1m-2025-08-07, advanced-tool-use-2025-11-20,files-api-2025-04-14,,claude-code-20250219,"
                        + "context-1m-2025-08-07");
        assertEquals(1, run.code(), run.toString());
        String out = run.out();
        assertTrue(out.startsWith("provider bedrock, mapping " + september + " (sha256 "), out);
        assertTrue(out.contains("forwarded context-1m-2025-08-07"), out);
        assertTrue(out.contains("renamed   advanced-tool-use-2025-11-20 -> tool-search-tool-2025-10-19: the table's "
                + "[bedrock] section renames it"), out);
        assertTrue(out.contains("dropped   files-api-2025-04-14        : the table's [bedrock] section maps it to "
                + "null"), out);
        assertTrue(out.contains("dropped   claude-code-20250219        : not in the [bedrock] section, and [bedrock] "
                + "is not in forwardUnknownBetas (anthropic)"), out);
        assertEquals(1, out.split("context-1m-2025-08-07 ", -1).length - 1, "a beta given twice is listed once: " + out);
        assertTrue(out.endsWith("anthropic-beta: context-1m-2025-08-07,tool-search-tool-2025-10-19"
                + System.lineSeparator()), out);
        assertEquals("", run.err());
    }

    @Test
    void renamedOnlyExitsZero() {
        CliRun run = CliRun.of("check", "--provider", "bedrock", "--betas", "advanced-tool-use-2025-11-20");
        assertEquals(0, run.code(), run.toString());
    }

    @Test
    void forwardUnknownMirrorsTheSetting() {
        CliRun byDefault = CliRun.of("check", "--provider", "anthropic", "--betas", "claude-code-20250219", "--json");
        assertEquals(0, byDefault.code(), byDefault.toString());
        assertEquals("forwarded_unknown", byDefault.json().getJsonArray("betas").getJsonObject(0).getString("reason"));

        CliRun none = CliRun.of("check", "--provider", "anthropic", "--betas", "claude-code-20250219",
                "--forward-unknown", "NONE");
        assertEquals(1, none.code(), none.toString());
        assertTrue(none.out().contains("is not in forwardUnknownBetas (none)"), none.toString());

        CliRun bedrock = CliRun.of("check", "--provider", "bedrock", "--betas", "claude-code-20250219",
                "--forward-unknown", "bedrock, vertex_ai");
        assertEquals(0, bedrock.code(), bedrock.toString());
        assertTrue(bedrock.out().contains("[bedrock] is in forwardUnknownBetas, which forwards it as it is"),
                bedrock.toString());
    }

    @Test
    void aBadForwardUnknownIsAUsageError() {
        CliRun run = CliRun.of("check", "--provider", "bedrock", "--betas", "a", "--forward-unknown", "bedrock;x");
        assertEquals(2, run.code(), run.toString());
        assertTrue(run.err().startsWith("error: --forward-unknown: [bedrock;x] is not a provider key"),
                run.toString());
    }

    @Test
    void overridesWinOverTheTableForTheirProviderOnly() {
        String overrides = CliRun.write(dir, "overrides.json", "{\"bedrock\":{\"context-1m-2025-08-07\":null,"
                + "\"files-api-2025-04-14\":\"files-api-2025-04-14\"},\"my_gateway\":{\"x-beta\":\"y-beta\"}}");
        CliRun run = CliRun.of("check", "--config", september, "--overrides", overrides, "--provider", "bedrock",
                "--betas", "context-1m-2025-08-07,files-api-2025-04-14,effort-2025-11-24", "--json");
        assertEquals(1, run.code(), run.toString());
        JsonObject json = run.json();
        assertEquals(overrides, json.getJsonObject("overrides").getString("source"));
        var betas = json.getJsonArray("betas");
        assertEquals("dropped", betas.getJsonObject(0).getString("outcome"));
        assertTrue(betas.getJsonObject(0).getString("why").startsWith("the overrides' [bedrock] section"), run.out());
        assertEquals("forwarded", betas.getJsonObject(1).getString("outcome"));
        assertTrue(betas.getJsonObject(1).getString("why").startsWith("the overrides' [bedrock] section"), run.out());
        assertTrue(betas.getJsonObject(2).getString("why").startsWith("the table's [bedrock] section"), run.out());
        assertEquals("files-api-2025-04-14,effort-2025-11-24", json.getString("header"));

        CliRun added = CliRun.of("check", "--config", september, "--overrides", overrides, "--provider",
                "my_gateway", "--betas", "x-beta");
        assertEquals(0, added.code(), added.toString());
        assertTrue(added.out().endsWith("anthropic-beta: y-beta" + System.lineSeparator()), added.toString());

        CliRun vertex = CliRun.of("check", "--config", september, "--overrides", overrides, "--provider",
                "vertex_ai", "--betas", "context-1m-2025-08-07");
        assertEquals(0, vertex.code(), vertex.toString());
    }

    @Test
    void theModelChoosesTheModelRuleAsInTheFilter() {
        String overrides = CliRun.write(dir, "model-overrides.json", "{\"bedrock/*claude-opus-4-7*\":{\"*\":null},"
                + "\"bedrock/us.anthropic.claude-opus-4-7-v1:0\":{\"*\":\"*\"}}");
        CliRun opus = CliRun.of("check", "--config", september, "--overrides", overrides, "--provider", "bedrock",
                "--model", "anthropic.claude-opus-4-7-v1:0", "--betas", "effort-2025-11-24,context-1m-2025-08-07");
        assertEquals(1, opus.code(), opus.toString());
        assertTrue(opus.out().contains("dropped   effort-2025-11-24    : the overrides' [bedrock/*claude-opus-4-7*] "
                + "section (\"*\": every beta it does not list) maps it to null"), opus.toString());
        assertTrue(opus.out().contains("note: model [anthropic.claude-opus-4-7-v1:0]: the overrides' model rule "
                + "[bedrock/*claude-opus-4-7*] applies"), opus.toString());
        assertTrue(opus.out().endsWith("anthropic-beta: (nothing left: the header is removed)"
                + System.lineSeparator()), opus.toString());

        CliRun exact = CliRun.of("check", "--config", september, "--overrides", overrides, "--provider", "bedrock",
                "--model", "us.anthropic.claude-opus-4-7-v1:0", "--betas", "claude-code-20250219", "--json");
        assertEquals(0, exact.code(), exact.toString());
        assertEquals("claude-code-20250219", exact.json().getString("header"));
        assertTrue(exact.json().getJsonArray("betas").getJsonObject(0).getString("why")
                .endsWith("forwards it as sent"), exact.out());

        CliRun other = CliRun.of("check", "--config", september, "--overrides", overrides, "--provider", "bedrock",
                "--model", "us.anthropic.claude-opus-5-5", "--betas", "effort-2025-11-24");
        assertEquals(0, other.code(), other.toString());
        assertTrue(other.out().contains("note: model [us.anthropic.claude-opus-5-5]: no model rule of the overrides "
                + "for [bedrock] matches it"), other.toString());
        CliRun noModel = CliRun.of("check", "--config", september, "--overrides", overrides, "--provider", "bedrock",
                "--betas", "effort-2025-11-24");
        assertEquals(0, noModel.code(), noModel.toString());
    }

    @Test
    void overridesTheFilterWouldRefuseAreRefused() {
        String star = CliRun.write(dir, "star-overrides.json", "{\"bedrock\":{\"*\":\"x\"}}");
        CliRun run = CliRun.of("check", "--overrides", star, "--provider", "bedrock", "--betas", "a");
        assertEquals(2, run.code(), run.toString());
        assertTrue(run.err().startsWith("error: --overrides: file [" + star + "]: section [bedrock], beta [*]"),
                run.toString());
    }

    @Test
    void aProviderWithoutASectionDropsEverythingAndSaysSo() {
        CliRun run = CliRun.of("check", "--provider", "vertex", "--betas", "effort-2025-11-24");
        assertEquals(1, run.code(), run.toString());
        assertTrue(run.out().contains("the mapping has no [vertex] section, and [vertex] is not in "
                + "forwardUnknownBetas"), run.toString());
        assertTrue(run.out().contains("note: the mapping has no [vertex] section; its sections: anthropic, "),
                run.toString());
        assertTrue(run.out().endsWith("anthropic-beta: (nothing left: the header is removed)"
                + System.lineSeparator()), run.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"bed rock", "../bedrock", "bedrock/x", "b\u00e9drock", "bedrock\n", "\u001b[2J", ""})
    void aWeirdProviderIsAUsageError(String provider) {
        CliRun run = CliRun.of("check", "--provider", provider, "--betas", "effort-2025-11-24");
        assertEquals(2, run.code(), run.toString());
        assertTrue(run.err().contains("is not a provider key"), run.toString());
        assertTrue(run.err().chars().noneMatch(c -> c == 0x1b), "escaped: " + run.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", ",", " , ,, "})
    void emptyBetasAreAUsageError(String betas) {
        CliRun run = CliRun.of("check", "--provider", "bedrock", "--betas", betas);
        assertEquals(2, run.code(), run.toString());
        assertTrue(run.err().startsWith("error: --betas names no beta"), run.toString());
    }

    @Test
    void aBetaThatIsNotATokenIsDroppedAndShownEscaped() {
        CliRun run = CliRun.of("check", "--provider", "anthropic", "--betas", "effort-2025-11-24,b\u00e9ta,x\u001b[2Jy");
        assertEquals(1, run.code(), run.toString());
        assertTrue(run.out().contains("dropped   b\u00e9ta "), run.toString());
        assertTrue(run.out().contains("x\\u001b[2Jy"), run.toString());
        assertTrue(run.out().contains("not an HTTP token (RFC 9110), dropped for every provider"), run.toString());
        assertTrue(run.out().chars().noneMatch(c -> c == 0x1b), "escaped: " + run.out());
        assertTrue(run.out().endsWith("anthropic-beta: effort-2025-11-24" + System.lineSeparator()), run.toString());
    }

    @Test
    void missingRequiredOptionsAreUsageErrors() {
        assertTrue(CliRun.of("check", "--betas", "a").err().startsWith("error: option --provider is required"));
        assertTrue(CliRun.of("check", "--provider", "bedrock").err().startsWith("error: option --betas is required"));
        CliRun extra = CliRun.of("check", "--provider", "bedrock", "--betas", "a", "stray");
        assertEquals(2, extra.code(), extra.toString());
        assertTrue(extra.err().startsWith("error: unexpected argument [stray]"), extra.toString());
    }

    @Test
    void aMissingOrInvalidConfigIsAnErrorNamingIt() {
        CliRun missing = CliRun.of("check", "--config", dir.resolve("nope.json").toString(), "--provider", "bedrock",
                "--betas", "a");
        assertEquals(2, missing.code(), missing.toString());
        assertTrue(missing.err().startsWith("error: no readable file at [" + dir.resolve("nope.json")), missing.err());
        assertEquals("", missing.out());

        String bad = CliRun.write(dir, "bad-overrides.json", "{\"bedrock\":{\"a\":1}}");
        CliRun invalid = CliRun.of("check", "--overrides", bad, "--provider", "bedrock", "--betas", "a");
        assertEquals(2, invalid.code(), invalid.toString());
        assertTrue(invalid.err().startsWith("error: --overrides: file [" + bad + "]: provider [bedrock], beta [a]: "
                + "the value must be a string or null"), invalid.err());
    }

    @Test
    void moreThanMaxBetasIsForwardedAsSentLikeTheFilterDoes() {
        String betas = "files-api-2025-04-14, effort-2025-11-24,claude-code-20250219";
        CliRun atLimit = CliRun.of("check", "--provider", "bedrock", "--betas", betas, "--max-betas", "3");
        assertEquals(1, atLimit.code(), atLimit.toString());

        CliRun over = CliRun.of("check", "--provider", "bedrock", "--betas", betas, "--max-betas=2", "--json");
        assertEquals(0, over.code(), over.toString());
        JsonObject json = over.json();
        assertEquals(betas, json.getString("header"));
        assertEquals("over_max_betas", json.getJsonArray("betas").getJsonObject(0).getString("reason"));
        assertEquals(3, json.getJsonArray("betas").size());
        assertTrue(json.getJsonArray("notes").getString(0).startsWith("3 betas, more than maxBetas (2): the filter "
                + "forwards such a header as sent"), over.toString());

        CliRun defaultLimit = CliRun.of("check", "--provider", "bedrock", "--betas", "a,".repeat(257));
        assertEquals(0, defaultLimit.code(), defaultLimit.toString());
        assertTrue(defaultLimit.out().contains("257 betas, more than maxBetas (256)"), defaultLimit.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "100001", "ten", ""})
    void aBadMaxBetasIsAUsageError(String value) {
        CliRun run = CliRun.of("check", "--provider", "bedrock", "--betas", "a", "--max-betas", value);
        assertEquals(2, run.code(), run.toString());
        assertTrue(run.err().startsWith("error: --max-betas [" + value + "]: expected a whole number of betas from 1 "
                + "to 100000"), run.toString());
    }

    @Test
    void theModelMustBePrintable() {
        CliRun run = CliRun.of("check", "--provider", "bedrock", "--model", "opus\r\n", "--betas", "a");
        assertEquals(2, run.code(), run.toString());
        assertTrue(run.err().startsWith("error: --model [opus\\u000d\\u000a]"), run.toString());
    }

    private static JsonObject readResource(String resource) {
        try (var in = CheckCommandTest.class.getResourceAsStream(resource);
             var reader = Json.createReader(in)) {
            return reader.readObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
