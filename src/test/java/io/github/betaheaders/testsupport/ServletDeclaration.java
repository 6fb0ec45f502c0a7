package io.github.betaheaders.testsupport;

import jakarta.servlet.Servlet;
import java.util.Map;

/**
 * A servlet a {@link Gateway} maps besides its proxy routes: an instance or a class (one of the two is null), its
 * name, its URL pattern and its init-params. Every such servlet supports async, as the proxy servlets do.
 */
record ServletDeclaration(String name, Servlet instance, Class<? extends Servlet> servletClass, String pattern,
                          Map<String, String> initParams) {

    ServletDeclaration {
        initParams = Map.copyOf(initParams);
    }
}
