package io.github.betaheaders.store;

/**
 * A call to the shared store failed: the database did not answer within the timeouts, refused the connection, lacks a
 * table, or refused a statement. The message says what was being done and on which table; it never contains the
 * store's password.
 */
public final class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
