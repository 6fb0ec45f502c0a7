package io.github.betaheaders.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The rules of issue 2, item 3, one row per behaviour. */
class BetaRulesTest {

    static final BetaMapping SMALL;

    static {
        try {
            SMALL = BetaMappingParser.parse("{"
                    + "\"anthropic\": {\"known\": \"known\", \"off\": null},"
                    + "\"bedrock\": {\"keep\": \"keep\", \"old\": \"new\", \"older\": \"new\", \"off\": null, \"new\": \"new\"},"
                    + "\"vertex_ai\": {}"
                    + "}");
        } catch (InvalidMappingException e) {
            throw new AssertionError(e);
        }
    }

    static final BetaRules DEFAULT = new BetaRules(Set.of("anthropic"));

    /**
     * Body arrays go through the header's remembered results when no name has a comma: the same answer as working the
     * rules out for those items (checked against a fresh {@link BetaRules} each time), the same object when they come
     * again, and an item with a comma still read as one name.
     */
    @Test
    void bodyItemsGiveTheSameAnswerAsTheRulesWorkedOutAndAreRemembered() {
        List<List<String>> cases = List.of(List.of("keep"), List.of(" old ", "off", "keep", "older"),
                List.of("", "  ", "keep"), List.of("KEEP", "mystery", "off"), List.of("old,keep"),
                List.of("keep", "a b", "\tkeep"), List.of());
        for (List<String> items : cases) {
            for (String provider : List.of("bedrock", "anthropic", "azure_ai")) {
                RewriteResult remembered = DEFAULT.rewriteItems(SMALL, provider, null, items);
                RewriteResult workedOut = new BetaRules(Set.of("anthropic")).rewriteWith(SMALL.provider(provider),
                        provider, items);
                assertEquals(workedOut, remembered, provider + " " + items);
                assertEquals(workedOut.dropReasons(), remembered.dropReasons(), provider + " " + items);
            }
        }
        List<String> claudeCode = List.of("keep", "old", "off");
        assertSame(DEFAULT.rewriteItems(SMALL, "bedrock", null, claudeCode),
                DEFAULT.rewriteItems(SMALL, "bedrock", null, List.of("keep", "old", "off")));
        assertEquals(List.of(), DEFAULT.rewriteItems(SMALL, "bedrock", null, List.of("old,keep")).betas(),
                "a name with a comma is one name, not a token");
    }

    /** provider, header lines, expected forwarded list (comma-joined, "" = header removed), dropped, renamed. */
    static Stream<Arguments> rules() {
        return Stream.of(
            row("mapped to itself is kept", "bedrock", lines("keep"), "keep", "", ""),
            row("mapped to another name is renamed", "bedrock", lines("old"), "new", "", "old=new"),
            row("mapped to null is dropped", "bedrock", lines("off"), "", "off", ""),
            row("absent from the section is dropped", "bedrock", lines("mystery"), "", "mystery", ""),
            row("absent but provider forwards unknown", "anthropic", lines("mystery"), "mystery", "", ""),
            row("null still drops for a forwarding provider", "anthropic", lines("off,known"), "known", "off", ""),
            row("provider without a section drops everything", "azure_ai", lines("keep,known"), "", "keep,known", ""),
            row("empty section drops everything", "vertex_ai", lines("keep"), "", "keep", ""),
            row("items are trimmed", "bedrock", lines("  keep ,\told  "), "keep,new", "", "old=new"),
            row("empty items are ignored", "bedrock", lines(",,keep,, ,"), "keep", "", ""),
            row("every line is read", "bedrock", lines("keep", "old", "off"), "keep,new", "off", "old=new"),
            row("client order is kept, not sorted", "bedrock", lines("old,keep"), "new,keep", "", "old=new"),
            row("duplicates arrive once, first wins", "bedrock", lines("keep,old,keep", "keep"), "keep,new", "", "old=new"),
            row("two inputs renamed to one name arrive once", "bedrock", lines("old,older"), "new", "", "old=new,older=new"),
            row("a rename and its target arrive once", "bedrock", lines("new,old"), "new", "", "old=new"),
            row("dropped items are reported once", "bedrock", lines("off,off,x", "x"), "", "off,x", ""),
            row("names are case-sensitive", "bedrock", lines("KEEP"), "", "KEEP", ""),
            row("a blank header means nothing", "bedrock", lines("   "), "", "", "")
        );
    }

    private static Arguments row(String name, String provider, List<String> lines, String out, String dropped, String renamed) {
        return Arguments.of(name, provider, lines, out, dropped, renamed);
    }

    private static List<String> lines(String... lines) {
        return List.of(lines);
    }

    private static List<String> list(String csv) {
        return csv.isEmpty() ? List.of() : Arrays.asList(csv.split(","));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void rule(String name, String provider, List<String> lines, String out, String dropped, String renamed) {
        RewriteResult r = DEFAULT.rewrite(SMALL, provider, lines);
        assertEquals(list(out), r.betas(), "forwarded");
        assertEquals(out.isEmpty() ? null : out, r.headerValue(), "header value");
        assertEquals(out.isEmpty(), r.isEmpty());
        assertEquals(list(dropped), r.dropped(), "dropped");
        Map<String, String> expectedRenamed = new java.util.LinkedHashMap<>();
        for (String pair : list(renamed)) {
            String[] kv = pair.split("=");
            expectedRenamed.put(kv[0], kv[1]);
        }
        assertEquals(expectedRenamed, r.renamed(), "renamed");
    }

    @Test
    void forwardUnknownBetasIsASetting() {
        BetaRules none = new BetaRules(Set.of());
        assertEquals(List.of("known"), none.rewrite(SMALL, "anthropic", "known,mystery").betas());
        BetaRules bedrockToo = new BetaRules(Set.of("anthropic", "bedrock", "azure_ai"));
        assertEquals(List.of("new", "mystery"), bedrockToo.rewrite(SMALL, "bedrock", "old,mystery,off").betas());
        assertEquals(List.of("anything"), bedrockToo.rewrite(SMALL, "azure_ai", "anything").betas(),
                "a forwarding provider without a section forwards everything");
    }

    @Test
    void singleValueAndLinesGiveTheSameResult() {
        assertEquals(DEFAULT.rewrite(SMALL, "bedrock", List.of("keep, old", "off")),
                DEFAULT.rewrite(SMALL, "bedrock", "keep, old,off"));
    }

    @Test
    void bodyItemsAreRewrittenByTheSameRules() {
        RewriteResult r = DEFAULT.rewriteItems(SMALL, "bedrock", List.of(" old ", "off", "keep", "older"));
        assertEquals(List.of("new", "keep"), r.betas());
        assertTrue(r.changedAnything());
        assertFalse(DEFAULT.rewriteItems(SMALL, "bedrock", List.of("keep")).changedAnything());
    }

    // Claude Code 2.1.330's real headers (../fixtures) against both LiteLLM files.

    static final String ANTHROPIC_HEADER = "claude-code-20250219,interleaved-thinking-2025-05-14,context-management-2025-06-27,"
            + "per-turn-control-2026-07-01,mid-conversation-tool-changes-2026-07-01,thinking-token-count-2026-05-13,"
            + "advanced-tool-use-2025-11-20,effort-2025-11-24";
    static final String BEDROCK_HEADER = "claude-code-20250219,thinking-token-count-2026-05-13,effort-2025-11-24";
    static final String VERTEX_HEADER = "claude-code-20250219,interleaved-thinking-2025-05-14,web-search-2025-03-05,"
            + "thinking-token-count-2026-05-13,tool-search-tool-2025-10-19,effort-2025-11-24";
    static final String FOUNDRY_HEADER = "claude-code-20250219,interleaved-thinking-2025-05-14,context-management-2025-06-27,"
            + "web-search-2025-03-05,thinking-token-count-2026-05-13,advanced-tool-use-2025-11-20";

    static Stream<Arguments> fixtures() {
        return Stream.of(
            Arguments.of(Mappings.SEPTEMBER, "anthropic", ANTHROPIC_HEADER, ANTHROPIC_HEADER, ""),
            Arguments.of(Mappings.SEPTEMBER, "bedrock", BEDROCK_HEADER, "effort-2025-11-24",
                    "claude-code-20250219,thinking-token-count-2026-05-13"),
            Arguments.of(Mappings.SEPTEMBER, "vertex_ai", VERTEX_HEADER,
                    "interleaved-thinking-2025-05-14,web-search-2025-03-05,tool-search-tool-2025-10-19",
                    "claude-code-20250219,thinking-token-count-2026-05-13,effort-2025-11-24"),
            Arguments.of(Mappings.SEPTEMBER, "azure_ai", FOUNDRY_HEADER,
                    "interleaved-thinking-2025-05-14,context-management-2025-06-27,web-search-2025-03-05,advanced-tool-use-2025-11-20",
                    "claude-code-20250219,thinking-token-count-2026-05-13"),
            Arguments.of(Mappings.FEBRUARY, "anthropic", ANTHROPIC_HEADER, ANTHROPIC_HEADER, ""),
            Arguments.of(Mappings.FEBRUARY, "bedrock", BEDROCK_HEADER, "",
                    "claude-code-20250219,thinking-token-count-2026-05-13,effort-2025-11-24"),
            Arguments.of(Mappings.FEBRUARY, "vertex_ai", VERTEX_HEADER,
                    "interleaved-thinking-2025-05-14,web-search-2025-03-05,tool-search-tool-2025-10-19",
                    "claude-code-20250219,thinking-token-count-2026-05-13,effort-2025-11-24"),
            Arguments.of(Mappings.FEBRUARY, "azure_ai", FOUNDRY_HEADER,
                    "interleaved-thinking-2025-05-14,context-management-2025-06-27,web-search-2025-03-05,advanced-tool-use-2025-11-20",
                    "claude-code-20250219,thinking-token-count-2026-05-13")
        );
    }

    @ParameterizedTest(name = "{1} with {0}")
    @MethodSource("fixtures")
    void claudeCodeFixtureHeaders(String file, String provider, String header, String expected, String dropped) {
        RewriteResult r = DEFAULT.rewrite(Mappings.load(file), provider, header);
        assertEquals(expected.isEmpty() ? null : expected, r.headerValue());
        assertEquals(list(dropped), r.dropped());
    }

    @Test
    void advancedToolUseIsRenamedForBedrockAndVertex() {
        BetaMapping september = Mappings.load(Mappings.SEPTEMBER);
        for (String provider : List.of("bedrock", "vertex_ai", "bedrock_mantle")) {
            RewriteResult r = DEFAULT.rewrite(september, provider, "advanced-tool-use-2025-11-20");
            assertEquals("tool-search-tool-2025-10-19", r.headerValue(), provider);
            assertEquals(Map.of("advanced-tool-use-2025-11-20", "tool-search-tool-2025-10-19"), r.renamed());
        }
        assertNull(DEFAULT.rewrite(september, "bedrock_converse", "advanced-tool-use-2025-11-20").headerValue());
    }
}
