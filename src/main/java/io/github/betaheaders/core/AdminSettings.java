package io.github.betaheaders.core;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The admin servlet's settings, read the same way as the filter's ({@link Settings}): init-param, system property
 * {@code anthropicBetaHeaders.adminToken}, environment variable {@code ANTHROPIC_BETA_HEADERS_ADMIN_TOKEN}. An unknown
 * init-param is refused.
 */
public final class AdminSettings {

    private final String adminToken;
    private final List<String> adminRoles;
    private final int maxFailures;
    private final long failureWindowSeconds;
    private final long blockSeconds;
    private final Settings settings;

    /** The most addresses whose failed logins are tracked; past it the least recently seen is forgotten. */
    public static final int MAX_TRACKED_ADDRESSES = 10_000;

    /** The shortest token accepted: a shorter shared secret is guessable. */
    public static final int MIN_TOKEN_CHARS = 16;

    public AdminSettings(Settings settings) {
        Settings.Value token = settings.lookup(FilterSettings.ADMIN_TOKEN);
        if (token != null && token.value().codePointCount(0, token.value().length()) < MIN_TOKEN_CHARS) {
            throw settings.invalidSecret(FilterSettings.ADMIN_TOKEN, token, "the token is shorter than "
                    + MIN_TOKEN_CHARS + " characters, which is guessable; use a long random value");
        }
        adminToken = token == null ? null : token.value();
        adminRoles = roles(settings);
        maxFailures = (int) settings.whole(FilterSettings.ADMIN_MAX_FAILURES, FilterSettings.DEFAULT_ADMIN_MAX_FAILURES,
                1, 1_000_000, "failures");
        failureWindowSeconds = settings.whole(FilterSettings.ADMIN_FAILURE_WINDOW_SECONDS,
                FilterSettings.DEFAULT_ADMIN_FAILURE_WINDOW_SECONDS, 1, 86_400, "seconds");
        blockSeconds = settings.whole(FilterSettings.ADMIN_BLOCK_SECONDS, FilterSettings.DEFAULT_ADMIN_BLOCK_SECONDS, 1,
                86_400, "seconds");
        this.settings = settings;
    }

    private static List<String> roles(Settings settings) {
        Settings.Value value = settings.lookup(FilterSettings.ADMIN_ROLES);
        if (value == null) {
            return List.of();
        }
        LinkedHashSet<String> roles = new LinkedHashSet<>();
        for (String part : value.value().split(",", -1)) {
            String role = part.trim();
            if (role.isEmpty() || !role.equals(EchoedInput.of(role, Integer.MAX_VALUE))) {
                throw settings.invalid(FilterSettings.ADMIN_ROLES, value, "expected role names separated by commas, "
                        + "none empty and none with control characters");
            }
            roles.add(role);
        }
        return List.copyOf(roles);
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

    /** The roles that give a container-authenticated user the admin API, in order; empty when none are set. */
    public List<String> adminRoles() {
        return adminRoles;
    }

    public int maxFailures() {
        return maxFailures;
    }

    public long failureWindowSeconds() {
        return failureWindowSeconds;
    }

    public long blockSeconds() {
        return blockSeconds;
    }
}
