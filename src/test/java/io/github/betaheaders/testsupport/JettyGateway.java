package io.github.betaheaders.testsupport;

import io.github.betaheaders.servlet.AnthropicBetaHeadersFilter;
import io.github.betaheaders.servlet.AnthropicBetaHeadersListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContext;
import java.net.URI;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.webapp.Configuration;
import org.eclipse.jetty.ee10.webapp.FragmentConfiguration;
import org.eclipse.jetty.ee10.webapp.MetaInfConfiguration;
import org.eclipse.jetty.ee10.webapp.WebAppConfiguration;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.ee10.webapp.WebInfConfiguration;
import org.eclipse.jetty.ee10.webapp.WebXmlConfiguration;
import org.eclipse.jetty.security.LoginService;
import org.eclipse.jetty.server.LocalConnector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.util.ClassMatcher;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Embedded Jetty 12 (ee10) on 127.0.0.1. Its programmatic context puts the filter in front of Jetty's transparent
 * {@code ProxyServlet} (or another {@link ProxyServletKind}), one per route prefix; its webapps are
 * {@link WebAppContext}s, of whose configurations {@link MetaInfConfiguration} finds {@code META-INF/web-fragment.xml}
 * in the {@code WEB-INF/lib} jars and {@link FragmentConfiguration} merges them into web.xml (without those two the
 * library's filter is never declared). Jetty's own proxy servlet, on the server class path, is made visible to
 * webapps (Jetty hides its classes from them). Besides the socket on 127.0.0.1 it has a {@link LocalConnector}.
 */
public final class JettyGateway extends Gateway {

    private final Map<String, WebAppContext> webapps = new LinkedHashMap<>();
    private final Map<String, LoginService> loginServices = new LinkedHashMap<>();
    private Server server;
    private ServerConnector connector;
    private LocalConnector localConnector;
    private ServletContextHandler context;
    private boolean withFilter = true;

    public JettyGateway() {
        super(ProxyServletKind.JETTY);
    }

    /** The same gateway with our filter left out (other filters and the servlets stay), as a baseline. */
    public JettyGateway withoutFilter() {
        withFilter = false;
        return this;
    }

    /** Adds a login service that webapps whose login-config names its realm authenticate against; before start. */
    public JettyGateway loginService(LoginService loginService) {
        loginServices.put(loginService.getName(), loginService);
        return this;
    }

    @Override
    public JettyGateway deploy(String contextPath, ExplodedWar war) {
        WebAppContext webapp = new WebAppContext(war.root().toString(), contextPath);
        webapp.setConfigurations(new Configuration[] {new WebInfConfiguration(), new WebXmlConfiguration(),
                new MetaInfConfiguration(), new FragmentConfiguration(), new WebAppConfiguration()});
        webapp.addHiddenClassMatcher(new ClassMatcher("-org.eclipse.jetty.ee10.proxy."));
        webapp.setTempDirectory(TestDirectories.newDirectory("jetty-webapp").toFile());
        webapps.put(contextPath, webapp);
        return this;
    }

    @Override
    public JettyGateway start() throws Exception {
        server = maxThreads > 0 ? new Server(new QueuedThreadPool(maxThreads, Math.min(8, maxThreads))) : new Server();
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        if (idleTimeoutMillis > 0) {
            connector.setIdleTimeout(idleTimeoutMillis);
        }
        server.addConnector(connector);
        localConnector = new LocalConnector(server);
        server.addConnector(localConnector);
        loginServices.values().forEach(server::addBean);
        ContextHandlerCollection contexts = new ContextHandlerCollection();
        if (hasProgrammaticContext()) {
            context = programmaticContext();
            contexts.addHandler(context);
        }
        webapps.values().forEach(contexts::addHandler);
        server.setHandler(contexts);
        try {
            server.start();
        } catch (Exception e) {
            close();
            throw new IllegalStateException(this + ": context did not start", e);
        }
        if (context != null && !context.isAvailable()) {
            close();
            throw new IllegalStateException(this + ": context unavailable");
        }
        return this;
    }

    private ServletContextHandler programmaticContext() {
        ServletContextHandler root = new ServletContextHandler("/");
        if (!contextAttributes.isEmpty()) {
            root.addServletContainerInitializer(attributeSetter());
        }
        EnumSet<DispatcherType> dispatch = EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC);
        filtersBefore.forEach((name, before) -> {
            FilterHolder holder = new FilterHolder(before);
            holder.setName(name);
            holder.setAsyncSupported(true);
            root.addFilter(holder, "/*", dispatch);
        });
        if (withFilter) {
            addOurFilter(root, dispatch);
        }
        routes.forEach((prefix, upstream) -> addServlet(root, new ServletDeclaration("proxy" + prefix.replace('/', '-'),
                proxyKind.newServlet(), null, prefix + "/*", proxyKind.initParams(prefix, upstream))));
        servlets.forEach(servlet -> addServlet(root, servlet));
        return root;
    }

    /** The one place where the programmatic context gets the library, declared as its web-fragment.xml does. */
    private void addOurFilter(ServletContextHandler root, EnumSet<DispatcherType> dispatch) {
        root.addEventListener(new AnthropicBetaHeadersListener());
        FilterHolder filter = new FilterHolder(AnthropicBetaHeadersFilter.class);
        filter.setName(FILTER_NAME);
        filter.setAsyncSupported(true);
        filterParams.forEach(filter::setInitParameter);
        root.addFilter(filter, "/*", dispatch);
    }

    private static void addServlet(ServletContextHandler root, ServletDeclaration servlet) {
        ServletHolder holder = servlet.instance() != null ? new ServletHolder(servlet.instance())
                : new ServletHolder(servlet.servletClass());
        holder.setName(servlet.name());
        holder.setAsyncSupported(true);
        servlet.initParams().forEach(holder::setInitParameter);
        root.addServlet(holder, servlet.pattern());
    }

    @Override
    public boolean isStarted(String contextPath) {
        WebAppContext webapp = webapps.get(contextPath);
        return webapp.isAvailable() && webapp.getUnavailableException() == null;
    }

    @Override
    public String reportedFailure(String contextPath) {
        StringBuilder chain = new StringBuilder();
        for (Throwable t = webapps.get(contextPath).getUnavailableException(); t != null; t = t.getCause()) {
            chain.append(t).append('\n');
        }
        return chain.toString();
    }

    @Override
    public ServletContext servletContext() {
        return context.getServletContext();
    }

    /** A connector without a socket, for in-process requests (e.g. with Jetty's {@code HttpTester}); once started. */
    public LocalConnector localConnector() {
        return localConnector;
    }

    @Override
    public URI uri() {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    @Override
    public void close() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @Override
    public String toString() {
        return "Jetty 12 + " + proxyKind + (withFilter ? "" : " without the filter");
    }
}
