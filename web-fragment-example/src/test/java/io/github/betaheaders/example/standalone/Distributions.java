package io.github.betaheaders.example.standalone;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/** Where the build unpacked the containers and copied the jars (web-fragment-example/pom.xml, standalone.*). */
final class Distributions {

    static final Path DIR = Path.of(System.getProperty("standalone.dir", "target/standalone"));
    static final String TOMCAT_10 = System.getProperty("standalone.tomcat10.version", "10.1.48");
    static final String TOMCAT_11 = System.getProperty("standalone.tomcat11.version", "11.0.24");
    static final String JETTY = System.getProperty("standalone.jetty.version", "12.1.12");
    static final Path GATEWAY_WAR = Path.of(System.getProperty("gateway.war",
            "target/anthropic-beta-headers-gateway.war"));

    private static final AtomicInteger RUNS = new AtomicInteger();

    private Distributions() {
    }

    static Path tomcatHome(String version) {
        return existing(DIR.resolve("dist").resolve("apache-tomcat-" + version));
    }

    static Path jettyHome(String version) {
        return existing(DIR.resolve("dist").resolve("jetty-home-" + version));
    }

    /** A new, empty directory for one server's base (its conf, webapps and logs) or one WAR's files. */
    static Path newDirectory(String name) throws IOException {
        Path dir = DIR.resolve("run").resolve(name + "-" + ProcessHandle.current().pid() + "-" + RUNS.incrementAndGet());
        Files.createDirectories(dir);
        return dir;
    }

    static Path existing(Path path) {
        if (!Files.exists(path)) {
            throw new IllegalStateException(path + " does not exist: run the tests with mvn verify, which unpacks the "
                    + "containers and copies the jars (pre-integration-test)");
        }
        return path;
    }
}
