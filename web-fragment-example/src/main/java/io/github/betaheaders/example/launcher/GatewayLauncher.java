package io.github.betaheaders.example.launcher;

import io.github.betaheaders.example.GatewayIndexServlet;
import io.github.betaheaders.example.UpstreamProxyServlet;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Runs the gateway WAR in embedded Jetty 12 (ee10) on the loopback address, port {@code PORT} (8080), deployed as a
 * container deploys any WAR: {@code WEB-INF/web.xml}, the web fragments found in {@code WEB-INF/lib}, the webapp's own
 * class loader. Not part of the WAR. Run by {@code mvn package exec:java}; the argument is the WAR's path.
 */
public final class GatewayLauncher {

    private static final System.Logger LOG = System.getLogger(GatewayLauncher.class.getName());

    /**
     * The port to listen on (0 picks a free one): the system property {@code PORT}, else the environment variable,
     * read as the proxy servlets read their settings (the launcher has no init-params).
     */
    public static final UpstreamProxyServlet.Setting PORT = new UpstreamProxyServlet.Setting(null, "PORT");
    public static final int DEFAULT_PORT = 8080;

    private GatewayLauncher() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: GatewayLauncher <path of the gateway WAR>");
        }
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tT %4$s %3$s: %5$s%6$s%n");
        }
        int port = port(System::getenv);
        nameTheNode(port);
        LOG.log(Level.INFO, "starting the gateway: " + args[0] + " in embedded Jetty on 127.0.0.1:" + port
                + " (each route logs its upstream and where that came from)");
        Server server = start(Path.of(args[0]), port);
        LOG.log(Level.INFO, listening(server));
        server.join();
    }

    /**
     * Deploys the WAR at the root context on 127.0.0.1:{@code port} (0: any free port) and starts it.
     *
     * @throws Exception when the WAR is missing or the webapp does not start (a bad setting, for one)
     */
    public static Server start(Path war, int port) throws Exception {
        if (!Files.isRegularFile(war)) {
            throw new IllegalArgumentException("no WAR at [" + war + "]: build it with mvn package");
        }
        Server server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        // Bedrock model ARNs hold a '/', which clients send encoded: /model/arn%3A...%3Aapplication-inference-profile%2Fx/invoke.
        http.setUriCompliance(UriCompliance.DEFAULT.with("DEFAULT,BEDROCK_ARN",
                UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR));
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(InetAddress.getLoopbackAddress().getHostAddress());
        connector.setPort(port);
        // A client waits as long as its upstream may stay silent; the connection must not time out first.
        connector.setIdleTimeout(TimeUnit.SECONDS.toMillis(UpstreamProxyServlet.upstreamTimeoutSeconds() + 30));
        server.addConnector(connector);
        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath("/");
        webapp.setWar(war.toAbsolutePath().toString());
        webapp.setThrowUnavailableOnStartupException(true);
        webapp.getServletHandler().setDecodeAmbiguousURIs(true);
        server.setHandler(webapp);
        server.setStopAtShutdown(true);
        try {
            server.start();
        } catch (Exception e) {
            server.stop();
            throw e;
        }
        return server;
    }

    /**
     * The line the launcher ends its start with: {@code listening on http://127.0.0.1:8080, routes
     * http://127.0.0.1:8080/anthropic, ...; admin http://127.0.0.1:8080/reload/anthropic_beta_headers, ...; Ctrl-C
     * stops it}.
     */
    public static String listening(Server server) {
        String base = "http://127.0.0.1:" + port(server);
        ServletContext context = ((WebAppContext) server.getHandler()).getServletContext();
        List<String> routes = GatewayIndexServlet.routes(context.getServletRegistrations()).keySet().stream()
                .map(mapping -> base + (mapping.endsWith("/*") ? mapping.substring(0, mapping.length() - 2) : mapping))
                .toList();
        ServletRegistration admin = context.getServletRegistration(GatewayIndexServlet.ADMIN_SERVLET);
        List<String> adminUrls = admin == null ? List.of()
                : admin.getMappings().stream().sorted().map(mapping -> base + mapping).toList();
        return "listening on " + base + ", routes " + String.join(", ", routes) + "; admin "
                + (adminUrls.isEmpty() ? "none" : String.join(", ", adminUrls)) + "; Ctrl-C stops it";
    }

    /**
     * Names this gateway in a shared store after its host and port ({@code gw1.example:8080}) unless
     * {@code nodeName} is set: the library's default (host name and context path) is the same for two gateways on
     * one host.
     */
    static void nameTheNode(int port) {
        if (port == 0 || System.getProperty(NODE_NAME_PROPERTY) != null || System.getenv(NODE_NAME_ENV) != null) {
            return;
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "localhost";
        }
        System.setProperty(NODE_NAME_PROPERTY, host + ":" + port);
    }

    static final String NODE_NAME_PROPERTY = "anthropicBetaHeaders.nodeName";
    static final String NODE_NAME_ENV = "ANTHROPIC_BETA_HEADERS_NODE_NAME";

    /** {@link #PORT}, with the environment given (a JVM cannot change its own). */
    public static int port(UnaryOperator<String> environment) {
        return (int) UpstreamProxyServlet.wholeNumber(PORT, DEFAULT_PORT, 0, 65535, "a port number", name -> null,
                environment);
    }

    /** The port a started server listens on. */
    public static int port(Server server) {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }
}
