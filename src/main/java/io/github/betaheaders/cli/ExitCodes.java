package io.github.betaheaders.cli;

/** What the commands return, for a CI job to act on (documented in the README, "Checking a mapping offline"). */
final class ExitCodes {

    /** The command succeeded: every beta forwarded ({@code check}), the document valid, the mappings alike. */
    static final int OK = 0;

    /** The answer is "no": a beta dropped ({@code check}), the document invalid, the mappings different. */
    static final int FINDING = 1;

    /** Bad usage, a file that cannot be read, or (for {@code check} and {@code diff}) an invalid input document. */
    static final int ERROR = 2;

    private ExitCodes() {
    }
}
