package io.github.betaheaders.bench;

import io.github.betaheaders.core.FilterSettings;
import io.github.betaheaders.service.BetaHeadersService;
import io.github.betaheaders.servlet.AnthropicBetaHeadersFilter;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 * The filter's cost per request on the header path, against a filter that does nothing, with the bundled mapping
 * (LiteLLM's September file) and provider recognition from the path ({@code provider=auto}).
 *
 * <ul>
 *   <li>{@code withBetas*}: Claude Code's real 8-flag header on a request to each provider's path, then a proxy-like
 *       chain that copies every header through {@code getHeaderNames}/{@code getHeaders}, as Jetty's ProxyServlet does.
 *       The difference between {@code withBetasFilter} and {@code withBetasNoopFilter} is the filter's cost.</li>
 *   <li>{@code withoutBetas*}: a request without {@code anthropic-beta} (and without a JSON body) and a chain that does
 *       nothing: the filter's overhead on requests it leaves alone.</li>
 * </ul>
 * The requests carry no JSON body, so the body path (see {@code BodyRewriteBenchmark}) is not part of these figures.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FilterHeaderPathBenchmark {

    @Param({"anthropic", "bedrock", "vertex_ai", "azure_ai"})
    public String provider;

    private BetaHeadersService service;
    private Filter filter;
    private Filter noop;
    private BenchRequest withBetas;
    private BenchRequest withoutBetas;
    private FilterChain proxy;
    private FilterChain consume;

    @Setup(Level.Trial)
    public void setUp(Blackhole hole) throws ServletException {
        proxy = proxyCopyingHeaders(hole);
        consume = (request, response) -> hole.consume(request);
        service = BetaHeadersService.start(FilterSettings.read("filter [bench]", List.of(FilterSettings.LOCAL_ONLY),
                name -> FilterSettings.LOCAL_ONLY.equals(name) ? "true" : null));
        filter = new AnthropicBetaHeadersFilter(service);
        filter.init(config(AnthropicBetaHeadersFilter.NAME, Map.of()));
        noop = (request, response, chain) -> chain.doFilter(request, response);
        String[] path = switch (provider) {
            case "anthropic" -> new String[] {"/anthropic", "/v1/messages"};
            case "bedrock" -> new String[] {"/bedrock", "/model/us.anthropic.claude-opus-5-5/invoke"};
            case "vertex_ai" -> new String[] {"/vertex",
                "/projects/p/locations/us-east5/publishers/anthropic/models/claude-opus-5-5:streamRawPredict"};
            case "azure_ai" -> new String[] {"/foundry", "/anthropic/v1/messages"};
            default -> throw new IllegalArgumentException(provider);
        };
        withBetas = new BenchRequest("POST", path[0], path[1],
                "Host", "gateway.internal:8080",
                "User-Agent", "claude-cli/2.1.330 (external, cli)",
                "Accept", "application/json",
                "anthropic-version", "2023-06-01",
                "anthropic-beta", HeaderRulesBenchmark.CLAUDE_CODE_HEADER,
                "x-api-key", "sk-ant-bench",
                "x-stainless-lang", "js",
                "Connection", "keep-alive");
        withoutBetas = new BenchRequest("GET", path[0], path[1],
                "Host", "gateway.internal:8080",
                "User-Agent", "claude-cli/2.1.330 (external, cli)",
                "Accept", "application/json",
                "anthropic-version", "2023-06-01",
                "x-api-key", "sk-ant-bench");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        filter.destroy();
        service.close();
    }

    /** Copies every header as a proxy servlet does. */
    static FilterChain proxyCopyingHeaders(Blackhole hole) {
        return (request, response) -> {
            HttpServletRequest http = (HttpServletRequest) request;
            Enumeration<String> names = http.getHeaderNames();
            while (names.hasMoreElements()) {
                Enumeration<String> values = http.getHeaders(names.nextElement());
                while (values.hasMoreElements()) {
                    hole.consume(values.nextElement());
                }
            }
        };
    }

    @Benchmark
    public void withBetasFilter() throws IOException, ServletException {
        filter.doFilter(withBetas, null, proxy);
    }

    @Benchmark
    public void withBetasNoopFilter() throws IOException, ServletException {
        noop.doFilter(withBetas, null, proxy);
    }

    @Benchmark
    public void withoutBetasFilter() throws IOException, ServletException {
        filter.doFilter(withoutBetas, null, consume);
    }

    @Benchmark
    public void withoutBetasNoopFilter() throws IOException, ServletException {
        noop.doFilter(withoutBetas, null, consume);
    }

    static FilterConfig config(String name, Map<String, String> params) {
        Map<String, Object> attributes = new ConcurrentHashMap<>();
        ServletContext context = (ServletContext) Proxy.newProxyInstance(FilterHeaderPathBenchmark.class.getClassLoader(),
                new Class<?>[] {ServletContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getServletRegistrations" -> Map.of();
                    case "setAttribute" -> attributes.put((String) args[0], args[1]);
                    case "getAttribute" -> attributes.get((String) args[0]);
                    case "removeAttribute" -> attributes.remove((String) args[0]);
                    case "getContextPath" -> "";
                    case "toString" -> "bench context";
                    default -> null;
                });
        return new FilterConfig() {
            @Override
            public String getFilterName() {
                return name;
            }

            @Override
            public ServletContext getServletContext() {
                return context;
            }

            @Override
            public String getInitParameter(String param) {
                return params.get(param);
            }

            @Override
            public Enumeration<String> getInitParameterNames() {
                return Collections.enumeration(params.keySet());
            }
        };
    }
}
