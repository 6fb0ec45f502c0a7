package io.github.betaheaders.servlet;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.betaheaders.store.StoreTables;
import io.github.betaheaders.testsupport.AdminApi;
import io.github.betaheaders.testsupport.Gateway;
import io.github.betaheaders.testsupport.JettyGateway;
import io.github.betaheaders.testsupport.MappingServer;
import io.github.betaheaders.testsupport.TomcatGateway;
import jakarta.json.JsonObject;
import java.net.http.HttpClient;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * Nodes of one cluster for the shared-store tests: each a webapp in its own embedded container (Tomcat and Jetty in
 * turn) with the filter, the admin servlet at {@code /admin/*} and an echo servlet at {@code /echo/*}, all on one
 * database under a table prefix of their own, fetching from one config server, checking the store every second.
 */
final class GatewayCluster implements AutoCloseable {

    static final String TOKEN = "cluster-admin-token-0123";
    static final String MAPPING = "anthropic_beta_headers";
    static final String RELOAD = "reload/anthropic_beta_headers";
    static final String SCHEDULE = "schedule/anthropic_beta_headers_reload";
    static final String SCHEDULE_STATUS = SCHEDULE + "/status";

    /** A database the nodes share: the URL they are given, and how the test reads it (not through any proxy). */
    record Database(String name, String nodeUrl, String user, String directUrl) {
    }

    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    final Database database;
    final MappingServer config;
    final String prefix = "bh_cluster_" + UUID.randomUUID().toString().substring(0, 8) + "_";
    final StoreTables tables = new StoreTables(prefix);
    private final List<Gateway> gateways = new ArrayList<>();

    GatewayCluster(Database database, MappingServer config) {
        this.database = database;
        this.config = config;
    }

    /**
     * Starts node {@code name} (Tomcat for odd node counts, Jetty for even), with further filter parameters as name,
     * value pairs, and returns its admin API.
     */
    AdminApi start(String name, String... params) throws Exception {
        Gateway gateway = gateways.size() % 2 == 0 ? new TomcatGateway() : new JettyGateway();
        gateway.filterParam("configUrl", config.url().toString()).filterParam("fetchTimeoutSeconds", "1")
                .filterParam("scheduleCheckSeconds", "1").filterParam("jdbcUrl", database.nodeUrl())
                .filterParam("tablePrefix", prefix).filterParam("nodeName", name)
                .addServlet("admin", AnthropicBetaHeadersAdminServlet.class, "/admin/*", Map.of("adminToken", TOKEN));
        if (database.user() != null) {
            gateway.filterParam("jdbcUser", database.user());
        }
        for (int i = 0; i < params.length; i += 2) {
            gateway.filterParam(params[i], params[i + 1]);
        }
        BodyEchoServlet.addTo(gateway, "/echo");
        gateway.start();
        gateways.add(gateway);
        return admin(gateway);
    }

    static AdminApi admin(Gateway gateway) {
        return new AdminApi(CLIENT, gateway.uri().resolve("/admin/"), TOKEN);
    }

    Gateway gateway(int index) {
        return gateways.get(index);
    }

    /** Stops a node (its webapp undeployed, its container stopped). */
    void stop(int index) throws Exception {
        gateways.get(index).close();
        gateways.set(index, null);
    }

    static String sha256(AdminApi node) {
        return node.call("GET", MAPPING).json().getString("sha256");
    }

    static JsonObject schedule(AdminApi node) {
        return node.call("GET", SCHEDULE_STATUS).json();
    }

    /** Waits at most {@code within} for {@code condition}. */
    static void await(Duration within, String what, BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() - until < 0, "not within " + within + ": " + what);
            Thread.sleep(20);
        }
    }

    long count(String sql) {
        try (Connection connection = DriverManager.getConnection(database.directUrl(), database.user(), "");
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Scheduled runs that a node completed. */
    long completedScheduledRuns() {
        return count("SELECT COUNT(*) FROM " + tables.runs() + " WHERE kind = 'scheduled' AND completed_at_ms IS NOT NULL");
    }

    /** Runs claimed and not completed. */
    long runsInProgress() {
        return count("SELECT COUNT(*) FROM " + tables.runs() + " WHERE claimed_by IS NOT NULL AND completed_at_ms IS NULL");
    }

    /** Stops every node and drops the tables. */
    @Override
    public void close() throws Exception {
        for (Gateway gateway : gateways) {
            if (gateway != null) {
                gateway.close();
            }
        }
        try (Connection connection = DriverManager.getConnection(database.directUrl(), database.user(), "");
             Statement statement = connection.createStatement()) {
            for (String table : tables.all()) {
                statement.execute("DROP TABLE IF EXISTS " + table);
            }
        }
    }
}
