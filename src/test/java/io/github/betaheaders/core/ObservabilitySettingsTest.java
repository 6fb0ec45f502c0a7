package io.github.betaheaders.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The settings of issue 13: {@code mode}, {@code reportDroppedBetas}, {@code adminMetricsOpen}. */
class ObservabilitySettingsTest {

    private final Map<String, String> params = new LinkedHashMap<>();

    private FilterSettings filter() {
        return new FilterSettings(new Settings("filter [F]", params.keySet(), params::get, new Properties(),
                new HashMap<>(), FilterSettings.NAMES, FilterSettings.LITELLM_ALIASES));
    }

    private AdminSettings admin() {
        return new AdminSettings(new Settings("servlet [A]", params.keySet(), params::get, new Properties(),
                new HashMap<>(), AdminSettings.NAMES, Map.of()));
    }

    @Test
    void byDefaultTheFilterEnforcesAndAddsNoAnswerHeaderAndTheMetricsNeedTheToken() {
        assertFalse(filter().report());
        assertEquals("enforce", filter().mode());
        assertFalse(filter().reportDroppedBetas());
        assertFalse(admin().metricsOpen());
    }

    @Test
    void reportModeAndTheAnswerHeaderAndOpenMetricsAreSettings() {
        params.put("mode", "report");
        params.put("reportDroppedBetas", "true");
        assertTrue(filter().report());
        assertEquals("report", filter().mode());
        assertTrue(filter().reportDroppedBetas());
        params.clear();
        params.put("adminMetricsOpen", "true");
        assertTrue(admin().metricsOpen());
    }

    @Test
    void anUnknownModeFailsNamingTheSettingAndTheChoices() {
        params.put("mode", "Report");
        String message = assertThrows(InvalidSettingException.class, this::filter).getMessage();
        assertTrue(message.contains("[mode]") && message.contains("[Report]")
                && message.contains("expected 'enforce' or 'report'"), message);
    }
}
