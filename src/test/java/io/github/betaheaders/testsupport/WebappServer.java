package io.github.betaheaders.testsupport;

import java.net.URI;

/**
 * An embedded container on 127.0.0.1 that deploys {@link ExplodedWar}s the way a standalone server does (web.xml,
 * web-fragment.xml from WEB-INF/lib jars, webapp class loader): {@link JettyWebappServer}, {@link TomcatWebappServer}.
 */
public abstract class WebappServer implements AutoCloseable {

    /** Deploys the webapp at {@code contextPath} (e.g. {@code /app}) when the server starts. */
    public abstract WebappServer deploy(String contextPath, ExplodedWar war);

    /** Starts the server; a webapp that fails to start does not fail this, see {@link #isStarted}. */
    public abstract WebappServer start() throws Exception;

    /** Whether the webapp at {@code contextPath} started and serves requests. */
    public abstract boolean isStarted(String contextPath);

    /**
     * What the container reported when the webapp at {@code contextPath} failed to start (the cause's messages), or
     * an empty string: Jetty keeps the exception on the context, Tomcat logs it to the context's logger.
     */
    public abstract String reportedFailure(String contextPath);

    /** {@code http://127.0.0.1:<port>} */
    public abstract URI uri();
}
