package io.github.betaheaders.example;

import java.nio.file.Path;

/** The gateway WAR in embedded Jetty 12 (ee10), started by the example's launcher. */
class JettyGatewayIT extends GatewayContract {

    @Override
    DeployedGateway deploy(Path war) throws Exception {
        return JettyDeployment.deploy(war);
    }
}
