package io.github.betaheaders.load;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The mapping in force, swapped atomically. A request reads {@link #current()} once and uses that snapshot to the end,
 * so a reload never shows it half a mapping.
 */
public final class ActiveMapping {

    private final AtomicReference<LoadedMapping> current;

    public ActiveMapping(LoadedMapping initial) {
        current = new AtomicReference<>(Objects.requireNonNull(initial, "initial"));
    }

    public LoadedMapping current() {
        return current.get();
    }

    public void replace(LoadedMapping next) {
        current.set(Objects.requireNonNull(next, "next"));
    }
}
