package io.github.betaheaders.store;

import io.github.betaheaders.core.Sha256;
import io.github.betaheaders.learn.QuarantineEntry;
import io.github.betaheaders.learn.QuarantineSelector;
import io.github.betaheaders.load.ReloadSchedule;
import io.github.betaheaders.load.ScheduleStore;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The store that several nodes share through one database (PostgreSQL, MariaDB/MySQL or H2, through {@code java.sql}
 * only): the cluster's reload schedule, the runs that one node claims at a time, the published mapping documents, the
 * published overrides, the quarantined betas, the last failed fetch of each node, and the nodes' heartbeats.
 *
 * <p>Each call takes a connection from the {@link DataSource}, bounds each statement by the query timeout, and closes
 * the connection before it returns; a failure is a {@link StoreException}. Times are the caller's {@link Clock}, kept
 * to the millisecond. Tables are created on first use unless {@link JdbcStoreOptions#createTables()} is off.
 *
 * <p>A run goes: a node sees a due run (the schedule's {@code next_run} has passed, or an open {@link ReloadRequest}),
 * tries to claim it ({@link #tryClaimScheduledRun}, {@link #tryClaim(ReloadRequest, String, Duration)}); exactly one
 * node gets the claim, the others get nothing. The winner fetches, {@link #publish}es (or {@link #recordFailure}s), then
 * {@link #complete}s the run, which for a scheduled run moves the schedule's {@code last_run} and {@code next_run}. A
 * claim whose lease has expired (its node died) can be taken by another node.
 */
public final class JdbcStore implements ScheduleStore {

    /** {@link NodeStatus#activeRevision()} of a node whose document did not come from the store. */
    public static final long NO_REVISION = 0;

    static final int MAX_NAME = 255;
    static final int MAX_TEXT = 2000;
    private static final int SCHEDULE_ROW = 1;
    /** Enough for every publisher of a large cluster to lose the race for a revision once. */
    private static final int PUBLISH_ATTEMPTS = 100;

    private final StoreDatabase database;
    private final StoreTables tables;
    private final Clock clock;

    public JdbcStore(DataSource dataSource, JdbcStoreOptions options, Clock clock) {
        this.database = new StoreDatabase(dataSource, Objects.requireNonNull(options, "options"));
        this.tables = database.tables();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public StoreTables tables() {
        return tables;
    }

    // ---- the schedule

    @Override
    public Optional<ReloadSchedule> current() {
        return database.call("reading the schedule from " + tables.schedule(), this::readSchedule);
    }

    private Optional<ReloadSchedule> readSchedule(Connection connection) throws SQLException {
        return readSchedule(connection, "");
    }

    private Optional<ReloadSchedule> readSchedule(Connection connection, String suffix) throws SQLException {
        try (PreparedStatement select = database.prepare(connection, "SELECT interval_hours, scheduled_at_ms,"
                + " last_run_ms, next_run_ms FROM " + tables.schedule() + " WHERE id = ?" + suffix)) {
            select.setInt(1, SCHEDULE_ROW);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new ReloadSchedule(row.getDouble(1), instant(row.getLong(2)),
                        instantOrNull(row, 3), instant(row.getLong(4))));
            }
        }
    }

    @Override
    public void put(ReloadSchedule schedule) {
        Objects.requireNonNull(schedule, "schedule");
        database.call("setting the schedule in " + tables.schedule(), connection -> {
            if (updateSchedule(connection, schedule, null) == 0) {
                try (PreparedStatement insert = database.prepare(connection, "INSERT INTO " + tables.schedule()
                        + " (interval_hours, scheduled_at_ms, last_run_ms, next_run_ms, id) VALUES (?, ?, ?, ?, ?)")) {
                    bindSchedule(insert, schedule, 1);
                    insert.setInt(5, SCHEDULE_ROW);
                    insert.executeUpdate();
                } catch (SQLException e) {
                    if (!StoreDatabase.isConstraintViolation(e)) {
                        throw e;
                    }
                    // Another node put its schedule in the same moment: the later one holds.
                    updateSchedule(connection, schedule, null);
                }
            }
            return null;
        });
    }

    @Override
    public boolean replace(ReloadSchedule expected, ReloadSchedule next) {
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(next, "next");
        return database.call("replacing the schedule in " + tables.schedule(),
                connection -> updateSchedule(connection, next, expected) == 1);
    }

    /** Sets the schedule row to {@code schedule}, only if it is {@code expected} (to the millisecond) when given. */
    private int updateSchedule(Connection connection, ReloadSchedule schedule, ReloadSchedule expected)
            throws SQLException {
        String sql = "UPDATE " + tables.schedule() + " SET interval_hours = ?, scheduled_at_ms = ?, last_run_ms = ?,"
                + " next_run_ms = ? WHERE id = ?";
        if (expected != null) {
            sql += " AND interval_hours = ? AND scheduled_at_ms = ? AND next_run_ms = ? AND last_run_ms "
                    + (expected.lastRun() == null ? "IS NULL" : "= ?");
        }
        try (PreparedStatement update = database.prepare(connection, sql)) {
            bindSchedule(update, schedule, 1);
            update.setInt(5, SCHEDULE_ROW);
            if (expected != null) {
                update.setDouble(6, expected.intervalHours());
                update.setLong(7, millis(expected.scheduledAt()));
                update.setLong(8, millis(expected.nextRun()));
                if (expected.lastRun() != null) {
                    update.setLong(9, millis(expected.lastRun()));
                }
            }
            return update.executeUpdate();
        }
    }

    private static void bindSchedule(PreparedStatement statement, ReloadSchedule schedule, int first)
            throws SQLException {
        statement.setDouble(first, schedule.intervalHours());
        statement.setLong(first + 1, millis(schedule.scheduledAt()));
        setMillisOrNull(statement, first + 2, schedule.lastRun());
        statement.setLong(first + 3, millis(schedule.nextRun()));
    }

    @Override
    public boolean remove() {
        return database.call("cancelling the schedule in " + tables.schedule(), connection -> {
            try (PreparedStatement delete = database.prepare(connection,
                    "DELETE FROM " + tables.schedule() + " WHERE id = ?")) {
                delete.setInt(1, SCHEDULE_ROW);
                return delete.executeUpdate() > 0;
            }
        });
    }

    // ---- runs

    /** The key of the run that {@code schedule} has due at its {@code next_run}: the same on every node. */
    public static String scheduledRunKey(ReloadSchedule schedule) {
        return "scheduled@" + millis(schedule.nextRun());
    }

    /**
     * Tries to claim the run that {@code schedule} has due at its {@code next_run}, for {@code lease}: the claim when
     * this node got it, empty when another node holds it (lease not expired) or completed it.
     */
    public Optional<RunClaim> tryClaimScheduledRun(ReloadSchedule schedule, String node, Duration lease) {
        String key = scheduledRunKey(schedule);
        Instant dueAt = schedule.nextRun();
        String name = name(node);
        Instant now = clock.instant();
        Instant leaseUntil = leaseEnd(now, lease);
        return database.call("claiming run " + key + " in " + tables.runs(), connection -> {
            try (PreparedStatement insert = database.prepare(connection, "INSERT INTO " + tables.runs()
                    + " (run_key, kind, due_at_ms, requested_by, claimed_by, attempt, lease_until_ms)"
                    + " VALUES (?, ?, ?, ?, ?, 1, ?)")) {
                insert.setString(1, key);
                insert.setString(2, RunKind.SCHEDULED.column());
                insert.setLong(3, millis(dueAt));
                insert.setString(4, name);
                insert.setString(5, name);
                insert.setLong(6, millis(leaseUntil));
                insert.executeUpdate();
                return Optional.of(new RunClaim(key, RunKind.SCHEDULED, truncated(dueAt), name, 1,
                        truncated(leaseUntil)));
            } catch (SQLException e) {
                if (!StoreDatabase.isConstraintViolation(e)) {
                    throw e;
                }
            }
            return takeOver(connection, key, name, now, leaseUntil);
        });
    }

    /** Asks for a reload: a run, open to every node until one claims and completes it. */
    public ReloadRequest requestReload(String node) {
        String name = name(node);
        Instant now = truncated(clock.instant());
        String key = "manual@" + millis(now) + "-" + UUID.randomUUID();
        return database.call("recording a reload request in " + tables.runs(), connection -> {
            try (PreparedStatement insert = database.prepare(connection, "INSERT INTO " + tables.runs()
                    + " (run_key, kind, due_at_ms, requested_by, attempt) VALUES (?, ?, ?, ?, 0)")) {
                insert.setString(1, key);
                insert.setString(2, RunKind.MANUAL.column());
                insert.setLong(3, millis(now));
                insert.setString(4, name);
                insert.executeUpdate();
            }
            return new ReloadRequest(key, name, now);
        });
    }

    /** The reload requests not completed yet (claimed or not), oldest first. */
    public List<ReloadRequest> openReloadRequests() {
        return database.call("reading the reload requests in " + tables.runs(), connection -> {
            return rows(connection, "SELECT run_key, requested_by, due_at_ms FROM " + tables.runs()
                            + " WHERE kind = ? AND completed_at_ms IS NULL ORDER BY due_at_ms, run_key",
                    select -> select.setString(1, RunKind.MANUAL.column()),
                    row -> new ReloadRequest(row.getString(1), row.getString(2), instant(row.getLong(3))));
        });
    }

    /** Tries to claim a reload request for {@code lease}: as {@link #tryClaimScheduledRun}. */
    public Optional<RunClaim> tryClaim(ReloadRequest request, String node, Duration lease) {
        String name = name(node);
        Instant now = clock.instant();
        Instant leaseUntil = leaseEnd(now, lease);
        return database.call("claiming run " + request.runKey() + " in " + tables.runs(),
                connection -> takeOver(connection, request.runKey(), name, now, leaseUntil));
    }

    /** Claims a run that exists, when nobody holds it or its holder's lease has expired. */
    private Optional<RunClaim> takeOver(Connection connection, String key, String node, Instant now,
                                        Instant leaseUntil) throws SQLException {
        connection.setAutoCommit(false);
        try {
            int updated;
            try (PreparedStatement update = database.prepare(connection, "UPDATE " + tables.runs()
                    + " SET claimed_by = ?, attempt = attempt + 1, lease_until_ms = ? WHERE run_key = ?"
                    + " AND completed_at_ms IS NULL AND (claimed_by IS NULL OR lease_until_ms <= ?)")) {
                update.setString(1, node);
                update.setLong(2, millis(leaseUntil));
                update.setString(3, key);
                update.setLong(4, millis(now));
                updated = update.executeUpdate();
            }
            Optional<RunClaim> claim = Optional.empty();
            if (updated == 1) {
                try (PreparedStatement select = database.prepare(connection, "SELECT kind, due_at_ms, attempt"
                        + " FROM " + tables.runs() + " WHERE run_key = ?")) {
                    select.setString(1, key);
                    try (ResultSet row = select.executeQuery()) {
                        row.next();
                        claim = Optional.of(new RunClaim(key, RunKind.ofColumn(row.getString(1)),
                                instant(row.getLong(2)), node, row.getInt(3), truncated(leaseUntil)));
                    }
                }
            }
            connection.commit();
            return claim;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /**
     * Completes a claimed run; for a scheduled run, the schedule (if it is still the one the run was due for) records
     * the run: {@code last_run} now, {@code next_run} one interval later.
     *
     * @return {@code false} when the claim is no longer this node's (another node took the run over after the lease
     *         expired) or the run was completed already
     */
    public boolean complete(RunClaim claim) {
        Objects.requireNonNull(claim, "claim");
        Instant now = clock.instant();
        return database.inTransaction("completing run " + claim.runKey() + " in " + tables.runs(), connection -> {
            try (PreparedStatement update = database.prepare(connection, "UPDATE " + tables.runs()
                    + " SET completed_at_ms = ? WHERE run_key = ? AND attempt = ? AND claimed_by = ?"
                    + " AND completed_at_ms IS NULL")) {
                update.setLong(1, millis(now));
                update.setString(2, claim.runKey());
                update.setInt(3, claim.attempt());
                update.setString(4, claim.node());
                if (update.executeUpdate() != 1) {
                    return false;
                }
            }
            if (claim.kind() == RunKind.SCHEDULED) {
                Optional<ReloadSchedule> schedule = readSchedule(connection, " FOR UPDATE");
                if (schedule.isPresent() && millis(schedule.get().nextRun()) == millis(claim.dueAt())) {
                    updateSchedule(connection, schedule.get().ranAt(truncated(now)), schedule.get());
                }
            }
            return true;
        });
    }

    // ---- documents

    /**
     * Publishes a document that this node fetched and validated, under the next revision.
     *
     * @throws IllegalArgumentException when {@code sha256} is not the document's
     */
    public PublishedDocument publish(byte[] document, String sha256, String source, String node) {
        Objects.requireNonNull(document, "document");
        if (!Sha256.hex(document).equals(sha256)) {
            throw new IllegalArgumentException("sha256 [" + sha256 + "] is not the document's");
        }
        String from = text(Objects.requireNonNull(source, "source"));
        String name = name(node);
        Instant at = truncated(clock.instant());
        return database.call("publishing a document in " + tables.documents(), connection -> {
            long revision = insertNextRevision(connection, tables.documents(), "INSERT INTO " + tables.documents()
                    + " (revision, sha256, document_source, published_by, published_at_ms, document)"
                    + " VALUES (?, ?, ?, ?, ?, ?)", insert -> {
                        insert.setString(2, sha256);
                        insert.setString(3, from);
                        insert.setString(4, name);
                        insert.setLong(5, millis(at));
                        insert.setBytes(6, document);
                    });
            return new PublishedDocument(revision, document, sha256, from, name, at);
        });
    }

    /**
     * Inserts a row under the next revision of {@code table}: {@code insert} takes the revision as its first
     * parameter, {@code binder} the others. Losing the race for a revision (to another node) takes the next one.
     */
    private long insertNextRevision(Connection connection, String table, String insert, Binder binder)
            throws SQLException {
        SQLException lastRace = null;
        for (int attempt = 0; attempt < PUBLISH_ATTEMPTS; attempt++) {
            long revision = maxRevision(connection, table) + 1;
            try (PreparedStatement statement = database.prepare(connection, insert)) {
                statement.setLong(1, revision);
                binder.bind(statement);
                statement.executeUpdate();
                return revision;
            } catch (SQLException e) {
                if (!StoreDatabase.isConstraintViolation(e)) {
                    throw e;
                }
                lastRace = e; // another node took this revision: take the next
            }
        }
        throw new SQLException("no free revision in " + table + " after " + PUBLISH_ATTEMPTS + " attempts, each"
                + " taken by another node", lastRace);
    }

    /** The newest revision, or empty when nothing was published: a cheap look for a newer document. */
    public OptionalLong latestRevision() {
        return database.call("reading the latest revision in " + tables.documents(), connection -> {
            long max = maxRevision(connection);
            return max == 0 ? OptionalLong.empty() : OptionalLong.of(max);
        });
    }

    private long maxRevision(Connection connection) throws SQLException {
        return maxRevision(connection, tables.documents());
    }

    private long maxRevision(Connection connection, String table) throws SQLException {
        try (PreparedStatement select = database.prepare(connection,
                "SELECT COALESCE(MAX(revision), 0) FROM " + table);
             ResultSet row = select.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    /** The newest published document, or empty when nothing was published. */
    public Optional<PublishedDocument> latest() {
        return database.call("reading the latest document in " + tables.documents(), connection -> {
            try (PreparedStatement select = database.prepare(connection, "SELECT revision, document, sha256,"
                    + " document_source, published_by, published_at_ms FROM " + tables.documents()
                    + " WHERE revision = (SELECT MAX(revision) FROM " + tables.documents() + ")");
                 ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new PublishedDocument(row.getLong(1), row.getBytes(2), row.getString(3),
                        row.getString(4), row.getString(5), instant(row.getLong(6))));
            }
        });
    }

    /**
     * Deletes all but the newest {@code keep} documents. Later revisions still grow from the newest, which stays.
     *
     * @return how many were deleted
     */
    public int pruneDocuments(int keep) {
        return pruneRevisions(tables.documents(), keep);
    }

    private int pruneRevisions(String table, int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep [" + keep + "] is not at least 1");
        }
        return database.call("deleting old revisions in " + table, connection -> {
            try (PreparedStatement delete = database.prepare(connection,
                    "DELETE FROM " + table + " WHERE revision <= ?")) {
                delete.setLong(1, maxRevision(connection, table) - keep);
                return delete.executeUpdate();
            }
        });
    }

    /**
     * Deletes the runs completed before {@code completedBefore}. Give a time well behind every node's view of the
     * schedule (a day, say): a node that still saw a deleted run as due could claim it again.
     *
     * @return how many were deleted
     */
    public int pruneRuns(Instant completedBefore) {
        Objects.requireNonNull(completedBefore, "completedBefore");
        return database.call("deleting completed runs in " + tables.runs(), connection -> {
            try (PreparedStatement delete = database.prepare(connection, "DELETE FROM " + tables.runs()
                    + " WHERE completed_at_ms IS NOT NULL AND completed_at_ms < ?")) {
                delete.setLong(1, millis(completedBefore));
                return delete.executeUpdate();
            }
        });
    }

    // ---- overrides

    /**
     * Publishes the cluster's overrides (a whole document, already validated by this node; {@code {}} for none) under
     * the next revision: every node adopts the newest.
     */
    public PublishedOverrides publishOverrides(byte[] document, String node) {
        Objects.requireNonNull(document, "document");
        String sha256 = Sha256.hex(document);
        String name = name(node);
        Instant at = truncated(clock.instant());
        return database.call("publishing the overrides in " + tables.overrides(), connection -> {
            long revision = insertNextRevision(connection, tables.overrides(), "INSERT INTO " + tables.overrides()
                    + " (revision, sha256, published_by, published_at_ms, document) VALUES (?, ?, ?, ?, ?)",
                    insert -> {
                        insert.setString(2, sha256);
                        insert.setString(3, name);
                        insert.setLong(4, millis(at));
                        insert.setBytes(5, document);
                    });
            return new PublishedOverrides(revision, document, sha256, name, at);
        });
    }

    /** The newest overrides revision, or empty when none was published: a cheap look for newer overrides. */
    public OptionalLong latestOverridesRevision() {
        return database.call("reading the latest revision in " + tables.overrides(), connection -> {
            long max = maxRevision(connection, tables.overrides());
            return max == 0 ? OptionalLong.empty() : OptionalLong.of(max);
        });
    }

    /** The newest published overrides, or empty when none were published. */
    public Optional<PublishedOverrides> latestOverrides() {
        return database.call("reading the latest overrides in " + tables.overrides(), connection -> {
            try (PreparedStatement select = database.prepare(connection, "SELECT revision, document, sha256,"
                    + " published_by, published_at_ms FROM " + tables.overrides()
                    + " WHERE revision = (SELECT MAX(revision) FROM " + tables.overrides() + ")");
                 ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new PublishedOverrides(row.getLong(1), row.getBytes(2), row.getString(3),
                        row.getString(4), instant(row.getLong(5))));
            }
        });
    }

    /** Deletes all but the newest {@code keep} overrides revisions, as {@link #pruneDocuments}. */
    public int pruneOverrides(int keep) {
        return pruneRevisions(tables.overrides(), keep);
    }

    // ---- quarantine

    /**
     * Writes quarantine entries, each replacing any for the same provider, model and beta (the later {@code expires}
     * wins a race between two nodes that learned the same).
     */
    public void putQuarantine(List<QuarantineEntry> entries) {
        Objects.requireNonNull(entries, "entries");
        database.call("writing quarantines in " + tables.quarantine(), connection -> {
            for (QuarantineEntry e : entries) {
                upsert(connection, "UPDATE " + tables.quarantine() + " SET provider = ?, model = ?, beta = ?,"
                                + " reason = ?, evidence = ?, since_ms = ?, expires_ms = ? WHERE entry_key = ?",
                        "INSERT INTO " + tables.quarantine() + " (provider, model, beta, reason, evidence, since_ms,"
                                + " expires_ms, entry_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        statement -> {
                            statement.setString(1, e.provider());
                            statement.setString(2, e.model());
                            statement.setString(3, e.beta());
                            statement.setString(4, e.reason());
                            statement.setString(5, e.evidence() == null ? null : text(e.evidence()));
                            statement.setLong(6, millis(e.since()));
                            statement.setLong(7, millis(e.expires()));
                            statement.setString(8, quarantineKey(e));
                        });
            }
            return null;
        });
    }

    /** The quarantine entries that have not expired at {@code now}, oldest first. */
    public List<QuarantineEntry> quarantine(Instant now) {
        return database.call("reading the quarantine in " + tables.quarantine(), connection -> rows(connection,
                "SELECT provider, model, beta, reason, evidence, since_ms, expires_ms FROM " + tables.quarantine()
                        + " WHERE expires_ms > ? ORDER BY since_ms, entry_key",
                select -> select.setLong(1, millis(now)), JdbcStore::quarantineEntry));
    }

    /** Deletes the entries {@code which} matches (expired or not); returns them. */
    public List<QuarantineEntry> removeQuarantine(QuarantineSelector which) {
        Objects.requireNonNull(which, "which");
        return database.inTransaction("ending quarantines in " + tables.quarantine(), connection -> {
            List<QuarantineEntry> removed = new ArrayList<>();
            for (QuarantineEntry e : rows(connection, "SELECT provider, model, beta, reason, evidence, since_ms,"
                    + " expires_ms FROM " + tables.quarantine() + " ORDER BY since_ms, entry_key", select -> { },
                    JdbcStore::quarantineEntry)) {
                if (which.matches(e)) {
                    execute(connection, "DELETE FROM " + tables.quarantine() + " WHERE entry_key = ?",
                            delete -> delete.setString(1, quarantineKey(e)));
                    removed.add(e);
                }
            }
            return removed;
        });
    }

    /** Deletes the entries that expired before {@code now}; returns how many. */
    public int pruneQuarantine(Instant now) {
        return database.call("deleting expired quarantines in " + tables.quarantine(), connection -> execute(
                connection, "DELETE FROM " + tables.quarantine() + " WHERE expires_ms <= ?",
                delete -> delete.setLong(1, millis(now))));
    }

    private static QuarantineEntry quarantineEntry(ResultSet row) throws SQLException {
        return new QuarantineEntry(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                row.getString(5), instant(row.getLong(6)), instant(row.getLong(7)));
    }

    /** The key of an entry's provider, model and beta: their SHA-256, so that long names fit every database's key. */
    private static String quarantineKey(QuarantineEntry e) {
        return Sha256.hex((e.provider() + "\n" + (e.model() == null ? "\u0000" : e.model()) + "\n" + e.beta())
                .getBytes(StandardCharsets.UTF_8));
    }

    // ---- failures and nodes

    /** Keeps a failed fetch of {@code node} for the status (replacing its previous one); publishes nothing. */
    public void recordFailure(String node, String message) {
        String name = name(node);
        String why = text(Objects.requireNonNull(message, "message"));
        long at = millis(clock.instant());
        database.call("recording a failed fetch in " + tables.fetchFailures(), connection -> {
            upsert(connection, "UPDATE " + tables.fetchFailures() + " SET message = ?, failed_at_ms = ?"
                            + " WHERE node_name = ?",
                    "INSERT INTO " + tables.fetchFailures() + " (message, failed_at_ms, node_name) VALUES (?, ?, ?)",
                    statement -> {
                        statement.setString(1, why);
                        statement.setLong(2, at);
                        statement.setString(3, name);
                    });
            return null;
        });
    }

    /** The last failed fetch of each node, newest first. */
    public List<FetchFailure> fetchFailures() {
        return database.call("reading the failed fetches in " + tables.fetchFailures(), connection -> rows(connection,
                "SELECT node_name, message, failed_at_ms FROM " + tables.fetchFailures()
                        + " ORDER BY failed_at_ms DESC, node_name",
                select -> { },
                row -> new FetchFailure(row.getString(1), row.getString(2), instant(row.getLong(3)))));
    }

    /**
     * Records that {@code node} is alive and what it serves.
     *
     * @param activeSha256 hex SHA-256 of its active document, or {@code null}
     * @param revision     the store revision it serves, or {@link #NO_REVISION}
     * @param lastError    its last error, or {@code null}
     */
    public void heartbeat(String node, String activeSha256, long revision, String lastError) {
        String name = name(node);
        String error = lastError == null ? null : text(lastError);
        long at = millis(clock.instant());
        database.call("recording the heartbeat of node " + name + " in " + tables.nodes(), connection -> {
            upsert(connection, "UPDATE " + tables.nodes() + " SET active_sha256 = ?, active_revision = ?,"
                            + " last_seen_ms = ?, last_error = ? WHERE node_name = ?",
                    "INSERT INTO " + tables.nodes() + " (active_sha256, active_revision, last_seen_ms, last_error,"
                            + " node_name) VALUES (?, ?, ?, ?, ?)",
                    statement -> {
                        statement.setString(1, activeSha256);
                        if (revision == NO_REVISION) {
                            statement.setNull(2, Types.BIGINT);
                        } else {
                            statement.setLong(2, revision);
                        }
                        statement.setLong(3, at);
                        statement.setString(4, error);
                        statement.setString(5, name);
                    });
            return null;
        });
    }

    /** Every node that sent a heartbeat, by name. */
    public List<NodeStatus> nodes() {
        return database.call("reading the nodes in " + tables.nodes(), connection -> rows(connection,
                "SELECT node_name, active_sha256, active_revision, last_seen_ms, last_error FROM " + tables.nodes()
                        + " ORDER BY node_name",
                select -> { },
                row -> new NodeStatus(row.getString(1), row.getString(2), row.getLong(3), instant(row.getLong(4)),
                        row.getString(5))));
    }

    /** Binds the parameters of a statement (of an upsert's two statements, which take them in the same order). */
    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    /** Reads one row of a result. */
    private interface RowReader<T> {
        T read(ResultSet row) throws SQLException;
    }

    private <T> List<T> rows(Connection connection, String sql, Binder binder, RowReader<T> reader)
            throws SQLException {
        try (PreparedStatement select = database.prepare(connection, sql)) {
            binder.bind(select);
            List<T> rows = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    rows.add(reader.read(row));
                }
            }
            return rows;
        }
    }

    /**
     * Updates a row, or inserts it when there is none; in auto-commit mode, so that losing the race to insert (to
     * another node) leaves no aborted transaction, and the update that follows it wins.
     */
    private void upsert(Connection connection, String update, String insert, Binder binder) throws SQLException {
        if (execute(connection, update, binder) > 0) {
            return;
        }
        try {
            execute(connection, insert, binder);
        } catch (SQLException e) {
            if (!StoreDatabase.isConstraintViolation(e)) {
                throw e;
            }
            execute(connection, update, binder);
        }
    }

    private int execute(Connection connection, String sql, Binder binder) throws SQLException {
        try (PreparedStatement statement = database.prepare(connection, sql)) {
            binder.bind(statement);
            return statement.executeUpdate();
        }
    }

    // ---- values

    private static Instant leaseEnd(Instant now, Duration lease) {
        Objects.requireNonNull(lease, "lease");
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("lease [" + lease + "] is not above 0");
        }
        return now.plus(lease);
    }

    private static String name(String node) {
        Objects.requireNonNull(node, "node");
        if (node.isEmpty() || node.length() > MAX_NAME) {
            throw new IllegalArgumentException("node name is empty or longer than " + MAX_NAME + " characters");
        }
        return node;
    }

    /** Text cut to what its column holds. */
    private static String text(String text) {
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT - 1) + "…";
    }

    private static long millis(Instant instant) {
        return instant.toEpochMilli();
    }

    private static Instant truncated(Instant instant) {
        return Instant.ofEpochMilli(instant.toEpochMilli());
    }

    private static Instant instant(long millis) {
        return Instant.ofEpochMilli(millis);
    }

    private static Instant instantOrNull(ResultSet row, int column) throws SQLException {
        long millis = row.getLong(column);
        return row.wasNull() ? null : instant(millis);
    }

    private static void setMillisOrNull(PreparedStatement statement, int index, Instant instant) throws SQLException {
        if (instant == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, millis(instant));
        }
    }
}
