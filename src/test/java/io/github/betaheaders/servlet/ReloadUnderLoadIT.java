package io.github.betaheaders.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.betaheaders.testsupport.AdminApi;
import io.github.betaheaders.testsupport.JettyGateway;
import io.github.betaheaders.testsupport.MappingFixtures;
import io.github.betaheaders.testsupport.MappingServer;
import io.github.betaheaders.testsupport.RecordingUpstream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reloads while requests stream through the filter and Jetty's ProxyServlet to a recording upstream: the config server
 * alternates two mappings that differ for every beta the clients send, so a request that saw half of each would show.
 * No request fails, and every forwarded header is exactly what one of the two mappings gives.
 */
class ReloadUnderLoadIT {

    static final String TOKEN = "under-load-token-0123";
    static final int CLIENTS = 8;
    static final int REQUESTS_PER_CLIENT = 150;

    static MappingServer config;
    static RecordingUpstream upstream;
    static JettyGateway gateway;
    static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws Exception {
        config = new MappingServer().start();
        config.answer(MappingServer.alternating(MappingServer.plainChunked(MappingFixtures.A),
                MappingServer.plainChunked(MappingFixtures.B)));
        upstream = new RecordingUpstream().start();
        gateway = new JettyGateway();
        gateway.filterParam("configUrl", config.url().toString()).filterParam("fetchTimeoutSeconds", "5")
                .route("/bedrock", upstream.uri())
                .addServlet("admin", AnthropicBetaHeadersAdminServlet.class, "/admin/*", Map.of("adminToken", TOKEN));
        gateway.start();
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        upstream.close();
        config.close();
    }

    @Test
    void reloadsDuringProxiedRequestsFailNoneAndMixNothing() throws Exception {
        AdminApi adminApi = new AdminApi(client, gateway.uri().resolve("/admin/"), TOKEN);
        URI target = gateway.uri().resolve("/bedrock/model/us.anthropic.claude-opus-5-5/invoke");
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS + 1);
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicBoolean clientsDone = new AtomicBoolean();
        AtomicInteger reloads = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        try {
            Future<?> reloader = pool.submit(() -> {
                go.await();
                while (!clientsDone.get()) {
                    AdminApi.Answer answer = adminApi.call("POST", "reload/anthropic_beta_headers");
                    if (answer.status() != 200) {
                        failures.add("reload: " + answer);
                    }
                    reloads.incrementAndGet();
                }
                return null;
            });
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                clients.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < REQUESTS_PER_CLIENT; i++) {
                        HttpRequest request = HttpRequest.newBuilder(target)
                                .POST(HttpRequest.BodyPublishers.ofString("{\"max_tokens\":1}"))
                                .header("Content-Type", "application/json")
                                .header("anthropic-beta", MappingFixtures.CLIENT_BETAS).build();
                        try {
                            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                            if (response.statusCode() != 200) {
                                failures.add("request: HTTP " + response.statusCode() + " " + response.body());
                            }
                        } catch (Exception e) {
                            failures.add("request: " + e);
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> c : clients) {
                c.get(120, TimeUnit.SECONDS);
            }
            clientsDone.set(true);
            reloader.get(30, TimeUnit.SECONDS);
        } finally {
            clientsDone.set(true);
            pool.shutdownNow();
        }

        assertEquals(List.of(), new ArrayList<>(failures));
        Map<String, Integer> forwarded = new TreeMap<>();
        for (int i = 0; i < CLIENTS * REQUESTS_PER_CLIENT; i++) {
            forwarded.merge(String.valueOf(upstream.take().header("anthropic-beta")), 1, Integer::sum);
        }
        assertEquals(List.of(MappingFixtures.A_BEDROCK, MappingFixtures.B_BEDROCK), List.copyOf(forwarded.keySet()),
                "forwarded headers: " + forwarded);
        assertTrue(reloads.get() >= 20, "only " + reloads.get() + " reloads happened during the requests");
    }
}
