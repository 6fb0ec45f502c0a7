package io.github.betaheaders.body;

import io.github.betaheaders.core.BetaMapping;
import io.github.betaheaders.core.BetaRules;
import io.github.betaheaders.load.MappingSnapshot;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The body rewrite against the obvious alternative, parsing with Yasson (JSON-B) and writing the document back, on
 * Claude Code shaped Bedrock bodies of 64 KiB, 1 MiB and 16 MiB, with the fixture's {@code anthropic_beta} array (two
 * of its three betas are dropped for Bedrock) and without it (one scan, no copy). {@code rewrite} writes a rewritten
 * body into a new buffer; {@code rewriteInPlace} is what the filter does with the buffer it read the body into.
 *
 * <p>Time per operation in microseconds; throughput in MB/s is {@code bytes / us}. Run:
 * {@code mvn -B -q -Pjmh test-compile exec:exec -Djmh.args="BodyRewrite -f 1 -wi 2 -i 3"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class BodyRewriteBenchmark {

    @Param({"65536", "1048576", "16777216"})
    public int size;

    @Param({"true", "false"})
    public boolean member;

    private byte[] body;
    private BetaMapping mapping;
    private BodyBetaRewriter rewriter;
    private Jsonb jsonb;

    @Setup
    public void setUp() {
        String text = ClaudeCodeBodies.bedrockInvoke(member ? ClaudeCodeBodies.FIXTURE_BODY_BETAS : null, size - 1500);
        body = text.getBytes(StandardCharsets.UTF_8);
        mapping = MappingSnapshot.bundled(Clock.systemUTC()).mapping();
        rewriter = new BodyBetaRewriter(new BetaRules(Set.of("anthropic")));
        jsonb = JsonbBuilder.create();
        BodyRewrite check = rewrite();
        if (check.changed() != member) {
            throw new IllegalStateException("benchmark body not as intended: " + check.outcome());
        }
        System.out.println("\nbody bytes: " + body.length + ", outcome: " + check.outcome());
    }

    @TearDown
    public void tearDown() throws Exception {
        jsonb.close();
    }

    /** Into a new buffer; the input stays as it is. */
    @Benchmark
    public BodyRewrite rewrite() {
        return rewriter.rewrite(mapping, "bedrock", body, body.length, List.of());
    }

    /** What the filter does: in place in the buffer it read the body into (restored before each call, untimed). */
    @Benchmark
    public BodyRewrite rewriteInPlace(ReadBuffer buffer) {
        return rewriter.rewriteInPlace(mapping, "bedrock", buffer.bytes, buffer.bytes.length, List.of());
    }

    /** A copy of the body, as the filter's read buffer, restored before each call. */
    @State(Scope.Thread)
    public static class ReadBuffer {
        byte[] bytes;

        @Setup(Level.Invocation)
        public void restore(BodyRewriteBenchmark benchmark) {
            if (bytes == null) {
                bytes = benchmark.body.clone();
            } else {
                System.arraycopy(benchmark.body, 0, bytes, 0, bytes.length);
            }
        }
    }

    @Benchmark
    public byte[] yassonParseAndWrite() {
        Object document = jsonb.fromJson(new ByteArrayInputStream(body), Object.class);
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length);
        jsonb.toJson(document, out);
        return out.toByteArray();
    }
}
