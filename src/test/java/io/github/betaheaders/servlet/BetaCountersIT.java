package io.github.betaheaders.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.betaheaders.metrics.BetaCounters;
import io.github.betaheaders.metrics.BetaLocation;
import io.github.betaheaders.metrics.BetaOutcome;
import io.github.betaheaders.metrics.BoundedNames;
import io.github.betaheaders.metrics.RequestResult;
import io.github.betaheaders.metrics.UntouchedReason;
import io.github.betaheaders.testsupport.CapturedLog;
import io.github.betaheaders.testsupport.Gateway;
import io.github.betaheaders.testsupport.RecordingUpstream;
import io.github.betaheaders.testsupport.TestDirectories;
import io.github.betaheaders.testsupport.ThroughEachGateway;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The counters of {@link io.github.betaheaders.service.BetaHeadersService} as requests through a real container and
 * proxy servlet to a recording upstream make them: under concurrent load they equal the requests sent, by provider,
 * outcome and location; a client sending 100,000 random beta names leaves at most the bound of names; the first
 * request that drops a beta its section does not mention logs one WARNING.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BetaCountersIT {

    static final String PREFIX = "/gw";
    static final String BEDROCK = PREFIX + "/model/m/invoke";
    static final String ANTHROPIC = PREFIX + "/v1/messages";
    static final String MAPPING = "{\"anthropic\":{},\"bedrock\":{\"x-beta\":\"x-b\",\"y-beta\":null,"
            + "\"z-beta\":\"z-beta\"}}";
    static final String CLIENT_BETAS = "x-beta,y-beta,z-beta,new-beta";
    static final int THREADS = 8;
    static final int ROUNDS = 25;

    static RecordingUpstream upstream;
    static final List<Gateway> gateways = new ArrayList<>();
    static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void start() throws Exception {
        Path dir = TestDirectories.newDirectory("beta-counters");
        Path mapping = Files.writeString(dir.resolve("mapping.json"), MAPPING);
        upstream = new RecordingUpstream().start();
        for (Gateway gateway : Gateway.everyPairing()) {
            gateways.add(gateway.filterParam("localOnly", "true").filterParam("configFile", mapping.toString())
                    .filterParam("maxBetas", "100000").route(PREFIX, upstream.uri()).start());
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (Gateway gateway : gateways) {
            gateway.close();
        }
        upstream.close();
    }

    static List<Gateway> gateways() {
        return gateways;
    }

    private static HttpResponse<String> post(Gateway gateway, String path, String betas, String jsonBody)
            throws Exception {
        HttpResponse<String> response = send(gateway, path, betas, jsonBody);
        assertEquals(200, response.statusCode(), response.body());
        return response;
    }

    private static HttpResponse<String> send(Gateway gateway, String path, String betas, String jsonBody)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.uri().resolve(path))
                .timeout(Duration.ofSeconds(30));
        if (betas != null) {
            request.header("anthropic-beta", betas);
        }
        if (jsonBody != null) {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(jsonBody));
        } else {
            request.header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("{}"));
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @ThroughEachGateway
    @Order(2)
    void underConcurrentLoadTheCountersEqualTheRequestsSent(Gateway gateway) throws Exception {
        BetaCounters counters = gateway.service().counters();
        long bedrockChangedBefore = counters.requests("bedrock", RequestResult.CHANGED);
        long anthropicUnchangedBefore = counters.requests("anthropic", RequestResult.UNCHANGED);
        long renamedHeaderBefore = counters.betas("bedrock", "x-beta", BetaLocation.HEADER, BetaOutcome.RENAMED);
        long renamedBodyBefore = counters.betas("bedrock", "x-beta", BetaLocation.BODY, BetaOutcome.RENAMED);
        long nullBefore = counters.betas("bedrock", "y-beta", BetaLocation.HEADER, BetaOutcome.DROPPED_NULL);
        long unmentionedBodyBefore = counters.betas("bedrock", "new-beta", BetaLocation.BODY,
                BetaOutcome.DROPPED_UNMENTIONED);
        long forwardedBefore = counters.betas("anthropic", "new-beta", BetaLocation.HEADER, BetaOutcome.FORWARDED);
        long noProviderBefore = counters.untouched(BetaCounters.NO_PROVIDER, UntouchedReason.NO_PROVIDER);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                sent.add(pool.submit(() -> {
                    for (int i = 0; i < ROUNDS; i++) {
                        assertNull(post(gateway, BEDROCK, CLIENT_BETAS, null).headers()
                                .firstValue(AnswerHeaders.DROPPED).orElse(null), "no answer header by default");
                        post(gateway, BEDROCK, null, "{\"anthropic_beta\":[\"x-beta\",\"new-beta\"],\"n\":" + i + "}");
                        post(gateway, ANTHROPIC, CLIENT_BETAS, null);
                        post(gateway, PREFIX + "/not/a/provider/path", "x-beta", null);
                    }
                    return null;
                }));
            }
            for (Future<?> f : sent) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        long n = (long) THREADS * ROUNDS;
        upstream.clear();
        assertEquals(2 * n, counters.requests("bedrock", RequestResult.CHANGED) - bedrockChangedBefore);
        assertEquals(n, counters.requests("anthropic", RequestResult.UNCHANGED) - anthropicUnchangedBefore);
        assertEquals(n, counters.betas("bedrock", "x-beta", BetaLocation.HEADER, BetaOutcome.RENAMED)
                - renamedHeaderBefore);
        assertEquals(n, counters.betas("bedrock", "x-beta", BetaLocation.BODY, BetaOutcome.RENAMED)
                - renamedBodyBefore);
        assertEquals(n, counters.betas("bedrock", "y-beta", BetaLocation.HEADER, BetaOutcome.DROPPED_NULL)
                - nullBefore);
        assertEquals(n, counters.betas("bedrock", "new-beta", BetaLocation.BODY, BetaOutcome.DROPPED_UNMENTIONED)
                - unmentionedBodyBefore);
        assertEquals(n, counters.betas("anthropic", "new-beta", BetaLocation.HEADER, BetaOutcome.FORWARDED)
                - forwardedBefore);
        assertEquals(n, counters.untouched(BetaCounters.NO_PROVIDER, UntouchedReason.NO_PROVIDER) - noProviderBefore);
    }

    /** Last: it fills the bound of names (and of first-seen warnings) that the other tests rely on. */
    @ThroughEachGateway
    @Order(3)
    void aClientSendingAHundredThousandRandomBetaNamesCannotGrowTheNamesKept(Gateway gateway) throws Exception {
        BetaCounters counters = gateway.service().counters();
        Random random = new Random(gateway.toString().hashCode());
        int requests = 10;
        int perRequest = 10_000;
        for (int r = 0; r < requests; r++) {
            StringBuilder body = new StringBuilder("{\"anthropic_beta\":[");
            for (int i = 0; i < perRequest; i++) {
                body.append(i == 0 ? "" : ",").append("\"rnd-").append(Long.toHexString(random.nextLong()))
                        .append('"');
            }
            post(gateway, BEDROCK, null, body.append("]}").toString());
        }
        upstream.clear();
        assertTrue(counters.otherBetaNames() <= BetaCounters.MAX_OTHER_BETAS, "" + counters.otherBetaNames());
        long names = counters.countedBetaNames().size();
        // The mapping's 4 names, at most the bound of others (some taken by other tests), and "other".
        assertTrue(names <= 4 + BetaCounters.MAX_OTHER_BETAS + 1, names + " names kept");
        assertTrue(counters.betas("bedrock", BoundedNames.OTHER, BetaLocation.BODY, BetaOutcome.DROPPED_UNMENTIONED)
                >= (long) requests * perRequest - BetaCounters.MAX_OTHER_BETAS);
    }

    @ThroughEachGateway
    @Order(1)
    void theFirstDropOfABetaTheSectionDoesNotMentionIsWarnedOnce(Gateway gateway) throws Exception {
        String fresh = "fresh-" + Integer.toHexString(System.identityHashCode(gateway)) + "-2027-01-01";
        try (CapturedLog log = CapturedLog.of(CapturedLog.FILTER_LOGGER)) {
            for (int i = 0; i < 3; i++) {
                post(gateway, BEDROCK, "x-beta," + fresh, null);
            }
            upstream.clear();
            long warnings = log.entries().stream().filter(e -> e.level() == Level.WARNING
                    && e.message().contains(fresh)).count();
            assertEquals(1, warnings, log.text());
            assertTrue(log.has(Level.WARNING, "bedrock: dropped beta [" + fresh + "], which its mapping section does "
                    + "not mention; first seen on POST " + BEDROCK), log.text());
        }
    }
}
