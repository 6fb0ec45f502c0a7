package io.github.betaheaders.example;

import static io.github.betaheaders.example.GatewayJvms.adminRequest;
import static io.github.betaheaders.example.GatewayJvms.await;
import static io.github.betaheaders.example.GatewayJvms.freePort;
import static io.github.betaheaders.example.GatewayJvms.mapping;
import static io.github.betaheaders.example.GatewayJvms.sha256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.betaheaders.example.GatewayJvms.GatewayJvm;
import io.github.betaheaders.testsupport.MappingFixtures;
import io.github.betaheaders.testsupport.MappingServer;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A node killed (SIGKILL: no shutdown hook, nothing completed) in the middle of a run it claimed, with two gateway
 * JVMs on the machine's PostgreSQL: the other node takes the run over once the dead node's lease has ended, fetches
 * and publishes, and the run completes once, with one fetch more than the dead node's.
 */
class KilledNodeTakeoverIT {

    static final int FETCH_TIMEOUT_SECONDS = 5;
    /** What {@code BetaHeadersService} gives a claimed run: two fetch deadlines and 5 s. */
    static final Duration LEASE = Duration.ofSeconds(2L * FETCH_TIMEOUT_SECONDS + 5);

    /** One row of the runs table. */
    record Run(String claimedBy, int attempt, long leaseUntilMs, Long completedAtMs) {
    }

    @Test
    void aNodeKilledInsideItsFetchLeavesTheRunToTheOtherNodeOnceItsLeaseEnds() throws Exception {
        try (MappingServer config = new MappingServer().start(); GatewayJvms jvms = new GatewayJvms("killed_node")) {
            config.answer(MappingServer.document(MappingFixtures.A));
            Map<String, String> settings = Map.of("FETCH_TIMEOUT_SECONDS", String.valueOf(FETCH_TIMEOUT_SECONDS));
            GatewayJvm a = jvms.start(config.url(), freePort(), with(settings, "node-a"));
            GatewayJvm b = jvms.start(config.url(), freePort(), with(settings, "node-b"));
            assertEquals(sha256(MappingFixtures.A), mapping(b.uri()).getString("sha256"));

            // The config server holds the next fetch without answering; A claims the reload and fetches.
            config.clearRequests();
            config.answer(MappingServer.slow(Duration.ofSeconds(60), MappingServer.status(503)));
            GatewayJvms.CLIENT.sendAsync(adminRequest(a.uri(), "POST", "reload/anthropic_beta_headers"),
                    HttpResponse.BodyHandlers.discarding());
            await(Duration.ofSeconds(FETCH_TIMEOUT_SECONDS - 2), "the run claimed by A, A inside its fetch",
                    () -> config.requests().size() == 1 && runs(jvms).size() == 1
                            && runs(jvms).get(0).claimedBy() != null && runs(jvms).get(0).completedAtMs() == null);
            Run claimed = runs(jvms).get(0);
            // A records the request and claims it itself; in the few milliseconds between the two, B's check may
            // claim it first. Then B is the node inside the fetch, and the one killed.
            GatewayJvm killed = "node-b".equals(claimed.claimedBy()) ? b : a;
            GatewayJvm survivor = killed == a ? b : a;
            String survivorName = killed == a ? "node-b" : "node-a";
            assertEquals(new Run(killed == a ? "node-a" : "node-b", 1, claimed.leaseUntilMs(), null), claimed);
            killed.process().destroyForcibly();
            assertTrue(killed.process().waitFor(10, TimeUnit.SECONDS), "the claiming node did not die");
            assertNull(runs(jvms).get(0).completedAtMs(), "the killed node completed nothing");

            config.answer(MappingServer.document(MappingFixtures.B));
            await(LEASE.plusSeconds(10), "the other node on B after the lease", () ->
                    sha256(MappingFixtures.B).equals(mapping(survivor.uri()).getString("sha256")));
            await(Duration.ofSeconds(5), "the run completed", () -> runs(jvms).get(0).completedAtMs() != null);
            Run takenOver = runs(jvms).get(0);
            assertEquals(List.of(new Run(survivorName, 2, takenOver.leaseUntilMs(), takenOver.completedAtMs())),
                    runs(jvms), "one run, taken over once by the other node");
            assertTrue(takenOver.completedAtMs() >= claimed.leaseUntilMs(),
                    "the other node completed the run at " + takenOver.completedAtMs()
                            + ", before the killed node's lease ended at " + claimed.leaseUntilMs());
            assertEquals(List.of(survivorName), publishers(jvms, sha256(MappingFixtures.B)), "B published once");
            long published = newestRevision(jvms);
            await(Duration.ofSeconds(5), "B's node status on revision " + published, () -> {
                JsonObject status = mapping(survivor.uri());
                return status.getJsonArray("nodes").stream().map(JsonValue::asJsonObject)
                        .anyMatch(node -> node.getString("name").equals(survivorName)
                                && node.getJsonNumber("revision").longValue() == published);
            });
            assertEquals(2, config.requests().size(), "A's stalled fetch and B's: " + config.requests());
        }
    }

    static Map<String, String> with(Map<String, String> settings, String nodeName) {
        Map<String, String> all = new HashMap<>(settings);
        all.put("NODE_NAME", nodeName);
        return all;
    }

    /** The runs in the store, read directly. */
    static List<Run> runs(GatewayJvms jvms) {
        return query(jvms, "SELECT claimed_by, attempt, lease_until_ms, completed_at_ms FROM " + jvms.prefix
                + "runs ORDER BY run_key", row -> {
                    long completed = row.getLong(4);
                    Long completedAt = row.wasNull() ? null : completed;
                    return new Run(row.getString(1), row.getInt(2), row.getLong(3), completedAt);
                });
    }

    static List<String> publishers(GatewayJvms jvms, String sha256) {
        return query(jvms, "SELECT published_by FROM " + jvms.prefix + "documents WHERE sha256 = '" + sha256
                + "' ORDER BY revision", row -> row.getString(1));
    }

    static long newestRevision(GatewayJvms jvms) {
        return query(jvms, "SELECT MAX(revision) FROM " + jvms.prefix + "documents", row -> row.getLong(1)).get(0);
    }

    interface Row<T> {
        T read(ResultSet row) throws SQLException;
    }

    static <T> List<T> query(GatewayJvms jvms, String sql, Row<T> reader) {
        try (Connection connection = jvms.database(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            List<T> read = new ArrayList<>();
            while (rows.next()) {
                read.add(reader.read(rows));
            }
            return read;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
