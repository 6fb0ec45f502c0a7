package io.github.betaheaders.learn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.betaheaders.core.DropReason;
import io.github.betaheaders.core.QuarantinedBetas;
import io.github.betaheaders.core.RewriteResult;
import io.github.betaheaders.metrics.BetaCounters;
import io.github.betaheaders.testsupport.CapturedLog;
import io.github.betaheaders.testsupport.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

class QuarantineTest {

    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    static final String OPUS = "global.anthropic.claude-opus-4-7";
    static final BetaRefusal INVALID_BETA_FLAG = new BetaRefusal(List.of(), "{\"message\":\"invalid beta flag\"}");

    final TestClock clock = new TestClock(T0);
    final BetaCounters counters = new BetaCounters(100, Set.of("bedrock", "vertex_ai"), false);
    final Quarantine quarantine = new Quarantine(new InMemoryQuarantineStore(), Duration.ofHours(24), clock, counters,
            "filter [F]");

    static BetaRefusal naming(String... betas) {
        return new BetaRefusal(List.of(betas), "Unexpected value(s) ... for the `anthropic-beta` header");
    }

    @Test
    void aNamedRefusalQuarantinesTheNamedBetasTheRequestCarriedForThatProviderAndModel() {
        List<QuarantineEntry> added = quarantine.refused("vertex_ai", "claude-haiku-4-5@20251001",
                List.of("effort-2025-11-24", "claude-code-20250219"), naming("effort-2025-11-24", "not-sent-1"), true,
                "request POST /x");
        assertEquals(1, added.size());
        QuarantineEntry e = added.get(0);
        assertEquals("effort-2025-11-24", e.beta());
        assertEquals(QuarantineEntry.NAMED, e.reason());
        assertEquals(T0, e.since());
        assertEquals(T0.plus(Duration.ofHours(24)), e.expires());
        assertEquals(Set.of("effort-2025-11-24"), quarantine.betasFor("vertex_ai", "claude-haiku-4-5@20251001").betas());
        assertTrue(quarantine.betasFor("vertex_ai", "claude-sonnet-4-6").isEmpty());
        assertTrue(quarantine.betasFor("vertex_ai", null).isEmpty());
        assertTrue(quarantine.betasFor("bedrock", "claude-haiku-4-5@20251001").isEmpty());
        assertEquals(1, counters.quarantines("vertex_ai", "effort-2025-11-24", QuarantineEntry.NAMED));
    }

    @Test
    void aNamedRefusalOfBetasTheRequestDidNotCarryQuarantinesNothing() {
        assertTrue(quarantine.refused("vertex_ai", null, List.of("a-1"), naming("b-2"), true, "r").isEmpty());
        assertTrue(quarantine.entries().isEmpty());
    }

    @Test
    void anUnnamedRefusalQuarantinesTheBetasNotAcceptedRecently() {
        quarantine.succeeded("bedrock", OPUS, List.of("interleaved-thinking-2025-05-14"));
        quarantine.succeeded("bedrock", "other-model", List.of("claude-code-20250219"));
        clock.advance(Duration.ofHours(1));
        List<QuarantineEntry> added = quarantine.refused("bedrock", OPUS, List.of("interleaved-thinking-2025-05-14",
                "claude-code-20250219"), INVALID_BETA_FLAG, true, "r");
        assertEquals(List.of("claude-code-20250219"), added.stream().map(QuarantineEntry::beta).toList());
        assertEquals(QuarantineEntry.UNNAMED, added.get(0).reason());
        assertEquals(1, counters.quarantines("bedrock", "claude-code-20250219", QuarantineEntry.UNNAMED));
    }

    @Test
    void anUnnamedRefusalOfBetasAllAcceptedRecentlyQuarantinesNothingAndSaysSo() {
        quarantine.succeeded("bedrock", OPUS, List.of("a-1", "b-2"));
        try (CapturedLog log = CapturedLog.of(Quarantine.class.getName())) {
            assertTrue(quarantine.refused("bedrock", OPUS, List.of("a-1", "b-2"), INVALID_BETA_FLAG, true, "r")
                    .isEmpty());
            assertTrue(log.has(Level.WARNING, "nothing quarantined"), log.text());
        }
    }

    @Test
    void anAcceptanceOlderThanTheWindowDoesNotCount() {
        quarantine.succeeded("bedrock", OPUS, List.of("a-1"));
        clock.advance(Duration.ofHours(25));
        assertEquals(1, quarantine.refused("bedrock", OPUS, List.of("a-1"), INVALID_BETA_FLAG, true, "r").size());
    }

    @Test
    void anUnnamedRefusalQuarantinesNothingWhenTheRequestWentOnWithOtherBetas() {
        assertTrue(quarantine.refused("bedrock", OPUS, List.of("a-1"), INVALID_BETA_FLAG, false, "r").isEmpty());
        assertEquals(1, quarantine.refused("bedrock", OPUS, List.of("a-1"), naming("a-1"), false, "r").size());
    }

    @Test
    void aQuarantineIsLoggedWithItsEvidenceAndExpiresOnTheClock() {
        try (CapturedLog log = CapturedLog.of(Quarantine.class.getName())) {
            quarantine.refused("bedrock", OPUS, List.of("a-1"), INVALID_BETA_FLAG, true, "request POST /m/invoke");
            assertTrue(log.has(Level.WARNING, "invalid beta flag"), log.text());
            assertTrue(log.has(Level.WARNING, "request POST /m/invoke"), log.text());
        }
        clock.advance(Duration.ofHours(24).minusMillis(1));
        assertEquals(Set.of("a-1"), quarantine.betasFor("bedrock", OPUS).betas());
        clock.advance(Duration.ofMillis(1));
        assertTrue(quarantine.betasFor("bedrock", OPUS).isEmpty());
        assertTrue(quarantine.entries().isEmpty());
    }

    @Test
    void anOperatorRemovesAllOrSomeEntries() {
        quarantine.refused("bedrock", OPUS, List.of("a-1", "b-2"), INVALID_BETA_FLAG, true, "r");
        quarantine.refused("bedrock", null, List.of("a-1"), INVALID_BETA_FLAG, true, "r");
        quarantine.refused("vertex_ai", null, List.of("a-1"), naming("a-1"), true, "r");
        assertEquals(4, quarantine.entries().size());
        assertEquals(1, quarantine.remove(new QuarantineSelector("bedrock", false, null, "a-1")).size());
        assertEquals(Set.of("a-1", "b-2"), quarantine.betasFor("bedrock", OPUS).betas());
        assertEquals(1, quarantine.remove(new QuarantineSelector(null, true, null, "b-2")).size());
        assertEquals(0, quarantine.remove(new QuarantineSelector("nope", true, null, null)).size());
        assertEquals(2, quarantine.remove(QuarantineSelector.ALL).size());
        assertTrue(quarantine.entries().isEmpty());
    }

    @Test
    void theQuarantineIsBounded() {
        List<String> betas = new ArrayList<>();
        for (int i = 0; i < Quarantine.MAX_ENTRIES + 10; i++) {
            betas.add("beta-" + i);
        }
        try (CapturedLog log = CapturedLog.of(Quarantine.class.getName())) {
            assertEquals(Quarantine.MAX_ENTRIES, quarantine.refused("bedrock", OPUS, betas, INVALID_BETA_FLAG, true,
                    "r").size());
            assertTrue(log.has(Level.WARNING, "is not quarantined"), log.text());
        }
        assertTrue(quarantine.refused("bedrock", "m2", List.of("x-1"), INVALID_BETA_FLAG, true, "r").isEmpty());
        assertEquals(Quarantine.MAX_ENTRIES, quarantine.entries().size());
    }

    @Test
    void theSameBetaRefusedAgainIsNotQuarantinedTwice() {
        quarantine.refused("bedrock", OPUS, List.of("a-1"), INVALID_BETA_FLAG, true, "r");
        assertTrue(quarantine.refused("bedrock", OPUS, List.of("a-1"), naming("a-1"), true, "r").isEmpty());
        assertEquals(1, quarantine.entries().size());
    }

    @Test
    void acceptedBetasAreBounded() {
        AcceptedBetas accepted = new AcceptedBetas(100, Duration.ofHours(24));
        for (int i = 0; i < 1000; i++) {
            accepted.accepted("bedrock", "model-" + i, List.of("a-1", "b-2"), T0);
        }
        assertEquals(100, accepted.size());
        assertTrue(accepted.acceptedWithinWindow("bedrock", "model-0", "a-1", T0));
        assertFalse(accepted.acceptedWithinWindow("bedrock", "model-999", "a-1", T0));
        // Past the window, the old ones make room for new ones.
        Instant later = T0.plus(Duration.ofHours(25));
        accepted.accepted("bedrock", "model-new", List.of("a-1"), later);
        assertTrue(accepted.acceptedWithinWindow("bedrock", "model-new", "a-1", later));
        assertEquals(1, accepted.size());
    }

    @Test
    void quarantinedBetasAreDroppedUnderTheClientsNameAndTheResultIsRemembered() {
        QuarantinedBetas q = new QuarantinedBetas(Set.of("provider-name-1", "b-2"));
        RewriteResult rules = new RewriteResult(
                List.of("a-1", "provider-name-1", "b-2"), Map.of("x-0",
                DropReason.MAPPED_TO_NULL), Map.of("client-name-1",
                "provider-name-1"));
        RewriteResult applied = q.applyTo(rules);
        assertEquals(List.of("a-1"), applied.betas());
        assertEquals(List.of("x-0", "client-name-1", "b-2"), applied.dropped());
        assertEquals(DropReason.QUARANTINED, applied.dropReasons().get("client-name-1"));
        assertTrue(applied.renamed().isEmpty());
        assertTrue(q.applyTo(rules) == applied, "the same result object again");
        RewriteResult untouched = new RewriteResult(
                List.of("a-1"), List.of(), Map.of());
        assertTrue(q.applyTo(untouched) == untouched);
        assertTrue(QuarantinedBetas.NONE.applyTo(rules) == rules);
    }
}
