package io.github.betaheaders.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.betaheaders.testsupport.CapturedLog;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/** The start-up line that says which settings are set and by which source, secrets redacted. */
class SettingsSourcesTest {

    private final Map<String, String> params = new LinkedHashMap<>();
    private final Properties system = new Properties();
    private final Map<String, String> env = new HashMap<>();

    private Settings filterSettings() {
        return new Settings("filter [F]", params.keySet(), params::get, system, env, FilterSettings.NAMES,
                FilterSettings.LITELLM_ALIASES);
    }

    private Settings adminSettings() {
        return new Settings("servlet [A]", params.keySet(), params::get, system, env, AdminSettings.NAMES,
                Map.of());
    }

    @Test
    void nothingSetSaysSo() {
        assertEquals("every setting at its default (none set by init-param, system property or environment)",
                filterSettings().describeSources());
    }

    @Test
    void eachSettingNamesItsSource() {
        params.put("provider", "bedrock");
        system.setProperty("anthropicBetaHeaders.fetchTimeoutSeconds", "7");
        env.put("ANTHROPIC_BETA_HEADERS_MAX_BODY_BYTES", "1000");
        env.put("LITELLM_LOCAL_ANTHROPIC_BETA_HEADERS", "true");
        assertEquals("settings set: fetchTimeoutSeconds=[7] from system property [anthropicBetaHeaders.fetchTimeoutSeconds]"
                        + ", localOnly=[true] from environment variable [LITELLM_LOCAL_ANTHROPIC_BETA_HEADERS]"
                        + ", maxBodyBytes=[1000] from environment variable [ANTHROPIC_BETA_HEADERS_MAX_BODY_BYTES]"
                        + ", provider=[bedrock] from init-param [provider]",
                filterSettings().describeSources());
    }

    @Test
    void theSourceThatWinsIsTheOneNamed() {
        params.put("localOnly", "false");
        system.setProperty("anthropicBetaHeaders.localOnly", "true");
        env.put("LITELLM_LOCAL_ANTHROPIC_BETA_HEADERS", "true");
        assertEquals("settings set: localOnly=[false] from init-param [localOnly]", filterSettings().describeSources());
    }

    @Test
    void blankValuesCountAsUnset() {
        params.put("routes", "  ");
        assertTrue(filterSettings().describeSources().startsWith("every setting at its default"));
    }

    @Test
    void multiLineValuesStayOnOneLine() {
        params.put("routes", "\n  /bedrock/*=bedrock\n  /vertex/*=vertex_ai\n");
        assertEquals("settings set: routes=[/bedrock/*=bedrock /vertex/*=vertex_ai] from init-param [routes]",
                filterSettings().describeSources());
    }

    @Test
    void theAdminTokenIsRedactedWhateverItsSource() {
        env.put("ANTHROPIC_BETA_HEADERS_ADMIN_TOKEN", "s3cr3t-from-env");
        String fromEnv = adminSettings().describeSources();
        assertEquals("settings set: adminToken=<redacted> from environment variable [ANTHROPIC_BETA_HEADERS_ADMIN_TOKEN]",
                fromEnv);
        params.put("adminToken", "s3cr3t-param");
        String fromParam = adminSettings().describeSources();
        assertFalse(fromParam.contains("s3cr3t"), fromParam);
        assertTrue(fromParam.contains("adminToken=<redacted> from init-param [adminToken]"), fromParam);
    }

    @Test
    void theUserInfoOfAUrlIsRedacted() {
        system.setProperty("anthropicBetaHeaders.configUrl", "https://bot:ghp_s3cr3t@mirror.example/mapping.json?sig=abc");
        assertEquals("settings set: configUrl=[https://***@mirror.example/mapping.json?sig=***] from system property "
                + "[anthropicBetaHeaders.configUrl]", filterSettings().describeSources());
    }

    @Test
    void secretNames() {
        for (String name : List.of("adminToken", "proxyPassword", "upstreamAuthorization", "TOKEN", "clientSecret")) {
            assertTrue(Settings.isSecret(name), name);
        }
        for (String name : List.of("configUrl", "routes", "maxBodyBytes")) {
            assertFalse(Settings.isSecret(name), name);
        }
    }

    @Test
    void logsOneInfoLinePerComponent() {
        env.put("ANTHROPIC_BETA_HEADERS_ADMIN_TOKEN", "s3cr3t");
        try (CapturedLog log = CapturedLog.of(Settings.class.getName())) {
            adminSettings().logSources();
            List<CapturedLog.Entry> entries = log.entries();
            assertEquals(1, entries.size(), entries::toString);
            assertEquals(Level.INFO, entries.get(0).level());
            assertEquals("servlet [A]: settings set: adminToken=<redacted> from environment variable "
                    + "[ANTHROPIC_BETA_HEADERS_ADMIN_TOKEN]", entries.get(0).message());
        }
    }
}
