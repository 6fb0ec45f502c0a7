package io.github.betaheaders.example;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.servlets.DefaultServlet;
import org.apache.catalina.startup.Tomcat;

/** The WAR in embedded Tomcat 10.1 on a free port, deployed from the file as Tomcat deploys any WAR. */
final class TomcatDeployment implements DeployedGateway {

    private final Tomcat tomcat;
    private final Path baseDir;

    private TomcatDeployment(Tomcat tomcat, Path baseDir) {
        this.tomcat = tomcat;
        this.baseDir = baseDir;
    }

    /** Fails when the webapp does not start. */
    static TomcatDeployment deploy(Path war) throws Exception {
        Path baseDir = Files.createTempDirectory("tomcat-gateway");
        Files.createDirectories(baseDir.resolve("webapps"));
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        tomcat.getHost().setAppBase(baseDir.resolve("webapps").toString());
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        // As the README tells Tomcat users: Bedrock model ARNs arrive with an encoded '/' (%2F).
        tomcat.getConnector().setEncodedSolidusHandling("passthrough");
        // Tomcat's conf/web.xml would add the default and JSP servlets; tomcat-embed-core has no JSP engine, so the
        // default servlet alone is added, as a standalone Tomcat has it.
        tomcat.setAddDefaultWebXmlToWebapp(false);
        Context context = tomcat.addWebapp("", war.toAbsolutePath().toString());
        Tomcat.addServlet(context, "default", DefaultServlet.class.getName());
        context.addServletMappingDecoded("/", "default");
        TomcatDeployment deployment = new TomcatDeployment(tomcat, baseDir);
        tomcat.start();
        if (context.getState() != LifecycleState.STARTED) {
            deployment.close();
            throw new IllegalStateException("the gateway WAR did not start in Tomcat: " + context.getState());
        }
        return deployment;
    }

    @Override
    public URI uri() {
        return URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort());
    }

    @Override
    public void close() throws Exception {
        tomcat.stop();
        tomcat.destroy();
        try (Stream<Path> files = Files.walk(baseDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(TomcatDeployment::delete);
        }
    }

    private static void delete(Path path) {
        try {
            Files.delete(path);
        } catch (IOException e) {
            throw new IllegalStateException("could not clean up " + path, e);
        }
    }
}
