package io.github.betaheaders.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.betaheaders.example.launcher.GatewayLauncher;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Reading the proxy servlet's settings: init-param, else system property, else environment variable. The init-params
 * and the environment are given to the methods (a JVM cannot change its own environment).
 */
class UpstreamProxyServletTest {

    private static final String NAME = "UPSTREAM_PROXY_SERVLET_TEST_UPSTREAM_URL";
    private static final UnaryOperator<String> NONE = name -> null;

    private static UpstreamProxyServlet.Upstream upstream(String defaultValue) {
        return UpstreamProxyServlet.upstream(NAME, defaultValue, NONE, NONE);
    }

    private static String url(String defaultValue) {
        UpstreamProxyServlet.Upstream upstream = upstream(defaultValue);
        return upstream == null ? null : upstream.url();
    }

    @Test
    void upstreamDefaultsWhenUnsetAndLosesItsTrailingSlash() throws Exception {
        assertEquals("https://api.anthropic.com", url("https://api.anthropic.com/"));
        assertNull(url(null));
        assertEquals("http://127.0.0.1:9/v1", SystemProperties.with(Map.of(NAME, " http://127.0.0.1:9/v1/ "),
                () -> url("https://api.anthropic.com")));
    }

    @Test
    void blankValueMeansUnset() throws Exception {
        assertNull(SystemProperties.with(Map.of(NAME, " "), () -> url(null)));
        assertEquals("https://x.example", SystemProperties.with(Map.of(NAME, ""), () -> url("https://x.example")));
        // A blank system property hides the environment variable; a blank init-param hides both.
        Map<String, String> environment = Map.of(NAME, "http://127.0.0.1:9");
        assertNull(SystemProperties.with(Map.of(NAME, ""),
                () -> UpstreamProxyServlet.upstream(NAME, null, NONE, environment::get)));
        assertNull(SystemProperties.with(Map.of(NAME, "http://127.0.0.1:8"),
                () -> UpstreamProxyServlet.upstream(NAME, null, Map.of("upstream", " ")::get, environment::get)));
    }

    @ParameterizedTest
    @CsvSource({"ftp://127.0.0.1", "127.0.0.1:8080", "http:///path", "https://h/?a=b", "https://h/#f", "http://h h/"})
    void badUpstreamIsRefusedNamingTheSettingAndValue(String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SystemProperties.with(Map.of(NAME, value), () -> url(null)));
        assertEquals("invalid value [" + value + "] for " + NAME + " (system property): expected an absolute http or "
                + "https URL without query, such as https://api.anthropic.com", e.getMessage());
        IllegalArgumentException fromInitParam = assertThrows(IllegalArgumentException.class,
                () -> UpstreamProxyServlet.upstream(NAME, null, Map.of("upstream", value)::get, NONE));
        assertEquals("invalid value [" + value + "] for upstream (init-param): expected an absolute http or "
                + "https URL without query, such as https://api.anthropic.com", fromInitParam.getMessage());
    }

    @Test
    void badDefaultUpstreamIsRefusedToo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> url("api.anthropic.com"));
        assertEquals("invalid value [api.anthropic.com] for " + NAME + " (default): expected an absolute http or "
                + "https URL without query, such as https://api.anthropic.com", e.getMessage());
    }

    @Test
    void upstreamSaysWhereTheValueCameFromInitParamFirstThenPropertyThenEnvironment() throws Exception {
        Map<String, String> environment = Map.of(NAME, "http://127.0.0.1:9/");
        Map<String, String> initParams = Map.of("upstream", "http://127.0.0.1:7/");
        assertEquals(new UpstreamProxyServlet.Upstream("http://127.0.0.1:9", "from environment variable " + NAME),
                UpstreamProxyServlet.upstream(NAME, "https://api.anthropic.com", NONE, environment::get));
        assertEquals(new UpstreamProxyServlet.Upstream("http://127.0.0.1:8", "from system property " + NAME),
                SystemProperties.with(Map.of(NAME, "http://127.0.0.1:8"),
                        () -> UpstreamProxyServlet.upstream(NAME, null, NONE, environment::get)));
        assertEquals(new UpstreamProxyServlet.Upstream("http://127.0.0.1:7", "from init-param upstream"),
                SystemProperties.with(Map.of(NAME, "http://127.0.0.1:8"),
                        () -> UpstreamProxyServlet.upstream(NAME, null, initParams::get, environment::get)));
        assertEquals(new UpstreamProxyServlet.Upstream("https://api.anthropic.com", "default: " + NAME + " is not set"),
                upstream("https://api.anthropic.com"));
    }

    @ParameterizedTest
    @CsvSource({"'', true", "true, true", "TRUE, true", "false, false", "False, false"})
    void viaAndForwardedAreOnUnlessFalse(String value, boolean expected) throws Exception {
        assertEquals(expected, SystemProperties.with(Map.of("ADD_VIA_AND_FORWARDED", value),
                () -> UpstreamProxyServlet.addViaAndForwarded(NONE, NONE)));
        assertEquals(expected, UpstreamProxyServlet.addViaAndForwarded(Map.of("addViaAndForwarded", value)::get,
                Map.of("ADD_VIA_AND_FORWARDED", "true")::get));
    }

    @Test
    void initParamWinsOverSystemPropertyAndEnvironment() throws Exception {
        Map<String, String> initParams = Map.of("upstreamTimeoutSeconds", "30", "addViaAndForwarded", "false");
        Map<String, String> environment = Map.of("UPSTREAM_TIMEOUT_SECONDS", "40", "ADD_VIA_AND_FORWARDED", "true");
        Map<String, String> properties = Map.of("UPSTREAM_TIMEOUT_SECONDS", "50", "ADD_VIA_AND_FORWARDED", "true");
        assertEquals(30L, SystemProperties.with(properties,
                () -> UpstreamProxyServlet.upstreamTimeoutSeconds(initParams::get, environment::get)));
        assertFalse(SystemProperties.with(properties,
                () -> UpstreamProxyServlet.addViaAndForwarded(initParams::get, environment::get)));
        // Without init-param and system property, the environment variable; a blank system property hides it.
        assertEquals(40L, UpstreamProxyServlet.upstreamTimeoutSeconds(NONE, environment::get));
        assertEquals(600L, SystemProperties.with(Map.of("UPSTREAM_TIMEOUT_SECONDS", ""),
                () -> UpstreamProxyServlet.upstreamTimeoutSeconds(NONE, environment::get)));
    }

    @Test
    void portAndTimeoutHaveDefaults() throws Exception {
        assertEquals(8080, GatewayLauncher.port(NONE));
        assertEquals(600L, UpstreamProxyServlet.upstreamTimeoutSeconds(NONE, NONE));
    }

    @ParameterizedTest
    @CsvSource({"PORT, 65536, a port number from 0 to 65535", "PORT, http, a port number from 0 to 65535",
        "PORT, ٨٠٨٠, a port number from 0 to 65535", "PORT, +8080, a port number from 0 to 65535",
        "UPSTREAM_TIMEOUT_SECONDS, -1, a whole number of seconds from 1 to 86400",
        "UPSTREAM_TIMEOUT_SECONDS, 86401, a whole number of seconds from 1 to 86400",
        "UPSTREAM_TIMEOUT_SECONDS, 1.5, a whole number of seconds from 1 to 86400"})
    void badNumberIsRefusedNamingTheSettingAndValue(String name, String value, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SystemProperties.with(Map.of(name, value), () -> name.equals("PORT") ? GatewayLauncher.port(NONE)
                        : UpstreamProxyServlet.upstreamTimeoutSeconds(NONE, NONE)));
        assertEquals("invalid value [" + value + "] for " + name + " (system property): expected " + expected,
                e.getMessage());
        if (name.equals("UPSTREAM_TIMEOUT_SECONDS")) {
            IllegalArgumentException fromInitParam = assertThrows(IllegalArgumentException.class,
                    () -> UpstreamProxyServlet.upstreamTimeoutSeconds(Map.of("upstreamTimeoutSeconds", value)::get,
                            NONE));
            assertEquals("invalid value [" + value + "] for upstreamTimeoutSeconds (init-param): expected " + expected,
                    fromInitParam.getMessage());
        } else {
            IllegalArgumentException fromEnvironment = assertThrows(IllegalArgumentException.class,
                    () -> GatewayLauncher.port(Map.of("PORT", value)::get));
            assertEquals("invalid value [" + value + "] for PORT (environment variable): expected " + expected,
                    fromEnvironment.getMessage());
        }
    }
}
