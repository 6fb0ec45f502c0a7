package io.github.betaheaders.testsupport;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.Host;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.Realm;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Constants;
import org.apache.catalina.startup.ContextConfig;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;

/**
 * Embedded Tomcat on 127.0.0.1 that deploys and undeploys exploded WARs ({@link ExplodedWar}) while it runs, the way a
 * standalone Tomcat does: {@code web.xml} and web-fragments processed, the webapp's own class loader, leak checks at
 * undeploy. ({@link TomcatWebappServer} deploys once, before start.)
 */
public final class TomcatHost implements AutoCloseable {

    private final Tomcat tomcat = new Tomcat();
    private final Path baseDir;

    public TomcatHost() throws Exception {
        baseDir = TestDirectories.newDirectory("tomcat-host");
        tomcat.setBaseDir(baseDir.toString());
        tomcat.setHostname("127.0.0.1");
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        // A fixed pool of request threads, so that the JVM's thread count is stable for leak checks.
        tomcat.getConnector().setProperty("maxThreads", "8");
        tomcat.getConnector().setProperty("minSpareThreads", "8");
        Files.createDirectories(baseDir.resolve("webapps"));
        tomcat.getHost().setAutoDeploy(false);
        tomcat.start();
    }

    /**
     * Deploys {@code war} at {@code path} and starts it. Returns the context whatever its state: a failed deployment is
     * a context that is not {@link LifecycleState#STARTED}.
     */
    public Context deploy(String path, ExplodedWar war) {
        return deploy(path, war, null);
    }

    /** As {@link #deploy(String, ExplodedWar)}, with {@code realm} (if not null) authenticating the webapp's users. */
    public Context deploy(String path, ExplodedWar war, Realm realm) {
        StandardContext context = new StandardContext();
        if (realm != null) {
            context.setRealm(realm);
        }
        context.setName(path);
        context.setPath(path);
        context.setDocBase(war.root().toString());
        ContextConfig config = new ContextConfig();
        config.setDefaultWebXml(Constants.NoDefaultWebXml);
        context.addLifecycleListener(config);
        StandardJarScanner scanner = new StandardJarScanner();
        // Only WEB-INF/lib, as in a real deployment: the test class path holds the library's classes too.
        scanner.setScanClassPath(false);
        context.setJarScanner(scanner);
        context.setParentClassLoader(TomcatHost.class.getClassLoader());
        host().addChild(context);
        return context;
    }

    /** Stops and removes the webapp, as an undeploy does (Tomcat checks for leaked threads here). */
    public void undeploy(Context context) {
        host().removeChild(context);
    }

    public Host host() {
        return tomcat.getHost();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort());
    }

    @Override
    public void close() throws Exception {
        tomcat.stop();
        tomcat.destroy();
    }
}
