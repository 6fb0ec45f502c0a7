package io.github.betaheaders.body;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.github.betaheaders.body.BodyRewrite.Outcome;
import io.github.betaheaders.core.BetaMapping;
import io.github.betaheaders.core.BetaMappingParser;
import io.github.betaheaders.core.BetaRules;
import io.github.betaheaders.core.InvalidMappingException;
import io.github.betaheaders.core.RewriteResult;
import io.github.betaheaders.load.MappingSnapshot;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BodyBetaRewriterTest {

    static final BetaMapping MAPPING = mapping();
    static final BodyBetaRewriter REWRITER = new BodyBetaRewriter(new BetaRules(Set.of("anthropic")));

    private static BetaMapping mapping() {
        String section = "{\"keep-1\": \"keep-1\", \"old-1\": \"new-1\", \"new-1\": \"new-1\", \"drop-1\": null, \"drop-2\": null}";
        try {
            return BetaMappingParser.parse("{\"bedrock\": " + section + ", \"bedrock_converse\": " + section + "}");
        } catch (InvalidMappingException e) {
            throw new AssertionError(e);
        }
    }

    static BodyRewrite rewrite(String provider, String body, List<String> headerBetas) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return REWRITER.rewrite(MAPPING, provider, bytes, bytes.length, headerBetas);
    }

    static String text(BodyRewrite result) {
        return new String(result.body(), 0, result.length(), StandardCharsets.UTF_8);
    }

    /** Rewrites for bedrock and checks the outcome and the exact output. */
    private static void assertRewrite(String input, Outcome outcome, String expected) {
        BodyRewrite result = rewrite("bedrock", input, List.of());
        assertEquals(outcome, result.outcome(), input);
        assertEquals(expected, text(result), input);
        if (outcome == Outcome.REWRITTEN) {
            Json.createReader(new StringReader(expected)).readValue();
        }
    }

    private static void assertUntouched(String input, Outcome outcome) {
        byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
        BodyRewrite result = REWRITER.rewrite(MAPPING, "bedrock", bytes, bytes.length, List.of());
        assertEquals(outcome, result.outcome(), input);
        assertSame(bytes, result.body(), "the caller's buffer, not a copy: " + input);
        assertEquals(bytes.length, result.length());
    }

    @Test
    void aBodyWithoutTheMemberIsScannedAndReturnedAsItIs() {
        assertUntouched("{\"model\":\"x\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":5}",
                Outcome.NO_MEMBER);
        assertUntouched("[1,2,3]", Outcome.NO_MEMBER);
        assertUntouched("\"anthropic_beta\"", Outcome.NO_MEMBER);
        assertUntouched("{}", Outcome.NO_MEMBER);
    }

    @Test
    void membersTheRulesLeaveAloneKeepEveryByteIncludingTheirWhitespace() {
        assertUntouched("{\"anthropic_beta\" :\n [ \"keep-1\" ,\"new-1\" ] }", Outcome.UNCHANGED);
        assertUntouched("{\"anthropic_beta\":[]}", Outcome.UNCHANGED);
        assertUntouched("{\"additionalModelRequestFields\":{\"anthropic_beta\":[\"keep-1\"]}}", Outcome.UNCHANGED);
    }

    @Test
    void onlyTheArrayIsReplaced() {
        assertRewrite("{\"a\": 1.50,\n  \"anthropic_beta\": [ \"old-1\",\"drop-1\", \"keep-1\" ],\n  \"b\": \"\\u00e9\"}",
                Outcome.REWRITTEN,
                "{\"a\": 1.50,\n  \"anthropic_beta\": [\"new-1\",\"keep-1\"],\n  \"b\": \"\\u00e9\"}");
    }

    @Test
    void itemsAreTrimmedAndNamedOnceAsInTheHeader() {
        assertRewrite("{\"anthropic_beta\":[\" keep-1 \",\"keep-1\",\"old-1\",\"new-1\"]}", Outcome.REWRITTEN,
                "{\"anthropic_beta\":[\"keep-1\",\"new-1\"]}");
    }

    @Test
    void aRemovedFirstMemberTakesTheCommaAfterIt() {
        assertRewrite("{\"anthropic_beta\":[\"drop-1\"],\"a\":1}", Outcome.REWRITTEN, "{\"a\":1}");
        assertRewrite("{\n  \"anthropic_beta\": [\"drop-1\"],\n  \"a\": 1\n}", Outcome.REWRITTEN, "{\n  \"a\": 1\n}");
    }

    @Test
    void aRemovedLaterMemberTakesTheCommaBeforeIt() {
        assertRewrite("{\"a\":1,\"anthropic_beta\":[\"drop-1\"]}", Outcome.REWRITTEN, "{\"a\":1}");
        assertRewrite("{\n  \"a\": 1,\n  \"anthropic_beta\": [\"drop-1\"]\n}", Outcome.REWRITTEN, "{\n  \"a\": 1\n}");
        assertRewrite("{\"a\":1 , \"anthropic_beta\":[\"drop-1\"] ,\"b\":2}", Outcome.REWRITTEN, "{\"a\":1  ,\"b\":2}");
    }

    @Test
    void aRemovedOnlyMemberLeavesAnEmptyObject() {
        assertRewrite("{\"anthropic_beta\":[\"drop-1\",\"drop-2\"]}", Outcome.REWRITTEN, "{}");
        assertRewrite("{ \"anthropic_beta\" : [ \"drop-1\" ] }", Outcome.REWRITTEN, "{  }");
    }

    @Test
    void anUnknownBetaIsDroppedForBedrockButForwardedForAnthropic() {
        assertRewrite("{\"anthropic_beta\":[\"made-up-1\"],\"a\":1}", Outcome.REWRITTEN, "{\"a\":1}");
        BodyRewrite anthropic = rewrite("anthropic", "{\"anthropic_beta\":[\"made-up-1\"]}", List.of());
        assertEquals(Outcome.UNCHANGED, anthropic.outcome());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"anthropic_beta\":\"drop-1\"}",
        "{\"anthropic_beta\":\"drop-1,old-1\"}",
        "{\"anthropic_beta\":42}",
        "{\"anthropic_beta\":null}",
        "{\"anthropic_beta\":true}",
        "{\"anthropic_beta\":{\"0\":\"drop-1\"}}",
        "{\"anthropic_beta\":[\"drop-1\",1]}",
        "{\"anthropic_beta\":[[\"drop-1\"]]}",
        "{\"anthropic_beta\":[null]}",
        "{\"additionalModelRequestFields\":{\"anthropic_beta\":\"drop-1\"}}",
        "{\"anthropic_beta\":[\"old-1\"],\"additionalModelRequestFields\":{\"anthropic_beta\":7}}",
    })
    void aMemberThatIsNotAnArrayOfStringsLeavesTheWholeBodyAsItIs(String body) {
        assertUntouched(body, Outcome.NOT_AN_ARRAY_OF_STRINGS);
    }

    @Test
    void duplicateMembersAreEachRewrittenSoWhicheverTheProviderKeepsIsRewritten() {
        assertRewrite("{\"anthropic_beta\":[\"old-1\"],\"a\":1,\"anthropic_beta\":[\"drop-1\",\"keep-1\"]}",
                Outcome.REWRITTEN, "{\"anthropic_beta\":[\"new-1\"],\"a\":1,\"anthropic_beta\":[\"keep-1\"]}");
        assertRewrite("{\"anthropic_beta\":[\"drop-1\"],\"anthropic_beta\":[\"drop-2\"],\"a\":1}", Outcome.REWRITTEN,
                "{\"a\":1}");
        assertRewrite("{\"a\":1,\"anthropic_beta\":[\"drop-1\"],\"anthropic_beta\":[\"drop-2\"]}", Outcome.REWRITTEN,
                "{\"a\":1}");
        assertRewrite("{ \"anthropic_beta\":[\"drop-1\"], \"anthropic_beta\":[\"drop-2\"] }", Outcome.REWRITTEN, "{  }");
        assertRewrite("{\"anthropic_beta\":[\"drop-1\"],\"anthropic_beta\":[\"keep-1\"],\"anthropic_beta\":[]}",
                Outcome.REWRITTEN, "{\"anthropic_beta\":[\"keep-1\"],\"anthropic_beta\":[]}");
        assertRewrite("{\"anthropic_beta\":[\"keep-1\"],\"anthropic_beta\":[\"drop-1\"],\"anthropic_beta\":[\"old-1\"]}",
                Outcome.REWRITTEN, "{\"anthropic_beta\":[\"keep-1\"],\"anthropic_beta\":[\"new-1\"]}");
    }

    @Test
    void converseReadsTheMemberInsideAdditionalModelRequestFields() {
        String body = "{\"messages\":[],\"additionalModelRequestFields\":{\"top_k\":5,"
                + "\"anthropic_beta\":[\"old-1\",\"drop-1\"]},\"inferenceConfig\":{\"maxTokens\":10}}";
        BodyRewrite result = rewrite("bedrock_converse", body, List.of());
        assertEquals(Outcome.REWRITTEN, result.outcome());
        assertEquals("{\"messages\":[],\"additionalModelRequestFields\":{\"top_k\":5,"
                + "\"anthropic_beta\":[\"new-1\"]},\"inferenceConfig\":{\"maxTokens\":10}}", text(result));
        assertRewrite("{\"additionalModelRequestFields\":{\"anthropic_beta\":[\"drop-1\"]},\"a\":1}", Outcome.REWRITTEN,
                "{\"additionalModelRequestFields\":{},\"a\":1}");
    }

    @Test
    void bothPlacesInOneBodyAreRewritten() {
        assertRewrite("{\"anthropic_beta\":[\"drop-1\"],\"additionalModelRequestFields\":{\"x\":1,"
                        + "\"anthropic_beta\":[\"old-1\"]},\"anthropic_beta\":[\"drop-2\",\"keep-1\"]}",
                Outcome.REWRITTEN, "{\"additionalModelRequestFields\":{\"x\":1,\"anthropic_beta\":[\"new-1\"]},"
                        + "\"anthropic_beta\":[\"keep-1\"]}");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"messages\":[{\"role\":\"user\",\"anthropic_beta\":[\"drop-1\"]}]}",
        "{\"tools\":[{\"input_schema\":{\"properties\":{\"anthropic_beta\":[\"drop-1\"]}}}]}",
        "{\"content\":\"{\\\"anthropic_beta\\\":[\\\"drop-1\\\"]}\"}",
        "{\"note\":\"anthropic_beta\",\"x\":[\"drop-1\"]}",
        "{\"x\":{\"additionalModelRequestFields\":{\"anthropic_beta\":[\"drop-1\"]}}}",
        "{\"additionalModelRequestFields\":{\"y\":{\"anthropic_beta\":[\"drop-1\"]}}}",
        "{\"additionalModelRequestFields\":[{\"anthropic_beta\":[\"drop-1\"]}]}",
        "[{\"anthropic_beta\":[\"drop-1\"]}]",
        "{\"anthropic_betas\":[\"drop-1\"],\"Anthropic_beta\":[\"drop-1\"],\"anthropic-beta\":[\"drop-1\"]}",
        "{\"anthropic_beta \":[\"drop-1\"],\"anthropic_bet\":[\"drop-1\"]}",
        "{\"additionalmodelrequestfields\":{\"anthropic_beta\":[\"drop-1\"]}}",
    })
    void lookAlikesElsewhereAreNotTouched(String body) {
        assertUntouched(body, Outcome.NO_MEMBER);
    }

    @Test
    void keysAreComparedAfterUnescaping() {
        assertRewrite("{\"anthropic\\u005fbeta\":[\"drop-1\"],\"a\":1}", Outcome.REWRITTEN, "{\"a\":1}");
        assertRewrite("{\"\\u0061nthropic_bet\\u0061\":[\"old-1\"]}", Outcome.REWRITTEN,
                "{\"\\u0061nthropic_bet\\u0061\":[\"new-1\"]}");
        assertRewrite("{\"additionalModelRequest\\u0046ields\":{\"anthropic\\u005Fbeta\":[\"old-1\"]}}",
                Outcome.REWRITTEN, "{\"additionalModelRequest\\u0046ields\":{\"anthropic\\u005Fbeta\":[\"new-1\"]}}");
        assertUntouched("{\"anthropic\\u005fbetas\":[\"drop-1\"],\"anthropic\\\\_beta\":[\"drop-1\"]}",
                Outcome.NO_MEMBER);
    }

    @Test
    void itemsAreUnescapedBeforeTheRulesAndWrittenBackWithMinimalEscaping() {
        assertRewrite("{\"anthropic_beta\":[\"old\\u002d1\",\"keep\\/1\",\"keep-1\"]}", Outcome.REWRITTEN,
                "{\"anthropic_beta\":[\"new-1\",\"keep-1\"]}");
        String odd = "{\"anthropic_beta\":[\"q\\\"b\\\\s\\n\\u0001\\ud83d\\ude00\\ud800\\u00e9\",\"x\",\"x\"]}";
        BodyRewrite result = rewrite("anthropic", odd, List.of());
        assertEquals(Outcome.REWRITTEN, result.outcome());
        // Unescaped, the odd item is not an HTTP token: dropped, as it would be in the header (issue 9, item 8).
        assertEquals("{\"anthropic_beta\":[\"x\"]}", text(result));
        assertEquals(List.of("q\"b\\s\n\u0001\uD83D\uDE00\uD800\u00e9"), result.results().get(0).dropped());
    }

    @Test
    void utf8ElsewherePassesThroughAsBytes() {
        assertRewrite("{\"text\":\"h\u00e9llo \u4e16\u754c \uD83D\uDE00\",\"anthropic_beta\":[\"drop-1\"]}",
                Outcome.REWRITTEN, "{\"text\":\"h\u00e9llo \u4e16\u754c \uD83D\uDE00\"}");
        BodyRewrite unicodeItem = rewrite("anthropic", "{\"anthropic_beta\":[\"b\u00e9ta\",\"b\u00e9ta\"]}", List.of());
        // Not an HTTP token: dropped for every provider, as in the header (issue 9, item 8).
        assertEquals("{}", text(unicodeItem));
    }

    @Test
    void anItemThatIsNotUtf8MakesTheMemberNotAnArrayOfStrings() {
        byte[] body = "{\"anthropic_beta\":[\"drop-1\",\"b?ta\"]}".getBytes(StandardCharsets.US_ASCII);
        body[body.length - 6] = (byte) 0xC3; // a lead byte followed by 't': malformed
        BodyRewrite result = REWRITER.rewrite(MAPPING, "bedrock", body, body.length, List.of());
        assertEquals(Outcome.NOT_AN_ARRAY_OF_STRINGS, result.outcome());
        assertSame(body, result.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", " ", "\uFEFF{}", "{", "}", "{\"a\":1", "{\"a\":1,}", "{\"a\":1}}", "{\"a\" 1}", "{'a':1}", "{a:1}",
        "{\"a\":01}", "{\"a\":1.}", "{\"a\":.5}", "{\"a\":1e}", "{\"a\":1e+}", "{\"a\":-}", "{\"a\":+1}", "{\"a\":0x10}",
        "{\"a\":tru}", "{\"a\":nul}", "{\"a\":True}", "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\":\"\\x\"}",
        "{\"a\":\"\\u12G4\"}", "{\"a\":\"\\u12\"}", "{\"a\":\"tab\there\"}", "{\"a\":\"unterminated}", "{} {}",
        "[1,]", "[,1]", "[1 2]", "{\"a\":[}", "{\"a\":{]}", "{\"a\":1 \"b\":2}", "{,\"a\":1}", "{\"a\"}",
        "{\"anthropic_beta\":[\"drop-1\"]", "{\"anthropic_beta\":[\"drop-1\",]}", "{\"anthropic_beta\":[\"drop-1\"}",
        "{\"anthropic_beta\":[\"drop-1\"] x}", "{\"anthropic_beta\" [\"drop-1\"]}", "{\"a\":[1,2,3]]", "// c\n{}",
        "{\"a\":1}/*c*/",
    })
    void malformedJsonIsReportedAndReturnedAsItIs(String body) {
        assertUntouched(body, Outcome.NOT_JSON);
    }

    @Test
    void aControlCharacterInAStringIsMalformed() {
        assertUntouched("{\"a\":\"x\u0001y\"}", Outcome.NOT_JSON);
        assertUntouched("{\"a\":\"0123456789\nabcdef\"}", Outcome.NOT_JSON);
    }

    @Test
    void everyTruncationOfABodyIsMalformed() {
        String body = "{\"anthropic_beta\": [\"drop-1\", \"old-1\"], \"messages\": [{\"role\": \"user\", "
                + "\"content\": \"h\u00e9llo \\\"there\\\" \\u00e9\"}], \"t\": true, \"f\": false, \"n\": null, "
                + "\"num\": -12.5e+3, \"additionalModelRequestFields\": {\"anthropic_beta\": [\"old-1\"]}}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        assertEquals(Outcome.REWRITTEN, REWRITER.rewrite(MAPPING, "bedrock", bytes, bytes.length, List.of()).outcome());
        for (int cut = 0; cut < bytes.length; cut++) {
            BodyRewrite result = REWRITER.rewrite(MAPPING, "bedrock", bytes, cut, List.of());
            assertEquals(Outcome.NOT_JSON, result.outcome(), "cut at " + cut);
            assertSame(bytes, result.body());
            assertEquals(cut, result.length());
        }
    }

    @Test
    void onlyTheGivenLengthOfTheBufferIsRead() {
        byte[] buffer = Arrays.copyOf("{\"anthropic_beta\":[\"old-1\"]}".getBytes(StandardCharsets.UTF_8), 64);
        Arrays.fill(buffer, 28, 64, (byte) '!');
        BodyRewrite result = REWRITER.rewrite(MAPPING, "bedrock", buffer, 28, List.of());
        assertEquals("{\"anthropic_beta\":[\"new-1\"]}", text(result));
    }

    @Test
    void deepNestingDoesNotOverflowTheStack() {
        int depth = 200_000;
        String body = "{\"a\":" + "[{\"b\":".repeat(depth) + "1" + "}]".repeat(depth)
                + ",\"anthropic_beta\":[\"drop-1\"]}";
        BodyRewrite result = rewrite("bedrock", body, List.of());
        assertEquals(Outcome.REWRITTEN, result.outcome());
        assertEquals(body.substring(0, body.indexOf(",\"anthropic_beta\"")) + "}", text(result));
        assertUntouched("[".repeat(depth) + "]".repeat(depth - 1), Outcome.NOT_JSON);
    }

    @Test
    void headerBetasAreMergedAfterTheBodyBetasEachOnce() {
        BodyRewrite merged = rewrite("bedrock", "{\"anthropic_beta\": [\"old-1\", \"drop-1\"], \"a\": 1}",
                List.of("keep-1", "new-1"));
        assertEquals("{\"anthropic_beta\": [\"new-1\",\"keep-1\"], \"a\": 1}", text(merged));
        BodyRewrite same = rewrite("bedrock", "{\"anthropic_beta\":[\"keep-1\"]}", List.of("keep-1"));
        assertEquals(Outcome.UNCHANGED, same.outcome());
    }

    @Test
    void headerBetasAreAddedAsTheFirstMemberWhenTheBodyHasNone() {
        BodyRewrite added = rewrite("bedrock", "{\n  \"a\": 1\n}", List.of("keep-1", "new-1"));
        assertEquals(Outcome.REWRITTEN, added.outcome());
        assertEquals("{\"anthropic_beta\":[\"keep-1\",\"new-1\"],\n  \"a\": 1\n}", text(added));
        assertEquals("{\"anthropic_beta\":[\"keep-1\"]}", text(rewrite("bedrock", "{}", List.of("keep-1"))));
        assertEquals(" {\"anthropic_beta\":[\"keep-1\"] } ", text(rewrite("bedrock", " { } ", List.of("keep-1"))));
        BodyRewrite whenAllDropped = rewrite("bedrock", "{\"anthropic_beta\":[\"drop-1\"],\"a\":1}", List.of("keep-1"));
        assertEquals("{\"anthropic_beta\":[\"keep-1\"],\"a\":1}", text(whenAllDropped));
    }

    @Test
    void headerBetasGoOnlyToTheTopLevelObject() {
        String converse = "{\"additionalModelRequestFields\":{\"anthropic_beta\":[\"keep-1\"]}}";
        assertEquals("{\"anthropic_beta\":[\"new-1\"],\"additionalModelRequestFields\":{\"anthropic_beta\":[\"keep-1\"]}}",
                text(rewrite("bedrock", converse, List.of("new-1"))));
        BodyRewrite array = rewrite("bedrock", "[1]", List.of("keep-1"));
        assertEquals(Outcome.NO_MEMBER, array.outcome());
        assertEquals(Outcome.NOT_JSON, rewrite("bedrock", "{", List.of("keep-1")).outcome());
        assertEquals(Outcome.NOT_AN_ARRAY_OF_STRINGS,
                rewrite("bedrock", "{\"anthropic_beta\":\"keep-1\"}", List.of("new-1")).outcome());
    }

    @Test
    void theResultsSayWhatWasDroppedAndRenamedPerMember() {
        BodyRewrite result = rewrite("bedrock",
                "{\"anthropic_beta\":[\"old-1\",\"drop-1\"],\"additionalModelRequestFields\":{\"anthropic_beta\":[]}}",
                List.of());
        assertEquals(2, result.results().size());
        RewriteResult top = result.results().get(0);
        assertEquals(List.of("drop-1"), top.dropped());
        assertEquals("new-1", top.renamed().get("old-1"));
        assertNotSame(null, result.results().get(1));
    }

    @Test
    void inPlaceAShorterBodyReusesTheBufferAndALongerOneDoesNot() {
        byte[] shorter = "{\"a\":1, \"anthropic_beta\": [ \"drop-1\" , \"keep-1\" ], \"b\":[1,2]}".getBytes(StandardCharsets.UTF_8);
        BodyRewrite result = REWRITER.rewriteInPlace(MAPPING, "bedrock", shorter, shorter.length, List.of());
        assertSame(shorter, result.body());
        assertEquals("{\"a\":1, \"anthropic_beta\": [\"keep-1\"], \"b\":[1,2]}", text(result));

        byte[] longer = "{\"anthropic_beta\":[\"keep-1\"]}".getBytes(StandardCharsets.UTF_8);
        byte[] before = longer.clone();
        BodyRewrite merged = REWRITER.rewriteInPlace(MAPPING, "bedrock", longer, longer.length, List.of("new-1"));
        assertNotSame(longer, merged.body());
        assertEquals("{\"anthropic_beta\":[\"keep-1\",\"new-1\"]}", text(merged));
        assertEquals(new String(before, StandardCharsets.UTF_8), new String(longer, StandardCharsets.UTF_8));

        byte[] grows = "{\"anthropic_beta\":[\"old-1\"],\"x\":0}".getBytes(StandardCharsets.UTF_8);
        BodyRewrite renamed = REWRITER.rewriteInPlace(MAPPING, "bedrock", grows, grows.length, List.of());
        assertEquals("{\"anthropic_beta\":[\"new-1\"],\"x\":0}", text(renamed));
    }

    /** The Claude Code 2.1.330 Bedrock request (fixture) against the bundled mapping. */
    @Test
    void claudeCodeBedrockFixtureAgainstTheBundledMapping() throws Exception {
        JsonObject fixture;
        try (var in = getClass().getResourceAsStream("/fixtures/claude-code-2.1.330-requests.json")) {
            fixture = Json.createReader(in).readObject();
        }
        JsonObject bedrock = fixture.getJsonArray("requests").getValuesAs(JsonObject.class).stream()
                .filter(r -> r.getString("provider_mode").equals("bedrock")).findFirst().orElseThrow();
        String header = bedrock.getJsonObject("headers").getString("anthropic-beta");
        assertEquals("claude-code-20250219,thinking-token-count-2026-05-13,effort-2025-11-24", header);
        String body = ClaudeCodeBodies.bedrockInvoke(bedrock.getJsonArray("body_anthropic_beta").toString());

        BetaMapping bundled = MappingSnapshot.bundled(Clock.systemUTC()).mapping();
        BetaRules rules = new BetaRules(Set.of("anthropic"));
        RewriteResult headerResult = rules.rewrite(bundled, "bedrock", header);
        assertEquals("effort-2025-11-24", headerResult.headerValue());

        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        BodyBetaRewriter bodies = new BodyBetaRewriter(rules);
        BodyRewrite plain = bodies.rewrite(bundled, "bedrock", bytes, bytes.length, List.of());
        assertEquals(body.replace(ClaudeCodeBodies.FIXTURE_BODY_BETAS, "[\"tool-search-tool-2025-10-19\"]"),
                text(plain));
        BodyRewrite merged = bodies.rewrite(bundled, "bedrock", bytes, bytes.length, headerResult.betas());
        assertEquals(body.replace(ClaudeCodeBodies.FIXTURE_BODY_BETAS,
                "[\"tool-search-tool-2025-10-19\",\"effort-2025-11-24\"]"), text(merged));
    }
}
