package io.github.betaheaders.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.betaheaders.testsupport.JettyGateway;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The load benchmark's harness, briefly, so that it cannot rot unnoticed: the load driver through the filter and
 * Jetty's ProxyServlet to the counting upstream for a second, as {@code GatewayLoadBenchmark} runs it for minutes.
 */
class LoadDriverIT {

    static CountingUpstream upstream;
    static JettyGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        upstream = new CountingUpstream().start();
        gateway = new JettyGateway();
        gateway.filterParam("localOnly", "true").filterParam("routes", LoadRequest.ROUTES)
                .route("/bedrock", upstream.uri()).route("/vertex", upstream.uri());
        gateway.start();
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        upstream.close();
    }

    @Test
    void aSecondOfLoadThroughTheGatewayFailsNothingAndEveryRequestArrivesRewritten() throws Exception {
        LoadRequest request = LoadRequest.claudeCodeBedrock();
        upstream.takeArrivals();

        LoadResult result = LoadDriver.to(gateway.uri(), request).run(4, Duration.ofSeconds(1), 1_000_000);

        assertEquals(0, result.failures(), () -> "failures: " + result.failureSamples());
        assertTrue(result.requests() >= 50, "only " + result.requests() + " requests in a second");
        assertTrue(result.p50Micros() > 0 && result.p50Micros() <= result.p99Micros(), result::toString);
        assertTrue(result.seconds() >= 1 && result.seconds() < 15, result::toString);
        Map<CountingUpstream.Arrival, Long> arrivals = upstream.takeArrivals();
        assertEquals(result.requests(), CountingUpstream.total(arrivals), "arrivals: " + arrivals);
        CountingUpstream.Arrival asSent = new CountingUpstream.Arrival(request.headers().get("anthropic-beta"),
                request.body().length);
        assertFalse(arrivals.keySet().stream().anyMatch(a -> a.betaHeader() == null
                || a.betaHeader().equals(asSent.betaHeader()) || a.bodyBytes() == asSent.bodyBytes()),
                "the filter left header or body as sent: " + arrivals);
    }

    @Test
    void theCountStopsEachConnection() throws Exception {
        LoadResult result = LoadDriver.to(gateway.uri(), LoadRequest.claudeCodeVertex())
                .run(2, Duration.ofSeconds(30), 25);

        assertEquals(50, result.requests(), result::toString);
        assertTrue(result.seconds() < 15, result::toString);
    }

    @Test
    void answersOtherThan200AreCountedAsFailures() throws Exception {
        LoadRequest nowhere = new LoadRequest("unrouted", "GET", "/nowhere", Map.of(), new byte[0]);

        LoadResult result = LoadDriver.to(gateway.uri(), nowhere).run(1, Duration.ofMillis(300), 1_000);

        assertEquals(0, result.requests());
        assertTrue(result.failures() > 0, result::toString);
        assertEquals(List.of("HTTP 404"), result.failureSamples().stream().distinct().toList());
    }

    @Test
    void loadGoesOnlyToLoopback() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LoadDriver(new InetSocketAddress("192.0.2.1", 80), new byte[0]));
        assertTrue(e.getMessage().startsWith("load is only ever sent to loopback"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new LoadDriver(InetSocketAddress.createUnresolved("localhost", 80), new byte[0]));
    }
}
