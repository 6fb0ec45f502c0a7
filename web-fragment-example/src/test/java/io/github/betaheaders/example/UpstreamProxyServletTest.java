package io.github.betaheaders.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reading the gateway's settings; the system property stands in for the environment variable of the same name. */
class GatewayVariablesTest {

    private static final String NAME = "GATEWAY_VARIABLES_TEST_UPSTREAM_URL";

    @Test
    void upstreamDefaultsWhenUnsetAndLosesItsTrailingSlash() throws Exception {
        assertEquals("https://api.anthropic.com", GatewayVariables.upstream(NAME, "https://api.anthropic.com/"));
        assertNull(GatewayVariables.upstream(NAME, null));
        assertEquals("http://127.0.0.1:9/v1", SystemProperties.with(Map.of(NAME, " http://127.0.0.1:9/v1/ "),
                () -> GatewayVariables.upstream(NAME, "https://api.anthropic.com")));
    }

    @Test
    void blankValueMeansUnset() throws Exception {
        assertNull(SystemProperties.with(Map.of(NAME, " "), () -> GatewayVariables.upstream(NAME, null)));
        assertEquals("https://x.example", SystemProperties.with(Map.of(NAME, ""),
                () -> GatewayVariables.upstream(NAME, "https://x.example")));
    }

    @ParameterizedTest
    @CsvSource({"ftp://127.0.0.1", "127.0.0.1:8080", "http:///path", "https://h/?a=b", "https://h/#f", "http://h h/"})
    void badUpstreamIsRefusedNamingTheSettingAndValue(String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SystemProperties.with(Map.of(NAME, value), () -> GatewayVariables.upstream(NAME, null)));
        assertEquals("invalid value [" + value + "] for " + NAME + " (system property): expected an absolute http or "
                + "https URL without query, such as https://api.anthropic.com", e.getMessage());
    }

    @Test
    void badDefaultUpstreamIsRefusedToo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GatewayVariables.upstream(NAME, "api.anthropic.com"));
        assertEquals("invalid value [api.anthropic.com] for " + NAME + " (default): expected an absolute http or "
                + "https URL without query, such as https://api.anthropic.com", e.getMessage());
    }

    @Test
    void upstreamSettingSaysWhereTheValueCameFrom() throws Exception {
        Map<String, String> environment = Map.of(NAME, "http://127.0.0.1:9/");
        assertEquals(new GatewayVariables.Upstream("http://127.0.0.1:9", "from environment variable " + NAME),
                GatewayVariables.upstreamSetting(NAME, "https://api.anthropic.com", environment::get));
        assertEquals(new GatewayVariables.Upstream("http://127.0.0.1:8", "from system property " + NAME),
                SystemProperties.with(Map.of(NAME, "http://127.0.0.1:8"),
                        () -> GatewayVariables.upstreamSetting(NAME, null, environment::get)));
        assertEquals(new GatewayVariables.Upstream("https://api.anthropic.com", "default: " + NAME + " is not set"),
                GatewayVariables.upstreamSetting(NAME, "https://api.anthropic.com", name -> null));
    }

    @ParameterizedTest
    @CsvSource({"'', true", "true, true", "TRUE, true", "false, false", "False, false"})
    void viaAndForwardedAreOnUnlessFalse(String value, boolean expected) throws Exception {
        assertEquals(expected, SystemProperties.with(Map.of(GatewayVariables.ADD_VIA_AND_FORWARDED, value),
                GatewayVariables::addViaAndForwarded));
    }

    @Test
    void portAndTimeoutHaveDefaults() throws Exception {
        // Blank properties hide any PORT or UPSTREAM_TIMEOUT_SECONDS in the environment the tests run in.
        Map<String, String> unset = Map.of("PORT", "", "UPSTREAM_TIMEOUT_SECONDS", "");
        assertEquals(8080, SystemProperties.with(unset, GatewayVariables::port));
        assertEquals(600L, SystemProperties.with(unset, GatewayVariables::upstreamTimeoutSeconds));
    }

    @ParameterizedTest
    @CsvSource({"PORT, 65536, a port number from 0 to 65535", "PORT, http, a port number from 0 to 65535",
        "PORT, ٨٠٨٠, a port number from 0 to 65535", "PORT, +8080, a port number from 0 to 65535",
        "UPSTREAM_TIMEOUT_SECONDS, -1, a whole number of seconds from 1 to 86400",
        "UPSTREAM_TIMEOUT_SECONDS, 86401, a whole number of seconds from 1 to 86400",
        "UPSTREAM_TIMEOUT_SECONDS, 1.5, a whole number of seconds from 1 to 86400"})
    void badNumberIsRefusedNamingTheSettingAndValue(String name, String value, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SystemProperties.with(Map.of(name, value),
                        () -> name.equals("PORT") ? GatewayVariables.port() : GatewayVariables.upstreamTimeoutSeconds()));
        assertEquals("invalid value [" + value + "] for " + name + " (system property): expected " + expected,
                e.getMessage());
    }
}
