package io.github.betaheaders.learn;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

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

    @Override
    public List<QuarantineEntry> remove(QuarantineSelector which) {
        for (;;) {
            QuarantineSnapshot before = snapshot.get();
            QuarantineSnapshot after = before.without(which::matches);
            if (snapshot.compareAndSet(before, after)) {
                List<QuarantineEntry> removed = new ArrayList<>();
                before.entries().forEach(e -> {
                    if (which.matches(e)) {
                        removed.add(e);
                    }
                });
                return removed;
            }
        }
    }

    @Override
    public QuarantineSnapshot expire(Instant now) {
        return snapshot.updateAndGet(s -> now.isBefore(s.nextExpiry()) ? s : s.without(e -> !now.isBefore(e.expires())));
    }
}
