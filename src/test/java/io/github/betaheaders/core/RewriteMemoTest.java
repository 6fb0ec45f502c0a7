package io.github.betaheaders.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Set;
import org.junit.jupiter.api.Test;

class RewriteMemoTest {

    @Test
    void aNewMappingIsNeverAnsweredFromTheOldOne() throws Exception {
        BetaRules rewriter = new BetaRules(Set.of());
        BetaMapping before = BetaMappingParser.parse("{\"bedrock\": {\"a\": \"a\"}}");
        BetaMapping after = BetaMappingParser.parse("{\"bedrock\": {\"a\": null, \"b\": \"c\"}}");
        assertEquals("a", rewriter.rewrite(before, "bedrock", "a,b").headerValue());
        assertEquals("c", rewriter.rewrite(after, "bedrock", "a,b").headerValue());
        assertEquals("a", rewriter.rewrite(before, "bedrock", "a,b").headerValue(), "a request still holding the old snapshot");
    }

    @Test
    void rememberedResultIsReusedAndEqualToAFreshOne() throws Exception {
        BetaRules rewriter = new BetaRules(Set.of("anthropic"));
        BetaMapping m = Mappings.load(Mappings.SEPTEMBER);
        RewriteResult first = rewriter.rewrite(m, "vertex_ai", BetaRulesTest.VERTEX_HEADER);
        assertSame(first, rewriter.rewrite(m, "vertex_ai", new String(BetaRulesTest.VERTEX_HEADER)));
        assertEquals(first, new BetaRules(Set.of("anthropic")).rewriteItems(m, "vertex_ai",
                java.util.Arrays.asList(BetaRulesTest.VERTEX_HEADER.split(","))));
    }

    @Test
    void manyValuesAlternatingStillAnswerRight() throws Exception {
        BetaRules rewriter = new BetaRules(Set.of());
        BetaMapping m = BetaMappingParser.parse("{\"bedrock\": {\"a\": \"a\", \"b\": \"c\"}}");
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < RewriteMemo.RECENT * 3; i++) {
                String value = "a,b" + ",x".repeat(i);
                assertEquals("a,c", rewriter.rewrite(m, "bedrock", new String(value)).headerValue(), value);
                assertEquals(null, rewriter.rewrite(m, "bedrock", "x".repeat(i + 1)).headerValue());
            }
        }
    }

    @Test
    void boundedInValuesAndLength() throws Exception {
        RewriteMemo memo = new RewriteMemo();
        BetaMapping m = BetaMappingParser.parse("{\"bedrock\": {}}");
        RewriteResult r = new RewriteResult(java.util.List.of(), java.util.List.of(), java.util.Map.of());
        for (int i = 0; i < RewriteMemo.MAX_ENTRIES_PER_PROVIDER + 10; i++) {
            memo.put(m, "bedrock", "v" + i, r);
        }
        assertSame(r, memo.get(m, "bedrock", "v0"));
        assertNull(memo.get(m, "bedrock", "v" + (RewriteMemo.MAX_ENTRIES_PER_PROVIDER + 1)),
                "past the bound and no longer among the recent ones");
        String long_ = "x".repeat(RewriteMemo.MAX_VALUE_LENGTH + 1);
        memo.put(m, "vertex_ai", long_, r);
        assertNull(memo.get(m, "vertex_ai", long_));
    }
}
