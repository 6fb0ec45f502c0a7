package io.github.betaheaders.example.standalone;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The Jetty 12 distribution (jetty-home), run with {@code java -jar start.jar} on a fresh jetty.base made with
 * {@code --add-modules=http,ee10-deploy,ee10-webapp} and the modules' defaults. On the command line: the HTTP port (a
 * free one), the host (127.0.0.1) and {@code jetty.deploy.scanInterval=1} (its default, 0, turns hot redeployment off).
 */
final class StandaloneJetty extends StandaloneServer {

    private final Path home;

    private StandaloneJetty(Path home, Path base) throws IOException {
        super(base);
        this.home = home;
    }

    static StandaloneJetty start(String version, Map<String, String> environment) throws Exception {
        Path home = Distributions.jettyHome(version);
        StandaloneJetty jetty = new StandaloneJetty(home, Distributions.newDirectory("jetty-" + version));
        try {
            jetty.addModules();
            jetty.start(environment);
            return jetty;
        } catch (Exception | AssertionError e) {
            jetty.close();
            throw e;
        }
    }

    private void addModules() throws Exception {
        Path out = base.resolve("add-modules.log");
        Process add = new ProcessBuilder(java().toString(), "-jar", home.resolve("start.jar").toString(),
                "jetty.home=" + home, "jetty.base=" + base, "--add-modules=http,ee10-deploy,ee10-webapp")
                .directory(base.toFile()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!add.waitFor(60, TimeUnit.SECONDS)) {
            add.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("start.jar --add-modules did not finish within 60 s");
        }
        if (add.exitValue() != 0) {
            throw new AssertionError("start.jar --add-modules failed:\n" + Files.readString(out, StandardCharsets.UTF_8));
        }
        Files.createDirectories(webapps());
        // Jetty unpacks WARs into jetty.base/work when it exists (else into java.io.tmpdir, left behind by a kill).
        Files.createDirectories(base.resolve("work"));
    }

    @Override
    Path webapps() {
        return base.resolve("webapps");
    }

    @Override
    List<String> command() {
        return List.of(java().toString(), "-jar", home.resolve("start.jar").toString(), "jetty.home=" + home,
                "jetty.base=" + base, "jetty.http.port=" + port, "jetty.http.host=127.0.0.1",
                "jetty.deploy.scanInterval=1");
    }

    @Override
    Predicate<String> started() {
        return line -> line.contains("Started oejs.Server@");
    }

    @Override
    long deployments(String contextPath) throws IOException {
        return countContextLines("Started", contextPath);
    }

    @Override
    boolean settled(String contextPath) throws IOException {
        return countContextLines("Stopped", contextPath) == countContextLines("Started", contextPath) - 1;
    }

    private long countContextLines(String event, String contextPath) throws IOException {
        return countLines(line -> line.contains(":oeje10s.ServletContextHandler:")
                && line.contains(event + " oeje10w.WebAppContext@") && line.contains("," + contextPath + ","));
    }

    @Override
    List<String> webappClassLoaderClasses() {
        return List.of("org.eclipse.jetty.ee.webapp.WebAppClassLoader",
                "org.eclipse.jetty.ee10.webapp.WebAppClassLoader");
    }
}
