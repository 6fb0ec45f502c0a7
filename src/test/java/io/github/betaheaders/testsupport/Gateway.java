package io.github.betaheaders.testsupport;

import jakarta.servlet.Filter;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An embedded servlet container on 127.0.0.1 with the filter on {@code /*} (REQUEST and ASYNC, as the fragment
 * declares it) in front of a real proxy servlet per route prefix: {@link JettyGateway} or {@link TomcatGateway}.
 * Configure, then {@link #start()}.
 */
public abstract class Gateway implements AutoCloseable {

    /** The filter's name, as the fragment declares it. */
    public static final String FILTER_NAME = "AnthropicBetaHeadersFilter";

    protected final Map<String, String> filterParams = new LinkedHashMap<>();
    protected final Map<String, URI> routes = new LinkedHashMap<>();
    protected final Map<String, Filter> filtersBefore = new LinkedHashMap<>();
    protected ProxyServletKind proxyKind;
    /** The container's request thread pool size; 0 for its default. */
    protected int maxThreads;
    /** How long a connection may stay silent (Tomcat's connectionTimeout, Jetty's idle timeout); 0 for the default. */
    protected long idleTimeoutMillis;

    protected Gateway(ProxyServletKind usualProxy) {
        proxyKind = usualProxy;
    }

    /** New, unstarted: both containers with their usual proxy servlet, and each with the other container's. */
    public static List<Gateway> everyPairing() {
        return List.of(ServletContainer.JETTY.newGateway(), ServletContainer.TOMCAT.newGateway(),
                new JettyGateway().proxyServlet(ProxyServletKind.MITRE),
                new TomcatGateway().proxyServlet(ProxyServletKind.JETTY));
    }

    /** Adds an init-param of the filter. */
    public Gateway filterParam(String name, String value) {
        filterParams.put(name, value);
        return this;
    }

    /** Proxies {@code prefix/*} (e.g. {@code /bedrock}) to {@code upstream}, the prefix stripped. */
    public Gateway route(String prefix, URI upstream) {
        routes.put(prefix, upstream);
        return this;
    }

    /** Adds a filter on {@code /*} ahead of ours, e.g. one that sets the provider request attribute. */
    public Gateway filterBefore(String name, Filter filter) {
        filtersBefore.put(name, filter);
        return this;
    }

    /** Limits the container's request threads (e.g. to show that slow clients do not hold them). */
    public Gateway maxThreads(int threads) {
        maxThreads = threads;
        return this;
    }

    /** Ends a connection whose client sends nothing for this long (a stalled body, say). */
    public Gateway idleTimeoutMillis(long millis) {
        idleTimeoutMillis = millis;
        return this;
    }

    /** Which proxy servlet serves the routes; each container has its usual one by default. */
    public Gateway proxyServlet(ProxyServletKind kind) {
        proxyKind = kind;
        return this;
    }

    /**
     * Starts the container.
     *
     * @throws IllegalStateException when the context does not start, with the container's cause where it keeps one
     */
    public abstract Gateway start() throws Exception;

    /** {@code http://127.0.0.1:<port>} */
    public abstract URI uri();
}
