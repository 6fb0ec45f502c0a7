package io.github.betaheaders.cli;

/**
 * A file named on the command line cannot be used: it cannot be read (missing, a directory, no permission), or it is
 * not a valid mapping where a valid one is needed ({@code check}, {@code diff}). Exit code 2.
 */
final class InputFileException extends Exception {

    InputFileException(String message) {
        super(message);
    }
}
