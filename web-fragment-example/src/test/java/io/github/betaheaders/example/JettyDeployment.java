package io.github.betaheaders.example;

import io.github.betaheaders.example.launcher.GatewayLauncher;
import java.net.URI;
import java.nio.file.Path;
import org.eclipse.jetty.server.Server;

/** The WAR in embedded Jetty 12 (ee10), started by the example's own launcher on a free port. */
final class JettyDeployment implements DeployedGateway {

    private final Server server;

    private JettyDeployment(Server server) {
        this.server = server;
    }

    /** Fails (with the container's exception) when the webapp does not start. */
    static JettyDeployment deploy(Path war) throws Exception {
        return new JettyDeployment(GatewayLauncher.start(war, 0));
    }

    Server server() {
        return server;
    }

    @Override
    public URI uri() {
        return URI.create("http://127.0.0.1:" + GatewayLauncher.port(server));
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
