package io.github.betaheaders.spring;

import io.github.betaheaders.core.AdminSettings;
import io.github.betaheaders.core.FilterSettings;
import io.github.betaheaders.core.Settings;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The library's settings from {@link AnthropicBetaHeadersProperties}: each property set is the first source of its
 * setting (where a webapp has the filter's init-param), then the system property and environment variable of the
 * library, then the default, and the library's own checks apply. A bad value fails with the library's message, the
 * source named as the property: {@code ... invalid value [x] for setting [maxBetas] from property
 * [anthropic-beta-headers.max-betas]: ...}.
 */
final class SpringSettings {

    /** How messages name these settings. */
    static final String COMPONENT = "Spring Boot [" + AnthropicBetaHeadersProperties.PREFIX + "]";

    private SpringSettings() {
    }

    /** The property of a setting: {@code fetchTimeoutSeconds} is {@code anthropic-beta-headers.fetch-timeout-seconds}. */
    static String propertyName(String setting) {
        StringBuilder out = new StringBuilder(AnthropicBetaHeadersProperties.PREFIX).append('.');
        for (int i = 0; i < setting.length(); i++) {
            char c = setting.charAt(i);
            if (Character.isUpperCase(c)) {
                out.append('-').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }

    /**
     * The filter's settings.
     *
     * @throws io.github.betaheaders.core.InvalidSettingException naming the property and the value
     */
    static FilterSettings filter(Map<String, String> byLibraryName) {
        return new FilterSettings(settings(byLibraryName, FilterSettings.NAMES, FilterSettings.LITELLM_ALIASES));
    }

    /**
     * The admin servlet's settings.
     *
     * @throws io.github.betaheaders.core.InvalidSettingException naming the property and the value (a secret's
     *                                                           value is never shown)
     */
    static AdminSettings admin(Map<String, String> byLibraryName) {
        return new AdminSettings(settings(byLibraryName, AdminSettings.NAMES, Map.of()));
    }

    /** The admin settings that are set, by setting name: the init-params of the admin servlet. */
    static Map<String, String> adminInitParameters(Map<String, String> byLibraryName) {
        return set(byLibraryName, AdminSettings.NAMES);
    }

    private static Settings settings(Map<String, String> byLibraryName, Set<String> known,
                                     Map<String, String> litellmAliases) {
        Map<String, String> values = set(byLibraryName, known);
        return new Settings(COMPONENT, values.keySet(), values::get, name -> "property [" + propertyName(name) + "]",
                System.getProperties(), System.getenv(), known, litellmAliases);
    }

    private static Map<String, String> set(Map<String, String> byLibraryName, Set<String> known) {
        Map<String, String> values = new LinkedHashMap<>();
        byLibraryName.forEach((name, value) -> {
            if (value != null && known.contains(name)) {
                values.put(name, value);
            }
        });
        return values;
    }
}
