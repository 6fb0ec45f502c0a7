package io.github.betaheaders.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FilterSettingsTest {

    private final Map<String, String> params = new LinkedHashMap<>();
    private final Properties system = new Properties();
    private final Map<String, String> env = new HashMap<>();

    private FilterSettings settings() {
        return new FilterSettings(new Settings("filter [F]", params.keySet(), params::get, system, env,
                FilterSettings.NAMES, FilterSettings.LITELLM_ALIASES));
    }

    private String error() {
        return assertThrows(InvalidSettingException.class, this::settings).getMessage();
    }

    @Test
    void defaults() {
        FilterSettings s = settings();
        assertEquals("auto", s.provider());
        assertInstanceOf(ProviderDetector.class, s.resolver());
        assertNull(s.routes());
        assertEquals(Set.of("anthropic"), s.forwardUnknownBetas());
        assertNull(s.configFile());
        assertEquals(URI.create(FilterSettings.DEFAULT_CONFIG_URL), s.configUrl());
        assertFalse(s.localOnly());
        assertEquals(5, s.fetchTimeoutSeconds());
        assertEquals(1024 * 1024, s.maxConfigBytes());
        assertNull(s.cacheFile());
        assertEquals(10, s.scheduleCheckSeconds());
        assertNull(s.reloadIntervalHours());
        assertEquals(32L * 1024 * 1024, s.maxBodyBytes());
        assertFalse(s.bedrockHeaderBetasToBody());
        assertEquals(Math.min(Runtime.getRuntime().maxMemory() / 4, 4L << 30), s.maxBufferedBytes());
        assertEquals(256, s.maxBetas());
        assertEquals(30, s.bodyIdleTimeoutSeconds());
        assertFalse(s.learnFromRejections());
        assertEquals(24, s.quarantineHours());
    }

    @Test
    void learningFromRejections() {
        params.put("learnFromRejections", "TRUE");
        params.put("quarantineHours", "8760");
        FilterSettings s = settings();
        assertTrue(s.learnFromRejections());
        assertEquals(8760, s.quarantineHours());
    }

    @Test
    void fixedProvider() {
        params.put("provider", "vertex_ai");
        FilterSettings s = settings();
        assertEquals("vertex_ai", s.resolver().providerFor("/anything"));
        assertEquals(Set.of("vertex_ai"), s.namedProviders());
    }

    @Test
    void routes() {
        params.put("routes", "/b/*=bedrock\n/v/*=vertex_ai");
        FilterSettings s = settings();
        assertEquals("bedrock", s.resolver().providerFor("/b/x"));
        assertEquals(Set.of("bedrock", "vertex_ai"), s.namedProviders());
    }

    @Test
    void initParamWinsOverSystemPropertyWhichWinsOverEnvironment() {
        env.put("ANTHROPIC_BETA_HEADERS_PROVIDER", "azure_ai");
        assertEquals("azure_ai", settings().provider());
        system.setProperty("anthropicBetaHeaders.provider", "vertex_ai");
        assertEquals("vertex_ai", settings().provider());
        params.put("provider", "bedrock");
        assertEquals("bedrock", settings().provider());
    }

    @Test
    void environmentNamesAreUpperSnakeCase() {
        assertEquals("ANTHROPIC_BETA_HEADERS_FETCH_TIMEOUT_SECONDS", Settings.environmentName("fetchTimeoutSeconds"));
        assertEquals("ANTHROPIC_BETA_HEADERS_ADMIN_TOKEN", Settings.environmentName("adminToken"));
        env.put("ANTHROPIC_BETA_HEADERS_FETCH_TIMEOUT_SECONDS", "7");
        env.put("ANTHROPIC_BETA_HEADERS_BEDROCK_HEADER_BETAS_TO_BODY", "TRUE");
        FilterSettings s = settings();
        assertEquals(7, s.fetchTimeoutSeconds());
        assertTrue(s.bedrockHeaderBetasToBody());
    }

    @Test
    void liteLlmVariablesComeAfterOurs() {
        env.put("LITELLM_ANTHROPIC_BETA_HEADERS_URL", "http://127.0.0.1:1/litellm.json");
        env.put("LITELLM_LOCAL_ANTHROPIC_BETA_HEADERS", "True");
        FilterSettings s = settings();
        assertEquals(URI.create("http://127.0.0.1:1/litellm.json"), s.configUrl());
        assertTrue(s.localOnly());
        env.put("ANTHROPIC_BETA_HEADERS_CONFIG_URL", "http://127.0.0.1:2/ours.json");
        env.put("ANTHROPIC_BETA_HEADERS_LOCAL_ONLY", "false");
        s = settings();
        assertEquals(URI.create("http://127.0.0.1:2/ours.json"), s.configUrl());
        assertFalse(s.localOnly());
    }

    @Test
    void blankValueMeansDefault() {
        params.put("fetchTimeoutSeconds", "  ");
        assertEquals(5, settings().fetchTimeoutSeconds());
    }

    @Test
    void forwardUnknownBetasListAndNone() {
        params.put("forwardUnknownBetas", "anthropic, azure_ai");
        assertEquals(Set.of("anthropic", "azure_ai"), settings().forwardUnknownBetas());
        params.put("forwardUnknownBetas", "NONE");
        assertEquals(Set.of(), settings().forwardUnknownBetas());
    }

    @Test
    void files(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("m.json"), "{}");
        params.put("configFile", config.toString());
        params.put("cacheFile", dir.resolve("cache.json").toString());
        FilterSettings s = settings();
        assertEquals(config, s.configFile());
        assertEquals(dir.resolve("cache.json").toAbsolutePath(), s.cacheFile());
    }

    @Test
    void missingConfigFile(@TempDir Path dir) {
        params.put("configFile", dir.resolve("nope.json").toString());
        assertEquals("filter [F]: invalid value [" + dir.resolve("nope.json") + "] for setting [configFile] from "
                + "init-param [configFile]: no readable file at that path", error());
    }

    @Test
    void cacheFileInMissingDirectory(@TempDir Path dir) {
        params.put("cacheFile", dir.resolve("no/such/dir/cache.json").toString());
        assertTrue(error().contains("for setting [cacheFile] from init-param [cacheFile]: its directory does not exist"));
        params.put("cacheFile", dir.toString());
        assertTrue(error().contains("that path is a directory"));
    }

    @Test
    void unknownNamesAreRefusedEverywhere() {
        params.put("rotues", "/a/*=bedrock");
        assertTrue(error().startsWith("filter [F]: unknown init-param [rotues]. Known settings: ["));
        params.clear();
        system.setProperty("anthropicBetaHeaders.rotues", "x");
        assertTrue(error().contains("unknown system property [anthropicBetaHeaders.rotues]"));
        system.clear();
        env.put("ANTHROPIC_BETA_HEADERS_ROTUES", "x");
        assertTrue(error().contains("unknown environment variable [ANTHROPIC_BETA_HEADERS_ROTUES]"));
    }

    @Test
    void adminTokenIsNotAFilterInitParamButIsAKnownEnvironmentVariable() {
        env.put("ANTHROPIC_BETA_HEADERS_ADMIN_TOKEN", "secret");
        settings();
        params.put("adminToken", "secret");
        assertTrue(error().contains("unknown init-param [adminToken]"));
    }

    @Test
    void providerAndRoutesTogether() {
        params.put("provider", "bedrock");
        params.put("routes", "/a/*=vertex_ai");
        assertEquals("filter [F]: invalid value [bedrock] for setting [provider] from init-param [provider]: set either "
                + "[provider] or [routes], not both (routes are given by init-param [routes])", error());
    }

    @ParameterizedTest(name = "{0}=[{1}]")
    @CsvSource(delimiter = '|', value = {
        "provider             | bed rock    | expected 'auto' or a provider key",
        "routes               | /a/*        | rule [/a/*] has no '='",
        "routes               | a=bedrock   | the pattern must start with '/'",
        "forwardUnknownBetas  | anthropic;x | [anthropic;x] is not a provider key",
        "configUrl            | ftp://h/x   | expected an absolute http or https URL",
        "configUrl            | not a url   | expected an absolute http or https URL",
        "configUrl            | /relative   | expected an absolute http or https URL",
        "localOnly            | yes         | expected true or false",
        "fetchTimeoutSeconds  | 0           | expected a whole number of seconds from 1 to 300",
        "fetchTimeoutSeconds  | abc         | expected a whole number of seconds from 1 to 300",
        "fetchTimeoutSeconds  | 2.5         | expected a whole number of seconds from 1 to 300",
        "maxConfigBytes       | 10          | expected a whole number of bytes from 1024 to 67108864",
        "scheduleCheckSeconds | -1          | expected a whole number of seconds from 1 to 3600",
        "reloadIntervalHours  | 0           | expected a number of hours above 0 and at most 8760",
        "reloadIntervalHours  | 8761        | expected a number of hours above 0 and at most 8760",
        "reloadIntervalHours  | NaN         | expected a number of hours above 0 and at most 8760",
        "reloadIntervalHours  | Infinity    | expected a number of hours above 0 and at most 8760",
        "maxBodyBytes         | 1e9         | expected a whole number of bytes from 0 to 1073741824",
        "bedrockHeaderBetasToBody | 1       | expected true or false",
        "maxBufferedBytes     | -1          | expected a whole number of bytes from 0 to 1099511627776",
        "maxBufferedBytes     | 1GB         | expected a whole number of bytes from 0 to 1099511627776",
        "maxBetas             | 0           | expected a whole number of betas from 1 to 100000",
        "maxBetas             | 100001      | expected a whole number of betas from 1 to 100000",
        "maxBetas             | ١٠          | expected a whole number of betas from 1 to 100000",
        "bodyIdleTimeoutSeconds | 0         | expected a whole number of seconds from 1 to 3600",
        "bodyIdleTimeoutSeconds | 3601      | expected a whole number of seconds from 1 to 3600",
        "maxBodyBytes         | +1024       | expected a whole number of bytes from 0 to 1073741824",
        "fetchTimeoutSeconds  | ５          | expected a whole number of seconds from 1 to 300",
        "learnFromRejections  | on          | expected true or false",
        "quarantineHours      | 0           | expected a whole number of hours from 1 to 8760",
        "quarantineHours      | 8761        | expected a whole number of hours from 1 to 8760",
        "quarantineHours      | 0.5         | expected a whole number of hours from 1 to 8760",
    })
    void badValuesNameTheSettingAndTheValue(String name, String value, String expectation) {
        params.put(name, value);
        String message = error();
        assertTrue(message.startsWith("filter [F]: invalid value [" + value + "] for setting [" + name
                + "] from init-param [" + name + "]: "), message);
        assertTrue(message.contains(expectation), message);
    }

    @Test
    void badValueFromEnvironmentNamesTheVariable() {
        env.put("ANTHROPIC_BETA_HEADERS_MAX_BODY_BYTES", "lots");
        assertTrue(error().contains("invalid value [lots] for setting [maxBodyBytes] from environment variable "
                + "[ANTHROPIC_BETA_HEADERS_MAX_BODY_BYTES]"));
    }

    @Test
    void fractionalReloadInterval() {
        params.put("reloadIntervalHours", "0.5");
        assertEquals(0.5, settings().reloadIntervalHours());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1e-300     | is not a plain decimal number",
        "\u0661     | is not a plain decimal number",
        "1e2        | is not a plain decimal number",
        "+1         | is not a plain decimal number",
        "0x1p3      | is not a plain decimal number",
        "1d         | is not a plain decimal number",
        "0.001      | the minimum is 10 seconds (0.002778 hours)",
    })
    void reloadIntervalHoursIsAnAsciiDecimalNoShorterThanTheCheckInterval(String value, String problem) {
        params.put("reloadIntervalHours", value);
        String message = error();
        assertTrue(message.startsWith("filter [F]: invalid value [" + value + "] for setting [reloadIntervalHours]"),
                message);
        assertTrue(message.contains(problem), message);
    }

    @Test
    void theMinimumIntervalFollowsScheduleCheckSeconds() {
        params.put("reloadIntervalHours", "0.0003");
        params.put("scheduleCheckSeconds", "1");
        assertEquals(0.0003, settings().reloadIntervalHours());
        params.put("scheduleCheckSeconds", "2");
        assertTrue(error().contains("the minimum is 2 seconds (0.000556 hours)"));
    }

    @Test
    void userInfoInTheConfigUrlIsSentAsBasicCredentialsNotInTheUrl() {
        params.put("configUrl", "https://me%40corp:p%C3%A4ss@config.example:8443/m.json?access_token=X#part");
        FilterSettings s = settings();
        assertEquals(URI.create("https://config.example:8443/m.json?access_token=X"), s.configUrl());
        assertEquals("Basic " + java.util.Base64.getEncoder().encodeToString(
                "me@corp:p\u00e4ss".getBytes(java.nio.charset.StandardCharsets.UTF_8)), s.configAuthorization());
    }

    @Test
    void configAuthorizationIsSentAsItIs() {
        params.put("configAuthorization", "Bearer abc.def");
        assertEquals("Bearer abc.def", settings().configAuthorization());
        params.remove("configAuthorization");
        assertNull(settings().configAuthorization());
    }

    @Test
    void configAuthorizationAndUserInfoTogetherAreRefusedWithoutShowingEither() {
        params.put("configUrl", "https://user:pw-SECRET@h/m.json");
        params.put("configAuthorization", "Bearer tok-SECRET");
        String message = error();
        assertTrue(message.contains("[configAuthorization] from init-param [configAuthorization]"), message);
        assertTrue(message.contains("user info too"), message);
        assertFalse(message.contains("SECRET"), message);
    }

    @Test
    void aConfigAuthorizationWithALineBreakIsRefusedWithoutShowingIt() {
        params.put("configAuthorization", "Bearer tok-SECRET\r\nX-Injected: 1");
        String message = error();
        assertTrue(message.contains("invalid value (a secret, not shown) for setting [configAuthorization]"), message);
        assertTrue(message.contains("character 18 is not printable ASCII"), message);
        assertFalse(message.contains("SECRET"), message);
    }

    @Test
    void anInvalidConfigUrlIsShownWithoutItsSecrets() {
        params.put("configUrl", "ftp://user:pw-SECRET@h/m.json?token=tok-SECRET");
        String message = error();
        assertTrue(message.contains("invalid value [ftp://***@h/m.json?token=***] for setting [configUrl]"), message);
        assertFalse(message.contains("SECRET"), message);
    }

    private AdminSettings adminSettings() {
        return new AdminSettings(new Settings("servlet [A]", params.keySet(), params::get, system, env,
                AdminSettings.NAMES, java.util.Map.of()));
    }

    @Test
    void anAdminTokenShorterThan16CharactersIsRefusedWithoutShowingIt() {
        params.put("adminToken", "short-SECRET-15");
        String message = assertThrows(InvalidSettingException.class, this::adminSettings).getMessage();
        assertEquals("servlet [A]: invalid value (a secret, not shown) for setting [adminToken] from init-param "
                + "[adminToken]: the token is shorter than 16 characters, which is guessable; use a long random value",
                message);
        params.put("adminToken", "long-SECRET-16ch");
        assertEquals("long-SECRET-16ch", adminSettings().adminToken());
        params.remove("adminToken");
        env.put("ANTHROPIC_BETA_HEADERS_ADMIN_TOKEN", "\ud83d\udd11".repeat(15));
        assertTrue(assertThrows(InvalidSettingException.class, this::adminSettings).getMessage()
                .contains("from environment variable [ANTHROPIC_BETA_HEADERS_ADMIN_TOKEN]"));
    }
}
