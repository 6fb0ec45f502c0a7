package io.github.betaheaders.example;

import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.ee10.proxy.ProxyServlet;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's streaming {@link ProxyServlet} for one provider: everything under its mapping ({@code /bedrock/*}) goes to
 * the upstream named by a setting ({@link GatewayVariables}), with the mapping's prefix stripped and the rest of the
 * path and the query appended as sent; a path that could change the upstream's host, or that cannot be forwarded as
 * sent, gets a 400 ({@link UpstreamTarget}). Jetty's {@code Via} and {@code Forwarded} headers are added unless
 * {@code ADD_VIA_AND_FORWARDED} is {@code false}. Each piece of the upstream's response is flushed to the client as it arrives
 * (server-sent events, Bedrock's binary event stream). Failures answer a short JSON error instead of an HTML page:
 * 502 when the upstream cannot be reached, 504 when it stays silent longer than {@code UPSTREAM_TIMEOUT_SECONDS},
 * 503 when no upstream is set.
 *
 * <p>Init-params: {@code upstreamVariable} (required: the setting holding the upstream URL), {@code defaultUpstream}
 * (optional: used when that setting is unset), and Jetty's own ({@code maxThreads}, ...). {@code idleTimeout} and
 * {@code timeout} are replaced by {@code UPSTREAM_TIMEOUT_SECONDS}.
 */
public class UpstreamProxyServlet extends ProxyServlet {

    public static final String UPSTREAM_VARIABLE = "upstreamVariable";
    public static final String DEFAULT_UPSTREAM = "defaultUpstream";

    private static final System.Logger LOG = System.getLogger(UpstreamProxyServlet.class.getName());

    private String variable;
    private String upstream;
    private UpstreamTarget target;
    private long timeoutSeconds;
    private boolean addViaAndForwarded;

    @Override
    public void init() throws ServletException {
        String component = "servlet [" + getServletName() + "]";
        variable = getInitParameter(UPSTREAM_VARIABLE);
        if (variable == null || !variable.matches("[A-Z][A-Z0-9_]*")) {
            throw deploymentFailure(component + ": init-param [" + UPSTREAM_VARIABLE + "] is [" + variable
                    + "]: expected the name of an environment variable, such as BEDROCK_UPSTREAM_URL");
        }
        GatewayVariables.Upstream configured;
        try {
            configured = GatewayVariables.upstreamSetting(variable, getInitParameter(DEFAULT_UPSTREAM));
            timeoutSeconds = GatewayVariables.upstreamTimeoutSeconds();
            addViaAndForwarded = GatewayVariables.addViaAndForwarded();
        } catch (IllegalArgumentException e) {
            throw deploymentFailure(component + ": " + e.getMessage());
        }
        String mappings = mappings();
        if (configured == null) {
            LOG.log(Level.WARNING, component + ": " + mappings + " answers 503 until " + variable + " is set");
            return;
        }
        upstream = configured.url();
        target = new UpstreamTarget(upstream);
        super.init();
        LOG.log(Level.INFO, component + ": " + mappings + " -> " + upstream + " (" + configured.source() + ")");
    }

    private static ServletException deploymentFailure(String message) {
        LOG.log(Level.ERROR, message);
        return new ServletException(message);
    }

    private String mappings() {
        ServletRegistration registration = getServletContext().getServletRegistration(getServletName());
        return registration == null ? "(unmapped)" : String.join(", ", registration.getMappings());
    }

    /** No limit on the whole exchange (a stream lasts as long as the model writes); a limit on silence instead. */
    @Override
    protected HttpClient createHttpClient() throws ServletException {
        HttpClient client = super.createHttpClient();
        client.setIdleTimeout(TimeUnit.SECONDS.toMillis(timeoutSeconds));
        setTimeout(0);
        return client;
    }

    @Override
    public void destroy() {
        if (upstream != null) {
            super.destroy();
        }
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        if (upstream == null) {
            writeError(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "upstream_not_configured",
                    "This route has no upstream: set " + variable + " to the provider's base URL and restart the gateway.");
            return;
        }
        super.service(request, response);
    }

    /**
     * The upstream URL, the path after this servlet's mapping and the query, all as the client sent them;
     * {@code null} (a 400) when they could change the upstream's host or cannot be forwarded as sent.
     */
    @Override
    protected String rewriteTarget(HttpServletRequest request) {
        String mapped = request.getContextPath() + request.getServletPath();
        String uri = request.getRequestURI();
        if (!uri.startsWith(mapped)) {
            return null;
        }
        return target.resolve(uri.substring(mapped.length()), request.getQueryString());
    }

    /** Jetty's {@code Via} and {@code Forwarded}, unless {@code ADD_VIA_AND_FORWARDED=false}. */
    @Override
    protected void addProxyHeaders(HttpServletRequest clientRequest, Request proxyRequest) {
        if (addViaAndForwarded) {
            super.addProxyHeaders(clientRequest, proxyRequest);
        }
    }

    @Override
    protected void onProxyRewriteFailed(HttpServletRequest request, HttpServletResponse response) {
        sendProxyResponseError(request, response, HttpServletResponse.SC_BAD_REQUEST);
    }

    /** Writes and flushes each piece as it arrives, so that events are not held in the response buffer. */
    @Override
    protected void onResponseContent(HttpServletRequest request, HttpServletResponse response, Response proxyResponse,
                                     byte[] buffer, int offset, int length, Callback callback) {
        try {
            ServletOutputStream out = response.getOutputStream();
            out.write(buffer, offset, length);
            out.flush();
            callback.succeeded();
        } catch (Throwable failure) {
            callback.failed(failure);
        }
    }

    @Override
    protected void onProxyResponseFailure(HttpServletRequest request, HttpServletResponse response,
                                          Response serverResponse, Throwable failure) {
        LOG.log(Level.WARNING, "servlet [" + getServletName() + "]: " + request.getMethod() + " "
                + request.getRequestURI() + " to " + upstream + " failed: " + failure);
        super.onProxyResponseFailure(request, response, serverResponse, failure);
    }

    /** A JSON error in place of the container's error page; once the response has begun, only the abort is left. */
    @Override
    protected void sendProxyResponseError(HttpServletRequest request, HttpServletResponse response, int status) {
        if (response.isCommitted()) {
            super.sendProxyResponseError(request, response, status);
            return;
        }
        try {
            response.reset();
            response.setHeader("Connection", "close");
            switch (status) {
                case HttpServletResponse.SC_BAD_GATEWAY -> writeError(response, status, "upstream_unreachable",
                        "The upstream set by " + variable + " could not be reached or broke off the exchange.");
                case HttpServletResponse.SC_GATEWAY_TIMEOUT -> writeError(response, status, "upstream_timeout",
                        "The upstream set by " + variable + " sent nothing for " + timeoutSeconds
                                + " seconds (UPSTREAM_TIMEOUT_SECONDS).");
                case HttpServletResponse.SC_BAD_REQUEST -> writeError(response, status, "invalid_request_error",
                        "The gateway forwards only a plain path below the route (no ';', '//', '.' or '..' segment,"
                                + " backslash or bad escape) and a valid query.");
                default -> writeError(response, status, "gateway_error",
                        "The gateway could not forward the request (status " + status + ").");
            }
        } catch (IOException | IllegalStateException e) {
            LOG.log(Level.DEBUG, "could not write the error response", e);
        } finally {
            if (request.isAsyncStarted()) {
                request.getAsyncContext().complete();
            }
        }
    }

    /**
     * Anthropic's error shape, which Claude Code shows to its user. The message holds only checked setting names and
     * numbers, so it needs no escaping.
     */
    private static void writeError(HttpServletResponse response, int status, String type, String message)
            throws IOException {
        byte[] body = ("{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"" + message + "\"}}")
                .getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
