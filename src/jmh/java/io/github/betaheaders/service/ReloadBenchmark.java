package io.github.betaheaders.service;

import io.github.betaheaders.core.BetaMapping;
import io.github.betaheaders.core.BetaMappingParser;
import io.github.betaheaders.core.FilterSettings;
import io.github.betaheaders.core.InvalidMappingException;
import io.github.betaheaders.core.Settings;
import io.github.betaheaders.load.InMemoryScheduleStore;
import io.github.betaheaders.load.LoadFailedException;
import io.github.betaheaders.load.MappingChanges;
import io.github.betaheaders.load.RemoteDocumentFetcher;
import io.github.betaheaders.servlet.AnthropicBetaHeadersAdminServlet;
import io.github.betaheaders.testsupport.AdminApi;
import io.github.betaheaders.testsupport.JettyGateway;
import io.github.betaheaders.testsupport.MappingServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
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

/**
 * What one reload costs, piece by piece, as the gateway benchmark's reload storm makes it: LiteLLM's September
 * mapping (12.5 KB) and its February one, served in turn by a local config server.
 *
 * <ul>
 *   <li>{@code parse}: the September document's bytes to a checked mapping;</li>
 *   <li>{@code changes}: what changed between the two mappings (the reload's answer and log lines);</li>
 *   <li>{@code fetch}: one fetch of the document (a new connection and a fetch thread each time);</li>
 *   <li>{@code serviceReload}: the service's reload, the documents in turn (fetch, parse, changes, counters);</li>
 *   <li>{@code adminReload}: {@code POST reload/anthropic_beta_headers} through the admin servlet in an embedded
 *   Jetty, from Java's {@code HttpClient}, which is what the storm sends; {@code adminStatus}, a {@code GET} of the
 *   status from the same client, is the HTTP round trip alone.</li>
 * </ul>
 *
 * <p>Run: {@code mvn -B -q -Pjmh test-compile exec:exec -Djmh.args="ReloadBenchmark -prof gc"}. Both ends of each
 * exchange are in the benchmark's JVM, so {@code fetch} and the admin figures count the server's work too.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ReloadBenchmark {

    private static final String TOKEN = "reload-benchmark-admin-token";
    /** Kept, so that the level set on it stays: no INFO line for each reload. */
    private static final java.util.logging.Logger LIBRARY_LOG =
            java.util.logging.Logger.getLogger("io.github.betaheaders");

    private byte[] september;
    private BetaMapping februaryMapping;
    private BetaMapping septemberMapping;
    private MappingServer config;
    private RemoteDocumentFetcher fetcher;
    private BetaHeadersService service;
    private JettyGateway gateway;
    private AdminApi admin;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        LIBRARY_LOG.setLevel(java.util.logging.Level.WARNING);
        String february = resource("/litellm/anthropic_beta_headers_config.2026-02.json");
        String septemberText = resource("/litellm/anthropic_beta_headers_config.2026-09.json");
        september = septemberText.getBytes(StandardCharsets.UTF_8);
        februaryMapping = BetaMappingParser.parse(february);
        septemberMapping = BetaMappingParser.parse(septemberText);
        config = new MappingServer().start();
        config.answer(MappingServer.alternating(MappingServer.document(february),
                MappingServer.document(septemberText)));
        fetcher = new RemoteDocumentFetcher(Duration.ofSeconds(5), 1 << 20);
        Map<String, String> params = new LinkedHashMap<>();
        params.put(FilterSettings.CONFIG_URL, config.url().toString());
        FilterSettings settings = new FilterSettings(new Settings("filter [benchmark]", params.keySet(), params::get,
                new Properties(), Map.of(), FilterSettings.NAMES, FilterSettings.LITELLM_ALIASES));
        service = BetaHeadersService.start(settings, Clock.systemUTC(), new InMemoryScheduleStore());
        gateway = new JettyGateway();
        gateway.filterParam("configUrl", config.url().toString())
                .addServlet("admin", AnthropicBetaHeadersAdminServlet.class, "/admin/*", Map.of("adminToken", TOKEN));
        gateway.start();
        admin = new AdminApi(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
                gateway.uri().resolve("/admin/"), TOKEN);
    }

    /** The config server keeps every request it answered; they are not what is measured. */
    @TearDown(Level.Iteration)
    public void forgetRequests() {
        config.clearRequests();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        gateway.close();
        service.close();
        fetcher.close();
        config.close();
    }

    @Benchmark
    public BetaMapping parse() throws InvalidMappingException {
        return BetaMappingParser.parse(september);
    }

    @Benchmark
    public MappingChanges changes() {
        return MappingChanges.between(februaryMapping, septemberMapping);
    }

    @Benchmark
    public RemoteDocumentFetcher.Outcome fetch() throws Exception {
        return fetcher.fetch(config.url(), RemoteDocumentFetcher.Validators.NONE);
    }

    @Benchmark
    public MappingReload serviceReload() throws LoadFailedException, ReloadNotFinishedException {
        return service.reload();
    }

    @Benchmark
    public AdminApi.Answer adminReload() {
        return checked(admin.call("POST", "reload/anthropic_beta_headers"));
    }

    @Benchmark
    public AdminApi.Answer adminStatus() {
        return checked(admin.call("GET", "anthropic_beta_headers"));
    }

    private static AdminApi.Answer checked(AdminApi.Answer answer) {
        if (answer.status() != 200) {
            throw new IllegalStateException("the admin API answered " + answer);
        }
        return answer;
    }

    private static String resource(String name) {
        try (InputStream in = ReloadBenchmark.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
