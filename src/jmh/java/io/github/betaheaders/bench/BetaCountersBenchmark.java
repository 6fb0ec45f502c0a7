package io.github.betaheaders.bench;

import io.github.betaheaders.core.BetaMapping;
import io.github.betaheaders.core.BetaMappingParser;
import io.github.betaheaders.core.BetaRules;
import io.github.betaheaders.core.RewriteResult;
import io.github.betaheaders.metrics.BetaCounters;
import io.github.betaheaders.metrics.RequestTally;
import java.io.InputStream;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The counters' share of the header path: one request's tally of Claude Code's 8-flag header (its rules' result as
 * the filter gets it, remembered), counted per provider, beta and outcome. On one thread and on two (the machine's
 * cores), where the {@code LongAdder}s are contended.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BetaCountersBenchmark {

    @Param({"anthropic", "bedrock", "vertex_ai", "azure_ai"})
    public String provider;

    private BetaCounters counters;
    private RewriteResult header;

    @Setup
    public void setUp() throws Exception {
        BetaMapping mapping;
        try (InputStream in = BetaCountersBenchmark.class.getResourceAsStream(
                "/litellm/anthropic_beta_headers_config.2026-09.json")) {
            mapping = BetaMappingParser.parse(in);
        }
        counters = new BetaCounters(BetaCounters.MAX_OTHER_BETAS, Set.of(provider), false);
        counters.mappingActive(mapping, "bench");
        header = new BetaRules(Set.of("anthropic")).rewrite(mapping, provider, HeaderRulesBenchmark.CLAUDE_CODE_HEADER);
    }

    @Benchmark
    public RequestTally counted() {
        RequestTally tally = counters.begin(provider, "POST", "/v1/messages");
        tally.header(header);
        tally.changed();
        tally.finish();
        return tally;
    }

    @Benchmark
    @Threads(2)
    public RequestTally countedOnTwoThreads() {
        return counted();
    }
}
