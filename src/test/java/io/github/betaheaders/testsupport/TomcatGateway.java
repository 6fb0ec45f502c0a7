package io.github.betaheaders.testsupport;

import io.github.betaheaders.servlet.AnthropicBetaHeadersFilter;
import io.github.betaheaders.servlet.AnthropicBetaHeadersListener;
import jakarta.servlet.ServletContext;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.Realm;
import org.apache.catalina.Wrapper;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Constants;
import org.apache.catalina.startup.ContextConfig;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.ContextResource;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.apache.tomcat.util.scan.StandardJarScanner;

/**
 * Embedded Tomcat 10.1 on 127.0.0.1. Its programmatic context puts the filter in front of MITRE's
 * smiley-http-proxy-servlet (or another {@link ProxyServletKind}), one per route prefix; its webapps are deployed as a
 * standalone Tomcat deploys them, before start ({@link #deploy}) or while it runs ({@link #deployWhileRunning}, with
 * {@link #undeploy}, where Tomcat checks for leaked threads). Its base directory is under
 * {@link TestDirectories#build()}.
 */
public final class TomcatGateway extends Gateway {

    private final Map<String, Context> webapps = new LinkedHashMap<>();
    private final Map<String, String> startLogs = new LinkedHashMap<>();
    private final Path baseDir = TestDirectories.newDirectory("tomcat");
    private final Tomcat tomcat = new Tomcat();
    /** The connector's default async timeout (Tomcat has one setting for it; Jetty none); 0 for Tomcat's 30 s. */
    private long asyncTimeoutMillis;
    private Context context;
    /** Resources bound in the programmatic context's {@code java:comp/env} (naming on when there is one). */
    private final java.util.List<ContextResource> resources = new java.util.ArrayList<>();
    private boolean started;
    private boolean closed;

    public TomcatGateway() {
        super(ProxyServletKind.MITRE);
        tomcat.setBaseDir(baseDir.toString());
        tomcat.setHostname("127.0.0.1");
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        tomcat.getHost().setAutoDeploy(false);
    }

    /**
     * Binds a resource in the programmatic context's {@code java:comp/env}, as a {@code <Resource>} in its
     * {@code context.xml} would, and turns JNDI naming on.
     */
    public TomcatGateway resource(ContextResource resource) {
        resources.add(resource);
        return this;
    }

    /** Sets the connector's default timeout of asynchronous requests. */
    public TomcatGateway asyncTimeoutMillis(long millis) {
        asyncTimeoutMillis = millis;
        return this;
    }

    @Override
    public TomcatGateway start() throws Exception {
        if (maxThreads > 0) {
            // A fixed pool: slow clients cannot make it grow, and the JVM's thread count stays put for leak checks.
            tomcat.getConnector().setProperty("maxThreads", String.valueOf(maxThreads));
            tomcat.getConnector().setProperty("minSpareThreads", String.valueOf(maxThreads));
        }
        if (idleTimeoutMillis > 0) {
            tomcat.getConnector().setProperty("connectionTimeout", String.valueOf(idleTimeoutMillis));
        }
        if (asyncTimeoutMillis > 0) {
            tomcat.getConnector().setAsyncTimeout(asyncTimeoutMillis);
        }
        Files.createDirectories(baseDir.resolve("webapps"));
        if (!resources.isEmpty()) {
            tomcat.enableNaming();
        }
        if (hasProgrammaticContext()) {
            context = programmaticContext();
            resources.forEach(context.getNamingResources()::addResource);
        }
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
        started = true;
        if (context != null && context.getState() != LifecycleState.STARTED) {
            close();
            throw new IllegalStateException(this + ": context did not start: " + context.getState()
                    + " (Tomcat logs the cause to the context's logger)");
        }
        return this;
    }

    private Context programmaticContext() throws Exception {
        Context root = tomcat.addContext("", Files.createDirectories(baseDir.resolve("docBase")).toString());
        if (!contextAttributes.isEmpty()) {
            root.addServletContainerInitializer(attributeSetter(), null);
        }
        filtersBefore.forEach((name, before) -> {
            FilterDef def = new FilterDef();
            def.setFilterName(name);
            def.setFilter(before);
            def.setFilterClass(before.getClass().getName());
            def.setAsyncSupported("true");
            root.addFilterDef(def);
            root.addFilterMap(mapToEverything(name));
        });
        addOurFilter(root);
        routes.forEach((prefix, upstream) -> addServlet(root, new ServletDeclaration("proxy" + prefix.replace('/', '-'),
                proxyKind.newServlet(), null, prefix + "/*", proxyKind.initParams(prefix, upstream))));
        servlets.forEach(servlet -> addServlet(root, servlet));
        return root;
    }

    /** The one place where the programmatic context gets the library, declared as its web-fragment.xml does. */
    private void addOurFilter(Context root) {
        root.addApplicationListener(AnthropicBetaHeadersListener.class.getName());
        FilterDef def = new FilterDef();
        def.setFilterName(FILTER_NAME);
        def.setFilterClass(AnthropicBetaHeadersFilter.class.getName());
        def.setAsyncSupported("true");
        filterParams.forEach(def::addInitParameter);
        root.addFilterDef(def);
        root.addFilterMap(mapToEverything(FILTER_NAME));
    }

    private static void addServlet(Context root, ServletDeclaration servlet) {
        Wrapper wrapper = servlet.instance() != null ? Tomcat.addServlet(root, servlet.name(), servlet.instance())
                : Tomcat.addServlet(root, servlet.name(), servlet.servletClass().getName());
        servlet.initParams().forEach(wrapper::addInitParameter);
        wrapper.setAsyncSupported(true);
        root.addServletMappingDecoded(servlet.pattern(), servlet.name());
    }

    private static FilterMap mapToEverything(String filterName) {
        FilterMap map = new FilterMap();
        map.setFilterName(filterName);
        map.addURLPattern("/*");
        map.setDispatcher("REQUEST");
        map.setDispatcher("ASYNC");
        return map;
    }

    @Override
    public TomcatGateway deploy(String contextPath, ExplodedWar war) {
        if (started) {
            throw new IllegalStateException("started: use deployWhileRunning");
        }
        webapps.put(contextPath, webappContext(contextPath, war, null));
        return this;
    }

    /**
     * Deploys {@code war} at {@code path} into the running Tomcat and starts it; {@code realm}, if not null,
     * authenticates the webapp's users. Returns the context whatever its state: a failed deployment is a context that
     * is not {@link LifecycleState#STARTED}.
     */
    public Context deployWhileRunning(String path, ExplodedWar war, Realm realm) {
        if (!started) {
            throw new IllegalStateException("not started: use deploy");
        }
        Context webapp = webappContext(path, war, realm);
        webapps.put(path, webapp);
        return webapp;
    }

    /** {@link #deployWhileRunning(String, ExplodedWar, Realm)} without a realm. */
    public Context deployWhileRunning(String path, ExplodedWar war) {
        return deployWhileRunning(path, war, null);
    }

    /** Stops and removes the webapp, as an undeploy does (Tomcat checks for leaked threads here). */
    public void undeploy(Context webapp) {
        tomcat.getHost().removeChild(webapp);
        webapps.values().remove(webapp);
    }

    private StandardContext webappContext(String path, ExplodedWar war, Realm realm) {
        StandardContext webapp = new StandardContext();
        if (realm != null) {
            webapp.setRealm(realm);
        }
        webapp.setName(path);
        webapp.setPath(path);
        webapp.setDocBase(war.root().toString());
        ContextConfig config = new ContextConfig();
        // The container defaults (conf/web.xml) declare a JSP servlet; there is no JSP engine here.
        config.setDefaultWebXml(Constants.NoDefaultWebXml);
        webapp.addLifecycleListener(config);
        // A standalone Tomcat's class path is its own lib/; here it is the whole test class path, slow to scan for
        // fragments and holding the library itself. Scan WEB-INF/lib only, as a deployment would see it.
        StandardJarScanner scanner = new StandardJarScanner();
        scanner.setScanClassPath(false);
        webapp.setJarScanner(scanner);
        // The test class path (where the proxy servlets are) is the webapp class loader's parent.
        webapp.setParentClassLoader(TomcatGateway.class.getClassLoader());
        tomcat.getHost().addChild(webapp);
        return webapp;
    }

    /** The {@code java.util.logging} logger of a context: Tomcat names it after the engine, host and context. */
    private String contextLogger(String contextPath) {
        return "org.apache.catalina.core.ContainerBase.[" + tomcat.getEngine().getName() + "].["
                + tomcat.getHost().getName() + "].[" + contextPath + "]";
    }

    @Override
    public boolean isStarted(String contextPath) {
        return webapps.get(contextPath).getState() == LifecycleState.STARTED;
    }

    @Override
    public String reportedFailure(String contextPath) {
        return startLogs.getOrDefault(contextPath, "");
    }

    @Override
    public ServletContext servletContext() {
        return context.getServletContext();
    }

    @Override
    public URI uri() {
        return URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort());
    }

    @Override
    public void close() throws Exception {
        if (!closed) {
            closed = true;
            tomcat.stop();
            tomcat.destroy();
        }
    }

    @Override
    public String toString() {
        return "Tomcat 10.1 + " + proxyKind;
    }
}
