package io.github.betaheaders.servlet;

import io.github.betaheaders.core.Sha256;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.betaheaders.load.MappingLoader;
import io.github.betaheaders.load.MappingSnapshot;
import io.github.betaheaders.load.ReloadSchedule;
import io.github.betaheaders.service.ClusterNode;
import io.github.betaheaders.service.ClusterStatus;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import io.github.betaheaders.load.MappingChanges;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The exact JSON the admin API writes: LiteLLM's field names, nulls written, whole hours as integers, UTC offsets. */
class AdminResponsesTest {

    static final Instant T0 = Instant.parse("2026-07-01T10:00:00Z");

    @Test
    void noScheduleIsFalseWithNulls() {
        assertEquals("{\"scheduled\":false,\"interval_hours\":null,\"last_run\":null,\"next_run\":null}",
                AdminResponses.toJson(AdminResponses.ScheduleState.of(Optional.empty())));
    }

    @Test
    void aScheduleShowsWholeHoursAsAnIntegerAndTimesInUtcWithOffset() {
        ReloadSchedule schedule = ReloadSchedule.startingAt(24, T0).ranAt(T0.plusSeconds(86_400));
        assertEquals("{\"scheduled\":true,\"interval_hours\":24,\"last_run\":\"2026-07-02T10:00:00.000+00:00\","
                + "\"next_run\":\"2026-07-03T10:00:00.000+00:00\"}",
                AdminResponses.toJson(AdminResponses.ScheduleState.of(Optional.of(schedule))));
        assertEquals("{\"scheduled\":true,\"interval_hours\":0.5,\"last_run\":null,"
                + "\"next_run\":\"2026-07-01T10:30:00.000+00:00\"}",
                AdminResponses.toJson(AdminResponses.ScheduleState.of(Optional.of(ReloadSchedule.startingAt(0.5, T0)))));
    }

    @Test
    void theClusterComesAfterLiteLlmsMembersAndOnlyWithASharedStore() {
        AdminResponses.Body none = AdminResponses.ScheduleState.of(Optional.empty());
        assertEquals(AdminResponses.toJson(none), AdminResponses.toJson(AdminResponses.WithCluster.of(none,
                Optional.empty())));
        ClusterStatus cluster = new ClusterStatus("gw-1", List.of(
                new ClusterNode("gw-1", "aa", 3, T0, null, true),
                new ClusterNode("gw-2", null, 0, T0.minusSeconds(60), "http://c/x: HTTP 500", false)), true,
                T0.plusSeconds(1), null);
        assertEquals("{\"scheduled\":false,\"interval_hours\":null,\"last_run\":null,\"next_run\":null,"
                + "\"node\":\"gw-1\",\"nodes\":[{\"name\":\"gw-1\",\"sha256\":\"aa\",\"revision\":3,"
                + "\"last_seen\":\"2026-07-01T10:00:00.000+00:00\",\"last_error\":null,\"live\":true},"
                + "{\"name\":\"gw-2\",\"sha256\":null,\"revision\":null,\"last_seen\":\"2026-07-01T09:59:00.000+00:00\","
                + "\"last_error\":\"http://c/x: HTTP 500\",\"live\":false}],\"nodes_agree\":true,"
                + "\"nodes_read_at\":\"2026-07-01T10:00:01.000+00:00\",\"store_error\":null}",
                AdminResponses.toJson(AdminResponses.WithCluster.of(none, Optional.of(cluster))));
    }

    /** A reload's change: one beta added as unsupported, one renamed target made unsupported. */
    static final AdminResponses.Change CHANGE = new AdminResponses.Change("t", true, "a", "b", new MappingChanges(
            Map.of("bedrock", new MappingChanges.ProviderChanges(nullValued("x"), Map.of(),
                    Map.of("y", new MappingChanges.Change("y1", null))))).members(), Map.of("bedrock", List.of("y")));

    private static Map<String, String> nullValued(String key) {
        java.util.HashMap<String, String> out = new java.util.HashMap<>();
        out.put(key, null);
        return out;
    }

    @Test
    void bodiesInLiteLlmsShapes() {
        assertEquals("{\"message\":\"m\",\"status\":\"success\",\"providers_count\":7,\"timestamp\":\"t\","
                + "\"changes\":{\"at\":\"t\",\"changed\":true,\"from_sha256\":\"a\",\"to_sha256\":\"b\","
                + "\"providers\":{\"bedrock\":{\"added\":{\"x\":null},\"removed\":{},"
                + "\"changed\":{\"y\":{\"old\":\"y1\",\"new\":null}}}},\"overridden\":{\"bedrock\":[\"y\"]}}}",
                AdminResponses.toJson(new AdminResponses.Reloaded("m", "success", 7, "t", CHANGE)));
        assertEquals("{\"message\":\"m\",\"status\":\"success\",\"interval_hours\":8760,\"timestamp\":\"t\"}",
                AdminResponses.toJson(new AdminResponses.Scheduled("m", "success", AdminResponses.hours(8760), "t")));
        assertEquals("{\"status\":\"error\",\"message\":\"why \\\"quoted\\\"\",\"timestamp\":\"2026-07-01T10:00:00.000+00:00\"}",
                AdminResponses.toJson(AdminResponses.Failure.of("why \"quoted\"", T0)));
    }

    @Test
    void theMappingStatusKeepsUnsupportedBetasAsNull() throws Exception {
        byte[] doc = "{\"bedrock\":{\"a\":\"b\",\"c\":null}}".getBytes(StandardCharsets.UTF_8);
        MappingLoader.Status status = new MappingLoader.Status(
                MappingSnapshot.parse(doc, "http://127.0.0.1/x.json", Clock.fixed(T0, ZoneOffset.UTC)),
                MappingLoader.Attempt.failed(T0.plusSeconds(60), "answered HTTP 500, expected 200"));
        assertEquals("{\"source\":\"http://127.0.0.1/x.json\",\"sha256\":\"" + Sha256.hex(doc) + "\","
                + "\"loaded_at\":\"2026-07-01T10:00:00.000+00:00\",\"providers_count\":1,"
                + "\"last_attempt\":{\"at\":\"2026-07-01T10:01:00.000+00:00\",\"status\":\"error\","
                + "\"error\":\"answered HTTP 500, expected 200\"},"
                + "\"last_change\":null,\"mapping\":{\"bedrock\":{\"a\":\"b\",\"c\":null}},\"overrides\":null,"
                + "\"quarantine\":[]}",
                AdminResponses.toJson(AdminResponses.MappingState.of(status, Optional.empty(), null, List.of())));
    }

    @Test
    void messagesAreEscapedSoTheBodyStaysOneValidJsonLine() {
        assertEquals("{\"status\":\"error\",\"message\":\"a\\nb\\u2028c\\u0000\",\"timestamp\":\"t\"}",
                AdminResponses.toJson(new AdminResponses.Failure("error", "a\nb\u2028c\u0000", "t")));
    }

    /** What JSON-B (Yasson, as configured before it left the runtime) wrote for the same bodies. */
    @Test
    void sameTextAsJsonBWrote() throws Exception {
        ReloadSchedule schedule = ReloadSchedule.startingAt(1.5, T0).ranAt(T0.plusSeconds(5400));
        MappingLoader.Status status = new MappingLoader.Status(MappingSnapshot.parse(
                "{\"bedrock\":{\"a\":\"b\",\"c\":null},\"vertex_ai\":{}}".getBytes(StandardCharsets.UTF_8),
                "file", Clock.fixed(T0, ZoneOffset.UTC)), MappingLoader.Attempt.succeeded(T0));
        List<AdminResponses.Body> bodies = List.of(AdminResponses.Failure.of("no \"token\" \\ here", T0),
                new AdminResponses.Reloaded("m", "success", 3, "t", CHANGE),
                new AdminResponses.Scheduled("m", "success", AdminResponses.hours(0.25), "t"),
                new AdminResponses.Cancelled("m", "success", "t"),
                AdminResponses.ScheduleState.of(Optional.of(schedule)),
                AdminResponses.ScheduleState.of(Optional.empty()),
                AdminResponses.MappingState.of(status, Optional.empty(), null, List.of()));
        try (jakarta.json.bind.Jsonb jsonb = jakarta.json.bind.JsonbBuilder.create(new jakarta.json.bind.JsonbConfig()
                .withNullValues(true).withPropertyNamingStrategy(
                        jakarta.json.bind.config.PropertyNamingStrategy.LOWER_CASE_WITH_UNDERSCORES))) {
            for (AdminResponses.Body body : bodies) {
                String ours = AdminResponses.toJson(body);
                // Yasson orders members alphabetically without @JsonbPropertyOrder; compare as parsed objects.
                assertEquals(jsonb.fromJson(jsonb.toJson(body), Object.class), jsonb.fromJson(ours, Object.class),
                        ours);
            }
        }
    }
}
