package io.github.betaheaders.example.standalone;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * WARs of users' own apps, built as a user builds them: their web.xml and their libraries in WEB-INF/lib, plus our one
 * jar and the runtime dependencies Maven resolves for it (the library's test-jar lists them in
 * {@code testsupport/runtime-classpath.txt}; once the library has none, the jar is alone). Nothing else of ours.
 */
final class UserWars {

    static final String PROXY_SERVLET = "org.mitre.dsmiley.httpproxy.ProxyServlet";

    private UserWars() {
    }

    /** A gateway of the user's own: MITRE's smiley-http-proxy-servlet at {@code /*}, proxying to {@code upstream}. */
    static Path smileyProxy(URI upstream) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("WEB-INF/web.xml", webXml(upstream, "").getBytes(StandardCharsets.UTF_8));
        addLibraries(entries, ourJarAndItsDependencies());
        addLibraries(entries, jars(Distributions.DIR.resolve("smiley-libs")));
        return write("smiley-proxy", entries);
    }

    /**
     * The same gateway, in an app that also brings its own JSON-B and JSON-P (Yasson 3.0.3, Parsson 1.1.7) and a
     * servlet at {@code /greeting} that serialises with them. Where the library's own dependencies name the same
     * artifacts, the app's versions are the ones in WEB-INF/lib, as Maven's nearest-wins would choose.
     */
    static Path ownJsonb(URI upstream) throws IOException, URISyntaxException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        String greeting = """
                  <servlet>
                    <servlet-name>greeting</servlet-name>
                    <servlet-class>%s</servlet-class>
                  </servlet>
                  <servlet-mapping>
                    <servlet-name>greeting</servlet-name>
                    <url-pattern>/greeting</url-pattern>
                  </servlet-mapping>
                """.formatted(io.github.betaheaders.example.standalone.app.JsonbGreetingServlet.class.getName());
        entries.put("WEB-INF/web.xml", webXml(upstream, greeting).getBytes(StandardCharsets.UTF_8));
        Path classes = Path.of(io.github.betaheaders.example.standalone.app.JsonbGreetingServlet.class
                .getProtectionDomain().getCodeSource().getLocation().toURI());
        Path appPackage = classes.resolve("io/github/betaheaders/example/standalone/app");
        try (Stream<Path> files = Files.list(appPackage)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                entries.put("WEB-INF/classes/" + classes.relativize(file).toString().replace('\\', '/'),
                        Files.readAllBytes(file));
            }
        }
        List<Path> own = jars(Distributions.DIR.resolve("other-jsonb-libs"));
        List<String> ownArtifacts = own.stream().map(UserWars::artifactName).toList();
        addLibraries(entries, own);
        addLibraries(entries, ourJarAndItsDependencies().stream()
                .filter(jar -> !ownArtifacts.contains(artifactName(jar))).toList());
        addLibraries(entries, jars(Distributions.DIR.resolve("smiley-libs")));
        return write("own-jsonb", entries);
    }

    /** Our jar, then each runtime dependency Maven resolved for it. */
    static List<Path> ourJarAndItsDependencies() throws IOException {
        List<Path> jars = new ArrayList<>(jars(Distributions.DIR.resolve("library")));
        if (jars.size() != 1) {
            throw new IllegalStateException("expected one library jar in target/standalone/library: " + jars);
        }
        jars.addAll(libraryRuntimeDependencies());
        return jars;
    }

    /** The library's runtime dependencies (an empty list when it has none). */
    static List<Path> libraryRuntimeDependencies() throws IOException {
        try (InputStream in = UserWars.class.getResourceAsStream("/io/github/betaheaders/testsupport/runtime-classpath.txt")) {
            if (in == null) {
                throw new IllegalStateException("the library's test-jar has no testsupport/runtime-classpath.txt");
            }
            String classpath = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            List<Path> jars = new ArrayList<>();
            for (String entry : classpath.split(java.io.File.pathSeparator)) {
                if (!entry.isBlank()) {
                    jars.add(Distributions.existing(Path.of(entry.trim())));
                }
            }
            return jars;
        }
    }

    /** {@code yasson-3.0.3.jar} is {@code yasson}. */
    static String artifactName(Path jar) {
        return jar.getFileName().toString().replaceFirst("-\\d[^-]*(-SNAPSHOT)?\\.jar$", "");
    }

    private static String webXml(URI upstream, String more) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee"
                         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                         xsi:schemaLocation="https://jakarta.ee/xml/ns/jakartaee https://jakarta.ee/xml/ns/jakartaee/web-app_6_0.xsd"
                         version="6.0">
                  <servlet>
                    <servlet-name>proxy</servlet-name>
                    <servlet-class>%s</servlet-class>
                    <init-param><param-name>targetUri</param-name><param-value>%s</param-value></init-param>
                    <init-param><param-name>log</param-name><param-value>false</param-value></init-param>
                  </servlet>
                  <servlet-mapping>
                    <servlet-name>proxy</servlet-name>
                    <url-pattern>/*</url-pattern>
                  </servlet-mapping>
                %s</web-app>
                """.formatted(PROXY_SERVLET, upstream, more);
    }

    private static List<Path> jars(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(Distributions.existing(dir))) {
            return files.filter(f -> f.toString().endsWith(".jar")).sorted().toList();
        }
    }

    private static void addLibraries(Map<String, byte[]> entries, List<Path> jars) throws IOException {
        for (Path jar : jars) {
            entries.put("WEB-INF/lib/" + jar.getFileName(), Files.readAllBytes(jar));
        }
    }

    private static Path write(String name, Map<String, byte[]> entries) throws IOException {
        Path war = Distributions.newDirectory("war-" + name).resolve(name + ".war");
        try (OutputStream out = Files.newOutputStream(war); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return war;
    }

    /** The file names in WEB-INF/lib of a WAR this class built. */
    static List<String> libraries(Path war) throws IOException {
        List<String> names = new ArrayList<>();
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(war.toFile())) {
            zip.stream().map(ZipEntry::getName).filter(n -> n.startsWith("WEB-INF/lib/"))
                    .forEach(n -> names.add(n.substring("WEB-INF/lib/".length())));
        }
        return names;
    }
}
