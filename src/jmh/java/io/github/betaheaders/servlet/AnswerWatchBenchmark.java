package io.github.betaheaders.servlet;

import io.github.betaheaders.core.FilterSettings;
import io.github.betaheaders.metrics.RequestTally;
import io.github.betaheaders.core.RewriteResult;
import io.github.betaheaders.service.BetaHeadersService;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * What {@code learnFromRejections} costs a successful answer: the answer written in {@code chunks} pieces of
 * {@code chunkBytes} (a streamed answer arrives in many small writes) straight to the container's stream
 * ({@code plain}), and through {@link AnswerWatch} ({@code watched}: the wrapper made, each write passed through, the
 * verdict at the end telling the quarantine which betas succeeded). {@code watchedRefusal} is the same answer with
 * status 400, whose first 8 KiB are copied aside and read, for comparison; it is not on a successful request's path.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AnswerWatchBenchmark {

    @Param({"16"})
    public int chunks;

    @Param({"64", "4096"})
    public int chunkBytes;

    private BetaHeadersService service;
    private byte[] chunk;
    private HttpServletRequest request;
    private HttpServletResponse ok;
    private HttpServletResponse refused;
    private RequestTally tally;

    @Setup(Level.Trial)
    public void setUp(Blackhole hole) {
        service = BetaHeadersService.start(FilterSettings.read("filter [bench]",
                List.of(FilterSettings.LOCAL_ONLY, FilterSettings.LEARN_FROM_REJECTIONS),
                name -> name.equals(FilterSettings.LOCAL_ONLY) || name.equals(FilterSettings.LEARN_FROM_REJECTIONS)
                        ? "true" : null));
        chunk = new byte[chunkBytes];
        java.util.Arrays.fill(chunk, (byte) 'x');
        request = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "isAsyncStarted" -> false;
                    default -> null;
                });
        ok = response(200, hole);
        refused = response(400, hole);
        tally = service.counters().begin("bedrock", "POST", "/model/m/invoke");
        tally.header(new RewriteResult(List.of("context-management-2025-06-27", "effort-2025-11-24"), List.of(),
                Map.of()));
    }

    /** A container's response: the status given, a stream that hands each write to the black hole. */
    private static HttpServletResponse response(int status, Blackhole hole) {
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public void write(int b) {
                hole.consume(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                hole.consume(b);
                hole.consume(len);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
                throw new UnsupportedOperationException();
            }
        };
        return (HttpServletResponse) Proxy.newProxyInstance(AnswerWatchBenchmark.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getOutputStream" -> out;
                    case "getStatus" -> status;
                    default -> null;
                });
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        service.close();
    }

    private void write(HttpServletResponse response) throws IOException {
        ServletOutputStream out = response.getOutputStream();
        for (int i = 0; i < chunks; i++) {
            out.write(chunk, 0, chunk.length);
        }
    }

    @Benchmark
    public void plain() throws IOException {
        write(ok);
    }

    @Benchmark
    public void watched() throws IOException {
        AnswerWatch watch = new AnswerWatch(ok, service.quarantine(), "bedrock", "m", tally, true, "request");
        write(watch);
        watch.dispatchReturned(request);
    }

    @Benchmark
    public void watchedRefusal() throws IOException {
        AnswerWatch watch = new AnswerWatch(refused, service.quarantine(), "bedrock", "m", tally, true, "request");
        write(watch);
        watch.dispatchReturned(request);
    }
}
