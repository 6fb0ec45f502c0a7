package io.github.betaheaders.testsupport;

/** The containers the library is tested in. */
public enum ServletContainer {
    JETTY,
    TOMCAT;

    /** A new, unstarted gateway with the container's usual proxy servlet. */
    public Gateway newGateway() {
        return this == JETTY ? new JettyGateway() : new TomcatGateway();
    }
}
