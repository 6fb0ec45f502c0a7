package io.github.betaheaders.load;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** The reload schedule of one webapp, held in memory: gone on restart, where {@code reloadIntervalHours} sets it again. */
public final class InMemoryScheduleStore implements ScheduleStore {

    private final AtomicReference<ReloadSchedule> schedule = new AtomicReference<>();

    @Override
    public Optional<ReloadSchedule> current() {
        return Optional.ofNullable(schedule.get());
    }

    @Override
    public void put(ReloadSchedule next) {
        schedule.set(Objects.requireNonNull(next, "next"));
    }

    @Override
    public boolean replace(ReloadSchedule expected, ReloadSchedule next) {
        return schedule.compareAndSet(expected, Objects.requireNonNull(next, "next"));
    }

    @Override
    public boolean remove() {
        return schedule.getAndSet(null) != null;
    }
}
