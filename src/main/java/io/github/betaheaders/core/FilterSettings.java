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
            QUARANTINE_HOURS);

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
    private final long scheduleCheckSeconds;
    private final Double reloadIntervalHours;
    private final long maxBodyBytes;
    private final boolean bedrockHeaderBetasToBody;
    private final long maxBufferedBytes;
    private final int maxBetas;
    private final boolean report;
    private final boolean reportDroppedBetas;
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
        scheduleCheckSeconds = settings.whole(SCHEDULE_CHECK_SECONDS, DEFAULT_SCHEDULE_CHECK_SECONDS, 1, 3600, "seconds");
        reloadIntervalHours = intervalHours(settings, RELOAD_INTERVAL_HOURS, scheduleCheckSeconds);
        maxBodyBytes = settings.whole(MAX_BODY_BYTES, DEFAULT_MAX_BODY_BYTES, 0, 1024L * 1024 * 1024, "bytes");
        bedrockHeaderBetasToBody = settings.bool(BEDROCK_HEADER_BETAS_TO_BODY, DEFAULT_BEDROCK_HEADER_BETAS_TO_BODY);
        maxBufferedBytes = settings.whole(MAX_BUFFERED_BYTES, DEFAULT_MAX_BUFFERED_BYTES, 0, 1L << 40, "bytes");
        maxBetas = (int) settings.whole(MAX_BETAS, DEFAULT_MAX_BETAS, 1, 100_000, "betas");
        report = report(settings);
        reportDroppedBetas = settings.bool(REPORT_DROPPED_BETAS, DEFAULT_REPORT_DROPPED_BETAS);
        learnFromRejections = settings.bool(LEARN_FROM_REJECTIONS, DEFAULT_LEARN_FROM_REJECTIONS);
        quarantineHours = settings.whole(QUARANTINE_HOURS, DEFAULT_QUARANTINE_HOURS, 1, MAX_QUARANTINE_HOURS, "hours");
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
