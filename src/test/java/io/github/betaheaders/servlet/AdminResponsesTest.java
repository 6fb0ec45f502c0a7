package io.github.betaheaders.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.betaheaders.load.LoadAttempt;
import io.github.betaheaders.load.MappingDocuments;
import io.github.betaheaders.load.MappingStatus;
import io.github.betaheaders.load.ReloadSchedule;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
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
    void bodiesInLiteLlmsShapes() {
        assertEquals("{\"message\":\"m\",\"status\":\"success\",\"providers_count\":7,\"timestamp\":\"t\"}",
                AdminResponses.toJson(new AdminResponses.Reloaded("m", "success", 7, "t")));
        assertEquals("{\"message\":\"m\",\"status\":\"success\",\"interval_hours\":8760,\"timestamp\":\"t\"}",
                AdminResponses.toJson(new AdminResponses.Scheduled("m", "success", AdminResponses.hours(8760), "t")));
        assertEquals("{\"status\":\"error\",\"message\":\"why \\\"quoted\\\"\",\"timestamp\":\"2026-07-01T10:00:00.000+00:00\"}",
                AdminResponses.toJson(AdminResponses.Failure.of("why \"quoted\"", T0)));
    }

    @Test
    void theMappingStatusKeepsUnsupportedBetasAsNull() throws Exception {
        byte[] doc = "{\"bedrock\":{\"a\":\"b\",\"c\":null}}".getBytes(StandardCharsets.UTF_8);
        MappingStatus status = new MappingStatus(
                MappingDocuments.fromBytes(doc, "http://127.0.0.1/x.json", Clock.fixed(T0, ZoneOffset.UTC)),
                LoadAttempt.failed(T0.plusSeconds(60), "answered HTTP 500, expected 200"));
        assertEquals("{\"source\":\"http://127.0.0.1/x.json\",\"sha256\":\"" + MappingDocuments.sha256(doc) + "\","
                + "\"loaded_at\":\"2026-07-01T10:00:00.000+00:00\",\"providers_count\":1,"
                + "\"last_attempt\":{\"at\":\"2026-07-01T10:01:00.000+00:00\",\"status\":\"error\","
                + "\"error\":\"answered HTTP 500, expected 200\"},"
                + "\"mapping\":{\"bedrock\":{\"a\":\"b\",\"c\":null}}}",
                AdminResponses.toJson(AdminResponses.MappingState.of(status)));
    }
}
