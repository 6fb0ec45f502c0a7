package io.github.betaheaders.load;

import java.util.Optional;

/**
 * Where the reload schedule is kept: its interval, last run and next run. {@link InMemoryScheduleStore} keeps it for
 * one webapp; the JDBC store ({@code io.github.betaheaders.store.JdbcStore}) keeps one schedule for all the nodes on a
 * database, whose runs one node at a time claims.
 */
public interface ScheduleStore {

    /** The schedule, or empty when none is set. */
    Optional<ReloadSchedule> current();

    /** Sets the schedule, replacing any. */
    void put(ReloadSchedule schedule);

    /**
     * Replaces the schedule only if it is still {@code expected}, so that a run finishing after a cancel or a new
     * schedule does not bring back the old one.
     *
     * @return whether it was replaced
     */
    boolean replace(ReloadSchedule expected, ReloadSchedule next);

    /** Removes the schedule; {@code true} when there was one. */
    boolean remove();
}
