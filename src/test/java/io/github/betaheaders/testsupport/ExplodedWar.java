package io.github.betaheaders.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A webapp in WAR layout built at test time under {@code target/}: {@code WEB-INF/web.xml} and, when asked,
 * {@code WEB-INF/lib/} holding the packaged library jar, as a Maven WAR build would. The library has no runtime
 * dependency, so that jar is all it takes.
 */
public final class ExplodedWar {

    /** Set by failsafe to the packaged jar, {@code target/beta-headers-filter-<version>.jar}. */
    public static final String LIBRARY_JAR_PROPERTY = "libraryJar";

    private final Path root;

    private ExplodedWar(Path root) {
        this.root = root;
    }

    public static ExplodedWar create(String name, WebXml webXml, boolean withLibrary) throws IOException {
        Path root = TestDirectories.newDirectory("war-" + name);
        Path lib = Files.createDirectories(root.resolve("WEB-INF/lib"));
        Files.writeString(root.resolve("WEB-INF/web.xml"), webXml.toString(), StandardCharsets.UTF_8);
        if (withLibrary) {
            Path jar = libraryJar();
            Files.copy(jar, lib.resolve(jar.getFileName()));
        }
        return new ExplodedWar(root);
    }

    /** The packaged library jar; fails unless run by failsafe after {@code package}. */
    public static Path libraryJar() {
        String property = System.getProperty(LIBRARY_JAR_PROPERTY);
        if (property == null || !Files.isRegularFile(Path.of(property))) {
            throw new IllegalStateException("no library jar at system property " + LIBRARY_JAR_PROPERTY + " ["
                    + property + "]: run with mvn verify, which packages the jar before the integration tests");
        }
        return Path.of(property);
    }

    public Path root() {
        return root;
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
