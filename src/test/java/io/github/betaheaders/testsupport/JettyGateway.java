package io.github.betaheaders.testsupport;

import io.github.betaheaders.servlet.AnthropicBetaHeadersFilter;
import io.github.betaheaders.servlet.AnthropicBetaHeadersListener;
import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Embedded Jetty 12 (ee10) on 127.0.0.1: the filter in front of Jetty's transparent {@code ProxyServlet} (or another
 * {@link ProxyServletKind}), one per route prefix.
 */
public final class JettyGateway extends Gateway {

    private Server server;
    private ServerConnector connector;
    private ServletContextHandler context;
    private boolean withFilter = true;

    public JettyGateway() {
        super(ProxyServletKind.JETTY);
    }

    /** The same gateway with our filter left out (other filters and the proxy servlets stay), as a baseline. */
    public JettyGateway withoutFilter() {
        withFilter = false;
        return this;
    }

    @Override
    public JettyGateway start() throws Exception {
        server = maxThreads > 0
                ? new Server(new org.eclipse.jetty.util.thread.QueuedThreadPool(maxThreads, Math.min(8, maxThreads)))
                : new Server();
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        if (idleTimeoutMillis > 0) {
            connector.setIdleTimeout(idleTimeoutMillis);
        }
        server.addConnector(connector);
        context = new ServletContextHandler("/");
        EnumSet<DispatcherType> dispatch = EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC);
        filtersBefore.forEach((name, before) -> {
            FilterHolder holder = new FilterHolder(before);
            holder.setName(name);
            holder.setAsyncSupported(true);
            context.addFilter(holder, "/*", dispatch);
        });
        if (withFilter) {
            context.addEventListener(new AnthropicBetaHeadersListener());
            FilterHolder filter = new FilterHolder(AnthropicBetaHeadersFilter.class);
            filter.setName(FILTER_NAME);
            filter.setAsyncSupported(true);
            filterParams.forEach(filter::setInitParameter);
            context.addFilter(filter, "/*", dispatch);
        }
        routes.forEach((prefix, upstream) -> {
            ServletHolder proxy = new ServletHolder(proxyKind.newServlet());
            proxy.setName("proxy" + prefix.replace('/', '-'));
            proxyKind.initParams(prefix, upstream).forEach(proxy::setInitParameter);
            proxy.setAsyncSupported(true);
            context.addServlet(proxy, prefix + "/*");
        });
        server.setHandler(context);
        try {
            server.start();
        } catch (Exception e) {
            close();
            throw new IllegalStateException(this + ": context did not start", e);
        }
        if (!context.isAvailable()) {
            close();
            throw new IllegalStateException(this + ": context unavailable");
        }
        return this;
    }

    @Override
    public URI uri() {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    public ServletContextHandler context() {
        return context;
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
