package io.github.betaheaders.example;

import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.ee10.proxy.ProxyServlet;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's streaming {@link ProxyServlet} for one provider: everything under its mapping ({@code /bedrock/*}) goes to
 * the upstream named by a setting, with the mapping's prefix stripped and the rest of the path and the query appended
 * as sent; a path that could change the upstream's host, or that cannot be forwarded as sent, gets a 400
 * ({@link UpstreamTarget}). Jetty's {@code Via} and {@code Forwarded} headers are added unless
 * {@code ADD_VIA_AND_FORWARDED} is {@code false}. Each piece of the upstream's response is flushed to the client as it
 * arrives (server-sent events, Bedrock's binary event stream). Failures answer a short JSON error instead of an HTML
 * page: 502 when the upstream cannot be reached, 504 when it stays silent longer than
 * {@code UPSTREAM_TIMEOUT_SECONDS}, 503 when no upstream is set.
 *
 * <p>Settings, each read as the library reads its own: the servlet's init-param, else the Java system property, else
 * the environment variable; the first source that is present wins, and a blank value there means unset (so a blank
 * system property hides the environment variable):
 * <ul>
 *   <li>the upstream URL: init-param {@code upstream}, else the system property or environment variable named by the
 *       init-param {@code upstreamVariable} (required: {@code BEDROCK_UPSTREAM_URL}), else the init-param
 *       {@code defaultUpstream};</li>
 *   <li>init-param {@code upstreamTimeoutSeconds}, else {@code UPSTREAM_TIMEOUT_SECONDS} (600);</li>
 *   <li>init-param {@code addViaAndForwarded}, else {@code ADD_VIA_AND_FORWARDED} ({@code true}).</li>
 * </ul>
 * A bad value fails the deployment with a message naming the setting, where it came from and the value. Jetty's own
 * init-params ({@code maxThreads}, ...) apply too; {@code idleTimeout} and {@code timeout} are replaced by the
 * upstream timeout.
 */
public class UpstreamProxyServlet extends ProxyServlet {

    public static final String UPSTREAM_VARIABLE = "upstreamVariable";
    public static final String DEFAULT_UPSTREAM = "defaultUpstream";
    /** The init-param that sets the upstream URL itself, ahead of the variable {@link #UPSTREAM_VARIABLE} names. */
    public static final String UPSTREAM = "upstream";

    /** How long an upstream may stay silent (before its answer or within a stream) before the client gets a 504. */
    public static final Setting UPSTREAM_TIMEOUT_SECONDS = new Setting("upstreamTimeoutSeconds",
            "UPSTREAM_TIMEOUT_SECONDS");
    public static final long DEFAULT_UPSTREAM_TIMEOUT_SECONDS = 600;
    private static final long MAX_UPSTREAM_TIMEOUT_SECONDS = 24 * 3600;

    /** {@code true} (the default) or {@code false}: whether Jetty's {@code Via} and {@code Forwarded} are added. */
    public static final Setting ADD_VIA_AND_FORWARDED = new Setting("addViaAndForwarded", "ADD_VIA_AND_FORWARDED");

    /**
     * A setting's names: its init-param ({@code null} for one that only a variable sets) and the name of its system
     * property and environment variable.
     */
    public record Setting(String initParam, String variable) {
    }

    /**
     * An upstream base URL (without a trailing slash) and where it came from, as the start log tells it:
     * {@code from init-param upstream}, {@code from system property BEDROCK_UPSTREAM_URL},
     * {@code from environment variable BEDROCK_UPSTREAM_URL} or {@code default: BEDROCK_UPSTREAM_URL is not set}.
     */
    public record Upstream(String url, String source) {
    }

    /** A value, the name it was found under, and the kind of source, for messages. */
    private record Value(String text, String name, String source) {
    }

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
        Upstream configured;
        try {
            configured = upstream(variable, getInitParameter(DEFAULT_UPSTREAM), this::getInitParameter, System::getenv);
            timeoutSeconds = upstreamTimeoutSeconds(this::getInitParameter, System::getenv);
            addViaAndForwarded = addViaAndForwarded(this::getInitParameter, System::getenv);
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

    /**
     * The first source of {@code setting} that is present: the init-param (when it has one), the system property,
     * the environment variable; {@code null} when none is, or when that one is blank.
     */
    private static Value lookup(Setting setting, UnaryOperator<String> initParams, UnaryOperator<String> environment) {
        String text = setting.initParam() == null ? null : initParams.apply(setting.initParam());
        if (text != null) {
            return text.isBlank() ? null : new Value(text.trim(), setting.initParam(), "init-param");
        }
        text = System.getProperty(setting.variable());
        if (text != null) {
            return text.isBlank() ? null : new Value(text.trim(), setting.variable(), "system property");
        }
        text = environment.apply(setting.variable());
        return text == null || text.isBlank() ? null : new Value(text.trim(), setting.variable(), "environment variable");
    }

    /**
     * The upstream URL, without a trailing slash: init-param {@code upstream}, else {@code variable}, else
     * {@code defaultValue}; {@code null} when all are unset.
     *
     * @param initParams the servlet's init-params ({@code name -> null} outside a servlet)
     * @param environment the environment variables (a parameter because a JVM cannot change its own)
     * @throws IllegalArgumentException naming the setting, its source and the value when it is not an absolute
     *     http(s) URL without query
     */
    static Upstream upstream(String variable, String defaultValue, UnaryOperator<String> initParams,
                             UnaryOperator<String> environment) {
        Value v = lookup(new Setting(UPSTREAM, variable), initParams, environment);
        if (v == null) {
            if (defaultValue == null || defaultValue.isBlank()) {
                return null;
            }
            v = new Value(defaultValue.trim(), variable, "default");
        }
        try {
            URI uri = new URI(v.text());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                    && uri.getRawQuery() == null && uri.getRawFragment() == null) {
                String text = v.text();
                String url = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
                return new Upstream(url, v.source().equals("default") ? "default: " + variable + " is not set"
                        : "from " + v.source() + " " + v.name());
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw invalid(v, "expected an absolute http or https URL without query, such as https://api.anthropic.com");
    }

    /** {@link #UPSTREAM_TIMEOUT_SECONDS}, a whole number of seconds. */
    static long upstreamTimeoutSeconds(UnaryOperator<String> initParams, UnaryOperator<String> environment) {
        return wholeNumber(UPSTREAM_TIMEOUT_SECONDS, DEFAULT_UPSTREAM_TIMEOUT_SECONDS, 1, MAX_UPSTREAM_TIMEOUT_SECONDS,
                "a whole number of seconds", initParams, environment);
    }

    /**
     * {@code UPSTREAM_TIMEOUT_SECONDS} from the system property or environment variable, for code outside the servlet
     * (the launcher's connector, which must outlast it).
     */
    public static long upstreamTimeoutSeconds() {
        return upstreamTimeoutSeconds(name -> null, System::getenv);
    }

    /** {@link #ADD_VIA_AND_FORWARDED}: {@code true} or {@code false} in any case; {@code true} when unset. */
    static boolean addViaAndForwarded(UnaryOperator<String> initParams, UnaryOperator<String> environment) {
        Value v = lookup(ADD_VIA_AND_FORWARDED, initParams, environment);
        if (v == null) {
            return true;
        }
        String text = v.text().toLowerCase(Locale.ROOT);
        if (text.equals("true") || text.equals("false")) {
            return text.equals("true");
        }
        throw invalid(v, "expected true or false");
    }

    /**
     * A whole number from {@code min} to {@code max} (ASCII digits only), read like every setting here; the default
     * when unset.
     *
     * @param what the kind of number, for the message ({@code a port number})
     * @throws IllegalArgumentException naming the setting, its source and the value
     */
    public static long wholeNumber(Setting setting, long defaultValue, long min, long max, String what,
                                   UnaryOperator<String> initParams, UnaryOperator<String> environment) {
        Value v = lookup(setting, initParams, environment);
        if (v == null) {
            return defaultValue;
        }
        try {
            // ASCII digits only: Long.parseLong also takes other scripts' digits ("٨٠٨٠") and a sign.
            if (!v.text().isEmpty() && v.text().chars().allMatch(c -> c >= '0' && c <= '9')) {
                long n = Long.parseLong(v.text());
                if (n >= min && n <= max) {
                    return n;
                }
            }
        } catch (NumberFormatException e) {
            // too long: reported below
        }
        throw invalid(v, "expected " + what + " from " + min + " to " + max);
    }

    private static IllegalArgumentException invalid(Value v, String expectation) {
        return new IllegalArgumentException("invalid value [" + v.text() + "] for " + v.name() + " (" + v.source()
                + "): " + expectation);
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
