package io.github.betaheaders.servlet;

import io.github.betaheaders.load.LoadAttempt;
import io.github.betaheaders.load.MappingStatus;
import io.github.betaheaders.load.ReloadSchedule;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.config.PropertyNamingStrategy;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;

/**
 * The admin API's JSON bodies, in LiteLLM's shapes. Times are ISO-8601 in UTC with an explicit offset
 * ({@code 2026-05-01T10:00:00.000+00:00}); hours are written as an integer when whole.
 */
final class AdminResponses {

    static final String SUCCESS = "success";
    static final String ERROR = "error";

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSxxx").withZone(ZoneOffset.UTC);

    private AdminResponses() {
    }

    /**
     * JSON-B configured for these bodies: names in snake case ({@code providersCount} is {@code providers_count}), nulls
     * written ({@code "next_run": null}), not left out.
     */
    static Jsonb jsonb() {
        return JsonbBuilder.create(new JsonbConfig().withNullValues(true)
                .withPropertyNamingStrategy(PropertyNamingStrategy.LOWER_CASE_WITH_UNDERSCORES));
    }

    static String time(Instant instant) {
        return instant == null ? null : TIME.format(instant);
    }

    /** {@code 24} for 24.0, {@code 0.5} for 0.5. */
    static Number hours(double hours) {
        if (hours == Math.rint(hours) && Math.abs(hours) < 1e15) {
            return (long) hours;
        }
        return hours;
    }

    @JsonbPropertyOrder({"status", "message", "timestamp"})
    public record Failure(String status, String message, String timestamp) {
        static Failure of(String message, Instant now) {
            return new Failure(ERROR, message, time(now));
        }
    }

    @JsonbPropertyOrder({"message", "status", "providersCount", "timestamp"})
    public record Reloaded(String message, String status, int providersCount, String timestamp) {
    }

    @JsonbPropertyOrder({"message", "status", "intervalHours", "timestamp"})
    public record Scheduled(String message, String status, Number intervalHours, String timestamp) {
    }

    @JsonbPropertyOrder({"message", "status", "timestamp"})
    public record Cancelled(String message, String status, String timestamp) {
    }

    @JsonbPropertyOrder({"scheduled", "intervalHours", "lastRun", "nextRun"})
    public record ScheduleState(boolean scheduled, Number intervalHours, String lastRun,
                                String nextRun) {
        static ScheduleState of(Optional<ReloadSchedule> schedule) {
            return schedule.map(s -> new ScheduleState(true, hours(s.intervalHours()), time(s.lastRun()),
                    time(s.nextRun()))).orElse(new ScheduleState(false, null, null, null));
        }
    }

    @JsonbPropertyOrder({"at", "status", "error"})
    public record Attempt(String at, String status, String error) {
        static Attempt of(LoadAttempt attempt) {
            return new Attempt(time(attempt.at()), attempt.succeeded() ? SUCCESS : ERROR, attempt.error());
        }
    }

    @JsonbPropertyOrder({"source", "sha256", "loadedAt", "providersCount", "lastAttempt", "mapping"})
    public record MappingState(String source, String sha256, String loadedAt, int providersCount,
                               Attempt lastAttempt, Map<String, Map<String, String>> mapping) {
        static MappingState of(MappingStatus status) {
            return new MappingState(status.active().source(), status.active().sha256(),
                    time(status.active().loadedAt()), status.active().mapping().providerCount(),
                    Attempt.of(status.lastAttempt()), status.active().mapping().asMap());
        }
    }
}
