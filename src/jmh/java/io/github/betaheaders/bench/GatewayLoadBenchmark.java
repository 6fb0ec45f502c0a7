package io.github.betaheaders.bench;

import io.github.betaheaders.bench.load.CountingUpstream;
import io.github.betaheaders.bench.load.DocumentServer;
import io.github.betaheaders.bench.load.LoadDriver;
import io.github.betaheaders.bench.load.LoadRequest;
import io.github.betaheaders.bench.load.LoadResult;
import io.github.betaheaders.bench.load.OneConnectionClient;
import io.github.betaheaders.servlet.AnthropicBetaHeadersAdminServlet;
import io.github.betaheaders.testsupport.AdminApi;
import io.github.betaheaders.testsupport.JettyGateway;
import io.github.betaheaders.testsupport.ProxyServletKind;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * End to end through a gateway: embedded Jetty 12 (ee10) with Jetty's transparent {@code ProxyServlet} per route
 * (as {@link JettyGateway} and the example gateway set it up), forwarding to a fast {@link CountingUpstream}, all on
 * 127.0.0.1, loaded by a closed-loop {@link LoadDriver} (fixed connections, fixed time, bounded count).
 *
 * <ol>
 *   <li>For Claude Code's Bedrock request (header and small JSON body rewritten) and its Vertex AI request (header
 *   only): the gateway with the filter ({@code routes}, the mapping from a local {@link DocumentServer}) against the same
 *   gateway without it: requests/s, p50 and p99 of both and their ratio.</li>
 *   <li>A reload storm: the Bedrock load with the filter while the mapping is reloaded 10 times a second through the
 *   admin API from the config server, which serves LiteLLM's February and September mappings in turn (they differ
 *   for this request's betas, in the header and the body), against the same load without reloads.</li>
 * </ol>
 *
 * <p>All parts are warmed up first (the JIT needs about half a minute of load on 2 cores); for the storm, the reload
 * is then warmed up as well, by reloads one after another (at 10 a second its code would stay in the interpreter and
 * the JIT's first tier for the whole run, where the request path's is fully compiled). Each comparison then runs
 * short rounds alternately, the order swapped every pair (A B, B A, A B ...): on a small machine throughput drifts
 * between states lasting seconds, and only close alternation puts both sides in the same ones. Figures pool all of a
 * side's rounds. Every round checks that no request failed and that the upstream received exactly the requests
 * answered; the process ends with exit status 1 when one did not, or when a reload failed or none swapped mappings.
 *
 * <p>The whole run is made in {@code forks} fresh JVMs one after another (3 by default), each a complete run as above
 * with its own warm-up, and the summary gives the mean of their figures, each fork's figures, and the pairs of all of
 * them: each JVM compiles the gateways' code its own way, which moves one JVM's figures by several per cent for the
 * whole of its run, so that a single JVM's run is one draw of that. {@code forks=1} measures in the process itself (for a flight recording: with forks, every fork would
 * write the same file).
 *
 * <p>Run: {@code mvn -B -q -Pjmh test-compile exec:exec@gateway-load}; optional arguments in {@code -Dload.args}:
 * {@code connections=12 seconds=2 pairs=8 forks=3 warmup=6 reloadWarmup=10} (per round; pairs per comparison in each
 * fork; forks; warm-up per side, done twice; seconds of reloads one after another, without load, after that warm-up
 * and before the comparisons, when the storm runs); {@code maxBodyBytes=0} to give the filter that setting (bodies not read: the
 * header path alone); {@code proxy=mitre} for MITRE's smiley-http-proxy-servlet in place of Jetty's;
 * {@code parts=bedrock,storm} to run only some comparisons (the header-only one, which gives the run's resolution,
 * always runs). JVM options (such as a flight recording) go in {@code -Dload.jvmArgs}.
 */
public final class GatewayLoadBenchmark {

    private static final String TOKEN = "gateway-load-benchmark";
    private static final int MAX_REQUESTS_PER_CONNECTION = 2_000_000;
    private static final Duration RELOAD_EVERY = Duration.ofMillis(100);
    /** Kept, so that the level set on it stays: no INFO line for each of the storm's reloads. */
    private static final java.util.logging.Logger LIBRARY_LOG =
            java.util.logging.Logger.getLogger("io.github.betaheaders");

    /** The run's settings. */
    record Options(int connections, Duration round, int pairs, Duration warmup, Duration reloadWarmup,
                   Integer maxBodyBytes, ProxyServletKind proxy, List<String> parts, int forks, int fork,
                   Path results) {

        static final List<String> PARTS = List.of("bedrock", "vertex_ai", "storm");

        /** Whether this process runs the forks (and measures nothing itself). */
        boolean runsForks() {
            return forks > 1 && fork == 0;
        }

        /** {@code fork 2 of 3}, or nothing when this process measures alone. */
        String forkLabel() {
            return fork == 0 ? "" : "fork " + fork + " of " + forks;
        }

        static Options parse(String[] args) {
            BenchmarkArguments given = BenchmarkArguments.parse(args);
            Options options = new Options(given.number("connections", 12, 1, 64),
                    Duration.ofSeconds(given.number("seconds", 2, 1, 60)), given.number("pairs", 8, 1, 100),
                    Duration.ofSeconds(given.number("warmup", 6, 0, 60)),
                    Duration.ofSeconds(given.number("reloadWarmup", 10, 0, 60)),
                    given.has("maxBodyBytes") ? given.number("maxBodyBytes", 0, 0, Integer.MAX_VALUE) : null,
                    given.proxy(), parts(given.text("parts")), given.number("forks", 3, 1, 10),
                    given.number("fork", 0, 0, 10), given.has("results") ? Path.of(given.text("results")) : null);
            given.requireAllTaken("connections, seconds, pairs, warmup, reloadWarmup, maxBodyBytes, proxy, parts, "
                    + "forks");
            return options;
        }

        /** {@code bedrock,storm}: which comparisons to run; all by default. vertex_ai (the resolution) always runs. */
        private static List<String> parts(String text) {
            if (text == null) {
                return PARTS;
            }
            List<String> parts = new ArrayList<>(List.of(text.split(",")));
            for (String part : parts) {
                if (!PARTS.contains(part)) {
                    throw new IllegalArgumentException("parts are a comma-separated list of " + PARTS + ", not ["
                            + text + "]");
                }
            }
            if (!parts.contains("vertex_ai")) {
                parts.add("vertex_ai");
            }
            return parts;
        }
    }

    /** One side of a comparison: a driver, and what runs during each of its rounds (such as a reload storm). */
    private record Side(String label, LoadDriver driver, Supplier<AutoCloseable> during) {
        Side(String label, LoadDriver driver) {
            this(label, driver, () -> () -> { });
        }
    }

    /** What to compare: side {@code a} against the baseline {@code b}. */
    private record Part(String name, String description, Side a, Side b) {
    }

    private final Options options;
    private final CountingUpstream upstream;
    private final List<String> problems = new ArrayList<>();

    private GatewayLoadBenchmark(Options options, CountingUpstream upstream) {
        this.options = options;
        this.upstream = upstream;
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        if (options.runsForks()) {
            System.exit(runForks(options, args));
        }
        LIBRARY_LOG.setLevel(java.util.logging.Level.WARNING);
        String february = resource("/litellm/anthropic_beta_headers_config.2026-02.json");
        String september = resource("/litellm/anthropic_beta_headers_config.2026-09.json");
        List<String> problems;
        try (CountingUpstream upstream = new CountingUpstream().start();
             DocumentServer config = new DocumentServer().start()) {
            config.serve(september);
            JettyGateway withFilter = routed(new JettyGateway(), options.proxy(), upstream);
            withFilter.filterParam("routes", LoadRequest.ROUTES).filterParam("configUrl", config.url().toString())
                    .filterParam("fetchTimeoutSeconds", "5")
                    .addServlet("admin", AnthropicBetaHeadersAdminServlet.class, "/admin/*", Map.of("adminToken", TOKEN));
            if (options.maxBodyBytes() != null) {
                withFilter.filterParam("maxBodyBytes", options.maxBodyBytes().toString());
            }
            JettyGateway withoutFilter = routed(new JettyGateway().withoutFilter(), options.proxy(), upstream);
            try (withFilter; withoutFilter) {
                withFilter.start();
                withoutFilter.start();
                AdminApi adminApi = new AdminApi(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
                        withFilter.uri().resolve("/admin/"), TOKEN);
                GatewayLoadBenchmark benchmark = new GatewayLoadBenchmark(options, upstream);
                Supplier<OneConnectionClient> reloader = () -> new OneConnectionClient(withFilter.uri(),
                        new LoadRequest("admin reload", "POST", "/admin/reload/anthropic_beta_headers",
                                Map.of("Authorization", "Bearer " + TOKEN), new byte[0]), 1);
                Supplier<ReloadStorm> storm = () -> {
                    config.serve(february, september);
                    return ReloadStorm.start(reloader.get(), RELOAD_EVERY);
                };
                Runnable backToSeptember = () -> {
                    config.serve(september);
                    AdminApi.Answer answer = adminApi.call("POST", "reload/anthropic_beta_headers");
                    if (answer.status() != 200) {
                        throw new IllegalStateException("reloading the September mapping failed: " + answer);
                    }
                };
                Callable<Integer> reloadsBackToBack = () -> {
                    config.serve(february, september);
                    try (OneConnectionClient client = reloader.get()) {
                        return ReloadStorm.backToBack(client, options.reloadWarmup());
                    } finally {
                        backToSeptember.run();
                    }
                };
                Map<String, Comparison> results = benchmark.run(withFilter, withoutFilter, storm, backToSeptember,
                        reloadsBackToBack);
                if (options.results() != null) {
                    writeResults(options.results(), results);
                }
                problems = benchmark.problems;
            }
        }
        if (!problems.isEmpty()) {
            System.out.println("FAILED:");
            problems.forEach(p -> System.out.println("  " + p));
            System.exit(1);
        }
        System.out.println("Checks passed: no request failed, the upstream received every request answered, every "
                + "reload succeeded, and the reloads swapped mappings.");
    }

    private static JettyGateway routed(JettyGateway gateway, ProxyServletKind proxy, CountingUpstream upstream) {
        gateway.proxyServlet(proxy);
        gateway.route("/bedrock", upstream.uri()).route("/vertex", upstream.uri());
        return gateway;
    }

    /**
     * @param storm           starts a reload storm
     * @param backToSeptember after a storm, makes the September mapping the active one again, as for the rest
     */
    private Map<String, Comparison> run(JettyGateway withFilter, JettyGateway withoutFilter,
                                        Supplier<ReloadStorm> storm, Runnable backToSeptember,
                                        Callable<Integer> reloadsBackToBack) throws Exception {
        LoadRequest bedrock = LoadRequest.claudeCodeBedrock();
        LoadRequest vertex = LoadRequest.claudeCodeVertex();
        List<ReloadStorm> storms = new ArrayList<>();
        Side stormy = new Side("reloads", LoadDriver.to(withFilter.uri(), bedrock), () -> {
            ReloadStorm s = storm.get();
            storms.add(s);
            return () -> {
                s.close();
                backToSeptember.run();
            };
        });
        List<Part> all = List.of(
                new Part("bedrock", bedrock.toString(),
                        new Side("with filter", LoadDriver.to(withFilter.uri(), bedrock)),
                        new Side("without filter", LoadDriver.to(withoutFilter.uri(), bedrock))),
                new Part("vertex_ai", vertex.toString(),
                        new Side("with filter", LoadDriver.to(withFilter.uri(), vertex)),
                        new Side("without filter", LoadDriver.to(withoutFilter.uri(), vertex))),
                new Part("reload storm", bedrock + ", with filter; the mapping reloaded every "
                        + RELOAD_EVERY.toMillis() + " ms through the admin API (February and September mappings in "
                        + "turn) against no reloads", stormy,
                        new Side("no reloads", LoadDriver.to(withFilter.uri(), bedrock))));
        List<Part> parts = all.stream()
                .filter(p -> options.parts().contains(p.name().equals("reload storm") ? "storm" : p.name())).toList();
        System.out.printf("End to end through Jetty %s with %s on %s: %s%d connections, %d pairs of %d s "
                        + "rounds per comparison, warm-up twice %d s per side%s%n",
                org.eclipse.jetty.util.Jetty.VERSION, options.proxy(), MachineLoad.describe(),
                options.fork() == 0 ? "" : options.forkLabel() + ", ",
                options.connections(), options.pairs(), options.round().toSeconds(), options.warmup().toSeconds(),
                options.maxBodyBytes() == null ? "" : "; the filter with maxBodyBytes=" + options.maxBodyBytes());

        if (!options.warmup().isZero()) {
            System.out.printf("%n== warm-up: every side twice%n");
            for (int pass = 0; pass < 2; pass++) {
                for (Part part : parts) {
                    warmUp(part.name(), part.a());
                    if (part.a() != stormy) {
                        warmUp(part.name(), part.b());
                    }
                }
            }
            storms.clear();
        }
        if (options.parts().contains("storm") && !options.reloadWarmup().isZero()) {
            long start = System.nanoTime();
            int reloads = reloadsBackToBack.call();
            System.out.printf("%n== reload warm-up: %d reloads one after another in %.1f s, no load (so that the "
                    + "JIT compiles the reload's code before the storm is measured)%n", reloads,
                    (System.nanoTime() - start) / 1e9);
        }

        Map<String, Comparison> results = new TreeMap<>();
        Map<CountingUpstream.Arrival, Long> stormArrivals = new TreeMap<>();
        for (Part part : parts) {
            System.out.printf("%n== %s: %s%n", part.name(), part.description());
            results.put(part.name(), compare(part, part.a() == stormy ? stormArrivals : new TreeMap<>()));
        }

        if (options.parts().contains("storm")) {
            int reloads = storms.stream().mapToInt(ReloadStorm::reloads).sum();
            List<String> reloadFailures = storms.stream().flatMap(s -> s.failures().stream()).toList();
            double stormSeconds = options.round().toSeconds() * (double) options.pairs();
            SignedTimes roundTrips = SignedTimes.pooled(storms.stream().map(ReloadStorm::roundTrips).toList());
            System.out.printf("reloads during the storm rounds: %d (%.1f/s), failed: %d%s; round trip %s%n", reloads,
                    reloads / stormSeconds, reloadFailures.size(),
                    reloadFailures.isEmpty() ? "" : " " + reloadFailures.subList(0, Math.min(3, reloadFailures.size())),
                    roundTrips(roundTrips));
            if (!reloadFailures.isEmpty()) {
                problems.add(reloadFailures.size() + " reloads failed, e.g. " + reloadFailures.get(0));
            }
            if (reloads < 0.8 * stormSeconds * 1000 / RELOAD_EVERY.toMillis()) {
                problems.add("only " + reloads + " reloads in " + stormSeconds + " s");
            }
            if (stormArrivals.size() < 2) {
                problems.add("during the reload storm the upstream saw a single outcome: " + stormArrivals.keySet());
            }
        }

        printSummary(options, options.fork() == 0 ? "" : "of " + options.forkLabel() + " ", List.of(results));
        return results;
    }

    /**
     * The summary of {@code runs}: one JVM's comparisons, or each fork's. Each comparison's figures against its target
     * (one JVM's pooled over all its rounds; with forks, the mean of the forks' own, each fork's listed), its pairs'
     * ratios (all the runs' pairs), and the resolution (from the header-only comparison's pairs). Latencies are not
     * pooled across forks: a fork on a slower stretch of the machine would dominate the pooled p99.
     */
    private static void printSummary(Options options, String of, List<Map<String, Comparison>> runs) {
        boolean forked = runs.size() > 1;
        System.out.printf("%n== summary %s(%s; %d connections, %d x %d s per side; %s; then the pairs' ratios, their "
                        + "mean with 2 standard errors)%n", of, MachineLoad.describe(), options.connections(),
                options.pairs() * runs.size(), options.round().toSeconds(), forked
                        ? "A / B the mean of the forks' own, each pooled over its rounds" : "A / B pooled over all rounds");
        String resolution = String.format("this run resolves throughput to +/- %.1f %% and p99 to +/- %.1f %% (2 "
                        + "standard errors of the header-only pairs' ratios): smaller differences are noise here",
                200 * Comparison.standardError(allPairs(runs, "vertex_ai", Comparison::pairThroughputRatios)),
                200 * Comparison.standardError(allPairs(runs, "vertex_ai", Comparison::pairP99Ratios)));
        for (String name : runs.get(0).keySet()) {
            boolean storming = name.equals("reload storm");
            List<Comparison> each = runs.stream().map(r -> r.get(name)).toList();
            double throughput = each.stream().mapToDouble(Comparison::throughputRatio).average().orElseThrow();
            double p50 = each.stream().mapToDouble(Comparison::p50Change).average().orElseThrow();
            double p99 = each.stream().mapToDouble(Comparison::p99Change).average().orElseThrow();
            List<Double> throughputPairs = allPairs(runs, name, Comparison::pairThroughputRatios);
            List<Double> p99Pairs = allPairs(runs, name, Comparison::pairP99Ratios);
            System.out.printf("%-13s %s: throughput %.1f %%%s; p50 %+.1f %%; p99 %+.1f %% (target <= %s: %s), "
                            + "higher in %d of %d pairs; failed requests %d%n", name,
                    storming ? "reloads / none" : "with / without filter", 100 * throughput,
                    storming ? "" : " (target >= 97 %: " + met(throughput >= 0.97) + ")",
                    100 * p50, 100 * p99, storming ? "+10 %" : "+5 %",
                    met(p99 <= (storming ? 0.10 : 0.05)), p99Pairs.stream().filter(r -> r > 1).count(),
                    p99Pairs.size(), each.stream().mapToLong(c -> c.a().failures() + c.b().failures()).sum());
            System.out.printf("%-13s   pairs: throughput %s; p99 %s%n", "",
                    Comparison.spread(throughputPairs, false), Comparison.spread(p99Pairs, true));
            if (forked) {
                System.out.printf("%-13s   forks: throughput %s; p99 %s%n", "",
                        each.stream().map(f -> String.format("%.1f %%", 100 * f.throughputRatio()))
                                .collect(Collectors.joining(", ")),
                        each.stream().map(f -> String.format("%+.1f %%", 100 * f.p99Change()))
                                .collect(Collectors.joining(", ")));
            }
            System.out.printf("%-13s   %s%n", "", resolution);
        }
    }

    /** The pairs' ratios of comparison {@code name} in all {@code runs}, one run's after another's. */
    private static List<Double> allPairs(List<Map<String, Comparison>> runs, String name,
                                         Function<Comparison, List<Double>> ratios) {
        return runs.stream().flatMap(r -> ratios.apply(r.get(name)).stream()).toList();
    }

    /**
     * Runs the benchmark in {@code options.forks()} fresh JVMs one after another, each with this process's arguments,
     * then prints the summary of all of them ({@link #printSummary}); returns the exit status: 1 when a fork failed a check (or
     * did not finish), else 0.
     */
    private static int runForks(Options options, String[] args) throws IOException, InterruptedException {
        System.out.printf("Gateway load benchmark in %d forks (fresh JVMs, one after another), %d pairs per comparison "
                + "each; on %s%n", options.forks(), options.pairs(), MachineLoad.describe());
        List<Map<String, Comparison>> forks = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int fork = 1; fork <= options.forks(); fork++) {
            System.out.printf("%n=== fork %d of %d%n", fork, options.forks());
            System.out.flush();
            Path results = Files.createTempFile("gateway-load-fork-" + fork + "-", ".bin");
            try {
                int status = BenchmarkFork.run(GatewayLoadBenchmark.class, args,
                        List.of("fork=" + fork, "results=" + results));
                if (status != 0) {
                    problems.add("fork " + fork + " ended with exit status " + status);
                }
                if (Files.size(results) == 0) {
                    problems.add("fork " + fork + " measured nothing");
                } else {
                    try {
                        forks.add(readResults(results));
                    } catch (IOException e) {
                        problems.add("fork " + fork + "'s figures could not be read back (" + e + ")");
                    }
                }
            } finally {
                Files.deleteIfExists(results);
            }
        }
        if (!forks.isEmpty()) {
            printSummary(options, "of all " + forks.size() + " forks ", forks);
        }
        if (!problems.isEmpty()) {
            System.out.println("FAILED:");
            problems.forEach(p -> System.out.println("  " + p));
            return 1;
        }
        System.out.println("Checks passed in every fork.");
        return 0;
    }

    /** Hands a fork's comparisons to the process that pools them. */
    private static void writeResults(Path file, Map<String, Comparison> results) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            out.writeInt(results.size());
            for (Map.Entry<String, Comparison> e : results.entrySet()) {
                out.writeUTF(e.getKey());
                e.getValue().writeTo(out);
            }
        }
    }

    private static Map<String, Comparison> readResults(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            int count = in.readInt();
            Map<String, Comparison> results = new TreeMap<>();
            for (int i = 0; i < count; i++) {
                results.put(in.readUTF(), Comparison.readFrom(in));
            }
            return results;
        }
    }

    /** {@code median 1.10 ms, p90 2.30 ms, max 9.00 ms} of the reloads' round trips. */
    private static String roundTrips(SignedTimes times) {
        if (times.count() == 0) {
            return "(none)";
        }
        return String.format("median %.2f ms, p90 %.2f ms, max %.2f ms", times.p50() / 1e3,
                times.percentileMicros(0.90) / 1e3, times.percentileMicros(1.0) / 1e3);
    }

    private static String met(boolean met) {
        return met ? "met" : "MISSED";
    }

    private void warmUp(String part, Side side) throws Exception {
        MachineLoad.Reading start = MachineLoad.now();
        LoadResult result = load(side, options.warmup());
        check("warm-up " + part + " " + side.label(), result, CountingUpstream.total(upstream.takeArrivals()));
        System.out.printf("%-13s %-15s %s; %s%n", part, side.label(), result, MachineLoad.since(start));
    }

    /** Alternating rounds, the order swapped every pair; {@code aArrivals} gets what reached the upstream in A's. */
    private Comparison compare(Part part, Map<CountingUpstream.Arrival, Long> aArrivals) throws Exception {
        Side a = part.a();
        Side b = part.b();
        List<LoadResult> aRounds = new ArrayList<>();
        List<LoadResult> bRounds = new ArrayList<>();
        Map<CountingUpstream.Arrival, Long> bArrivals = new TreeMap<>();
        List<Double> ratios = new ArrayList<>();
        List<Double> p99Ratios = new ArrayList<>();
        for (int pair = 1; pair <= options.pairs(); pair++) {
            MachineLoad.Reading start = MachineLoad.now();
            boolean aFirst = pair % 2 == 1;
            LoadResult first = round(pair, aFirst ? a : b, aFirst ? aArrivals : bArrivals);
            LoadResult second = round(pair, aFirst ? b : a, aFirst ? bArrivals : aArrivals);
            LoadResult ra = aFirst ? first : second;
            LoadResult rb = aFirst ? second : first;
            aRounds.add(ra);
            bRounds.add(rb);
            ratios.add(ra.requestsPerSecond() / rb.requestsPerSecond());
            p99Ratios.add(ra.p99Micros() / rb.p99Micros());
            System.out.printf("pair %2d %s  A %,7.0f/s p50 %,6.0f p99 %,6.0f us | B %,7.0f/s p50 %,6.0f p99 %,6.0f us "
                            + "| A/B %5.1f %%; %s%n", pair, aFirst ? "AB" : "BA", ra.requestsPerSecond(),
                    ra.p50Micros(), ra.p99Micros(), rb.requestsPerSecond(), rb.p50Micros(), rb.p99Micros(),
                    100 * ratios.get(ratios.size() - 1), MachineLoad.since(start));
        }
        Comparison c = new Comparison(LoadResult.combined(aRounds), LoadResult.combined(bRounds), ratios, p99Ratios);
        System.out.printf("A %-15s %s%n", a.label(), c.a());
        System.out.printf("B %-15s %s%n", b.label(), c.b());
        System.out.printf("A / B: throughput %.1f %%, p50 %+.1f %%, p99 %+.1f %%; pairs: throughput %s, p99 %s%n",
                100 * c.throughputRatio(), 100 * c.p50Change(), 100 * c.p99Change(),
                Comparison.spread(ratios, false), Comparison.spread(p99Ratios, true));
        System.out.printf("reached the upstream, A: %s%n", aArrivals);
        System.out.printf("reached the upstream, B: %s%n", bArrivals);
        return c;
    }

    private LoadResult round(int pair, Side side, Map<CountingUpstream.Arrival, Long> arrivals) throws Exception {
        upstream.takeArrivals();
        LoadResult result = load(side, options.round());
        Map<CountingUpstream.Arrival, Long> arrived = upstream.takeArrivals();
        arrived.forEach((k, v) -> arrivals.merge(k, v, Long::sum));
        check("pair " + pair + " " + side.label(), result, CountingUpstream.total(arrived));
        return result;
    }

    private LoadResult load(Side side, Duration time) throws Exception {
        try (AutoCloseable during = side.during().get()) {
            return side.driver().run(options.connections(), time, MAX_REQUESTS_PER_CONNECTION);
        }
    }

    private void check(String run, LoadResult result, long arrived) {
        if (result.failures() > 0) {
            problems.add(run + ": " + result.failures() + " requests failed, e.g. " + result.failureSamples());
        }
        if (result.requests() == 0) {
            problems.add(run + ": no request succeeded");
        }
        if (result.failures() == 0 && arrived != result.requests()) {
            problems.add(run + ": the upstream received " + arrived + " requests, the driver had " + result.requests()
                    + " answered");
        }
    }

    /** A class path resource's text (UTF-8). */
    static String resource(String name) {
        try (InputStream in = GatewayLoadBenchmark.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
