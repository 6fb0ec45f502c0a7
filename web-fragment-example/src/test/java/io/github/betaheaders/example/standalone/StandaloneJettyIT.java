package io.github.betaheaders.example.standalone;

import java.util.Map;

/** {@link StandaloneContract} in the Jetty 12 distribution (jetty-home) with the ee10 deployer's defaults. */
class StandaloneJettyIT extends StandaloneContract {

    @Override
    StandaloneServer start(Map<String, String> environment) throws Exception {
        return StandaloneJetty.start(Distributions.JETTY, environment);
    }
}
