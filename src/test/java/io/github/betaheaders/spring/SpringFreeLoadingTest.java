package io.github.betaheaders.spring;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.betaheaders.servlet.AnthropicBetaHeadersFilter;
import jakarta.servlet.Filter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The jar needs nothing of Spring outside its Spring Boot auto-configuration: no class outside
 * {@code io.github.betaheaders.spring} names a Spring type, and in a class loader holding only the jar's classes and
 * the servlet API (a plain Tomcat or Jetty webapp's), every one of them loads and initialises and the service starts
 * and stops. Spring Boot reads the auto-configuration's name from
 * {@code META-INF/spring/...AutoConfiguration.imports}; nothing else refers to it.
 */
class SpringFreeLoadingTest {

    static final String SPRING_PACKAGE = "io/github/betaheaders/spring/";
    /** Links against Micrometer: loaded only when Micrometer is present (MicrometerBindingTest covers its absence). */
    static final String MICROMETER_METERS = "io/github/betaheaders/metrics/MicrometerMeters.class";

    static Path classes;
    static List<Path> outsideSpring = new ArrayList<>();

    @BeforeAll
    static void findClasses() throws Exception {
        classes = Path.of(AnthropicBetaHeadersFilter.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (Stream<Path> files = Files.walk(classes)) {
            files.filter(f -> f.toString().endsWith(".class")).forEach(f -> {
                String name = classes.relativize(f).toString().replace('\\', '/');
                if (!name.startsWith(SPRING_PACKAGE)) {
                    outsideSpring.add(f);
                }
            });
        }
        assertTrue(outsideSpring.size() > 50, "found " + outsideSpring.size() + " classes in " + classes);
    }

    @Test
    void noClassOutsideTheSpringPackageNamesASpringType() throws Exception {
        List<String> naming = new ArrayList<>();
        for (Path file : outsideSpring) {
            if (new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains("org/springframework")) {
                naming.add(classes.relativize(file).toString());
            }
        }
        assertTrue(naming.isEmpty(), "classes naming Spring types: " + naming);
    }

    @Test
    void everyClassLoadsAndTheServiceRunsWithoutSpring() throws Exception {
        URL servletApi = Filter.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader webapp = new URLClassLoader(new URL[] {classes.toUri().toURL(), servletApi},
                ClassLoader.getPlatformClassLoader())) {
            assertThrows(ClassNotFoundException.class,
                    () -> webapp.loadClass("org.springframework.boot.autoconfigure.AutoConfiguration"));
            for (Path file : outsideSpring) {
                String path = classes.relativize(file).toString().replace('\\', '/');
                if (!path.equals(MICROMETER_METERS)) {
                    String name = path.substring(0, path.length() - ".class".length()).replace('/', '.');
                    Class.forName(name, true, webapp);
                }
            }
            Class<?> settingsType = webapp.loadClass("io.github.betaheaders.core.FilterSettings");
            Object settings = settingsType.getMethod("read", String.class, java.util.Collection.class,
                    java.util.function.Function.class).invoke(null, "filter [spring-free]", List.of("localOnly"),
                    (java.util.function.Function<String, String>) name -> name.equals("localOnly") ? "true" : null);
            Class<?> serviceType = webapp.loadClass("io.github.betaheaders.service.BetaHeadersService");
            AutoCloseable service = (AutoCloseable) serviceType.getMethod("start", settingsType).invoke(null, settings);
            Object current = serviceType.getMethod("current").invoke(service);
            assertFalse(current.toString().isEmpty());
            service.close();
        }
    }
}
