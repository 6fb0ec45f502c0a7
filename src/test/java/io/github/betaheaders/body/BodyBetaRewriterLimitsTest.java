package io.github.betaheaders.body;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.betaheaders.body.BodyRewrite.Outcome;
import io.github.betaheaders.core.BetaRules;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Issue 9, items 3 and 8 in the body: at most maxBetas betas rewritten, counted before any is decoded. */
class BodyBetaRewriterLimitsTest {

    static final BodyBetaRewriter AT_MOST_3 = new BodyBetaRewriter(new BetaRules(Set.of("anthropic")), 3);

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anArrayOfUpToMaxBetasIsRewrittenALongerOneIsForwardedAsItIs() {
        byte[] three = utf8("{\"anthropic_beta\":[\"keep-1\",\"drop-1\",\"old-1\"]}");
        BodyRewrite rewritten = AT_MOST_3.rewrite(BodyBetaRewriterTest.MAPPING, "bedrock", three, three.length,
                List.of());
        assertEquals(Outcome.REWRITTEN, rewritten.outcome());
        assertEquals("{\"anthropic_beta\":[\"keep-1\",\"new-1\"]}", BodyBetaRewriterTest.text(rewritten));

        byte[] four = utf8("{\"anthropic_beta\":[\"keep-1\",\"drop-1\",\"old-1\",\"x\"]}");
        BodyRewrite untouched = AT_MOST_3.rewrite(BodyBetaRewriterTest.MAPPING, "bedrock", four, four.length,
                List.of());
        assertEquals(Outcome.TOO_MANY_BETAS, untouched.outcome());
        assertSame(four, untouched.body());
        assertEquals(four.length, untouched.length());
    }

    @Test
    void theConverseArrayIsBoundedToo() {
        byte[] body = utf8("{\"additionalModelRequestFields\":{\"anthropic_beta\":[\"a\",\"b\",\"c\",\"d\"]}}");
        assertEquals(Outcome.TOO_MANY_BETAS, AT_MOST_3.rewrite(BodyBetaRewriterTest.MAPPING, "bedrock", body,
                body.length, List.of()).outcome());
    }

    @Test
    void theScannerCountsTheItemsOfALongArrayWithoutDecodingThem() {
        StringBuilder json = new StringBuilder("{\"anthropic_beta\":[");
        int items = 500_000;
        for (int i = 0; i < items; i++) {
            json.append(i == 0 ? "" : ",").append("\"beta-").append(i).append('"');
        }
        byte[] body = utf8(json.append("]}").toString());
        BodyScan scan = BodyScanner.scan(body, body.length, 256);
        assertTrue(scan.valid());
        BetaMember member = scan.members().get(0);
        assertEquals(items, member.itemCount());
        assertNull(member.items());
        byte[] mixed = utf8("{\"anthropic_beta\":[\"a\",1,\"b\"]}");
        assertEquals(3, BodyScanner.scan(mixed, mixed.length, 256).members().get(0).itemCount());
    }

    @Test
    void aBodyBetaThatIsNotAnHttpTokenIsDroppedAsInTheHeader() {
        byte[] body = utf8("{\"anthropic_beta\":[\"caf\u00e9-beta\",\"known\",\"a b\"]}");
        BodyRewrite result = AT_MOST_3.rewrite(BodyBetaRewriterTest.MAPPING, "anthropic", body, body.length,
                List.of());
        assertEquals("{\"anthropic_beta\":[\"known\"]}", BodyBetaRewriterTest.text(result));
    }
}
