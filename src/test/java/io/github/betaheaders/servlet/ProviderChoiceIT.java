package io.github.betaheaders.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.betaheaders.testsupport.Gateway;
import io.github.betaheaders.testsupport.JettyGateway;
import io.github.betaheaders.testsupport.RecordingUpstream;
import io.github.betaheaders.testsupport.RecordingUpstream.Recorded;
import io.github.betaheaders.testsupport.ThroughEachGateway;
import io.github.betaheaders.testsupport.TomcatGateway;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestInstance;

/**
 * How the filter chooses the provider, in Jetty (Jetty's ProxyServlet) and Tomcat (MITRE's): the {@code routes} and
 * fixed {@code provider} init-params, the request attribute set by an earlier filter, and {@code forwardUnknownBetas}.
 */
class ProviderChoiceIT {

    static final String BETAS = "interleaved-thinking-2025-05-14,effort-2025-11-24,structured-outputs-2025-11-13,"
            + "web-search-2025-03-05";
    static final String FOR_BEDROCK = "effort-2025-11-24";
    static final String FOR_BEDROCK_CONVERSE = "effort-2025-11-24,structured-outputs-2025-11-13";
    static final String FOR_VERTEX = "interleaved-thinking-2025-05-14,web-search-2025-03-05";

    static RecordingUpstream upstream;

    @BeforeAll
    static void startUpstream() {
        upstream = new RecordingUpstream().start();
    }

    @AfterAll
    static void stopUpstream() throws Exception {
        upstream.close();
    }

    @BeforeEach
    void forgetEarlierRequests() {
        upstream.clear();
    }

    static Recorded send(Gateway gateway, String target, String... headerLines) throws IOException {
        return upstream.postThrough(gateway.uri(), target, headerLines);
    }

    /** A filter earlier in the chain that sets the provider attribute from a request header, as an app might. */
    static final class ProviderFromHeader implements Filter {
        static final String HEADER = "X-Route-Provider";

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            String provider = ((HttpServletRequest) request).getHeader(HEADER);
            if (provider != null) {
                request.setAttribute(AnthropicBetaHeadersFilter.PROVIDER_ATTRIBUTE, provider);
            }
            chain.doFilter(request, response);
        }
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
                    .filterBefore("ProviderFromHeader", new ProviderFromHeader())
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
        void pathMatchingNoRulePassesUntouchedEvenWhenItsShapeIsKnown(Gateway gateway) throws Exception {
            Recorded r = send(gateway, "/other/v1/messages", "anthropic-beta: claude-code-20250219 , effort-2025-11-24",
                    "Anthropic-Beta: no-such-beta");
            assertEquals(List.of("claude-code-20250219 , effort-2025-11-24", "no-such-beta"), r.headers("anthropic-beta"));
        }

        @ThroughEachGateway
        void requestAttributeOverridesTheRoutes(Gateway gateway) throws Exception {
            String override = ProviderFromHeader.HEADER + ": ";
            assertEquals(FOR_BEDROCK, send(gateway, "/other/v1/messages", override + "bedrock",
                    "anthropic-beta: " + BETAS).header("anthropic-beta"));
            assertEquals(FOR_BEDROCK_CONVERSE, send(gateway, "/vertex/model/m/invoke", override + "bedrock_converse",
                    "anthropic-beta: " + BETAS).header("anthropic-beta"));
            assertEquals(List.of(), send(gateway, "/bedrock/model/m/invoke", override + "no_such_provider",
                    "anthropic-beta: " + BETAS).headers("anthropic-beta"));
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class FixedProvider extends BothContainers {

        @Override
        Gateway configure(Gateway gateway) {
            return gateway.filterParam("provider", "vertex_ai").route("/any", upstream.uri());
        }

        @ThroughEachGateway
        void everyPathGoesToTheConfiguredProvider(Gateway gateway) throws Exception {
            for (String path : List.of("/any/model/m/invoke", "/any/v1/messages", "/any/whatever")) {
                assertEquals(FOR_VERTEX, send(gateway, path, "anthropic-beta: " + BETAS).header("anthropic-beta"), path);
            }
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class ForwardUnknownBetas extends BothContainers {

        @Override
        Gateway configure(Gateway gateway) {
            return gateway.filterParam("forwardUnknownBetas", "bedrock").route("/gw", upstream.uri());
        }

        @ThroughEachGateway
        void listedProviderForwardsBetasItsSectionDoesNotMention(Gateway gateway) throws Exception {
            Recorded r = send(gateway, "/gw/model/m/invoke", "anthropic-beta: claude-code-20250219,"
                    + "interleaved-thinking-2025-05-14,advanced-tool-use-2025-11-20,effort-2025-11-24");
            assertEquals("claude-code-20250219,tool-search-tool-2025-10-19,effort-2025-11-24", r.header("anthropic-beta"));
        }

        @ThroughEachGateway
        void providerNoLongerListedDropsThem(Gateway gateway) throws Exception {
            Recorded r = send(gateway, "/gw/v1/messages",
                    "anthropic-beta: claude-code-20250219,effort-2025-11-24,future-beta-2027-01-01");
            assertEquals("effort-2025-11-24", r.header("anthropic-beta"));
        }
    }
}
