package io.github.betaheaders.load;

/** A fetch that brought no usable answer: network, deadline, status, size. The message says which, in a sentence. */
public final class FetchFailedException extends Exception {

    private static final long serialVersionUID = 1L;

    public FetchFailedException(String message) {
        super(message);
    }

    public FetchFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
