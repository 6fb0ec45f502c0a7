package io.github.betaheaders.cli;

/** The command line is wrong: the message says how; the usage follows it on stderr, and the exit code is 2. */
final class UsageException extends Exception {

    UsageException(String message) {
        super(message);
    }
}
