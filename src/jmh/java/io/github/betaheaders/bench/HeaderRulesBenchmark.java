package io.github.betaheaders.bench;

import io.github.betaheaders.core.BetaMapping;
import io.github.betaheaders.core.BetaMappingParser;
import io.github.betaheaders.core.BetaRules;
import io.github.betaheaders.core.RewriteResult;
import io.github.betaheaders.metrics.BetaCounters;
import io.github.betaheaders.metrics.RequestTally;
import java.io.InputStream;
import java.util.List;
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
 * The header rules alone: Claude Code 2.1.330's 8-flag first-party header through the rules for each provider, with
 * LiteLLM's September mapping. {@code remembered}: the usual case, a header value seen before (each invocation gets a
 * fresh String, as a container gives each request, so its hash is computed every time). {@code computed}: the rules
 * worked out from scratch, as for a header value never seen before (the header-lines path, which is not remembered).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HeaderRulesBenchmark {

    /** Claude Code's 8-flag header (fixture, first-party mode). */
    static final String CLAUDE_CODE_HEADER = "claude-code-20250219,interleaved-thinking-2025-05-14,"
            + "context-management-2025-06-27,per-turn-control-2026-07-01,mid-conversation-tool-changes-2026-07-01,"
            + "thinking-token-count-2026-05-13,advanced-tool-use-2025-11-20,effort-2025-11-24";

    @Param({"anthropic", "bedrock", "vertex_ai", "azure_ai"})
    public String provider;

    private BetaMapping mapping;
    private BetaRules rewriter;
    private char[] header;
    private BetaCounters counters;
    private RewriteResult result;

    @Setup
    public void setUp() throws Exception {
        try (InputStream in = HeaderRulesBenchmark.class.getResourceAsStream(
                "/litellm/anthropic_beta_headers_config.2026-09.json")) {
            mapping = BetaMappingParser.parse(in);
        }
        rewriter = new BetaRules(Set.of("anthropic"));
        header = CLAUDE_CODE_HEADER.toCharArray();
        counters = new BetaCounters(BetaCounters.MAX_OTHER_BETAS, Set.of(provider), false);
        counters.mappingActive(mapping, "bench");
        result = rewriter.rewrite(mapping, provider, CLAUDE_CODE_HEADER);
    }

    @Benchmark
    public RewriteResult remembered() {
        return rewriter.rewrite(mapping, provider, new String(header));
    }

    @Benchmark
    public RewriteResult computed() {
        return rewriter.rewrite(mapping, provider, List.of(new String(header)));
    }

    /**
     * The counters' share of the header path: one request's tally of the header's result (as the filter gets it),
     * counted per provider, beta and outcome.
     */
    @Benchmark
    public RequestTally counted() {
        RequestTally tally = counters.begin(provider, "POST", "/v1/messages");
        tally.header(result);
        tally.changed();
        tally.finish();
        return tally;
    }

    /** As {@link #counted()} on two threads (the machine's cores), where the {@code LongAdder}s are contended. */
    @Benchmark
    @Threads(2)
    public RequestTally countedOnTwoThreads() {
        return counted();
    }

    /** The cost of the fresh String alone, to subtract. */
    @Benchmark
    public String baselineNewString() {
        return new String(header);
    }
}
