package io.github.betaheaders.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.betaheaders.testsupport.Gateway;
import io.github.betaheaders.testsupport.JettyGateway;
import io.github.betaheaders.testsupport.ProviderAttributeFilter;
import io.github.betaheaders.testsupport.RecordingUpstream;
import io.github.betaheaders.testsupport.RecordingUpstream.Recorded;
import io.github.betaheaders.testsupport.ThroughEachGateway;
import io.github.betaheaders.testsupport.TomcatGateway;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How the filter chooses the provider behind real proxy servlets, in Jetty (Jetty's ProxyServlet) and Tomcat
 * (MITRE's): {@code routes} matched against the path as each container splits it for a proxy servlet mapped at a
 * prefix, and the request attribute set by an earlier filter in each container's chain. The whole table of provider
 * choice ({@code provider}, {@code forwardUnknownBetas}, path shapes) is in {@link AnthropicBetaHeadersFilterTest}.
 */
class ProviderChoiceIT {

    static final String BETAS = "interleaved-thinking-2025-05-14,effort-2025-11-24,structured-outputs-2025-11-13,"
            + "web-search-2025-03-05";
    static final String FOR_BEDROCK = "effort-2025-11-24";
    static final String FOR_BEDROCK_CONVERSE = "effort-2025-11-24,structured-outputs-2025-11-13";
    static final String FOR_VERTEX = "interleaved-thinking-2025-05-14,web-search-2025-03-05";

    @RegisterExtension
    static final RecordingUpstream upstream = new RecordingUpstream();

    @BeforeEach
    void forgetEarlierRequests() {
        upstream.clear();
    }

    static Recorded send(Gateway gateway, String target, String... headerLines) throws IOException {
        return upstream.postThrough(gateway.uri(), target, headerLines);
    }

    /** One Jetty and one Tomcat gateway configured alike, shared by a nested class. */
    abstract static class BothContainers {
        final List<Gateway> gateways = new ArrayList<>();

        abstract Gateway configure(Gateway gateway);

        @BeforeAll
        void start() throws Exception {
            for (Gateway gateway : List.of(new JettyGateway(), new TomcatGateway())) {
                gateways.add(configure(gateway.filterParam("localOnly", "true")).start());
            }
        }

        @AfterAll
        void stop() throws Exception {
            for (Gateway gateway : gateways) {
                gateway.close();
            }
        }

        List<Gateway> gateways() {
            return gateways;
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Routes extends BothContainers {

        @Override
        Gateway configure(Gateway gateway) {
            return gateway
                    .filterParam("routes", "/bedrock/model/*/converse*=bedrock_converse, /bedrock/*=bedrock\n"
                            + "  /vertex/*=vertex_ai")
                    .filterBefore("ProviderAttributeFilter", new ProviderAttributeFilter())
                    .route("/bedrock", upstream.uri()).route("/vertex", upstream.uri()).route("/other", upstream.uri());
        }

        @ThroughEachGateway
        void firstMatchingRuleChoosesTheProvider(Gateway gateway) throws Exception {
            for (String path : List.of("/bedrock/model/m/converse", "/bedrock/model/m/converse-stream")) {
                assertEquals(FOR_BEDROCK_CONVERSE, send(gateway, path, "anthropic-beta: " + BETAS).header("anthropic-beta"));
            }
            for (String path : List.of("/bedrock/model/m/invoke", "/bedrock/any/path/at/all", "/bedrock/")) {
                assertEquals(FOR_BEDROCK, send(gateway, path, "anthropic-beta: " + BETAS).header("anthropic-beta"));
            }
            assertEquals(FOR_VERTEX, send(gateway, "/vertex/anything", "anthropic-beta: " + BETAS).header("anthropic-beta"));
        }

        @ThroughEachGateway
        void requestAttributeOverridesTheRoutes(Gateway gateway) throws Exception {
            String override = ProviderAttributeFilter.HEADER + ": ";
            assertEquals(FOR_BEDROCK, send(gateway, "/other/v1/messages", override + "bedrock",
                    "anthropic-beta: " + BETAS).header("anthropic-beta"));
            assertEquals(FOR_BEDROCK_CONVERSE, send(gateway, "/vertex/model/m/invoke", override + "bedrock_converse",
                    "anthropic-beta: " + BETAS).header("anthropic-beta"));
            assertEquals(List.of(), send(gateway, "/bedrock/model/m/invoke", override + "no_such_provider",
                    "anthropic-beta: " + BETAS).headers("anthropic-beta"));
        }
    }
}
