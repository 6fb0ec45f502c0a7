package io.github.betaheaders.load;

import io.github.betaheaders.core.BetaOverrides;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/** Overrides kept in this webapp's memory only: lost on undeploy; the default without {@code overridesFile}. */
public final class InMemoryOverridesStore implements OverridesStore {

    private final AtomicReference<BetaOverrides> kept = new AtomicReference<>(BetaOverrides.NONE);

    @Override
    public BetaOverrides read(Collection<String> knownProviders) {
        return kept.get();
    }

    @Override
    public void write(BetaOverrides overrides) {
        kept.set(Objects.requireNonNull(overrides, "overrides"));
    }

    @Override
    public String where() {
        return MEMORY;
    }
}
