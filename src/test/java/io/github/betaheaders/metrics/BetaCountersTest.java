package io.github.betaheaders.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.betaheaders.core.BetaMapping;
import io.github.betaheaders.core.BetaMappingParser;
import io.github.betaheaders.core.BetaOverrides;
import io.github.betaheaders.core.BetaRules;
import io.github.betaheaders.testsupport.CapturedLog;
import io.github.betaheaders.testsupport.PrometheusSamples;
import io.github.betaheaders.testsupport.Promtool;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/** The counters and their Prometheus text, without a container (the container tests are in the servlet package). */
class BetaCountersTest {

    static final String MAPPING = "{\"anthropic\":{},\"bedrock\":{\"x-beta\":\"x-b\",\"y-beta\":null,"
            + "\"z-beta\":\"z-beta\"}}";

    static BetaMapping mapping() throws Exception {
        return BetaMappingParser.parse(MAPPING.getBytes(StandardCharsets.UTF_8));
    }

    static BetaCounters counters(BetaMapping mapping, int maxOthers) {
        BetaCounters counters = new BetaCounters(maxOthers, Set.of("anthropic", "bedrock"), false);
        counters.mappingActive(mapping, "sha-1");
        return counters;
    }

    @Test
    void eachBetaIsCountedByOutcomeAndLocation() throws Exception {
        BetaMapping mapping = mapping();
        BetaCounters counters = counters(mapping, 10);
        BetaRules rules = new BetaRules(Set.of("anthropic"));
        RequestTally tally = counters.begin("bedrock", "POST", "/model/m/invoke");
        tally.header(rules.rewrite(mapping, "bedrock", "x-beta,y-beta,z-beta,new-beta,"));
        tally.body(List.of(rules.rewriteItems(mapping, "bedrock", List.of("x-beta", "bad beta"))));
        tally.changed();
        tally.finish();
        tally.finish();
        assertEquals(1, counters.requests("bedrock", RequestResult.CHANGED));
        assertEquals(1, counters.betas("bedrock", "z-beta", BetaLocation.HEADER, BetaOutcome.FORWARDED));
        assertEquals(1, counters.betas("bedrock", "x-beta", BetaLocation.HEADER, BetaOutcome.RENAMED));
        assertEquals(1, counters.betas("bedrock", "y-beta", BetaLocation.HEADER, BetaOutcome.DROPPED_NULL));
        assertEquals(1, counters.betas("bedrock", "new-beta", BetaLocation.HEADER, BetaOutcome.DROPPED_UNMENTIONED));
        assertEquals(1, counters.betas("bedrock", "x-beta", BetaLocation.BODY, BetaOutcome.RENAMED));
        assertEquals(1, counters.betas("bedrock", BoundedNames.OTHER, BetaLocation.BODY, BetaOutcome.DROPPED_INVALID));
        assertEquals(Set.of("new-beta", "y-beta"), tally.dropped());
        assertEquals(Map.of("x-beta", "x-b"), tally.renamed());
    }

    @Test
    void aResultCountedAgainCountsInItsOwnPlaceEachTime() throws Exception {
        BetaMapping mapping = mapping();
        BetaCounters counters = counters(mapping, 10);
        BetaRules rules = new BetaRules(Set.of("anthropic"));
        // The rules remember results: one object for the header and for a body array with the same betas.
        var same = rules.rewrite(mapping, "bedrock", "x-beta,y-beta");
        var other = rules.rewriteItems(mapping, "bedrock", List.of("z-beta"));
        for (var body : List.of(same, other, same)) {
            RequestTally tally = counters.begin("bedrock", "POST", "/model/m/invoke");
            tally.header(same);
            tally.body(List.of(body));
            tally.finish();
        }
        assertEquals(3, counters.betas("bedrock", "x-beta", BetaLocation.HEADER, BetaOutcome.RENAMED));
        assertEquals(3, counters.betas("bedrock", "y-beta", BetaLocation.HEADER, BetaOutcome.DROPPED_NULL));
        assertEquals(2, counters.betas("bedrock", "x-beta", BetaLocation.BODY, BetaOutcome.RENAMED));
        assertEquals(2, counters.betas("bedrock", "y-beta", BetaLocation.BODY, BetaOutcome.DROPPED_NULL));
        assertEquals(1, counters.betas("bedrock", "z-beta", BetaLocation.BODY, BetaOutcome.FORWARDED));
        assertEquals(0, counters.betas("bedrock", "z-beta", BetaLocation.HEADER, BetaOutcome.FORWARDED));
    }

    @Test
    void aHundredThousandRandomNamesKeepAtMostTheBoundOfNames() throws Exception {
        BetaMapping mapping = mapping();
        int bound = 1000;
        BetaCounters counters = counters(mapping, bound);
        BetaRules rules = new BetaRules(Set.of("anthropic"));
        Random random = new Random(13);
        int sent = 100_000;
        try (CapturedLog log = CapturedLog.of("io.github.betaheaders.metrics")) {
            for (int request = 0; request < sent / 100; request++) {
                List<String> names = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    names.add("random-" + Long.toHexString(random.nextLong()) + "-" + request + "-" + i);
                }
                RequestTally tally = counters.begin("bedrock", "POST", "/model/m/invoke");
                tally.body(List.of(rules.rewriteItems(mapping, "bedrock", names)));
                tally.changed();
                tally.finish();
            }
            Set<String> counted = counters.countedBetaNames();
            assertEquals(bound + 1, counted.size(), "the first " + bound + " names and \"other\"");
            assertTrue(counted.contains(BoundedNames.OTHER));
            assertEquals(sent - bound, counters.betas("bedrock", BoundedNames.OTHER, BetaLocation.BODY,
                    BetaOutcome.DROPPED_UNMENTIONED));
            assertEquals(bound, counters.otherBetaNames());
            long warnings = log.entries().stream().filter(e -> e.level() == Level.WARNING).count();
            assertEquals(bound + 1, warnings, "one per name within the bound, then one saying the rest is not logged");
        }
        // The names of a newly active mapping are still counted under their own name once the bound is reached.
        BetaMapping next = BetaMappingParser.parse("{\"bedrock\":{\"fresh-beta\":null}}"
                .getBytes(StandardCharsets.UTF_8));
        counters.mappingActive(next, "sha-2");
        RequestTally tally = counters.begin("bedrock", "POST", "/x");
        tally.header(rules.rewrite(next, "bedrock", "fresh-beta"));
        tally.finish();
        assertEquals(1, counters.betas("bedrock", "fresh-beta", BetaLocation.HEADER, BetaOutcome.DROPPED_NULL));
    }

    /** With no room for other names, the betas the overrides name (model rules too) are still counted as such. */
    @Test
    void theNamesOfTheOverridesAreCountedUnderTheirOwnName() throws Exception {
        BetaMapping mapping = mapping().withOverrides(BetaOverrides.parse("{\"bedrock\":{\"o-beta\":null},"
                + "\"bedrock/*opus*\":{\"m-beta\":\"m-renamed\"}}", Set.of("bedrock")));
        BetaCounters counters = counters(mapping, 0);
        BetaRules rules = new BetaRules(Set.of("anthropic"));
        RequestTally tally = counters.begin("bedrock", "POST", "/model/opus/invoke");
        tally.header(rules.rewrite(mapping, "bedrock", "opus", "o-beta,m-beta,unknown-beta"));
        tally.finish();
        assertEquals(1, counters.betas("bedrock", "o-beta", BetaLocation.HEADER, BetaOutcome.DROPPED_NULL));
        assertEquals(1, counters.betas("bedrock", "m-beta", BetaLocation.HEADER, BetaOutcome.RENAMED));
        assertEquals(1, counters.betas("bedrock", BoundedNames.OTHER, BetaLocation.HEADER,
                BetaOutcome.DROPPED_UNMENTIONED));
    }

    @Test
    void aDroppedUnmentionedBetaIsWarnedOncePerMappingRevision() throws Exception {
        BetaMapping mapping = mapping();
        BetaCounters counters = counters(mapping, 10);
        BetaRules rules = new BetaRules(Set.of("anthropic"));
        try (CapturedLog log = CapturedLog.of("io.github.betaheaders.metrics")) {
            for (int i = 0; i < 3; i++) {
                RequestTally tally = counters.begin("bedrock", "POST", "/model/m/invoke");
                tally.header(rules.rewrite(mapping, "bedrock", "new-beta,y-beta"));
                tally.finish();
            }
            assertEquals(1, log.entries().size(), log.text());
            assertTrue(log.has(Level.WARNING, "bedrock: dropped beta [new-beta], which its mapping section does not "
                    + "mention; first seen on POST /model/m/invoke"), log.text());
            counters.mappingActive(mapping, "sha-2");
            // The same header value (the same remembered result) after the revision changed: warned again.
            RequestTally tally = counters.begin("bedrock", "POST", "/again");
            tally.header(rules.rewrite(mapping, "bedrock", "new-beta,y-beta"));
            tally.finish();
            assertEquals(2, log.entries().size(), log.text());
            assertTrue(log.has(Level.WARNING, "first seen on POST /again"), log.text());
            // Back to the first document (reloads alternating between two): remembered, not warned again.
            counters.mappingActive(mapping, "sha-1");
            counters.mappingActive(mapping, "sha-2");
            for (String sha : new String[] {"sha-1", "sha-2"}) {
                counters.mappingActive(mapping, sha);
                RequestTally back = counters.begin("bedrock", "POST", "/back");
                back.header(rules.rewrite(mapping, "bedrock", "new-beta,y-beta"));
                back.finish();
            }
            assertEquals(2, log.entries().size(), log.text());
        }
    }

    @Test
    void theTextPassesPromtoolAndItsValuesAreTheCounts() throws Exception {
        BetaMapping mapping = mapping();
        BetaCounters counters = counters(mapping, 10);
        BetaRules rules = new BetaRules(Set.of("anthropic"));
        for (int i = 0; i < 7; i++) {
            RequestTally tally = counters.begin("bedrock", "POST", "/model/m/invoke");
            tally.header(rules.rewrite(mapping, "bedrock", "x-beta,new\"beta\\"));
            tally.changed();
            tally.finish();
        }
        RequestTally untouched = counters.begin(null, "POST", "/elsewhere");
        untouched.untouched(UntouchedReason.NO_PROVIDER);
        untouched.finish();
        counters.reload(ReloadResult.FAILED);
        counters.quarantined("bedrock", "x-beta", "unnamed");
        String text = PrometheusText.write(counters.families("enforce", "http://example.test/a \"b\"\nc", "abc",
                Instant.parse("2026-07-01T10:00:00Z"), Instant.parse("2026-07-01T10:00:30Z")));
        Promtool.Verdict verdict = Promtool.checkMetrics(text);
        assertEquals(0, verdict.exitCode(), verdict.output() + "\n" + text);
        PrometheusSamples samples = PrometheusSamples.parse(text);
        assertEquals(7, samples.value(MetricNames.REQUESTS, "provider", "bedrock", "result", "changed"));
        assertEquals(1, samples.value(MetricNames.REQUESTS, "provider", "none", "result", "untouched"));
        assertEquals(1, samples.value(MetricNames.UNTOUCHED, "provider", "none", "reason", "no_provider"));
        assertEquals(7, samples.value(MetricNames.BETAS, "provider", "bedrock", "beta", "x-beta", "outcome",
                "renamed", "location", "header"));
        assertEquals(7, samples.value(MetricNames.RENAMED_BETAS, "provider", "bedrock", "beta", "x-beta", "to",
                "x-b"));
        assertEquals(7, samples.value(MetricNames.BETAS, "provider", "bedrock", "beta", "new\"beta\\", "outcome",
                "dropped_invalid"), "escaped in the text, the same after parsing");
        assertEquals(1, samples.value(MetricNames.RELOADS, "result", "failed"));
        assertEquals(1, samples.value(MetricNames.QUARANTINES, "provider", "bedrock", "beta", "x-beta", "reason",
                "unnamed"));
        assertEquals(30, samples.value(MetricNames.MAPPING_AGE));
        assertEquals(1, samples.value(MetricNames.MAPPING_INFO, "source", "http://example.test/a \"b\"\nc"));
    }

    /** Threads racing to count a provider, beta and rename first: each series is announced to the listener once. */
    @Test
    void eachSeriesIsAnnouncedOnceWhenThreadsRaceToCreateIt() throws Exception {
        BetaMapping mapping = mapping();
        BetaRules rules = new BetaRules(Set.of("anthropic"));
        for (int round = 0; round < 20; round++) {
            BetaCounters counters = new BetaCounters(10, Set.of("anthropic", "bedrock"), false);
            counters.mappingActive(mapping, "sha-1");
            Map<String, Integer> announced = new ConcurrentHashMap<>();
            counters.listen((family, help, type, labels, value) ->
                    announced.merge(family + labels, 1, Integer::sum));
            CyclicBarrier start = new CyclicBarrier(4);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Thread thread = new Thread(() -> {
                    try {
                        start.await();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    RequestTally tally = counters.begin("bedrock", "POST", "/model/m/invoke");
                    tally.header(rules.rewrite(mapping, "bedrock", "advanced-tool-use-2025-11-20,race-beta"));
                    tally.finish();
                });
                threads.add(thread);
                thread.start();
            }
            for (Thread thread : threads) {
                thread.join(10_000);
            }
            announced.forEach((series, times) -> assertEquals(1, times, "announced " + times + " times: " + series));
            assertTrue(announced.keySet().stream().anyMatch(k -> k.contains("race-beta")), announced.keySet().toString());
        }
    }

    @Test
    void quarantinesAreCountedByProviderBetaAndReasonAndAnnounced() {
        BetaCounters counters = new BetaCounters(10, Set.of("bedrock"), false);
        List<String> announced = new ArrayList<>();
        counters.listen((family, help, type, labels, value) -> {
            if (family.equals(MetricNames.QUARANTINES)) {
                announced.add(labels.toString());
            }
        });
        counters.quarantined("bedrock", "effort-2025-11-24", "unnamed");
        counters.quarantined("bedrock", "effort-2025-11-24", "unnamed");
        counters.quarantined("vertex_ai", "web-search-2025-03-05", "named");
        assertEquals(2, counters.quarantines("bedrock", "effort-2025-11-24", "unnamed"));
        assertEquals(0, counters.quarantines("bedrock", "effort-2025-11-24", "named"));
        assertEquals(1, counters.quarantines("vertex_ai", "web-search-2025-03-05", "named"));
        assertEquals(4, announced.size(), announced.toString());
        MetricFamily family = counters.families().stream().filter(f -> f.name().equals(MetricNames.QUARANTINES))
                .findFirst().orElseThrow();
        assertEquals(2, family.samples().size());
        assertEquals(Map.of("provider", "bedrock", "beta", "effort-2025-11-24", "reason", "unnamed"),
                family.samples().get(0).labels());
        assertEquals(2.0, family.samples().get(0).value());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> counters.quarantined("bedrock", "x", "because"));
    }

    @Test
    void theMBeanSumsTheQuarantines() throws Exception {
        BetaCounters counters = new BetaCounters(10, Set.of("bedrock"), false);
        counters.quarantined("bedrock", "a-1", "unnamed");
        counters.quarantined("bedrock", "b-2", "named");
        try (BetaHeadersMBean bean = BetaHeadersMBean.register("/quarantine-mbean-test", counters::families)) {
            assertEquals(2L, java.lang.management.ManagementFactory.getPlatformMBeanServer()
                    .getAttribute(bean.name(), "Quarantines"));
        }
    }
}
