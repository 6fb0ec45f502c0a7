package io.github.betaheaders.testsupport;

import io.github.betaheaders.service.BetaHeadersService;
import io.github.betaheaders.servlet.AnthropicBetaHeadersListener;
import jakarta.servlet.Filter;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An embedded servlet container on 127.0.0.1, {@link JettyGateway} or {@link TomcatGateway}, which holds either or
 * both of:
 * <ul>
 *   <li>a programmatic context at {@code /}: the filter on {@code /*} (REQUEST and ASYNC, as the fragment declares
 *   it) in front of a real proxy servlet per {@link #route route} prefix, and the servlets of {@link #addServlet};
 *   it exists when a route, a servlet, a filter init-param or a filter before ours is given;</li>
 *   <li>webapps {@link #deploy deployed} from {@link ExplodedWar}s the way a standalone server does (web.xml,
 *   web-fragment.xml from the WEB-INF/lib jars, a webapp class loader).</li>
 * </ul>
 * Configure, then {@link #start()}.
 */
public abstract class Gateway implements AutoCloseable {

    /** The filter's name, as the fragment declares it. */
    public static final String FILTER_NAME = "AnthropicBetaHeadersFilter";

    protected final Map<String, String> filterParams = new LinkedHashMap<>();
    protected final Map<String, URI> routes = new LinkedHashMap<>();
    protected final Map<String, Filter> filtersBefore = new LinkedHashMap<>();
    protected final List<ServletDeclaration> servlets = new ArrayList<>();
    /** Servlet context attributes of the programmatic context, set before its listeners run. */
    protected final Map<String, Object> contextAttributes = new LinkedHashMap<>();
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

    /** Maps {@code servlet} (async-supported) at {@code pattern} of the programmatic context; before start. */
    public Gateway addServlet(String name, Servlet servlet, String pattern, Map<String, String> initParams) {
        servlets.add(new ServletDeclaration(name, servlet, null, pattern, initParams));
        return this;
    }

    /** Maps a new {@code servletClass} (async-supported) at {@code pattern} of the programmatic context; before start. */
    public Gateway addServlet(String name, Class<? extends Servlet> servletClass, String pattern,
                              Map<String, String> initParams) {
        servlets.add(new ServletDeclaration(name, null, servletClass, pattern, initParams));
        return this;
    }

    /**
     * Sets a servlet context attribute of the programmatic context before its listeners run (by a
     * {@code ServletContainerInitializer}), e.g. {@code AnthropicBetaHeadersListener.CLOCK_ATTRIBUTE}.
     */
    public Gateway contextAttribute(String name, Object value) {
        contextAttributes.put(name, value);
        return this;
    }

    /** The initializer that sets {@link #contextAttributes}. */
    protected ServletContainerInitializer attributeSetter() {
        Map<String, Object> attributes = Map.copyOf(contextAttributes);
        return (classes, context) -> attributes.forEach(context::setAttribute);
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

    /** Whether there is a programmatic context (see the class comment). */
    protected boolean hasProgrammaticContext() {
        return !routes.isEmpty() || !servlets.isEmpty() || !filterParams.isEmpty() || !filtersBefore.isEmpty()
                || !contextAttributes.isEmpty();
    }

    /**
     * Deploys the webapp at {@code contextPath} (e.g. {@code /app}) when the container starts. A webapp that fails to
     * start does not fail {@link #start()}: see {@link #isStarted} and {@link #reportedFailure}.
     */
    public abstract Gateway deploy(String contextPath, ExplodedWar war);

    /**
     * Starts the container.
     *
     * @throws IllegalStateException when the programmatic context does not start, with the container's cause where
     *                               it keeps one
     */
    public abstract Gateway start() throws Exception;

    /** Whether the webapp at {@code contextPath} started and serves requests. */
    public abstract boolean isStarted(String contextPath);

    /**
     * What the container reported when the webapp at {@code contextPath} failed to start (the cause's messages), or
     * an empty string: Jetty keeps the exception on the context, Tomcat logs it to the context's logger.
     */
    public abstract String reportedFailure(String contextPath);

    /** The servlet context of the programmatic context, once started. */
    public abstract ServletContext servletContext();

    /** The webapp-wide service the listener published in the programmatic context, to read its counters and budget. */
    public BetaHeadersService service() {
        Object service = servletContext().getAttribute(AnthropicBetaHeadersListener.SERVICE_ATTRIBUTE);
        if (!(service instanceof BetaHeadersService s)) {
            throw new AssertionError("no service published in " + this);
        }
        return s;
    }

    /** {@code http://127.0.0.1:<port>} */
    public abstract URI uri();
}
