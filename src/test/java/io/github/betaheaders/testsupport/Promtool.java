package io.github.betaheaders.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus' own checker of the text exposition format, {@code promtool check metrics} (Debian package
 * {@code prometheus}, which {@code .ci/run} installs): the metrics text is parsed by the real parser and linted against
 * Prometheus' naming conventions.
 */
public final class Promtool {

    /** What promtool said: its exit code and everything it printed. */
    public record Verdict(int exitCode, String output) {
    }

    private Promtool() {
    }

    /** Runs {@code promtool check metrics} on {@code text}; fails the test when promtool is not installed. */
    public static Verdict checkMetrics(String text) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("promtool is not installed (apt-get install prometheus; .ci/run does): " + e, e);
        }
        try (OutputStream in = process.getOutputStream()) {
            in.write(text.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("promtool did not end within 60 s");
        }
        return new Verdict(process.exitValue(), output);
    }
}
