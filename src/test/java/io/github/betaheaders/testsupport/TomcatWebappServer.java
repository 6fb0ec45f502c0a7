package io.github.betaheaders.testsupport;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;

/**
 * Embedded Tomcat 10.1 deploying exploded WARs with {@code Tomcat.addWebapp}: web.xml, fragments from the
 * {@code WEB-INF/lib} jars, a webapp class loader whose parent is the test class path (where the proxy servlets are).
 * Its base directory is under {@link TestDirectories#build()}.
 */
public final class TomcatWebappServer extends WebappServer {

    private final Tomcat tomcat = new Tomcat();
    private final Map<String, Context> webapps = new LinkedHashMap<>();
    private final Map<String, String> startLogs = new LinkedHashMap<>();

    public TomcatWebappServer() {
        Path baseDir = TestDirectories.newDirectory("tomcat-webapps");
        tomcat.setBaseDir(baseDir.toString());
        tomcat.setHostname("127.0.0.1");
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        // The container defaults (web.xml of conf/) declare a JSP servlet; there is no JSP engine here.
        tomcat.setAddDefaultWebXmlToWebapp(false);
    }

    @Override
    public TomcatWebappServer deploy(String contextPath, ExplodedWar war) {
        Context context = tomcat.addWebapp(contextPath, war.root().toString());
        // A standalone Tomcat's class path is its own lib/; here it is the whole test class path, slow to scan for
        // fragments and holding the library itself. Scan WEB-INF/lib only, as a deployment would see it.
        StandardJarScanner scanner = new StandardJarScanner();
        scanner.setScanClassPath(false);
        context.setJarScanner(scanner);
        webapps.put(contextPath, context);
        return this;
    }

    @Override
    public TomcatWebappServer start() throws Exception {
        Map<String, CapturedLog> logs = new LinkedHashMap<>();
        webapps.keySet().forEach(path -> logs.put(path, CapturedLog.of(contextLogger(path))));
        try {
            tomcat.start();
        } finally {
            logs.forEach((path, log) -> {
                startLogs.put(path, log.text(Level.SEVERE));
                log.close();
            });
        }
        return this;
    }

    /** The {@code java.util.logging} logger of a context: Tomcat names it after the engine, host and context. */
    private String contextLogger(String contextPath) {
        return "org.apache.catalina.core.ContainerBase.[" + tomcat.getEngine().getName() + "].["
                + tomcat.getHost().getName() + "].[" + contextPath + "]";
    }

    @Override
    public String reportedFailure(String contextPath) {
        return startLogs.getOrDefault(contextPath, "");
    }

    @Override
    public boolean isStarted(String contextPath) {
        return webapps.get(contextPath).getState() == LifecycleState.STARTED;
    }

    @Override
    public URI uri() {
        return URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort());
    }

    @Override
    public void close() throws Exception {
        tomcat.stop();
        tomcat.destroy();
    }
}
