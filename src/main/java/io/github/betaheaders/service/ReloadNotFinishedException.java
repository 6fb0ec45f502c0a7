package io.github.betaheaders.service;

/**
 * A reload asked for on a node of a shared store that this node could not see to its end: either the store did not
 * answer (nothing was asked for), or another node claimed the run and had not finished it within the wait (it is
 * queued and will still run).
 */
public final class ReloadNotFinishedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean queued;

    ReloadNotFinishedException(String message, boolean queued, Throwable cause) {
        super(message, cause);
        this.queued = queued;
    }

    /** {@code true} when the run is recorded and will run; {@code false} when the store did not answer. */
    public boolean queued() {
        return queued;
    }
}
