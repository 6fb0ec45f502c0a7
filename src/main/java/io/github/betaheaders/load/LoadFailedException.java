package io.github.betaheaders.load;

/** A load that did not replace the active mapping; the message is the reason shown by the status resource. */
public final class LoadFailedException extends Exception {

    private static final long serialVersionUID = 1L;

    public LoadFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
