package io.github.betaheaders.example;

import java.nio.file.Path;

/** The gateway WAR in embedded Tomcat 10.1: Jetty's proxy servlet runs there from WEB-INF/lib. */
class TomcatGatewayIT extends GatewayContract {

    @Override
    DeployedGateway deploy(Path war) throws Exception {
        return TomcatDeployment.deploy(war);
    }
}
