package io.github.betaheaders.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.betaheaders.testsupport.CapturedLog;
import io.github.betaheaders.testsupport.ExplodedWar;
import io.github.betaheaders.testsupport.Gateway;
import io.github.betaheaders.testsupport.ProxyServletKind;
import io.github.betaheaders.testsupport.RecordingUpstream;
import io.github.betaheaders.testsupport.RecordingUpstream.Recorded;
import io.github.betaheaders.testsupport.ServletContainer;
import io.github.betaheaders.testsupport.WebXml;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The library as users deploy it: the packaged jar in {@code WEB-INF/lib} of a webapp in WAR layout, in Jetty
 * ({@code WebAppContext}) and Tomcat ({@code addWebapp}), each webapp with Jetty's and MITRE's proxy servlets. The
 * filter comes from the jar's web-fragment.xml; web.xml may override its init-params (a bad one fails that webapp
 * only); {@code metadata-complete} switches fragments off.
 */
class WarDeploymentIT {

    static final String LOCAL_ONLY_PROPERTY = "anthropicBetaHeaders.localOnly";
    static final String BETAS = "claude-code-20250219, effort-2025-11-24,web-search-2025-03-05";
    static final String FOR_BEDROCK = "effort-2025-11-24";
    static final String FOR_VERTEX = "web-search-2025-03-05";
    static final String FOR_AZURE = "effort-2025-11-24,web-search-2025-03-05";
    static final Map<ProxyServletKind, String> PROXY_PREFIXES = Map.of(
            ProxyServletKind.JETTY, "/jetty-proxy", ProxyServletKind.MITRE, "/mitre");

    /** What an app with a {@code metadata-complete} web.xml declares instead of the fragment (the README shows it). */
    static final String LIBRARY_DECLARED = """
              <listener>
                <listener-class>io.github.betaheaders.servlet.AnthropicBetaHeadersListener</listener-class>
              </listener>
              <filter>
                <filter-name>AnthropicBetaHeadersFilter</filter-name>
                <filter-class>io.github.betaheaders.servlet.AnthropicBetaHeadersFilter</filter-class>
                <async-supported>true</async-supported>
              </filter>
              <filter-mapping>
                <filter-name>AnthropicBetaHeadersFilter</filter-name>
                <url-pattern>/*</url-pattern>
                <dispatcher>REQUEST</dispatcher>
                <dispatcher>ASYNC</dispatcher>
              </filter-mapping>
            """;
    /** The filter declared without the listener that owns its service. */
    static final String FILTER_ONLY = LIBRARY_DECLARED.substring(LIBRARY_DECLARED.indexOf("<filter>"));
    static final String NO_LISTENER = "/no-listener";
    static final String NO_LISTENER_MESSAGE = "declare the listener io.github.betaheaders.servlet."
            + "AnthropicBetaHeadersListener in web.xml";
    static final String TWO_FILTERS = "/two-filters";
    static final String TWO_FILTERS_MESSAGE = "declares 2 filters of class "
            + "io.github.betaheaders.servlet.AnthropicBetaHeadersFilter";

    static final String BAD_OVERRIDE = "/bad-override";
    static final String BAD_OVERRIDE_MESSAGE = "invalid value [/x/*] for setting [routes]";

    static RecordingUpstream upstream;
    static final Map<ServletContainer, Gateway> servers = new EnumMap<>(ServletContainer.class);
    static final Map<ServletContainer, String> filterErrors = new EnumMap<>(ServletContainer.class);

    @BeforeAll
    static void deploy() throws Exception {
        // The fragment-declared filter gets no localOnly init-param: keep it off the network this way.
        System.setProperty(LOCAL_ONLY_PROPERTY, "true");
        upstream = new RecordingUpstream().start();
        Map<String, ExplodedWar> wars = Map.of(
                "/fragment", ExplodedWar.create("fragment", proxies(), true),
                "/provider-override", ExplodedWar.create("provider-override",
                        proxies().overrideFilterParam("provider", "vertex_ai"), true),
                "/routes-override", ExplodedWar.create("routes-override",
                        proxies().overrideFilterParam("routes", "\n  /jetty-proxy/*=vertex_ai\n  /mitre/*=azure_ai\n"),
                        true),
                "/metadata-complete", ExplodedWar.create("metadata-complete", proxies().metadataComplete(), true),
                "/metadata-complete-declared", ExplodedWar.create("metadata-complete-declared",
                        proxies().metadataComplete().extra(LIBRARY_DECLARED), true),
                "/without-library", ExplodedWar.create("without-library", proxies(), false));
        ExplodedWar badOverride = ExplodedWar.create("bad-override", proxies().overrideFilterParam("routes", "/x/*"),
                true);
        for (ServletContainer container : ServletContainer.values()) {
            Gateway server = container.newGateway();
            wars.forEach(server::deploy);
            server.deploy(BAD_OVERRIDE, badOverride);
            server.deploy(NO_LISTENER, ExplodedWar.create("no-listener",
                    proxies().metadataComplete().extra(FILTER_ONLY), true));
            server.deploy(TWO_FILTERS, ExplodedWar.create("two-filters", proxies().extra(FILTER_ONLY
                    .replace("AnthropicBetaHeadersFilter</filter-name>", "SecondBetaFilter</filter-name>")), true));
            try (CapturedLog filterLog = CapturedLog.of(CapturedLog.FILTER_LOGGER)) {
                servers.put(container, server.start());
                filterErrors.put(container, filterLog.text(Level.SEVERE));
            }
            for (String contextPath : wars.keySet()) {
                assertTrue(server.isStarted(contextPath), container + " did not start " + contextPath);
            }
        }
    }

    static WebXml proxies() {
        WebXml webXml = new WebXml();
        PROXY_PREFIXES.forEach((kind, prefix) -> webXml.proxy(kind, prefix, upstream.uri()));
        return webXml;
    }

    @AfterAll
    static void undeploy() throws Exception {
        try {
            for (Gateway server : servers.values()) {
                server.close();
            }
            upstream.close();
        } finally {
            System.clearProperty(LOCAL_ONLY_PROPERTY);
        }
    }

    @BeforeEach
    void forgetEarlierRequests() {
        upstream.clear();
    }

    static Stream<Arguments> containersAndProxies() {
        List<Arguments> out = new ArrayList<>();
        for (ServletContainer container : ServletContainer.values()) {
            for (ProxyServletKind proxy : List.of(ProxyServletKind.JETTY, ProxyServletKind.MITRE)) {
                out.add(Arguments.of(container, proxy));
            }
        }
        return out.stream();
    }

    private static Recorded send(ServletContainer container, String webapp, ProxyServletKind proxy, String path)
            throws Exception {
        Recorded r = upstream.postThrough(servers.get(container).uri(), webapp + PROXY_PREFIXES.get(proxy) + path,
                "anthropic-beta: " + BETAS);
        assertEquals(path, r.path());
        return r;
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("containersAndProxies")
    void fragmentInTheJarDeclaresTheFilter(ServletContainer container, ProxyServletKind proxy) throws Exception {
        assertEquals(FOR_BEDROCK, send(container, "/fragment", proxy, "/model/m/invoke").header("anthropic-beta"));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("containersAndProxies")
    void webXmlOverridesTheProviderAndKeepsTheFragmentMapping(ServletContainer container, ProxyServletKind proxy)
            throws Exception {
        assertEquals(FOR_VERTEX, send(container, "/provider-override", proxy, "/model/m/invoke")
                .header("anthropic-beta"));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("containersAndProxies")
    void webXmlOverridesTheRoutesWithAMultiLineValue(ServletContainer container, ProxyServletKind proxy)
            throws Exception {
        String expected = proxy == ProxyServletKind.JETTY ? FOR_VERTEX : FOR_AZURE;
        assertEquals(expected, send(container, "/routes-override", proxy, "/model/m/invoke").header("anthropic-beta"));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("containersAndProxies")
    void metadataCompleteWebXmlSwitchesTheFragmentOff(ServletContainer container, ProxyServletKind proxy)
            throws Exception {
        assertEquals(BETAS, send(container, "/metadata-complete", proxy, "/model/m/invoke").header("anthropic-beta"));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("containersAndProxies")
    void metadataCompleteWebXmlDeclaringTheListenerAndFilterRewrites(ServletContainer container,
                                                                     ProxyServletKind proxy) throws Exception {
        assertEquals(FOR_BEDROCK, send(container, "/metadata-complete-declared", proxy, "/model/m/invoke")
                .header("anthropic-beta"));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("containersAndProxies")
    void withoutTheJarInWebInfLibNothingIsRewritten(ServletContainer container, ProxyServletKind proxy)
            throws Exception {
        assertEquals(BETAS, send(container, "/without-library", proxy, "/model/m/invoke").header("anthropic-beta"));
    }

    static Stream<Arguments> containersAndFailingWebapps() {
        List<Arguments> out = new ArrayList<>();
        for (ServletContainer container : ServletContainer.values()) {
            out.add(Arguments.of(container, BAD_OVERRIDE, BAD_OVERRIDE_MESSAGE));
            out.add(Arguments.of(container, NO_LISTENER, NO_LISTENER_MESSAGE));
            out.add(Arguments.of(container, TWO_FILTERS, TWO_FILTERS_MESSAGE));
        }
        return out.stream();
    }

    /**
     * A bad override in web.xml, the filter declared without its listener (a metadata-complete web.xml that left it
     * out), two filters of the class: each fails that webapp only, with a message saying why.
     */
    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("containersAndFailingWebapps")
    void aMisdeclaredWebappFailsAloneWithItsMessage(ServletContainer container, String webapp, String message) {
        Gateway server = servers.get(container);
        assertFalse(server.isStarted(webapp));
        assertTrue(filterErrors.get(container).contains(message), filterErrors.get(container));
        assertTrue(server.reportedFailure(webapp).contains(message), server.reportedFailure(webapp));
    }
}
