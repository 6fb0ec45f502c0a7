package io.github.betaheaders.example.standalone;

import java.util.Map;

/** {@link StandaloneContract} in Apache Tomcat 10.1 from its distribution, with its default configuration. */
class StandaloneTomcat10IT extends StandaloneContract {

    @Override
    StandaloneServer start(Map<String, String> environment) throws Exception {
        return StandaloneTomcat.start(Distributions.TOMCAT_10, environment);
    }
}
