package io.github.betaheaders.bench;

import io.github.betaheaders.bench.load.LoadRequest;
import io.github.betaheaders.core.FilterSettings;
import io.github.betaheaders.service.BetaHeadersService;
import io.github.betaheaders.servlet.AnthropicBetaHeadersFilter;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The filter's cost per request on the body path: Claude Code's Bedrock request of the gateway benchmark (its 3-beta
 * header and 1,750-byte InvokeModel body with 3 body betas, both rewritten; {@code routes} and LiteLLM's September
 * mapping as there), then a proxy-like chain that copies every header and reads the whole body, against a filter that
 * does nothing. The container is left out (a {@link BenchRequest} whose body has arrived whole), so this is the filter's own work: the
 * body read into its buffer, the scan and rewrite, the wrappers answering the proxy, the counters.
 *
 * <p>Run: {@code mvn -B -q -Pjmh test-compile exec:exec -Djmh.args="FilterBodyPathBenchmark -prof gc"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FilterBodyPathBenchmark {

    /** What the gateway benchmark's upstream receives for this request with LiteLLM's September mapping. */
    private static final int EXPECTED_BODY_BYTES = 1_682;

    private Path mappingFile;
    private BetaHeadersService service;
    private Filter filter;
    private Filter noop;

    /**
     * One client's request and proxy, per benchmark thread: with {@code -t 2} two threads run the filter at once on one
     * service, as a gateway's container threads do, which shows what its shared state costs under contention.
     */
    @State(Scope.Thread)
    public static class OneClient {
        BenchRequest request;
        FilterChain proxy;

        @Setup(Level.Trial)
        public void setUp(Blackhole hole) {
            request = bedrockRequest();
            proxy = proxyCopyingHeadersAndBody(hole);
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws ServletException {
        Map<String, String> params = Map.of(FilterSettings.LOCAL_ONLY, "true", FilterSettings.ROUTES,
                LoadRequest.ROUTES, FilterSettings.CONFIG_FILE, septemberMappingFile().toString());
        service = BetaHeadersService.start(FilterSettings.read("filter [bench]", List.copyOf(params.keySet()),
                params::get));
        filter = new AnthropicBetaHeadersFilter(service);
        filter.init(FilterHeaderPathBenchmark.config(AnthropicBetaHeadersFilter.NAME, Map.of()));
        noop = (request, response, chain) -> chain.doFilter(request, response);
        checkRewritten(bedrockRequest());
    }

    /** The gateway benchmark's Bedrock request, with the headers a client sends and its body arrived whole. */
    private static BenchRequest bedrockRequest() {
        LoadRequest bedrock = LoadRequest.claudeCodeBedrock();
        String target = bedrock.target();
        int slash = target.indexOf('/', 1);
        String[] all = Stream.concat(Stream.of("Host", "gateway.internal:8080", "Connection", "keep-alive"),
                bedrock.headers().entrySet().stream().flatMap(e -> Stream.of(e.getKey(), e.getValue())))
                .toArray(String[]::new);
        return new BenchRequest(bedrock.method(), target.substring(0, slash), target.substring(slash), all)
                .withJsonBody(bedrock.body());
    }

    /** The measured path is the one meant: header and body rewritten as the gateway benchmark's upstream sees them. */
    private void checkRewritten(BenchRequest request) throws ServletException {
        try {
            String[] header = new String[1];
            byte[][] body = new byte[1][];
            request.resend();
            filter.doFilter(request, null, (forwarded, response) -> {
                header[0] = ((HttpServletRequest) forwarded).getHeader("anthropic-beta");
                body[0] = forwarded.getInputStream().readAllBytes();
            });
            String text = new String(body[0], StandardCharsets.UTF_8);
            if (!"effort-2025-11-24".equals(header[0]) || body[0].length != EXPECTED_BODY_BYTES
                    || !text.contains("\"anthropic_beta\":[\"tool-search-tool-2025-10-19\"]")) {
                throw new IllegalStateException("the filter did not rewrite the benchmark's request as expected: "
                        + "header " + header[0] + ", body of " + body[0].length + " bytes: " + text);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        filter.destroy();
        service.close();
        Files.deleteIfExists(mappingFile);
    }

    /** LiteLLM's September mapping, which the gateway benchmark's config server serves, in a file of its own. */
    private Path septemberMappingFile() {
        try {
            mappingFile = Files.createTempFile("september-mapping", ".json");
            Files.writeString(mappingFile, GatewayLoadBenchmark.resource(
                    "/litellm/anthropic_beta_headers_config.2026-09.json"));
            return mappingFile;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies every header and reads the body in 4 KiB reads, as a proxy servlet does. */
    private static FilterChain proxyCopyingHeadersAndBody(Blackhole hole) {
        FilterChain headers = FilterHeaderPathBenchmark.proxyCopyingHeaders(hole);
        byte[] chunk = new byte[4096];
        return (request, response) -> {
            headers.doFilter(request, response);
            ServletInputStream in = request.getInputStream();
            for (int n; (n = in.read(chunk, 0, chunk.length)) >= 0; ) {
                hole.consume(n);
            }
        };
    }

    @Benchmark
    public void bedrockFilter(OneClient client) throws IOException, ServletException {
        client.request.resend();
        filter.doFilter(client.request, null, client.proxy);
    }

    @Benchmark
    public void bedrockNoopFilter(OneClient client) throws IOException, ServletException {
        client.request.resend();
        noop.doFilter(client.request, null, client.proxy);
    }
}
