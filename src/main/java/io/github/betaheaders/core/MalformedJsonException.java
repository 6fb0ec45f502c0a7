package io.github.betaheaders.core;

/** A byte sequence that is not one strict JSON text; the message says what was wrong and at which byte offset. */
final class MalformedJsonException extends Exception {

    private static final long serialVersionUID = 1L;

    MalformedJsonException(String message) {
        super(message);
    }
}
