package io.github.betaheaders.testsupport;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * A webapp in WAR layout built at test time under {@code target/}: {@code WEB-INF/web.xml} and, when asked,
 * {@code WEB-INF/lib/} holding the packaged library jar and its runtime dependencies, as a Maven WAR build would.
 */
public final class ExplodedWar {

    /** Set by failsafe to the packaged jar, {@code target/beta-headers-filter-<version>.jar}. */
    public static final String LIBRARY_JAR_PROPERTY = "libraryJar";

    /** A class from each runtime dependency of the library (yasson and what it brings). */
    private static final List<String> RUNTIME_DEPENDENCY_CLASSES = List.of("org.eclipse.yasson.YassonJsonb",
            "jakarta.json.bind.Jsonb", "jakarta.json.Json", "org.eclipse.parsson.JsonProviderImpl");

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
            for (String className : RUNTIME_DEPENDENCY_CLASSES) {
                Path dependency = jarOf(className);
                Files.copy(dependency, lib.resolve(dependency.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
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

    private static Path jarOf(String className) {
        try {
            Path location = Path.of(Class.forName(className).getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isRegularFile(location)) {
                throw new IllegalStateException(className + " is not loaded from a jar: " + location);
            }
            return location;
        } catch (ClassNotFoundException | URISyntaxException e) {
            throw new IllegalStateException("runtime dependency " + className + " not found", e);
        }
    }

    public Path root() {
        return root;
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
