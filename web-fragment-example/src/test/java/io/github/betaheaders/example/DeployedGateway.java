package io.github.betaheaders.example;

import java.net.URI;

/** The gateway WAR, as built, running in a container on 127.0.0.1. */
interface DeployedGateway extends AutoCloseable {

    /** {@code http://127.0.0.1:<port>} */
    URI uri();
}
