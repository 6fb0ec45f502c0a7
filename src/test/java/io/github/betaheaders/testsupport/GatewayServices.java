package io.github.betaheaders.testsupport;

import io.github.betaheaders.service.BetaHeadersService;
import io.github.betaheaders.servlet.AnthropicBetaHeadersListener;
import jakarta.servlet.ServletContext;

/** The webapp-wide service a started {@link Gateway}'s listener published, to read its counters. */
public final class GatewayServices {

    private GatewayServices() {
    }

    public static BetaHeadersService of(Gateway gateway) {
        ServletContext context = gateway instanceof JettyGateway jetty ? jetty.context().getServletContext()
                : ((TomcatGateway) gateway).context().getServletContext();
        Object service = context.getAttribute(AnthropicBetaHeadersListener.SERVICE_ATTRIBUTE);
        if (!(service instanceof BetaHeadersService s)) {
            throw new AssertionError("no service published in " + gateway);
        }
        return s;
    }
}
