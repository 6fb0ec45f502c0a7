package io.github.betaheaders.servlet;

import static io.github.betaheaders.servlet.GatewayCluster.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.betaheaders.core.FilterSettings;
import io.github.betaheaders.learn.BetaRefusal;
import io.github.betaheaders.testsupport.AdminApi;
import io.github.betaheaders.testsupport.Gateway;
import io.github.betaheaders.testsupport.MappingFixtures;
import io.github.betaheaders.testsupport.MappingServer;
import io.github.betaheaders.testsupport.TcpProxy;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The overrides of three nodes (Tomcat, Jetty, Tomcat) on the machine's PostgreSQL, reached through a TCP proxy the
 * test can cut: a PUT on node 1 is active on nodes 2 and 3 within one check, a DELETE on node 3 clears them
 * everywhere, with the database cut a change answers 503 and changes nothing on any node, and a node started later
 * serves the cluster's overrides from its first request; a quarantine learned on one node applies on all within a
 * check, and ending it on another node (a DELETE, which answers 503 with the database cut) ends it everywhere.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SharedOverridesClusterIT {

    static final String OVERRIDES = GatewayCluster.MAPPING + "/overrides";
    static final String QUARANTINE = GatewayCluster.MAPPING + "/quarantine";
    static final String LEARN = FilterSettings.LEARN_FROM_REJECTIONS;
    static final String DROP_X = "{\"bedrock\": {\"x-beta\": null}}";
    static final String DROP_Y = "{\"bedrock\": {\"y-beta\": null}}";
    /** What bedrock receives under {@link MappingFixtures#A} with {@link #DROP_X}. */
    static final String A_BEDROCK_WITHOUT_X = "y-a";

    static MappingServer config;
    static TcpProxy proxy;
    static GatewayCluster cluster;
    static List<AdminApi> nodes;

    @BeforeAll
    static void start() throws Exception {
        config = new MappingServer().start();
        config.answer(MappingServer.document(MappingFixtures.A));
        proxy = new TcpProxy("127.0.0.1", 5432);
        cluster = new GatewayCluster(new GatewayCluster.Database("postgresql",
                "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/test?ApplicationName=bh-overrides-it", "postgres",
                SharedStoreClusterIT.POSTGRES), config);
        nodes = List.of(cluster.start("node-1", LEARN, "true"), cluster.start("node-2", LEARN, "true"),
                cluster.start("node-3", LEARN, "true"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        proxy.close();
        config.close();
    }

    static JsonObject overrides(AdminApi node) {
        AdminApi.Answer answer = node.call("GET", OVERRIDES);
        assertEquals(200, answer.status(), answer.toString());
        return answer.json();
    }

    /** The store revision the node serves, {@code 0} for none. */
    static long revision(AdminApi node) {
        JsonObject state = overrides(node);
        return state.isNull("revision") ? 0 : state.getJsonNumber("revision").longValue();
    }

    static JsonObject json(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    /** The anthropic-beta that a Bedrock request through {@code gateway} carries past the filter. */
    static String forwardedToBedrock(Gateway gateway) throws Exception {
        HttpResponse<String> response = GatewayCluster.CLIENT.send(HttpRequest.newBuilder(gateway.uri()
                        .resolve("/echo/bedrock/model/m/invoke")).header("anthropic-beta", MappingFixtures.CLIENT_BETAS)
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return String.join(",", json(response.body()).getJsonArray("betas").getValuesAs(JsonString::getString));
    }

    static boolean allServe(JsonObject expected, long revision) {
        return nodes.stream().allMatch(n -> {
            JsonObject state = overrides(n);
            return state.getJsonObject("overrides").equals(expected) && revision(n) == revision;
        });
    }

    @Test
    @Order(1)
    void aPutOnNodeOneIsActiveOnNodesTwoAndThreeWithinOneCheck() throws Exception {
        assertEquals(0, revision(nodes.get(1)), "the store held overrides before the test");
        AdminApi.Answer put = nodes.get(0).callWithJson("PUT", OVERRIDES, DROP_X);
        assertEquals(200, put.status(), put.toString());
        long revision = put.json().getJsonNumber("revision").longValue();
        assertEquals(1, revision);
        assertEquals(A_BEDROCK_WITHOUT_X, forwardedToBedrock(cluster.gateway(0)), "active at once on node 1");
        long since = System.nanoTime();
        await(SharedStoreClusterIT.ONE_CHECK, "nodes 2 and 3 serve the overrides", () -> allServe(json(DROP_X),
                revision));
        assertTrue(System.nanoTime() - since < SharedStoreClusterIT.ONE_CHECK.toNanos());
        assertEquals(A_BEDROCK_WITHOUT_X, forwardedToBedrock(cluster.gateway(1)));
        assertEquals(A_BEDROCK_WITHOUT_X, forwardedToBedrock(cluster.gateway(2)));
        JsonObject status = nodes.get(2).call("GET", GatewayCluster.MAPPING).json();
        assertEquals(revision, status.getJsonObject("overrides").getJsonNumber("revision").longValue(),
                "the status shows the overrides revision: " + status);
    }

    @Test
    @Order(2)
    void aDeleteOnNodeThreeClearsThemEverywhere() throws Exception {
        AdminApi.Answer delete = nodes.get(2).call("DELETE", OVERRIDES);
        assertEquals(204, delete.status(), delete.toString());
        long revision = revision(nodes.get(2));
        assertEquals(2, revision);
        await(SharedStoreClusterIT.ONE_CHECK, "no node has overrides", () -> allServe(JsonObject.EMPTY_JSON_OBJECT,
                revision));
        for (int i = 0; i < 3; i++) {
            assertEquals(MappingFixtures.A_BEDROCK, forwardedToBedrock(cluster.gateway(i)), "node " + (i + 1));
        }
    }

    @Test
    @Order(3)
    void withTheDatabaseCutAChangeAnswers503AndNothingChangesOnAnyNode() throws Exception {
        AdminApi.Answer put = nodes.get(0).callWithJson("PUT", OVERRIDES, DROP_X);
        assertEquals(200, put.status(), put.toString());
        long revision = put.json().getJsonNumber("revision").longValue();
        await(SharedStoreClusterIT.ONE_CHECK, "every node on the overrides", () -> allServe(json(DROP_X), revision));
        proxy.cut();
        try {
            AdminApi.Answer refused = nodes.get(1).callWithJson("PUT", OVERRIDES, DROP_Y);
            assertEquals(503, refused.status(), refused.toString());
            assertTrue(refused.json().getString("message").contains("nothing was changed"), refused.toString());
            AdminApi.Answer notCleared = nodes.get(2).call("DELETE", OVERRIDES);
            assertEquals(503, notCleared.status(), notCleared.toString());
            assertTrue(allServe(json(DROP_X), revision), "a refused change was made on a node");
            for (int i = 0; i < 3; i++) {
                assertEquals(A_BEDROCK_WITHOUT_X, forwardedToBedrock(cluster.gateway(i)), "node " + (i + 1));
            }
        } finally {
            proxy.restore();
        }
        await(SharedStoreClusterIT.ONE_CHECK.multipliedBy(2), "every node sees the store again", () -> nodes.stream()
                .allMatch(n -> n.call("GET", GatewayCluster.MAPPING).json().isNull("store_error")));
        assertEquals(revision, cluster.count("SELECT MAX(revision) FROM " + cluster.tables.overrides()),
                "a refused change reached the store");
        assertTrue(allServe(json(DROP_X), revision));
    }

    @Test
    @Order(4)
    void aNodeStartedLaterServesTheClustersOverridesFromItsFirstRequest() throws Exception {
        long revision = revision(nodes.get(0));
        assertFalse(overrides(nodes.get(0)).getJsonObject("overrides").isEmpty());
        AdminApi node4 = cluster.start("node-4");
        assertEquals(A_BEDROCK_WITHOUT_X, forwardedToBedrock(cluster.gateway(3)));
        assertEquals(json(DROP_X), overrides(node4).getJsonObject("overrides"));
        assertEquals(revision, revision(node4));
    }

    /** How many quarantine entries the status of {@code node} lists. */
    static int quarantined(AdminApi node) {
        return node.call("GET", GatewayCluster.MAPPING).json().getJsonArray("quarantine").size();
    }

    @Test
    @Order(5)
    void aQuarantineLearnedOnOneNodeAppliesOnAllWithinACheckAndADeleteOnAnotherEndsItEverywhere() throws Exception {
        assertEquals(204, nodes.get(0).call("DELETE", OVERRIDES).status());
        await(SharedStoreClusterIT.ONE_CHECK, "no overrides", () -> nodes.stream().allMatch(n -> overrides(n)
                .getJsonObject("overrides").isEmpty()));
        // As the filter learns it from a 400 naming the beta (LearnFromRejectionsIT shows that part).
        assertEquals(1, cluster.gateway(0).service().quarantine().refused("bedrock", "m", List.of("x-a", "y-a"),
                new BetaRefusal(List.of("x-a"), "Unexpected value(s) `x-a` for the `anthropic-beta` header"), true,
                "a test request").size());
        assertEquals(A_BEDROCK_WITHOUT_X, forwardedToBedrock(cluster.gateway(0)), "dropped at once on node 1");
        long since = System.nanoTime();
        await(SharedStoreClusterIT.ONE_CHECK, "every node drops x-a", () -> nodes.stream()
                .allMatch(n -> quarantined(n) == 1));
        assertTrue(System.nanoTime() - since < SharedStoreClusterIT.ONE_CHECK.toNanos());
        assertEquals(A_BEDROCK_WITHOUT_X, forwardedToBedrock(cluster.gateway(2)));
        JsonObject entry = nodes.get(2).call("GET", GatewayCluster.MAPPING).json().getJsonArray("quarantine")
                .getJsonObject(0);
        assertEquals(nodes.get(0).call("GET", GatewayCluster.MAPPING).json().getJsonArray("quarantine")
                .getJsonObject(0), entry, "the same entry and expiry on every node");

        proxy.cut();
        try {
            AdminApi.Answer refused = nodes.get(1).call("DELETE", QUARANTINE);
            assertEquals(503, refused.status(), refused.toString());
            assertTrue(nodes.stream().allMatch(n -> quarantined(n) == 1), "a quarantine ended without the store");
        } finally {
            proxy.restore();
        }
        await(SharedStoreClusterIT.ONE_CHECK.multipliedBy(2), "every node sees the store again", () -> nodes.stream()
                .allMatch(n -> n.call("GET", GatewayCluster.MAPPING).json().isNull("store_error")));
        AdminApi.Answer ended = nodes.get(1).call("DELETE", QUARANTINE);
        assertEquals(200, ended.status(), ended.toString());
        await(SharedStoreClusterIT.ONE_CHECK, "no node drops x-a", () -> nodes.stream()
                .allMatch(n -> quarantined(n) == 0));
        for (int i = 0; i < 3; i++) {
            assertEquals(MappingFixtures.A_BEDROCK, forwardedToBedrock(cluster.gateway(i)), "node " + (i + 1));
        }
    }
}
