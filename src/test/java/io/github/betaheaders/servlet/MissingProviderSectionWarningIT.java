package io.github.betaheaders.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.betaheaders.testsupport.CapturedLog;
import io.github.betaheaders.testsupport.Gateway;
import io.github.betaheaders.testsupport.RecordingUpstream;
import io.github.betaheaders.testsupport.ServletContainer;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A provider key named by the settings but without a section in the mapping is most likely a typo: the deployment
 * goes ahead (such a provider gets no betas), and the filter logs a WARNING at start naming the key.
 */
class MissingProviderSectionWarningIT {

    @RegisterExtension
    static final RecordingUpstream upstream = new RecordingUpstream();

    /** Starts the gateway, runs the requests, stops it; returns the filter's warnings. */
    private static String startAndCaptureWarnings(Gateway gateway, Executable requests) throws Throwable {
        try (CapturedLog log = CapturedLog.of(CapturedLog.FILTER_LOGGER)) {
            try (Gateway started = gateway.filterParam("localOnly", "true").start()) {
                requests.execute();
            }
            return log.text(Level.WARNING);
        }
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void routedProviderWithoutSectionIsWarnedAboutAtStart(ServletContainer container) throws Throwable {
        Gateway gateway = container.newGateway().filterParam("routes", "/bedrock/*=bedrok, /vertex/*=vertex_ai")
                .route("/bedrock", upstream.uri());
        String warnings = startAndCaptureWarnings(gateway, () -> assertEquals(List.of(), upstream.postThrough(
                gateway.uri(), "/bedrock/model/m/invoke", "anthropic-beta: effort-2025-11-24").headers("anthropic-beta")));
        assertTrue(warnings.contains("provider [bedrok] has no section"), warnings);
        assertFalse(warnings.contains("[vertex_ai]"), warnings);
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void fixedProviderWithoutSectionIsWarnedAboutAtStart(ServletContainer container) throws Throwable {
        String warnings = startAndCaptureWarnings(container.newGateway().filterParam("provider", "vertex"), () -> { });
        assertTrue(warnings.contains("provider [vertex] has no section"), warnings);
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void providerThatForwardsUnknownBetasNeedsNoSection(ServletContainer container) throws Throwable {
        Gateway gateway = container.newGateway().filterParam("routes", "/own/*=own_gateway")
                .filterParam("forwardUnknownBetas", "anthropic,own_gateway").route("/own", upstream.uri());
        String warnings = startAndCaptureWarnings(gateway, () -> assertEquals("claude-code-20250219,effort-2025-11-24",
                upstream.postThrough(gateway.uri(), "/own/x", "anthropic-beta: claude-code-20250219, effort-2025-11-24")
                        .header("anthropic-beta")));
        assertEquals("", warnings);
    }
}
