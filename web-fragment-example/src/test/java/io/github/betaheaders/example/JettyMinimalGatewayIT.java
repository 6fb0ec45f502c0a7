package io.github.betaheaders.example;

import java.nio.file.Path;

/** The smallest gateway in embedded Jetty 12 (ee10), started by the example's launcher. */
class JettyMinimalGatewayIT extends MinimalGatewayContract {

    @Override
    DeployedGateway deploy(Path war) throws Exception {
        return JettyDeployment.deploy(war);
    }
}
