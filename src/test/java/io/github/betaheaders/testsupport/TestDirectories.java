package io.github.betaheaders.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where tests put files: under the build directory ({@code target/}), never in the system's temp directory. */
public final class TestDirectories {

    /** Set by failsafe to {@code ${project.build.directory}}; {@code target} in the working directory otherwise. */
    public static final String BUILD_DIRECTORY_PROPERTY = "buildDirectory";

    private TestDirectories() {
    }

    public static Path build() {
        return Path.of(System.getProperty(BUILD_DIRECTORY_PROPERTY, "target")).toAbsolutePath();
    }

    /** A new empty directory {@code target/it-work/<prefix><unique>}. */
    public static Path newDirectory(String prefix) {
        try {
            Path parent = Files.createDirectories(build().resolve("it-work"));
            return Files.createTempDirectory(parent, prefix + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
