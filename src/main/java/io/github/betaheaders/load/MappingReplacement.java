package io.github.betaheaders.load;

/**
 * What one load did, taken under the loader's lock: the mapping it replaced and the one active after it, so that two
 * loads racing each report against the snapshot that each of them really replaced.
 *
 * @param before the mapping active when the load took the lock
 * @param after  the mapping active when it let go (the same as {@code before} when nothing new came, such as a 304)
 */
public record MappingReplacement(MappingSnapshot before, LoadedDocument after) {

    /** Whether the load swapped another snapshot in. */
    public boolean swapped() {
        return after.snapshot() != before;
    }
}
