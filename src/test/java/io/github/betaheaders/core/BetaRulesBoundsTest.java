package io.github.betaheaders.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Issue 9, items 3 and 8: counting betas without allocating, and one rule for betas that are not HTTP tokens. */
class BetaRulesBoundsTest {

    static final BetaRules FORWARDING = new BetaRules(Set.of("anthropic"));

    @Test
    void countItemsCountsNonEmptyItemsAndStopsPastTheBound() {
        assertEquals(0, BetaRules.countItems("", 10));
        assertEquals(0, BetaRules.countItems(" , ,\t,", 10));
        assertEquals(3, BetaRules.countItems("a, b ,c,,", 10));
        assertEquals(3, BetaRules.countItems("a,b,c,d,e,f", 2));
        String huge = ",x".repeat(1_000_000);
        assertEquals(257, BetaRules.countItems(huge, 256));
    }

    @Test
    void aBetaThatIsNotAnHttpTokenIsDroppedEvenWhereUnknownBetasAreForwarded() {
        RewriteResult header = FORWARDING.rewrite(BetaRulesTest.SMALL, "anthropic", "known, caf\u00e9-beta, a b, ok-1");
        assertEquals(List.of("known", "ok-1"), header.betas());
        assertEquals(List.of("caf\u00e9-beta", "a b"), header.dropped());
        RewriteResult body = FORWARDING.rewriteItems(BetaRulesTest.SMALL, "anthropic",
                List.of("caf\u00e9-beta", "known", "tab\there", "\u00c3\u00a9"));
        assertEquals(List.of("known"), body.betas());
        assertEquals(List.of("caf\u00e9-beta", "tab\there", "\u00c3\u00a9"), body.dropped());
    }

    @Test
    void tokensAreTheCharactersOfRfc9110() {
        assertTrue(BetaRules.isToken("interleaved-thinking-2025-05-14"));
        assertTrue(BetaRules.isToken("!#$%&'*+-.^_`|~09azAZ"));
        for (String notToken : List.of("", "a b", "a\"b", "a;b", "a/b", "\u00e9", "a\u0000", "a\u007f", "(x)")) {
            assertFalse(BetaRules.isToken(notToken), notToken);
        }
    }

    @Test
    void rewritingIsLinearInTheNumberOfBetas() {
        List<String> many = new java.util.ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            many.add("beta-" + i);
        }
        long start = System.nanoTime();
        RewriteResult result = FORWARDING.rewriteItems(BetaRulesTest.SMALL, "anthropic", many);
        assertEquals(200_000, result.betas().size());
        assertTrue(System.nanoTime() - start < 5_000_000_000L, "200,000 betas took over 5 s");
    }
}
