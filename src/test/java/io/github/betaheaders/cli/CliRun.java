package io.github.betaheaders.cli;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** One run of the command line in this JVM: its exit code and what it printed on stdout and stderr. */
record CliRun(int code, String out, String err) {

    static final String FEBRUARY = "/litellm/anthropic_beta_headers_config.2026-02.json";
    static final String SEPTEMBER = "/litellm/anthropic_beta_headers_config.2026-09.json";

    static CliRun of(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = BetaHeadersCli.run(args, o, e);
        }
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** stdout as one JSON object. */
    JsonObject json() {
        try (JsonReader reader = Json.createReader(new StringReader(out))) {
            return reader.readObject();
        }
    }

    /** A LiteLLM test file copied to {@code dir}, as a path the command line can be given. */
    static String copy(String resource, Path dir) {
        try (InputStream in = CliRun.class.getResourceAsStream(resource)) {
            Path file = dir.resolve(Path.of(resource).getFileName().toString());
            Files.copy(in, file);
            return file.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String write(Path dir, String name, String content) {
        try {
            return Files.writeString(dir.resolve(name), content).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
