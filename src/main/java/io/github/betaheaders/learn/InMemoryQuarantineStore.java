package io.github.betaheaders.learn;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/** The quarantine of one node: an immutable snapshot swapped atomically; readers take no lock. */
public final class InMemoryQuarantineStore implements QuarantineStore {

    private final AtomicReference<QuarantineSnapshot> snapshot = new AtomicReference<>(QuarantineSnapshot.EMPTY);

    @Override
    public QuarantineSnapshot current() {
        return snapshot.get();
    }

    @Override
    public QuarantineSnapshot add(List<QuarantineEntry> entries) {
        return snapshot.updateAndGet(s -> s.with(entries));
    }

    /** Takes {@code next} as the entries in place of all there are (a shared store's view of the cluster's). */
    public void replace(QuarantineSnapshot next) {
        snapshot.set(Objects.requireNonNull(next, "next"));
    }

    @Override
    public List<QuarantineEntry> remove(QuarantineSelector which) {
        return removeIf(which::matches);
    }

    @Override
    public List<QuarantineEntry> expire(Instant now) {
        if (now.isBefore(snapshot.get().nextExpiry())) {
            return List.of();
        }
        return removeIf(e -> !now.isBefore(e.expires()));
    }

    /** Removes what {@code which} matches in one atomic swap; returns what this call removed. */
    private List<QuarantineEntry> removeIf(Predicate<QuarantineEntry> which) {
        for (;;) {
            QuarantineSnapshot before = snapshot.get();
            QuarantineSnapshot after = before.without(which);
            if (after == before) {
                return List.of();
            }
            if (snapshot.compareAndSet(before, after)) {
                List<QuarantineEntry> removed = new ArrayList<>();
                for (QuarantineEntry e : before.entries()) {
                    if (which.test(e)) {
                        removed.add(e);
                    }
                }
                return removed;
            }
        }
    }
}
