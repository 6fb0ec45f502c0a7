package io.github.betaheaders.core;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The filter's settings, read once at deployment and checked there: every bad value fails deployment with a message
 * naming the setting, where it came from and the value. One constant per setting, with its default beside it.
 */
public final class FilterSettings {

    /** One provider key for every request, or {@code auto} to recognise it from the path. */
    public static final String PROVIDER = "provider";
    public static final String DEFAULT_PROVIDER = "auto";
    public static final String AUTO = "auto";

    /** {@code PATTERN=PROVIDER} rules; see {@link ProviderRoutes}. No default. */
    public static final String ROUTES = "routes";

    /** Providers that forward betas their section does not mention; {@code none} for no provider. */
    public static final String FORWARD_UNKNOWN_BETAS = "forwardUnknownBetas";
    public static final String DEFAULT_FORWARD_UNKNOWN_BETAS = "anthropic";

    /** A local mapping file used instead of the bundled one. No default. */
    public static final String CONFIG_FILE = "configFile";

    /** Where the mapping is fetched from. */
    public static final String CONFIG_URL = "configUrl";
    public static final String DEFAULT_CONFIG_URL =
            "https://raw.githubusercontent.com/BerriAI/litellm/main/litellm/anthropic_beta_headers_config.json";
    public static final String LITELLM_CONFIG_URL_ENV = "LITELLM_ANTHROPIC_BETA_HEADERS_URL";

    /** The {@code Authorization} header value sent with each fetch of {@link #CONFIG_URL}; a secret. No default. */
    public static final String CONFIG_AUTHORIZATION = "configAuthorization";

    /** Never fetch: use {@link #CONFIG_FILE} or the bundled mapping. */
    public static final String LOCAL_ONLY = "localOnly";
    public static final boolean DEFAULT_LOCAL_ONLY = false;
    public static final String LITELLM_LOCAL_ONLY_ENV = "LITELLM_LOCAL_ANTHROPIC_BETA_HEADERS";

    /** One deadline for a whole fetch: connect, headers and body. */
    public static final String FETCH_TIMEOUT_SECONDS = "fetchTimeoutSeconds";
    public static final long DEFAULT_FETCH_TIMEOUT_SECONDS = 5;

    /** Largest mapping document accepted. */
    public static final String MAX_CONFIG_BYTES = "maxConfigBytes";
    public static final long DEFAULT_MAX_CONFIG_BYTES = 1024 * 1024;

    /** Where the last good fetched document is kept, to survive a restart during an outage. No default. */
    public static final String CACHE_FILE = "cacheFile";

    /** How often the reload schedule checks whether a reload is due. */
    public static final String SCHEDULE_CHECK_SECONDS = "scheduleCheckSeconds";
    public static final long DEFAULT_SCHEDULE_CHECK_SECONDS = 10;

    /** A reload schedule set at start, in hours. No default (no schedule). */
    public static final String RELOAD_INTERVAL_HOURS = "reloadIntervalHours";
    public static final double MAX_RELOAD_INTERVAL_HOURS = 8760;

    /** Largest JSON body whose betas are rewritten; larger ones stream through untouched. */
    public static final String MAX_BODY_BYTES = "maxBodyBytes";
    public static final long DEFAULT_MAX_BODY_BYTES = 32L * 1024 * 1024;

    /** Most bytes of request bodies held by the filter at once, over all requests; past it bodies stream through. */
    public static final String MAX_BUFFERED_BYTES = "maxBufferedBytes";
    /** A quarter of the maximum heap ({@code -Xmx}), at most 4 GiB. */
    public static final long DEFAULT_MAX_BUFFERED_BYTES = Math.min(Runtime.getRuntime().maxMemory() / 4,
            4L * 1024 * 1024 * 1024);

    /**
     * How long the rest of a chunked body that outgrew {@code maxBodyBytes} (or {@code maxBufferedBytes}) may send
     * nothing where the filter polls it for the proxy servlet (Jetty), before that read fails as a stalled client's.
     */
    public static final String BODY_IDLE_TIMEOUT_SECONDS = "bodyIdleTimeoutSeconds";
    public static final long DEFAULT_BODY_IDLE_TIMEOUT_SECONDS = 30;

    /** Most betas in one header (all its lines) or one body array that are rewritten; longer lists go on as they are. */
    public static final String MAX_BETAS = "maxBetas";
    public static final long DEFAULT_MAX_BETAS = 256;

    /** For {@code bedrock}: merge the rewritten header betas into the body's {@code anthropic_beta} array. */
    public static final String BEDROCK_HEADER_BETAS_TO_BODY = "bedrockHeaderBetasToBody";
    public static final boolean DEFAULT_BEDROCK_HEADER_BETAS_TO_BODY = false;

    /**
     * {@value #ENFORCE} rewrites betas; {@value #REPORT} forwards every request as sent while the counters, logs and
     * answer header say what enforce would have done.
     */
    public static final String MODE = "mode";
    public static final String ENFORCE = "enforce";
    public static final String REPORT = "report";
    public static final String DEFAULT_MODE = ENFORCE;

    /** Answer with {@code x-anthropic-beta-dropped} and {@code x-anthropic-beta-renamed} saying what was done. */
    public static final String REPORT_DROPPED_BETAS = "reportDroppedBetas";
    public static final boolean DEFAULT_REPORT_DROPPED_BETAS = false;

    /**
     * Overrides laid over the table, in LiteLLM's format (sections may name a model: {@code bedrock/*opus*}); kept
     * across reloads, and written back (atomically) when changed through the admin API. Need not exist yet.
     */
    public static final String OVERRIDES_FILE = "overridesFile";

    /** The shared store: a JNDI name of a {@code javax.sql.DataSource}, looked up by the listener. No default. */
    public static final String DATA_SOURCE = "dataSource";

    /** The shared store: a JDBC URL, opened through {@code java.sql.DriverManager}. No default. */
    public static final String JDBC_URL = "jdbcUrl";

    /** The user for {@link #JDBC_URL}. No default. */
    public static final String JDBC_USER = "jdbcUser";

    /** The password for {@link #JDBC_URL}; a secret. No default. */
    public static final String JDBC_PASSWORD = "jdbcPassword";

    /** Whether the shared store creates its tables when they are missing. */
    public static final String CREATE_TABLES = "createTables";
    public static final boolean DEFAULT_CREATE_TABLES = true;

    /** What the shared store's table names start with. */
    public static final String TABLE_PREFIX = "tablePrefix";
    public static final String DEFAULT_TABLE_PREFIX = StoreTablePrefix.DEFAULT;

    /** This node's name in the shared store. Default: the host name and the context path. */
    public static final String NODE_NAME = "nodeName";
    public static final int MAX_NODE_NAME = 255;

    /**
     * Watch the answers: a beta the provider refuses (a 400 naming it, or Bedrock's "invalid beta flag") is dropped
     * for that provider and model for {@link #QUARANTINE_HOURS}.
     */
    public static final String LEARN_FROM_REJECTIONS = "learnFromRejections";
    public static final boolean DEFAULT_LEARN_FROM_REJECTIONS = false;

    /** How long a refused beta stays dropped for its provider and model before it is tried again, in hours. */
    public static final String QUARANTINE_HOURS = "quarantineHours";
    public static final long DEFAULT_QUARANTINE_HOURS = 24;
    public static final long MAX_QUARANTINE_HOURS = 8760;

    /** Every setting of the filter. */
    public static final Set<String> NAMES = Set.of(PROVIDER, ROUTES, FORWARD_UNKNOWN_BETAS, CONFIG_FILE, CONFIG_URL,
            LOCAL_ONLY, FETCH_TIMEOUT_SECONDS, MAX_CONFIG_BYTES, CACHE_FILE, SCHEDULE_CHECK_SECONDS,
            RELOAD_INTERVAL_HOURS, MAX_BODY_BYTES, BEDROCK_HEADER_BETAS_TO_BODY,
            CONFIG_AUTHORIZATION, MAX_BUFFERED_BYTES, MAX_BETAS, MODE, REPORT_DROPPED_BETAS, LEARN_FROM_REJECTIONS,
            QUARANTINE_HOURS, OVERRIDES_FILE, DATA_SOURCE, JDBC_URL, JDBC_USER, JDBC_PASSWORD, CREATE_TABLES,
            TABLE_PREFIX, NODE_NAME, BODY_IDLE_TIMEOUT_SECONDS);

    /** LiteLLM's environment variables, read after ours. */
    public static final Map<String, String> LITELLM_ALIASES =
            Map.of(CONFIG_URL, LITELLM_CONFIG_URL_ENV, LOCAL_ONLY, LITELLM_LOCAL_ONLY_ENV);

    private final String provider;
    private final ProviderRoutes routes;
    private final ProviderResolver resolver;
    private final Set<String> forwardUnknownBetas;
    private final Path configFile;
    private final URI configUrl;
    private final String configAuthorization;
    private final boolean localOnly;
    private final long fetchTimeoutSeconds;
    private final long maxConfigBytes;
    private final Path cacheFile;
    private final Path overridesFile;
    private final long scheduleCheckSeconds;
    private final Double reloadIntervalHours;
    private final long maxBodyBytes;
    private final boolean bedrockHeaderBetasToBody;
    private final long maxBufferedBytes;
    private final long bodyIdleTimeoutSeconds;
    private final int maxBetas;
    private final boolean report;
    private final boolean reportDroppedBetas;
    private final String dataSource;
    private final String jdbcUrl;
    private final String jdbcUser;
    private final String jdbcPassword;
    private final boolean createTables;
    private final String tablePrefix;
    private final String nodeName;
    private final boolean learnFromRejections;
    private final long quarantineHours;
    private final Settings settings;

    /**
     * Reads the settings of the filter named by {@code component} from its init-params, the system properties and the
     * environment ({@link Settings#read}).
     *
     * @throws InvalidSettingException naming the setting, its source and the value
     */
    public static FilterSettings read(String component, Collection<String> initParamNames,
                                      Function<String, String> initParams) {
        return new FilterSettings(Settings.read(component, initParamNames, initParams, NAMES, LITELLM_ALIASES));
    }

    public FilterSettings(Settings settings) {
        this.settings = settings;
        Settings.Value providerValue = settings.lookup(PROVIDER);
        Settings.Value routesValue = settings.lookup(ROUTES);
        provider = providerValue == null ? DEFAULT_PROVIDER : providerValue.value();
        if (!AUTO.equals(provider) && !ProviderKeys.isValid(provider)) {
            throw settings.invalid(PROVIDER, providerValue,
                    "expected 'auto' or a provider key (letters, digits, '_', '-', '.') such as bedrock or vertex_ai");
        }
        if (routesValue != null) {
            if (!AUTO.equals(provider)) {
                throw settings.invalid(PROVIDER, providerValue, "set either [" + PROVIDER + "] or [" + ROUTES
                        + "], not both (routes are given by " + routesValue.source() + ")");
            }
            try {
                routes = ProviderRoutes.parse(routesValue.value());
            } catch (IllegalArgumentException e) {
                throw settings.invalid(ROUTES, routesValue, e.getMessage());
            }
            resolver = routes;
        } else {
            routes = null;
            resolver = AUTO.equals(provider) ? new ProviderDetector() : ProviderResolver.fixed(provider);
        }
        forwardUnknownBetas = providerList(settings, FORWARD_UNKNOWN_BETAS, DEFAULT_FORWARD_UNKNOWN_BETAS);
        configFile = readableFile(settings, CONFIG_FILE);
        URI urlAsGiven = url(settings, CONFIG_URL, DEFAULT_CONFIG_URL);
        configUrl = ConfigCredentials.withoutUserInfo(urlAsGiven);
        configAuthorization = ConfigCredentials.authorization(settings, urlAsGiven);
        localOnly = settings.bool(LOCAL_ONLY, DEFAULT_LOCAL_ONLY);
        fetchTimeoutSeconds = settings.whole(FETCH_TIMEOUT_SECONDS, DEFAULT_FETCH_TIMEOUT_SECONDS, 1, 300, "seconds");
        maxConfigBytes = settings.whole(MAX_CONFIG_BYTES, DEFAULT_MAX_CONFIG_BYTES, 1024, 64L * 1024 * 1024, "bytes");
        cacheFile = writableFileLocation(settings, CACHE_FILE);
        overridesFile = writableFileLocation(settings, OVERRIDES_FILE);
        scheduleCheckSeconds = settings.whole(SCHEDULE_CHECK_SECONDS, DEFAULT_SCHEDULE_CHECK_SECONDS, 1, 3600, "seconds");
        reloadIntervalHours = intervalHours(settings, RELOAD_INTERVAL_HOURS, scheduleCheckSeconds);
        maxBodyBytes = settings.whole(MAX_BODY_BYTES, DEFAULT_MAX_BODY_BYTES, 0, 1024L * 1024 * 1024, "bytes");
        bedrockHeaderBetasToBody = settings.bool(BEDROCK_HEADER_BETAS_TO_BODY, DEFAULT_BEDROCK_HEADER_BETAS_TO_BODY);
        maxBufferedBytes = settings.whole(MAX_BUFFERED_BYTES, DEFAULT_MAX_BUFFERED_BYTES, 0, 1L << 40, "bytes");
        bodyIdleTimeoutSeconds = settings.whole(BODY_IDLE_TIMEOUT_SECONDS, DEFAULT_BODY_IDLE_TIMEOUT_SECONDS, 1, 3600,
                "seconds");
        maxBetas = (int) settings.whole(MAX_BETAS, DEFAULT_MAX_BETAS, 1, 100_000, "betas");
        report = report(settings);
        reportDroppedBetas = settings.bool(REPORT_DROPPED_BETAS, DEFAULT_REPORT_DROPPED_BETAS);
        dataSource = jndiName(settings, DATA_SOURCE);
        jdbcUrl = jdbcUrl(settings, JDBC_URL);
        if (dataSource != null && jdbcUrl != null) {
            throw settings.invalid(DATA_SOURCE, settings.lookup(DATA_SOURCE), "set either [" + DATA_SOURCE + "] or ["
                    + JDBC_URL + "], not both (the JDBC URL is given by " + settings.lookup(JDBC_URL).source() + ")");
        }
        jdbcUser = onlyWithJdbcUrl(settings, JDBC_USER, false);
        jdbcPassword = onlyWithJdbcUrl(settings, JDBC_PASSWORD, true);
        createTables = settings.bool(CREATE_TABLES, DEFAULT_CREATE_TABLES);
        Settings.Value prefix = settings.lookup(TABLE_PREFIX);
        if (prefix != null && !StoreTablePrefix.isValid(prefix.value())) {
            throw settings.invalid(TABLE_PREFIX, prefix, "expected " + StoreTablePrefix.allowed());
        }
        tablePrefix = prefix == null ? DEFAULT_TABLE_PREFIX : prefix.value();
        Settings.Value node = settings.lookup(NODE_NAME);
        if (node != null && (node.value().length() > MAX_NODE_NAME || hasControlCharacter(node.value()))) {
            throw settings.invalid(NODE_NAME, node, EchoedInput.of(node.value()), "expected at most " + MAX_NODE_NAME
                    + " characters, none of them a control character");
        }
        nodeName = node == null ? null : node.value();
        learnFromRejections = settings.bool(LEARN_FROM_REJECTIONS, DEFAULT_LEARN_FROM_REJECTIONS);
        quarantineHours = settings.whole(QUARANTINE_HOURS, DEFAULT_QUARANTINE_HOURS, 1, MAX_QUARANTINE_HOURS, "hours");
    }

    private static String jndiName(Settings settings, String name) {
        Settings.Value v = settings.lookup(name);
        if (v == null) {
            return null;
        }
        if (v.value().length() > 1000 || hasControlCharacter(v.value()) || v.value().contains(" ")) {
            throw settings.invalid(name, v, EchoedInput.of(v.value()), "expected a JNDI name such as "
                    + "java:comp/env/jdbc/betaHeaders (no spaces or control characters)");
        }
        return v.value();
    }

    private static String jdbcUrl(Settings settings, String name) {
        Settings.Value v = settings.lookup(name);
        if (v == null) {
            return null;
        }
        if (!v.value().startsWith("jdbc:") || v.value().length() < 7 || hasControlCharacter(v.value())) {
            throw settings.invalid(name, v, EchoedInput.of(JdbcUrlRedaction.redact(v.value())),
                    "expected a JDBC URL such as jdbc:postgresql://db.example:5432/gateway");
        }
        return v.value();
    }

    private static String onlyWithJdbcUrl(Settings settings, String name, boolean secret) {
        Settings.Value v = settings.lookup(name);
        if (v == null) {
            return null;
        }
        if (settings.lookup(JDBC_URL) == null) {
            String problem = "it is used only with [" + JDBC_URL + "], which is not set";
            throw secret ? settings.invalidSecret(name, v, problem) : settings.invalid(name, v, problem);
        }
        if (v.value().length() > 1000 || hasControlCharacter(v.value())) {
            String problem = "expected at most 1000 characters, none of them a control character";
            throw secret ? settings.invalidSecret(name, v, problem)
                    : settings.invalid(name, v, EchoedInput.of(v.value()), problem);
        }
        return v.value();
    }

    private static boolean hasControlCharacter(String value) {
        return value.chars().anyMatch(Character::isISOControl);
    }

    private static boolean report(Settings settings) {
        Settings.Value v = settings.lookup(MODE);
        if (v == null || v.value().equals(ENFORCE)) {
            return false;
        }
        if (v.value().equals(REPORT)) {
            return true;
        }
        throw settings.invalid(MODE, v, "expected '" + ENFORCE + "' or '" + REPORT + "'");
    }

    private static Set<String> providerList(Settings settings, String name, String defaultValue) {
        Settings.Value v = settings.lookup(name);
        String text = v == null ? defaultValue : v.value();
        LinkedHashSet<String> out = new LinkedHashSet<>();
        if (v != null && text.toLowerCase(Locale.ROOT).equals("none")) {
            return Set.of();
        }
        for (String part : text.split(",")) {
            String key = part.trim();
            if (key.isEmpty()) {
                continue;
            }
            if (!ProviderKeys.isValid(key)) {
                throw settings.invalid(name, v, "[" + key + "] is not a provider key; expected provider keys "
                        + "separated by commas, or 'none'");
            }
            out.add(key);
        }
        return Set.copyOf(out);
    }

    private static Path readableFile(Settings settings, String name) {
        Settings.Value v = settings.lookup(name);
        if (v == null) {
            return null;
        }
        Path path = Path.of(v.value());
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw settings.invalid(name, v, "no readable file at that path");
        }
        return path;
    }

    private static Path writableFileLocation(Settings settings, String name) {
        Settings.Value v = settings.lookup(name);
        if (v == null) {
            return null;
        }
        Path path = Path.of(v.value()).toAbsolutePath();
        Path parent = path.getParent();
        if (Files.isDirectory(path)) {
            throw settings.invalid(name, v, "that path is a directory; expected a file path");
        }
        if (parent == null || !Files.isDirectory(parent) || !Files.isWritable(parent)) {
            throw settings.invalid(name, v, "its directory does not exist or is not writable");
        }
        return path;
    }

    private static Double intervalHours(Settings settings, String name, long checkSeconds) {
        Settings.Value v = settings.lookup(name);
        if (v == null) {
            return null;
        }
        try {
            double hours = IntervalHours.parse(v.value());
            IntervalHours.checkAtLeast(hours, Duration.ofSeconds(checkSeconds));
            return hours;
        } catch (IllegalArgumentException e) {
            throw settings.invalid(name, v, e.getMessage());
        }
    }

    private static URI url(Settings settings, String name, String defaultValue) {
        Settings.Value v = settings.lookup(name);
        String text = v == null ? defaultValue : v.value();
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw settings.invalid(name, v, UrlRedaction.redact(v.value()), "expected an absolute http or https URL");
    }

    /** The configured provider key, or {@code auto}. */
    public String provider() {
        return provider;
    }

    /** The routes, or {@code null} when none are configured. */
    public ProviderRoutes routes() {
        return routes;
    }

    /** Chooses the provider of a request from its path: fixed, by routes, or recognised from the shape. */
    public ProviderResolver resolver() {
        return resolver;
    }

    public Set<String> forwardUnknownBetas() {
        return forwardUnknownBetas;
    }

    public Path configFile() {
        return configFile;
    }

    /** The URL to fetch, without any user info (which {@link #configAuthorization()} carries). */
    public URI configUrl() {
        return configUrl;
    }

    /**
     * The {@code Authorization} header value for fetching {@link #configUrl()}: {@link #CONFIG_AUTHORIZATION}, or
     * {@code Basic} credentials from the URL's user info; {@code null} for none. A secret: never show it.
     */
    public String configAuthorization() {
        return configAuthorization;
    }

    public boolean localOnly() {
        return localOnly;
    }

    public long fetchTimeoutSeconds() {
        return fetchTimeoutSeconds;
    }

    public long maxConfigBytes() {
        return maxConfigBytes;
    }

    public Path cacheFile() {
        return cacheFile;
    }

    /** The overrides file, or {@code null}: overrides are then kept in memory only. */
    public Path overridesFile() {
        return overridesFile;
    }

    /**
     * The deployment error for an {@link #OVERRIDES_FILE} whose content is refused: names the setting, its source,
     * the file and what is wrong.
     */
    public InvalidSettingException invalidOverridesFile(String problem) {
        return settings.invalid(OVERRIDES_FILE, settings.lookup(OVERRIDES_FILE), problem);
    }

    public long scheduleCheckSeconds() {
        return scheduleCheckSeconds;
    }

    public Double reloadIntervalHours() {
        return reloadIntervalHours;
    }

    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    public boolean bedrockHeaderBetasToBody() {
        return bedrockHeaderBetasToBody;
    }

    public long maxBufferedBytes() {
        return maxBufferedBytes;
    }

    public long bodyIdleTimeoutSeconds() {
        return bodyIdleTimeoutSeconds;
    }

    public int maxBetas() {
        return maxBetas;
    }

    /** True in {@value #REPORT} mode: nothing is changed, what enforce would do is counted, logged and answered. */
    public boolean report() {
        return report;
    }

    /** The mode's name: {@value #ENFORCE} or {@value #REPORT}. */
    public String mode() {
        return report ? REPORT : ENFORCE;
    }

    /** Whether answers carry {@code x-anthropic-beta-dropped} and {@code x-anthropic-beta-renamed}. */
    public boolean reportDroppedBetas() {
        return reportDroppedBetas;
    }

    /** The JNDI name of the shared store's DataSource, or {@code null}. */
    public String dataSource() {
        return dataSource;
    }

    /** The shared store's JDBC URL, or {@code null}. It may carry a password: show it through {@link JdbcUrlRedaction}. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String jdbcUser() {
        return jdbcUser;
    }

    /** The password for {@link #jdbcUrl()}, or {@code null}. A secret: never show it. */
    public String jdbcPassword() {
        return jdbcPassword;
    }

    /** Whether a shared store is configured ({@link #DATA_SOURCE} or {@link #JDBC_URL}); else the schedule is in memory. */
    public boolean sharedStore() {
        return dataSource != null || jdbcUrl != null;
    }

    public boolean createTables() {
        return createTables;
    }

    public String tablePrefix() {
        return tablePrefix;
    }

    /** The node's name as set, or {@code null} for the default (which the listener makes: host name + context path). */
    public String nodeName() {
        return nodeName;
    }

    /**
     * The error for a setting whose value turned out unusable after reading (a JNDI name that names nothing, a JDBC
     * URL no driver takes): names the setting, its source and the value (a JDBC URL without its password).
     */
    public InvalidSettingException invalid(String name, String problem) {
        Settings.Value v = settings.lookup(name);
        if (v == null) {
            return new InvalidSettingException(settings.component() + ": setting [" + name + "]: " + problem);
        }
        if (Settings.isSecret(name)) {
            return settings.invalidSecret(name, v, problem);
        }
        String shown = JDBC_URL.equals(name) ? JdbcUrlRedaction.redact(v.value()) : v.value();
        return settings.invalid(name, v, EchoedInput.of(shown), problem);
    }

    /** Whether refusals of the provider quarantine the refused betas ({@link #LEARN_FROM_REJECTIONS}). */
    public boolean learnFromRejections() {
        return learnFromRejections;
    }

    /** How long a quarantine lasts, in hours. */
    public long quarantineHours() {
        return quarantineHours;
    }

    /** Logs which settings are set and where from (secrets redacted): {@link Settings#logSources()}. */
    public void logSources() {
        settings.logSources();
    }

    /** What these settings belong to, for messages: {@code filter [AnthropicBetaHeadersFilter]}. */
    public String component() {
        return settings.component();
    }

    /** The provider keys this configuration names explicitly (fixed provider or routes), to check against a mapping. */
    public Set<String> namedProviders() {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        if (routes != null) {
            routes.routes().forEach(r -> out.add(r.provider()));
        } else if (!AUTO.equals(provider)) {
            out.add(provider);
        }
        return out;
    }
}
