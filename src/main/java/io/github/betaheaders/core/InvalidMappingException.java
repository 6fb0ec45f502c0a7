package io.github.betaheaders.core;

/** A mapping document that cannot be used; the message says where and why. */
public final class InvalidMappingException extends Exception {

    private static final long serialVersionUID = 1L;

    public InvalidMappingException(String message) {
        super(message);
    }

    public InvalidMappingException(String message, Throwable cause) {
        super(message, cause);
    }
}
