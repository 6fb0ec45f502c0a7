package io.github.betaheaders.example.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Our jar's file name against what each container's default configuration leaves out of the scan for
 * {@code META-INF/web-fragment.xml}: a skipped jar's fragment is never loaded, and the filter silently does nothing.
 */
class DefaultJarScanIT {

    /** The jar as Maven names it in WEB-INF/lib. */
    static String ourJarName() throws IOException {
        return UserWars.ourJarAndItsDependencies().get(0).getFileName().toString();
    }

    static List<String> tomcatVersions() {
        return List.of(Distributions.TOMCAT_10, Distributions.TOMCAT_11);
    }

    @ParameterizedTest(name = "Tomcat {0}")
    @MethodSource("tomcatVersions")
    void tomcatsDefaultSkipListDoesNotSkipOurJar(String version) throws IOException {
        TomcatJarScanFilter filter = TomcatJarScanFilter.of(Distributions.tomcatHome(version)
                .resolve("conf/catalina.properties"));
        assertTrue(filter.skipPatterns().size() > 50, "jarsToSkip read: " + filter.skipPatterns());
        String name = ourJarName();
        assertTrue(name.startsWith("beta-headers-filter-"), name);
        assertFalse(filter.skips(name), name + " is skipped by Tomcat " + version + "'s default jarsToSkip ("
                + filter.matchingSkipPatterns(name) + ")");
        // The name the jar had before: Tomcat never loaded its fragment.
        assertTrue(filter.skips("anthropic-beta-headers-0.1.0.jar"));
        assertEquals(List.of("ant*.jar"), filter.matchingSkipPatterns("anthropic-beta-headers-0.1.0.jar"));
        // A check of the matching itself: jars Tomcat lists are skipped, those it scans are not.
        assertTrue(filter.skips("commons-logging-1.3.5.jar"));
        assertTrue(filter.skips("log4j-core-2.24.3.jar"));
        assertFalse(filter.skips("log4j-taglib-2.24.3.jar"));
    }

    @Test
    void jettysDefaultEe10DeploymentScansEveryJarOfWebInfLib() throws IOException {
        Path home = Distributions.jettyHome(Distributions.JETTY);
        String xml = Files.readString(home.resolve("etc/jetty-ee10-deploy.xml"), StandardCharsets.UTF_8);
        // The webapps' pattern is only ever the property; without one, WebInfConfiguration scans every WEB-INF/lib jar.
        assertTrue(xml.contains("<Set name=\"webInfScanJarPattern\" property=\"jetty.deploy.webInfScanJarPattern\" />"),
                "etc/jetty-ee10-deploy.xml sets webInfScanJarPattern otherwise than from its property");
        List<String> set = new ArrayList<>();
        for (String mod : List.of("ee10-deploy.mod", "ee10-webapp.mod", "deployment-scanner.mod")) {
            for (String line : Files.readAllLines(home.resolve("modules").resolve(mod), StandardCharsets.UTF_8)) {
                if (line.matches("\\s*jetty\\.deploy\\.webInfScanJarPattern\\s*=.*")) {
                    set.add(line.substring(line.indexOf('=') + 1).trim());
                }
            }
        }
        String path = "/webapps/app/WEB-INF/lib/" + ourJarName();
        for (String pattern : set) {
            assertTrue(Pattern.compile(pattern).matcher(path).matches(),
                    "Jetty's default webInfScanJarPattern [" + pattern + "] leaves out " + path);
        }
        // Default deployment descriptor: webdefault-ee10.xml does not turn fragments off either.
        String webDefault = Files.readString(home.resolve("etc/webdefault-ee10.xml"), StandardCharsets.UTF_8);
        assertFalse(webDefault.contains("metadata-complete=\"true\""), "webdefault-ee10.xml is metadata-complete");
    }

    /**
     * Tomcat's StandardJarScanFilter for the pluggability scan as its default configuration sets it up: a jar whose
     * name matches a jarsToSkip pattern is skipped unless it also matches a jarsToScan pattern. Patterns are
     * comma-separated file names where {@code *} is any run of characters and {@code ?} one character
     * (Tomcat's org.apache.tomcat.util.file.Matcher).
     */
    record TomcatJarScanFilter(List<String> skipPatterns, List<String> scanPatterns) {

        static TomcatJarScanFilter of(Path catalinaProperties) throws IOException {
            Properties properties = new Properties();
            try (Reader in = Files.newBufferedReader(catalinaProperties, StandardCharsets.ISO_8859_1)) {
                properties.load(in);
            }
            return new TomcatJarScanFilter(
                    patterns(properties.getProperty("tomcat.util.scan.StandardJarScanFilter.jarsToSkip")),
                    patterns(properties.getProperty("tomcat.util.scan.StandardJarScanFilter.jarsToScan")));
        }

        private static List<String> patterns(String value) {
            List<String> patterns = new ArrayList<>();
            if (value != null) {
                for (String p : value.split(",")) {
                    if (!p.isBlank()) {
                        patterns.add(p.trim());
                    }
                }
            }
            return patterns;
        }

        boolean skips(String jarName) {
            return !matching(skipPatterns, jarName).isEmpty() && matching(scanPatterns, jarName).isEmpty();
        }

        List<String> matchingSkipPatterns(String jarName) {
            return matching(skipPatterns, jarName);
        }

        private static List<String> matching(List<String> patterns, String name) {
            return patterns.stream().filter(p -> glob(p).matcher(name).matches()).toList();
        }

        private static Pattern glob(String pattern) {
            StringBuilder regex = new StringBuilder();
            for (char c : pattern.toCharArray()) {
                if (c == '*') {
                    regex.append(".*");
                } else if (c == '?') {
                    regex.append('.');
                } else {
                    regex.append(Pattern.quote(String.valueOf(c)));
                }
            }
            return Pattern.compile(regex.toString());
        }
    }
}
