package io.github.betaheaders.core;

import java.util.Collection;
import java.util.Map;
import java.util.function.Function;

/**
 * The admin servlet's settings, read the same way as the filter's ({@link Settings}): init-param, system property
 * {@code anthropicBetaHeaders.adminToken}, environment variable {@code ANTHROPIC_BETA_HEADERS_ADMIN_TOKEN}. An unknown
 * init-param is refused.
 */
public final class AdminSettings {

    private final String adminToken;
    private final Settings settings;

    /** The shortest token accepted: a shorter shared secret is guessable. */
    public static final int MIN_TOKEN_CHARS = 16;

    public AdminSettings(Settings settings) {
        Settings.Value token = settings.lookup(FilterSettings.ADMIN_TOKEN);
        if (token != null && token.value().codePointCount(0, token.value().length()) < MIN_TOKEN_CHARS) {
            throw settings.invalidSecret(FilterSettings.ADMIN_TOKEN, token, "the token is shorter than "
                    + MIN_TOKEN_CHARS + " characters, which is guessable; use a long random value");
        }
        adminToken = token == null ? null : token.value();
        this.settings = settings;
    }

    /** Logs which settings are set and where from (the token redacted): {@link Settings#logSources()}. */
    public void logSources() {
        settings.logSources();
    }

    /** Reads the settings of the admin servlet named by {@code component} from its init-params and the JVM. */
    public static AdminSettings read(String component, Collection<String> initParamNames,
                                     Function<String, String> initParams) {
        return new AdminSettings(new Settings(component, initParamNames, initParams, System.getProperties(),
                System.getenv(), FilterSettings.ADMIN_NAMES, FilterSettings.ALL_NAMES, Map.of()));
    }

    /** The bearer token, or {@code null} when none is configured (the admin API then refuses every request). */
    public String adminToken() {
        return adminToken;
    }
}
