package io.github.betaheaders.load;

import java.time.Instant;
import java.util.Objects;

/**
 * One load: when it ran and, when it failed, why.
 *
 * @param at    when it started
 * @param error the reason it failed, or {@code null} when it succeeded (a 304 is a success)
 */
public record LoadAttempt(Instant at, String error) {

    public LoadAttempt {
        Objects.requireNonNull(at, "at");
    }

    public static LoadAttempt succeeded(Instant at) {
        return new LoadAttempt(at, null);
    }

    public static LoadAttempt failed(Instant at, String error) {
        return new LoadAttempt(at, Objects.requireNonNull(error, "error"));
    }

    public boolean succeeded() {
        return error == null;
    }
}
