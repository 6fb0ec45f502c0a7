package io.github.betaheaders.servlet;

import static io.github.betaheaders.servlet.GatewayCluster.RELOAD;
import static io.github.betaheaders.servlet.GatewayCluster.SCHEDULE;
import static io.github.betaheaders.servlet.GatewayCluster.await;
import static io.github.betaheaders.servlet.GatewayCluster.schedule;
import static io.github.betaheaders.servlet.GatewayCluster.sha256;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.betaheaders.core.Sha256;
import io.github.betaheaders.testsupport.AdminApi;
import io.github.betaheaders.testsupport.MappingFixtures;
import io.github.betaheaders.testsupport.MappingServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Stream;
import io.github.betaheaders.testsupport.TomcatGateway;
import jakarta.json.JsonObject;
import java.util.Map;
import org.apache.tomcat.util.descriptor.web.ContextResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The key three-node case on each database the store supports: a reload on node 1 is active on nodes 2 and 3 within
 * one check, with one fetch, and a schedule set on node 2 shows on node 3. PostgreSQL has the whole story in
 * {@link SharedStoreClusterIT}; here MariaDB (127.0.0.1:3306, root) and embedded H2.
 */
class SharedStoreDatabasesIT {

    static Stream<GatewayCluster.Database> databases() {
        String h2 = "jdbc:h2:mem:bh_cluster_it;DB_CLOSE_DELAY=-1";
        return Stream.of(
                new GatewayCluster.Database("mariadb", "jdbc:mariadb://127.0.0.1:3306/test", "root",
                        "jdbc:mariadb://127.0.0.1:3306/test"),
                new GatewayCluster.Database("h2", h2, "sa", h2));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aReloadOnNodeOneIsActiveOnEveryNodeWithinOneCheck(GatewayCluster.Database database) throws Exception {
        try (MappingServer config = new MappingServer().start();
             GatewayCluster cluster = new GatewayCluster(database, config)) {
            config.answer(MappingServer.document(MappingFixtures.A));
            AdminApi node1 = cluster.start("node-1");
            AdminApi node2 = cluster.start("node-2");
            AdminApi node3 = cluster.start("node-3");
            String a = Sha256.hex(MappingFixtures.A.getBytes(StandardCharsets.UTF_8));
            String b = Sha256.hex(MappingFixtures.B.getBytes(StandardCharsets.UTF_8));
            assertEquals(a, sha256(node3));
            config.answer(MappingServer.document(MappingFixtures.B));
            int fetchesBefore = config.requests().size();
            assertEquals(200, node1.call("POST", RELOAD).status());
            await(SharedStoreClusterIT.ONE_CHECK, "nodes 2 and 3 on B", () -> b.equals(sha256(node2))
                    && b.equals(sha256(node3)));
            assertEquals(fetchesBefore + 1, config.requests().size(), "one fetch for the cluster");
            assertEquals(200, node2.call("POST", SCHEDULE + "?hours=2").status());
            await(SharedStoreClusterIT.ONE_CHECK, "node 3 sees the schedule", () -> schedule(node3)
                    .getBoolean("scheduled"));
            assertEquals(schedule(node2).getString("next_run"), schedule(node3).getString("next_run"));
            assertEquals(200, node3.call("DELETE", SCHEDULE).status());
            await(Duration.ofSeconds(3), "node 1 sees no schedule", () -> !schedule(node1).getBoolean("scheduled"));
        }
    }

    /** A node given the store as a container DataSource ({@code dataSource}, a JNDI name), beside one given a URL. */
    @Test
    void aDataSourceByItsJndiNameJoinsTheNodesOfAJdbcUrl() throws Exception {
        String h2 = "jdbc:h2:mem:bh_jndi_it;DB_CLOSE_DELAY=-1";
        try (MappingServer config = new MappingServer().start();
             GatewayCluster cluster = new GatewayCluster(new GatewayCluster.Database("h2", h2, "sa", h2), config)) {
            config.answer(MappingServer.document(MappingFixtures.A));
            AdminApi byUrl = cluster.start("by-url");
            ContextResource resource = new ContextResource();
            resource.setName("jdbc/betaHeaders");
            resource.setType("org.h2.jdbcx.JdbcDataSource");
            resource.setProperty("factory", "org.h2.jdbcx.JdbcDataSourceFactory");
            resource.setProperty("url", h2);
            resource.setProperty("user", "sa");
            resource.setProperty("password", "");
            resource.setProperty("description", "the shared store");
            resource.setProperty("loginTimeout", "5");
            TomcatGateway tomcat = new TomcatGateway().resource(resource);
            tomcat.filterParam("configUrl", config.url().toString()).filterParam("scheduleCheckSeconds", "1")
                    .filterParam("dataSource", "java:comp/env/jdbc/betaHeaders")
                    .filterParam("tablePrefix", cluster.prefix).filterParam("nodeName", "by-jndi")
                    .addServlet("admin", AnthropicBetaHeadersAdminServlet.class, "/admin/*",
                            Map.of("adminToken", GatewayCluster.TOKEN));
            try (TomcatGateway started = tomcat.start()) {
                AdminApi byJndi = GatewayCluster.admin(started);
                await(SharedStoreClusterIT.ONE_CHECK, "both nodes listed, agreeing", () -> {
                    JsonObject status = byJndi.call("GET", GatewayCluster.MAPPING).json();
                    return status.getJsonArray("nodes").size() == 2 && status.getBoolean("nodes_agree");
                });
                config.answer(MappingServer.document(MappingFixtures.B));
                assertEquals(200, byJndi.call("POST", RELOAD).status());
                String b = Sha256.hex(MappingFixtures.B.getBytes(StandardCharsets.UTF_8));
                await(SharedStoreClusterIT.ONE_CHECK, "the URL node on B", () -> b.equals(sha256(byUrl)));
            }
        }
    }
}
