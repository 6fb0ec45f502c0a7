package io.github.betaheaders.testsupport;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.ee10.webapp.Configuration;
import org.eclipse.jetty.ee10.webapp.FragmentConfiguration;
import org.eclipse.jetty.ee10.webapp.MetaInfConfiguration;
import org.eclipse.jetty.ee10.webapp.WebAppConfiguration;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.ee10.webapp.WebInfConfiguration;
import org.eclipse.jetty.ee10.webapp.WebXmlConfiguration;
import org.eclipse.jetty.security.LoginService;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.util.ClassMatcher;

/**
 * Embedded Jetty 12 deploying exploded WARs with {@link WebAppContext}. Of its configurations,
 * {@link MetaInfConfiguration} finds {@code META-INF/web-fragment.xml} in the {@code WEB-INF/lib} jars and
 * {@link FragmentConfiguration} merges them into web.xml; without those two the library's filter is never declared.
 * Jetty's own proxy servlet, on the server class path, is made visible to webapps (Jetty hides its classes from them).
 */
public final class JettyWebappServer extends WebappServer {

    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final ContextHandlerCollection contexts = new ContextHandlerCollection();
    private final Map<String, WebAppContext> webapps = new LinkedHashMap<>();

    public JettyWebappServer() {
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(contexts);
    }

    @Override
    public JettyWebappServer deploy(String contextPath, ExplodedWar war) {
        WebAppContext webapp = new WebAppContext(war.root().toString(), contextPath);
        webapp.setConfigurations(new Configuration[] {new WebInfConfiguration(), new WebXmlConfiguration(),
                new MetaInfConfiguration(), new FragmentConfiguration(), new WebAppConfiguration()});
        webapp.addHiddenClassMatcher(new ClassMatcher("-org.eclipse.jetty.ee10.proxy."));
        webapp.setTempDirectory(TestDirectories.newDirectory("jetty-webapp").toFile());
        webapps.put(contextPath, webapp);
        contexts.addHandler(webapp);
        return this;
    }

    /** Adds a login service that webapps whose login-config names its realm authenticate against; before start. */
    public JettyWebappServer loginService(LoginService loginService) {
        server.addBean(loginService);
        return this;
    }

    @Override
    public JettyWebappServer start() throws Exception {
        server.start();
        return this;
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
    public URI uri() {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
