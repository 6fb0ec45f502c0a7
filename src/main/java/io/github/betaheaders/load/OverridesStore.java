package io.github.betaheaders.load;

import io.github.betaheaders.core.BetaOverrides;
import io.github.betaheaders.core.InvalidMappingException;
import java.io.IOException;
import java.util.Collection;

/**
 * Where the overrides laid over the table are kept ({@link BetaOverrides}): in memory ({@link InMemoryOverridesStore})
 * or in the {@code overridesFile} ({@link OverridesFile}); a shared store can keep one set for a cluster behind the
 * same calls. The service reads it at start and writes each change through before making it active; requests never
 * call it.
 */
public interface OverridesStore {

    /**
     * The overrides kept, checked against the provider keys a section may name; {@link BetaOverrides#NONE} when
     * there are none yet.
     *
     * @throws InvalidMappingException when what is kept is not a valid overrides document
     * @throws IOException             when it cannot be read
     */
    BetaOverrides read(Collection<String> knownProviders) throws InvalidMappingException, IOException;

    /**
     * Keeps {@code overrides} in place of what was kept: all or nothing, so a reader (or a crash) finds the old set
     * or the new one, never a mix.
     *
     * @throws IOException when it cannot be kept; what was kept stays
     */
    void write(BetaOverrides overrides) throws IOException;

    /** How messages and the admin API name where the overrides are kept: a file path, or {@value #MEMORY}. */
    String where();

    /** What {@link #where()} says for overrides kept in memory only. */
    String MEMORY = "memory";
}
