package io.github.betaheaders.bench;

import io.github.betaheaders.bench.load.DocumentServer;
import io.github.betaheaders.bench.load.FirstByteUpstream;
import io.github.betaheaders.bench.load.OneConnectionClient;
import io.github.betaheaders.bench.load.LoadRequest;
import io.github.betaheaders.testsupport.JettyGateway;
import io.github.betaheaders.testsupport.ProxyServletKind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A large body end to end: Claude Code's Bedrock InvokeModel request with a long conversation (a body of 256 KiB by
 * default) through two embedded Jetty 12 gateways on 127.0.0.1, one with the filter and one without, both proxying to
 * one {@link FirstByteUpstream}. The filter reads the whole body before the proxy servlet runs, so the proxy cannot
 * forward the request until its last byte has arrived; without the filter the proxy may start forwarding while the
 * body is still coming. The figure of interest is the time from the client's last body byte (the return of its last
 * write) to the upstream's first byte of the request: signed, since without the filter the upstream can see the
 * request before the client has written all of it. The round trip (the client's first byte to the response's end) is
 * reported too, and how long the client's writes took (on loopback the kernel takes the whole body at once).
 *
 * <p>Requests are sequential, one keep-alive connection per side (latency, not throughput). Both sides are warmed up
 * (twice, half the warm-up each time, alternating), then each pair runs one round per side, the order swapped every
 * pair (A B, B A, ...). Every request is checked: HTTP 200, exactly one request reached the upstream, at the path
 * the proxy should forward to, with the filter's side rewritten (the dropped beta gone, the body shorter) and the
 * other side's as sent. The process ends with exit status 1 when any check failed.
 *
 * <p>Run: {@code mvn -B -q -Pjmh test-compile exec:exec@large-body}; optional arguments in {@code -Dlarge.args}:
 * {@code requests=200 pairs=10 warmup=300 proxy=jetty bodyKiB=256 writeKiB=16} (requests per round and side; pairs;
 * warm-up requests per side; {@code proxy=mitre} for MITRE's smiley-http-proxy-servlet; the conversation's size; the
 * size of each of the client's body writes).
 */
public final class LargeBodyLatencyBenchmark {

    /** A beta of the fixture's body array that LiteLLM's September mapping drops for Bedrock (it has no entry). */
    static final String DROPPED_BETA = "thinking-token-count-2026-05-13";
    private static final long ARRIVAL_TIMEOUT_MILLIS = 5_000;
    private static final int MAX_PROBLEMS_SHOWN = 10;
    /** Kept, so that the level set on it stays. */
    private static final java.util.logging.Logger LIBRARY_LOG =
            java.util.logging.Logger.getLogger("io.github.betaheaders");

    /** The run's settings. */
    record Options(int requests, int pairs, int warmup, ProxyServletKind proxy, int bodyKiB, int writeKiB) {

        static final String KNOWN = "requests, pairs, warmup, proxy, bodyKiB, writeKiB";

        static Options parse(String[] args) {
            BenchmarkArguments given = BenchmarkArguments.parse(args);
            Options options = new Options(given.number("requests", 200, 1, 100_000),
                    given.number("pairs", 10, 1, 100), given.number("warmup", 300, 0, 100_000), given.proxy(),
                    given.number("bodyKiB", 256, 1, 16 * 1024), given.number("writeKiB", 16, 1, 1024));
            given.requireAllTaken(KNOWN);
            return options;
        }
    }

    /** One side: its gateway's client, what the upstream must receive from it, and what its rounds measured. */
    private static final class Side {
        final String label;
        final OneConnectionClient client;
        final boolean filtered;
        final List<SignedTimes> latencies = new ArrayList<>();
        final List<SignedTimes> roundTrips = new ArrayList<>();
        final List<SignedTimes> writes = new ArrayList<>();
        final Map<String, Long> arrivals = new TreeMap<>();

        Side(String label, OneConnectionClient client, boolean filtered) {
            this.label = label;
            this.client = client;
            this.filtered = filtered;
        }
    }

    /** One round's figures. */
    private record Round(SignedTimes latency, SignedTimes roundTrip, SignedTimes writing) {
    }

    private final Options options;
    private final FirstByteUpstream upstream;
    private final String forwardedTarget;
    private final int bodyBytes;
    private final List<String> problems = new ArrayList<>();
    private long problemCount;

    private LargeBodyLatencyBenchmark(Options options, FirstByteUpstream upstream, LoadRequest request) {
        this.options = options;
        this.upstream = upstream;
        this.forwardedTarget = request.target().substring("/bedrock".length());
        this.bodyBytes = request.body().length;
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        LIBRARY_LOG.setLevel(java.util.logging.Level.WARNING);
        LoadRequest request = LoadRequest.claudeCodeBedrockInvoke(options.bodyKiB() * 1024);
        List<String> problems;
        long problemCount;
        try (FirstByteUpstream upstream = new FirstByteUpstream(DROPPED_BETA);
             DocumentServer config = new DocumentServer().start()) {
            config.serve(GatewayLoadBenchmark.resource("/litellm/anthropic_beta_headers_config.2026-09.json"));
            JettyGateway withFilter = new JettyGateway();
            withFilter.proxyServlet(options.proxy()).route("/bedrock", upstream.uri())
                    .filterParam("routes", LoadRequest.ROUTES).filterParam("configUrl", config.url().toString())
                    .filterParam("fetchTimeoutSeconds", "5");
            JettyGateway withoutFilter = new JettyGateway().withoutFilter();
            withoutFilter.proxyServlet(options.proxy()).route("/bedrock", upstream.uri());
            try (withFilter; withoutFilter) {
                withFilter.start();
                withoutFilter.start();
                int writeBytes = options.writeKiB() * 1024;
                try (OneConnectionClient a = new OneConnectionClient(withFilter.uri(), request, writeBytes);
                     OneConnectionClient b = new OneConnectionClient(withoutFilter.uri(), request, writeBytes)) {
                    LargeBodyLatencyBenchmark benchmark = new LargeBodyLatencyBenchmark(options, upstream, request);
                    benchmark.run(request, new Side("with filter", a, true), new Side("without filter", b, false));
                    problems = benchmark.problems;
                    problemCount = benchmark.problemCount;
                }
            }
        }
        if (problemCount > 0) {
            System.out.println("FAILED (" + problemCount + " problems" + (problemCount > problems.size()
                    ? ", the first " + problems.size() + " shown" : "") + "):");
            problems.forEach(p -> System.out.println("  " + p));
            System.exit(1);
        }
        System.out.println("Checks passed: every request answered 200 and reached the upstream once, rewritten (the "
                + "dropped beta gone, the body shorter) through the filter and as sent without it.");
    }

    private void run(LoadRequest request, Side a, Side b) throws Exception {
        System.out.printf("A large body end to end through Jetty %s with %s on %s%n", org.eclipse.jetty.util.Jetty.VERSION,
                options.proxy(), MachineLoad.describe());
        System.out.printf("%s, written as the head and then %d KiB writes; sequential requests on one keep-alive "
                        + "connection per side; %d pairs of %d requests per side, warm-up %d requests per side%n",
                request, options.writeKiB(), options.pairs(), options.requests(), options.warmup());
        System.out.println("latency: the upstream's first byte of the request less the client's last body byte, "
                + "signed (negative: the upstream saw the request before the client had written all of it); round "
                + "trip: the client's first byte to the response's end");

        if (options.warmup() > 0) {
            System.out.printf("%n== warm-up: each side twice, %d requests each time%n", (options.warmup() + 1) / 2);
            for (int pass = 0; pass < 2; pass++) {
                int count = pass == 0 ? (options.warmup() + 1) / 2 : options.warmup() / 2;
                for (Side side : count == 0 ? List.<Side>of() : List.of(a, b)) {
                    MachineLoad.Reading start = MachineLoad.now();
                    Round round = round("warm-up", side, count);
                    System.out.printf("%-15s latency %s; %s%n", side.label, round.latency().summary(),
                            MachineLoad.since(start));
                }
            }
            a.arrivals.clear();
            b.arrivals.clear();
        }

        System.out.printf("%n== %d pairs, A = with filter, B = without; latency and round trip p50 / p99 in us%n",
                options.pairs());
        List<Double> p50Differences = new ArrayList<>();
        List<Double> p99Differences = new ArrayList<>();
        List<Double> roundTripP50Differences = new ArrayList<>();
        for (int pair = 1; pair <= options.pairs(); pair++) {
            MachineLoad.Reading start = MachineLoad.now();
            boolean aFirst = pair % 2 == 1;
            Round first = round("pair " + pair, aFirst ? a : b, options.requests());
            Round second = round("pair " + pair, aFirst ? b : a, options.requests());
            Round ra = aFirst ? first : second;
            Round rb = aFirst ? second : first;
            a.latencies.add(ra.latency());
            a.roundTrips.add(ra.roundTrip());
            a.writes.add(ra.writing());
            b.latencies.add(rb.latency());
            b.roundTrips.add(rb.roundTrip());
            b.writes.add(rb.writing());
            p50Differences.add(ra.latency().p50() - rb.latency().p50());
            p99Differences.add(ra.latency().p99() - rb.latency().p99());
            roundTripP50Differences.add(ra.roundTrip().p50() - rb.roundTrip().p50());
            System.out.printf("pair %2d %s  A latency %+,7.0f / %+,7.0f, round trip %,7.0f / %,7.0f | B latency "
                            + "%+,7.0f / %+,7.0f, round trip %,7.0f / %,7.0f | A - B latency p50 %+,7.0f; %s%n",
                    pair, aFirst ? "AB" : "BA", ra.latency().p50(), ra.latency().p99(), ra.roundTrip().p50(),
                    ra.roundTrip().p99(), rb.latency().p50(), rb.latency().p99(), rb.roundTrip().p50(),
                    rb.roundTrip().p99(), p50Differences.get(pair - 1), MachineLoad.since(start));
        }

        System.out.printf("%n== summary (%s; %s; %d x %d requests per side, pooled; us)%n", MachineLoad.describe(),
                options.proxy(), options.pairs(), options.requests());
        for (Side side : List.of(a, b)) {
            SignedTimes latency = SignedTimes.pooled(side.latencies);
            SignedTimes roundTrip = SignedTimes.pooled(side.roundTrips);
            System.out.printf("%-15s latency    %s  (%,d requests)%n", side.label, latency.summary(), latency.count());
            System.out.printf("%-15s round trip %s%n", "", roundTrip.summary());
            System.out.printf("%-15s writing    %s  (the client's first byte to its last body byte)%n", "",
                    SignedTimes.pooled(side.writes).summary());
            System.out.printf("%-15s the upstream received: %s%n", "", side.arrivals);
        }
        System.out.printf("pairs' differences, with - without: latency p50 %s; latency p99 %s; round trip p50 %s%n",
                SignedTimes.spread(p50Differences), SignedTimes.spread(p99Differences),
                SignedTimes.spread(roundTripP50Differences));
        upstream.problems().forEach(p -> problem("upstream: " + p));
        SignedTimes withLatency = SignedTimes.pooled(a.latencies);
        SignedTimes withoutLatency = SignedTimes.pooled(b.latencies);
        SignedTimes withRoundTrip = SignedTimes.pooled(a.roundTrips);
        SignedTimes withoutRoundTrip = SignedTimes.pooled(b.roundTrips);
        System.out.printf("SUMMARY %d-byte body, %s: last body byte to upstream's first byte p50 %+,.0f us with the "
                        + "filter against %+,.0f us without (%+,.0f us), p99 %+,.0f against %+,.0f us (%+,.0f us); "
                        + "round trip p50 %,.0f against %,.0f us; problems %d%n", bodyBytes, options.proxy(),
                withLatency.p50(), withoutLatency.p50(), withLatency.p50() - withoutLatency.p50(), withLatency.p99(),
                withoutLatency.p99(), withLatency.p99() - withoutLatency.p99(), withRoundTrip.p50(),
                withoutRoundTrip.p50(), problemCount);
    }

    /** {@code count} requests in a row on {@code side}, each checked. */
    private Round round(String run, Side side, int count) throws InterruptedException {
        long[] latencies = new long[count];
        long[] roundTrips = new long[count];
        long[] writes = new long[count];
        int measured = 0;
        for (int i = 0; i < count; i++) {
            String what = run + " " + side.label + " request " + (i + 1);
            OneConnectionClient.Exchange exchange;
            try {
                exchange = side.client.send();
            } catch (IOException e) {
                problem(what + ": " + e);
                drainUpstream();
                continue;
            }
            FirstByteUpstream.Arrival arrival = upstream.take(exchange.status() == 200 ? ARRIVAL_TIMEOUT_MILLIS : 0);
            if (exchange.status() != 200) {
                problem(what + ": HTTP " + exchange.status());
            } else if (arrival == null) {
                problem(what + ": nothing reached the upstream");
            } else if (check(what, side, arrival)) {
                latencies[measured] = arrival.firstByteNanos() - exchange.lastBodyByteNanos();
                roundTrips[measured] = exchange.responseEndNanos() - exchange.firstByteNanos();
                writes[measured] = exchange.lastBodyByteNanos() - exchange.firstByteNanos();
                measured++;
            }
            if (upstream.waiting() > 0) {
                problem(what + ": " + upstream.waiting() + " more requests reached the upstream");
                drainUpstream();
            }
        }
        return new Round(new SignedTimes(Arrays.copyOf(latencies, measured)),
                new SignedTimes(Arrays.copyOf(roundTrips, measured)), new SignedTimes(Arrays.copyOf(writes, measured)));
    }

    /** Whether the upstream received what it should from {@code side}; notes a problem if not. */
    private boolean check(String what, Side side, FirstByteUpstream.Arrival arrival) {
        side.arrivals.merge("body " + arrival.bodyBytes() + " bytes, " + (arrival.marked() ? "with " : "without ")
                + DROPPED_BETA, 1L, Long::sum);
        String wrong = null;
        if (!arrival.method().equals("POST") || !arrival.target().equals(forwardedTarget)) {
            wrong = "the upstream received " + arrival.method() + " " + arrival.target() + ", not POST "
                    + forwardedTarget;
        } else if (side.filtered && (arrival.marked() || arrival.bodyBytes() >= bodyBytes)) {
            wrong = "the upstream received a body not rewritten: " + arrival.bodyBytes() + " bytes (sent "
                    + bodyBytes + ")" + (arrival.marked() ? ", still with " + DROPPED_BETA : "");
        } else if (!side.filtered && (!arrival.marked() || arrival.bodyBytes() != bodyBytes)) {
            wrong = "the upstream received a body other than the one sent: " + arrival.bodyBytes() + " bytes (sent "
                    + bodyBytes + ")" + (arrival.marked() ? "" : ", without " + DROPPED_BETA);
        }
        if (wrong != null) {
            problem(what + ": " + wrong);
        }
        return wrong == null;
    }

    /** After a failed request, what its attempt left at the upstream, once it has had time to arrive. */
    private void drainUpstream() throws InterruptedException {
        Thread.sleep(50);
        while (upstream.take(0) != null) {
            // discarded: the request it belonged to has failed already
        }
    }

    private void problem(String what) {
        problemCount++;
        if (problems.size() < MAX_PROBLEMS_SHOWN) {
            problems.add(what);
        }
    }
}
