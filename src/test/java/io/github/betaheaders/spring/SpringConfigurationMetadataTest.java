package io.github.betaheaders.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.betaheaders.core.AdminSettings;
import io.github.betaheaders.core.FilterSettings;
import io.github.betaheaders.core.Settings;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The configuration metadata the build generates (Spring Boot's configuration processor, merged with
 * additional-spring-configuration-metadata.json) lists every setting of the library as an
 * {@code anthropic-beta-headers.*} property, with a description and the library's own default, so that an IDE
 * completes and documents each one.
 */
class SpringConfigurationMetadataTest {

    /** Each setting with a default, as the library defines it. */
    static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry(FilterSettings.PROVIDER, FilterSettings.DEFAULT_PROVIDER),
            Map.entry(FilterSettings.FORWARD_UNKNOWN_BETAS, FilterSettings.DEFAULT_FORWARD_UNKNOWN_BETAS),
            Map.entry(FilterSettings.CONFIG_URL, FilterSettings.DEFAULT_CONFIG_URL),
            Map.entry(FilterSettings.LOCAL_ONLY, String.valueOf(FilterSettings.DEFAULT_LOCAL_ONLY)),
            Map.entry(FilterSettings.FETCH_TIMEOUT_SECONDS, String.valueOf(FilterSettings.DEFAULT_FETCH_TIMEOUT_SECONDS)),
            Map.entry(FilterSettings.MAX_CONFIG_BYTES, String.valueOf(FilterSettings.DEFAULT_MAX_CONFIG_BYTES)),
            Map.entry(FilterSettings.SCHEDULE_CHECK_SECONDS, String.valueOf(FilterSettings.DEFAULT_SCHEDULE_CHECK_SECONDS)),
            Map.entry(FilterSettings.MAX_BODY_BYTES, String.valueOf(FilterSettings.DEFAULT_MAX_BODY_BYTES)),
            Map.entry(FilterSettings.MAX_BETAS, String.valueOf(FilterSettings.DEFAULT_MAX_BETAS)),
            Map.entry(FilterSettings.BEDROCK_HEADER_BETAS_TO_BODY,
                    String.valueOf(FilterSettings.DEFAULT_BEDROCK_HEADER_BETAS_TO_BODY)),
            Map.entry(FilterSettings.MODE, FilterSettings.DEFAULT_MODE),
            Map.entry(FilterSettings.REPORT_DROPPED_BETAS, String.valueOf(FilterSettings.DEFAULT_REPORT_DROPPED_BETAS)),
            Map.entry(FilterSettings.LEARN_FROM_REJECTIONS,
                    String.valueOf(FilterSettings.DEFAULT_LEARN_FROM_REJECTIONS)),
            Map.entry(FilterSettings.QUARANTINE_HOURS, String.valueOf(FilterSettings.DEFAULT_QUARANTINE_HOURS)),
            Map.entry(AdminSettings.ADMIN_MAX_FAILURES, String.valueOf(AdminSettings.DEFAULT_ADMIN_MAX_FAILURES)),
            Map.entry(AdminSettings.ADMIN_FAILURE_WINDOW_SECONDS,
                    String.valueOf(AdminSettings.DEFAULT_ADMIN_FAILURE_WINDOW_SECONDS)),
            Map.entry(AdminSettings.ADMIN_BLOCK_SECONDS, String.valueOf(AdminSettings.DEFAULT_ADMIN_BLOCK_SECONDS)),
            Map.entry(AdminSettings.ADMIN_METRICS_OPEN, String.valueOf(AdminSettings.DEFAULT_ADMIN_METRICS_OPEN)),
            Map.entry(FilterSettings.CREATE_TABLES, String.valueOf(FilterSettings.DEFAULT_CREATE_TABLES)),
            Map.entry(FilterSettings.TABLE_PREFIX, FilterSettings.DEFAULT_TABLE_PREFIX),
            Map.entry(FilterSettings.BODY_IDLE_TIMEOUT_SECONDS,
                    String.valueOf(FilterSettings.DEFAULT_BODY_IDLE_TIMEOUT_SECONDS)));

    static Map<String, JsonObject> properties() throws Exception {
        try (InputStream in = SpringConfigurationMetadataTest.class.getResourceAsStream(
                "/META-INF/spring-configuration-metadata.json");
             JsonReader reader = Json.createReader(in)) {
            Map<String, JsonObject> byName = new HashMap<>();
            reader.readObject().getJsonArray("properties").getValuesAs(JsonObject.class)
                    .forEach(p -> byName.put(p.getString("name"), p));
            return byName;
        }
    }

    @Test
    void everySettingIsAPropertyWithADescriptionAndTheLibrarysDefault() throws Exception {
        Map<String, JsonObject> properties = properties();
        for (String setting : Settings.LIBRARY_NAMES) {
            JsonObject property = properties.get(SpringSettings.propertyName(setting));
            assertNotNull(property, "no property for setting [" + setting + "] in " + properties.keySet());
            assertEquals("java.lang.String", property.getString("type"), setting);
            assertFalse(property.getString("description", "").isBlank(), "no description for " + setting);
            JsonValue given = property.get("defaultValue");
            String expected = DEFAULTS.get(setting);
            if (expected == null) {
                assertTrue(given == null, setting + " has no default in the library, the metadata says " + given);
            } else {
                assertNotNull(given, "no default for " + setting);
                assertEquals(expected, property.getString("defaultValue"), setting);
            }
        }
    }

    @Test
    void theOnlyOtherPropertyIsEnabled() throws Exception {
        Set<String> others = new TreeSet<>(properties().keySet());
        Settings.LIBRARY_NAMES.forEach(setting -> others.remove(SpringSettings.propertyName(setting)));
        assertEquals(Set.of("anthropic-beta-headers.enabled"), others);
        assertTrue(properties().get("anthropic-beta-headers.enabled").getBoolean("defaultValue"));
    }

    @Test
    void propertyNamesAreKebabCase() {
        assertEquals("anthropic-beta-headers.fetch-timeout-seconds",
                SpringSettings.propertyName(FilterSettings.FETCH_TIMEOUT_SECONDS));
        assertEquals("anthropic-beta-headers.admin-token", SpringSettings.propertyName(AdminSettings.ADMIN_TOKEN));
        assertEquals("anthropic-beta-headers.routes", SpringSettings.propertyName(FilterSettings.ROUTES));
    }
}
