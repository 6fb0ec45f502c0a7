package io.github.betaheaders.servlet;

import io.github.betaheaders.core.BetaMapping;
import io.github.betaheaders.core.BetaOverrides;
import io.github.betaheaders.core.JsonWriter;
import io.github.betaheaders.core.OverrideSection;
import io.github.betaheaders.core.ProviderTable;
import io.github.betaheaders.learn.QuarantineEntry;
import io.github.betaheaders.load.MappingLoader;
import io.github.betaheaders.load.ReloadSchedule;
import io.github.betaheaders.service.ClusterNode;
import io.github.betaheaders.service.ClusterStatus;
import io.github.betaheaders.service.MappingReload;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

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

    /**
     * What a reload changed: {@code changed}, the sha256 before and after, per provider the betas, and per provider
     * the changed betas that the overrides still decide ({@code overridden}).
     */
    public record Change(String at, boolean changed, String fromSha256, String toSha256,
                         Map<String, Object> providers, Map<String, List<String>> overridden) implements Body {
        @Override
        public Map<String, Object> members() {
            return AdminResponses.members("at", at, "changed", changed, "from_sha256", fromSha256,
                    "to_sha256", toSha256, "providers", providers, "overridden", overridden);
        }

        static Change of(MappingReload reload) {
            return new Change(time(reload.at()), reload.changed(), reload.before().sha256(),
                    reload.after().sha256(), reload.changes().members(), reload.overridden());
        }
    }

    /**
     * The overrides laid over the table: where they are kept, the document, per provider the table's entries they
     * replace ({@code overridden}: beta to the table's name for it), and per provider its model rules in the order
     * they are tried (most specific first).
     */
    public record OverridesState(String where, Map<String, Object> overrides,
                                 Map<String, Map<String, String>> overridden,
                                 Map<String, List<String>> modelRules, OptionalLong revision) implements Body {
        @Override
        public Map<String, Object> members() {
            Map<String, Object> out = AdminResponses.members("where", where, "overrides", overrides, "overridden",
                    overridden, "model_rules", modelRules);
            // With a shared store: the store revision in force here (null: from the local copy, not the store yet).
            revision.ifPresent(r -> out.put("revision", r == 0 ? null : r));
            return out;
        }

        static OverridesState of(String where, BetaMapping table, BetaMapping effective, OptionalLong revision) {
            BetaOverrides overrides = effective.overrides();
            LinkedHashMap<String, Map<String, String>> overridden = new LinkedHashMap<>();
            LinkedHashMap<String, List<String>> rules = new LinkedHashMap<>();
            for (OverrideSection section : overrides.sections()) {
                if (section.pattern() != null) {
                    if (!rules.containsKey(section.provider())) {
                        List<String> keys = new ArrayList<>();
                        effective.modelRules(section.provider()).forEach(t -> keys.add(t.scope()));
                        rules.put(section.provider(), keys);
                    }
                    continue;
                }
                ProviderTable below = table.provider(section.provider());
                if (below == null) {
                    continue;
                }
                boolean all = section.entries().containsKey(OverrideSection.ALL_OTHERS);
                LinkedHashMap<String, String> replaced = new LinkedHashMap<>();
                below.entries().forEach((beta, name) -> {
                    if (all || section.entries().containsKey(beta)) {
                        replaced.put(beta, name);
                    }
                });
                if (!replaced.isEmpty()) {
                    overridden.put(section.provider(), replaced);
                }
            }
            return new OverridesState(where, overrides.document(), overridden, rules, revision);
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
                               Map<String, Map<String, String>> mapping, OverridesState overrides,
                               List<QuarantineEntry> quarantine) implements Body {
        @Override
        public Map<String, Object> members() {
            return AdminResponses.members("source", source, "sha256", sha256, "loaded_at", loadedAt,
                    "providers_count", providersCount, "last_attempt", lastAttempt == null ? null : lastAttempt.members(),
                    "last_change", lastChange == null ? null : lastChange.members(), "mapping", mapping,
                    "overrides", overrides == null ? null : overrides.members(), "quarantine", quarantined(quarantine));
        }

        /** The table as loaded ({@code mapping}), the overrides laid over it, and the quarantined betas. */
        static MappingState of(MappingLoader.Status status, Optional<MappingReload> lastChange,
                               OverridesState overrides, List<QuarantineEntry> quarantine) {
            return new MappingState(status.active().source(), status.active().sha256(),
                    time(status.active().loadedAt()), status.active().mapping().providerCount(),
                    Attempt.of(status.lastAttempt()), lastChange.map(Change::of).orElse(null),
                    status.active().mapping().asMap(), overrides, quarantine);
        }
    }

    /**
     * A body with the cluster added after its own members, when a shared store is on: this node's name, every node
     * (name, active sha256 and revision, last seen, last error, live), whether the live nodes agree, and why the store
     * does not answer (or {@code null}).
     */
    public record WithCluster(Body body, ClusterStatus cluster) implements Body {
        @Override
        public Map<String, Object> members() {
            Map<String, Object> out = new LinkedHashMap<>(body.members());
            List<Object> nodes = new ArrayList<>();
            for (ClusterNode node : cluster.nodes()) {
                nodes.add(AdminResponses.members("name", node.name(), "sha256", node.activeSha256(), "revision",
                        node.activeRevision() == 0 ? null : node.activeRevision(), "last_seen", time(node.lastSeen()),
                        "last_error", node.lastError(), "live", node.live()));
            }
            out.put("node", cluster.node());
            out.put("nodes", nodes);
            out.put("nodes_agree", cluster.agree());
            out.put("nodes_read_at", time(cluster.readAt()));
            out.put("store_error", cluster.storeError());
            return out;
        }

        /** {@code body} alone without a shared store. */
        static Body of(Body body, Optional<ClusterStatus> cluster) {
            return cluster.<Body>map(c -> new WithCluster(body, c)).orElse(body);
        }
    }

    /** A reload recorded in the shared store that another node claimed and had not finished yet. */
    public record Queued(String message, String status, String timestamp) implements Body {
        static final String QUEUED = "queued";

        @Override
        public Map<String, Object> members() {
            return AdminResponses.members("message", message, "status", status, "timestamp", timestamp);
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
