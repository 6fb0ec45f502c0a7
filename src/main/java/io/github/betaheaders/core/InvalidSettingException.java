package io.github.betaheaders.core;

/** A setting with a value that cannot be used, or one that does not exist. Fatal at deployment. */
public final class InvalidSettingException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidSettingException(String message) {
        super(message);
    }
}
