package io.github.betaheaders.core;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The admin servlet's settings, read the same way as the filter's ({@link Settings}): init-param, system property
 * {@code anthropicBetaHeaders.adminToken}, environment variable {@code ANTHROPIC_BETA_HEADERS_ADMIN_TOKEN}. An unknown
 * init-param is refused.
 */
public final class AdminSettings {

    /** The admin servlet's bearer token; no default (the admin API refuses every request). */
    public static final String ADMIN_TOKEN = "adminToken";

    /** Roles (comma-separated) whose container-authenticated users may use the admin API; no default (none). */
    public static final String ADMIN_ROLES = "adminRoles";

    /** Failed admin logins from one address, within the window, that block it. */
    public static final String ADMIN_MAX_FAILURES = "adminMaxFailures";
    public static final long DEFAULT_ADMIN_MAX_FAILURES = 10;

    /** The window, counted from an address's first failure, in which its failures count. */
    public static final String ADMIN_FAILURE_WINDOW_SECONDS = "adminFailureWindowSeconds";
    public static final long DEFAULT_ADMIN_FAILURE_WINDOW_SECONDS = 60;

    /** How long a blocked address gets 429. */
    public static final String ADMIN_BLOCK_SECONDS = "adminBlockSeconds";
    public static final long DEFAULT_ADMIN_BLOCK_SECONDS = 60;

    /** {@code true} serves the metrics resource without a token or role (for a scraper on a trusted network). */
    public static final String ADMIN_METRICS_OPEN = "adminMetricsOpen";
    public static final boolean DEFAULT_ADMIN_METRICS_OPEN = false;

    /** Every setting of the admin servlet. */
    public static final Set<String> NAMES = Set.of(ADMIN_TOKEN, ADMIN_ROLES, ADMIN_MAX_FAILURES,
            ADMIN_FAILURE_WINDOW_SECONDS, ADMIN_BLOCK_SECONDS, ADMIN_METRICS_OPEN);

    private final String adminToken;
    private final List<String> adminRoles;
    private final int maxFailures;
    private final long failureWindowSeconds;
    private final long blockSeconds;
    private final boolean metricsOpen;
    private final Settings settings;

    /** The most addresses whose failed logins are tracked; past it the least recently seen is forgotten. */
    public static final int MAX_TRACKED_ADDRESSES = 10_000;

    /** The shortest token accepted: a shorter shared secret is guessable. */
    public static final int MIN_TOKEN_CHARS = 16;

    public AdminSettings(Settings settings) {
        Settings.Value token = settings.lookup(ADMIN_TOKEN);
        if (token != null && token.value().codePointCount(0, token.value().length()) < MIN_TOKEN_CHARS) {
            throw settings.invalidSecret(ADMIN_TOKEN, token, "the token is shorter than "
                    + MIN_TOKEN_CHARS + " characters, which is guessable; use a long random value");
        }
        adminToken = token == null ? null : token.value();
        adminRoles = roles(settings);
        maxFailures = (int) settings.whole(ADMIN_MAX_FAILURES, DEFAULT_ADMIN_MAX_FAILURES,
                1, 1_000_000, "failures");
        failureWindowSeconds = settings.whole(ADMIN_FAILURE_WINDOW_SECONDS,
                DEFAULT_ADMIN_FAILURE_WINDOW_SECONDS, 1, 86_400, "seconds");
        blockSeconds = settings.whole(ADMIN_BLOCK_SECONDS, DEFAULT_ADMIN_BLOCK_SECONDS, 1,
                86_400, "seconds");
        metricsOpen = settings.bool(ADMIN_METRICS_OPEN, DEFAULT_ADMIN_METRICS_OPEN);
        this.settings = settings;
    }

    private static List<String> roles(Settings settings) {
        Settings.Value value = settings.lookup(ADMIN_ROLES);
        if (value == null) {
            return List.of();
        }
        LinkedHashSet<String> roles = new LinkedHashSet<>();
        for (String part : value.value().split(",", -1)) {
            String role = part.trim();
            if (role.isEmpty() || !role.equals(EchoedInput.of(role, Integer.MAX_VALUE))) {
                throw settings.invalid(ADMIN_ROLES, value, "expected role names separated by commas, "
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
        return new AdminSettings(Settings.read(component, initParamNames, initParams, NAMES, Map.of()));
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

    /** Whether the metrics resource is served to anyone, without a token or role. */
    public boolean metricsOpen() {
        return metricsOpen;
    }
}
