package io.github.betaheaders.testsupport;

import jakarta.servlet.Servlet;
import java.net.URI;
import java.util.Map;

/** The real proxy servlets a gateway or a test webapp can put behind the filter; each works in either container. */
public enum ProxyServletKind {

    /**
     * Jetty's {@code ProxyServlet.Transparent}: asynchronous, strips {@code prefix} and forwards to {@code proxyTo}.
     * With {@code maxThreads} it runs its client on its own threads, so it works outside Jetty too (it fails with "No
     * server executor for proxy" in Tomcat otherwise).
     */
    JETTY("Jetty ProxyServlet", org.eclipse.jetty.ee10.proxy.ProxyServlet.Transparent.class) {
        @Override
        public Map<String, String> initParams(String prefix, URI upstream) {
            return Map.of("proxyTo", upstream.toString(), "prefix", prefix, "maxThreads", "16");
        }
    },

    /** Jetty's transparent proxy servlet flushing each piece of the response: {@link FlushingJettyProxyServlet}. */
    JETTY_FLUSHING("Jetty ProxyServlet flushing each chunk", FlushingJettyProxyServlet.class) {
        @Override
        public Map<String, String> initParams(String prefix, URI upstream) {
            return JETTY.initParams(prefix, upstream);
        }
    },

    /**
     * MITRE's smiley-http-proxy-servlet 2.0: blocking, forwards the path info to {@code targetUri}; flushes each piece
     * of a chunked response.
     */
    MITRE("MITRE ProxyServlet", org.mitre.dsmiley.httpproxy.ProxyServlet.class) {
        @Override
        public Map<String, String> initParams(String prefix, URI upstream) {
            return Map.of("targetUri", upstream.toString(), "log", "false");
        }
    };

    private final String label;
    private final Class<? extends Servlet> servletClass;

    ProxyServletKind(String label, Class<? extends Servlet> servletClass) {
        this.label = label;
        this.servletClass = servletClass;
    }

    public Class<? extends Servlet> servletClass() {
        return servletClass;
    }

    public Servlet newServlet() {
        try {
            return servletClass.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The init-params that make the servlet mapped at {@code prefix/*} forward to {@code upstream}, prefix stripped. */
    public abstract Map<String, String> initParams(String prefix, URI upstream);

    @Override
    public String toString() {
        return label;
    }
}
