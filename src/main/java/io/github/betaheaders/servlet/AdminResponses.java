package io.github.betaheaders.servlet;

import io.github.betaheaders.core.JsonWriter;
import io.github.betaheaders.learn.QuarantineEntry;
import io.github.betaheaders.load.MappingLoader;
import io.github.betaheaders.load.ReloadSchedule;
import io.github.betaheaders.service.MappingReload;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The admin API's JSON bodies, in LiteLLM's shapes. Times are ISO-8601 in UTC with an explicit offset
 * ({@code 2026-05-01T10:00:00.000+00:00}); hours are written as an integer when whole. Member names are snake case
 * ({@code providers_count}) and nulls are written ({@code "next_run": null}), not left out. Each body lists its members
 * in order and is written by {@link JsonWriter}: no JSON library at run time.
 */
final class AdminResponses {

    static final String SUCCESS = "success";
    static final String ERROR = "error";

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSxxx").withZone(ZoneOffset.UTC);

    private AdminResponses() {
    }

    /** One response body: its JSON members, in the order they are written. */
    interface Body {
        Map<String, Object> members();
    }

    /** The JSON text of a body. */
    static String toJson(Body body) {
        return JsonWriter.write(body.members());
    }

    /** A map of the given name, value pairs in order. */
    private static Map<String, Object> members(Object... namesAndValues) {
        LinkedHashMap<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            out.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return out;
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

    public record Failure(String status, String message, String timestamp) implements Body {
        @Override
        public Map<String, Object> members() {
            return AdminResponses.members("status", status, "message", message, "timestamp", timestamp);
        }

        static Failure of(String message, Instant now) {
            return new Failure(ERROR, message, time(now));
        }
    }

    /** LiteLLM's reload answer, and what the reload changed. */
    public record Reloaded(String message, String status, int providersCount, String timestamp,
                           Change changes) implements Body {
        @Override
        public Map<String, Object> members() {
            return AdminResponses.members("message", message, "status", status, "providers_count", providersCount,
                    "timestamp", timestamp, "changes", changes.members());
        }
    }

    /** What a reload changed: {@code changed}, the sha256 before and after, and per provider the betas. */
    public record Change(String at, boolean changed, String fromSha256, String toSha256,
                         Map<String, Object> providers) implements Body {
        @Override
        public Map<String, Object> members() {
            return AdminResponses.members("at", at, "changed", changed, "from_sha256", fromSha256,
                    "to_sha256", toSha256, "providers", providers);
        }

        static Change of(MappingReload reload) {
            return new Change(time(reload.at()), reload.changed(), reload.before().sha256(),
                    reload.after().sha256(), reload.changes().members());
        }
    }

    public record Scheduled(String message, String status, Number intervalHours, String timestamp) implements Body {
        @Override
        public Map<String, Object> members() {
            return AdminResponses.members("message", message, "status", status, "interval_hours", intervalHours,
                    "timestamp", timestamp);
        }
    }

    public record Cancelled(String message, String status, String timestamp) implements Body {
        @Override
        public Map<String, Object> members() {
            return AdminResponses.members("message", message, "status", status, "timestamp", timestamp);
        }
    }

    public record ScheduleState(boolean scheduled, Number intervalHours, String lastRun,
                                String nextRun) implements Body {
        @Override
        public Map<String, Object> members() {
            return AdminResponses.members("scheduled", scheduled, "interval_hours", intervalHours, "last_run", lastRun,
                    "next_run", nextRun);
        }

        static ScheduleState of(Optional<ReloadSchedule> schedule) {
            return schedule.map(s -> new ScheduleState(true, hours(s.intervalHours()), time(s.lastRun()),
                    time(s.nextRun()))).orElse(new ScheduleState(false, null, null, null));
        }
    }

    public record Attempt(String at, String status, String error) implements Body {
        @Override
        public Map<String, Object> members() {
            return AdminResponses.members("at", at, "status", status, "error", error);
        }

        static Attempt of(MappingLoader.Attempt attempt) {
            return new Attempt(time(attempt.at()), attempt.succeeded() ? SUCCESS : ERROR, attempt.error());
        }
    }

    public record MappingState(String source, String sha256, String loadedAt, int providersCount,
                               Attempt lastAttempt, Change lastChange,
                               Map<String, Map<String, String>> mapping,
                               List<QuarantineEntry> quarantine) implements Body {
        @Override
        public Map<String, Object> members() {
            return AdminResponses.members("source", source, "sha256", sha256, "loaded_at", loadedAt,
                    "providers_count", providersCount, "last_attempt", lastAttempt == null ? null : lastAttempt.members(),
                    "last_change", lastChange == null ? null : lastChange.members(), "mapping", mapping,
                    "quarantine", quarantined(quarantine));
        }

        static MappingState of(MappingLoader.Status status, Optional<MappingReload> lastChange,
                               List<QuarantineEntry> quarantine) {
            return new MappingState(status.active().source(), status.active().sha256(),
                    time(status.active().loadedAt()), status.active().mapping().providerCount(),
                    Attempt.of(status.lastAttempt()), lastChange.map(Change::of).orElse(null),
                    status.active().mapping().asMap(), quarantine);
        }
    }

    /** Quarantine entries as the status and DELETE resources show them, oldest first. */
    static List<Object> quarantined(List<QuarantineEntry> entries) {
        List<Object> out = new ArrayList<>(entries.size());
        for (QuarantineEntry e : entries) {
            out.add(members("provider", e.provider(), "model", e.model(), "beta", e.beta(), "reason", e.reason(),
                    "evidence", e.evidence(), "since", time(e.since()), "expires", time(e.expires())));
        }
        return out;
    }

    /** The answer of {@code DELETE /anthropic_beta_headers/quarantine}: the entries removed. */
    public record Unquarantined(String message, String status, List<QuarantineEntry> removed,
                                String timestamp) implements Body {
        @Override
        public Map<String, Object> members() {
            return AdminResponses.members("message", message, "status", status, "removed", quarantined(removed),
                    "timestamp", timestamp);
        }
    }
}
