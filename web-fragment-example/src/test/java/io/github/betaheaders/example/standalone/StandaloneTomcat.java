package io.github.betaheaders.example.standalone;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Apache Tomcat from its distribution, started with {@code bin/catalina.sh run}: CATALINA_HOME is the unpacked
 * distribution, CATALINA_BASE a fresh directory holding a copy of its {@code conf}. In {@code conf/server.xml} only
 * the HTTP connector's port (a free one) and address (127.0.0.1) are changed, the shutdown port is disabled (-1), and
 * the engine's background processing runs every second instead of ten (it drives autoDeploy, which is on by default).
 */
final class StandaloneTomcat extends StandaloneServer {

    private final Path home;

    private StandaloneTomcat(Path home, Path base) throws IOException {
        super(base);
        this.home = home;
    }

    static StandaloneTomcat start(String version, Map<String, String> environment) throws Exception {
        Path home = Distributions.tomcatHome(version);
        StandaloneTomcat tomcat = new StandaloneTomcat(home, Distributions.newDirectory("tomcat-" + version));
        try {
            tomcat.prepareBase();
            tomcat.start(environment);
            return tomcat;
        } catch (Exception | AssertionError e) {
            tomcat.close();
            throw e;
        }
    }

    private void prepareBase() throws IOException {
        Path conf = base.resolve("conf");
        try (Stream<Path> files = Files.list(home.resolve("conf"))) {
            Files.createDirectories(conf);
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, conf.resolve(file.getFileName()));
            }
        }
        for (String dir : List.of("webapps", "logs", "temp", "work")) {
            Files.createDirectories(base.resolve(dir));
        }
        Path serverXml = conf.resolve("server.xml");
        String xml = Files.readString(serverXml, StandardCharsets.UTF_8);
        String changed = replaceOnce(xml, "<Connector port=\"8080\" protocol=\"HTTP/1.1\"",
                "<Connector port=\"" + port + "\" address=\"127.0.0.1\" protocol=\"HTTP/1.1\"");
        changed = replaceOnce(changed, "<Server port=\"8005\"", "<Server port=\"-1\"");
        changed = replaceOnce(changed, "<Engine name=\"Catalina\" defaultHost=\"localhost\">",
                "<Engine name=\"Catalina\" defaultHost=\"localhost\" backgroundProcessorDelay=\"1\">");
        Files.writeString(serverXml, changed, StandardCharsets.UTF_8);
    }

    private static String replaceOnce(String text, String target, String replacement) {
        int at = text.indexOf(target);
        if (at < 0 || text.indexOf(target, at + 1) >= 0) {
            throw new IllegalStateException("conf/server.xml does not have exactly one [" + target + "]");
        }
        return text.replace(target, replacement);
    }

    @Override
    Path webapps() {
        return base.resolve("webapps");
    }

    @Override
    List<String> command() {
        return List.of("/bin/sh", home.resolve("bin/catalina.sh").toString(), "run");
    }

    @Override
    void environment(Map<String, String> environment) {
        environment.put("CATALINA_HOME", home.toString());
        environment.put("CATALINA_BASE", base.toString());
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        environment.remove("JAVA_OPTS");
        environment.remove("JRE_HOME");
    }

    @Override
    Predicate<String> started() {
        return line -> line.contains("Server startup in");
    }

    @Override
    long deployments(String contextPath) throws IOException {
        String war = webapps().resolve(contextPath.substring(1) + ".war").toString();
        return countLines(line -> line.contains("[" + war + "]") && line.contains("has finished"));
    }

    @Override
    List<String> webappClassLoaderClasses() {
        return List.of("org.apache.catalina.loader.ParallelWebappClassLoader");
    }
}
