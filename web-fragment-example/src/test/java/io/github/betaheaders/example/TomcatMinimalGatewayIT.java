package io.github.betaheaders.example;

import java.nio.file.Path;

/** The smallest gateway in embedded Tomcat 10.1: Jetty's proxy servlet runs there from WEB-INF/lib. */
class TomcatMinimalGatewayIT extends MinimalGatewayContract {

    @Override
    DeployedGateway deploy(Path war) throws Exception {
        return TomcatDeployment.deploy(war);
    }
}
