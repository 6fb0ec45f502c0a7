package io.github.betaheaders.load;

/**
 * The active mapping and the last load attempt, taken together so that a reader never pairs a mapping with the
 * outcome of another load.
 *
 * @param active      the mapping in force
 * @param lastAttempt the last load, successful or not
 */
public record MappingStatus(LoadedMapping active, LoadAttempt lastAttempt) {
}
