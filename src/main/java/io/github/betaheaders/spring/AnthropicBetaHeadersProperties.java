package io.github.betaheaders.spring;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Every setting of the library under {@value #PREFIX} in Spring's environment, in kebab case
 * ({@code anthropic-beta-headers.admin-token}; relaxed binding also takes {@code adminToken} and
 * {@code ANTHROPICBETAHEADERS_ADMINTOKEN}), plus {@code enabled}. The values are kept as text: the library checks
 * them ({@link SpringSettings}), with the same defaults and messages as for init-params, so that a bad value fails
 * the start naming the property and the value. A property under the prefix that names no setting fails the start too.
 */
@ConfigurationProperties(prefix = AnthropicBetaHeadersProperties.PREFIX, ignoreUnknownFields = false)
public class AnthropicBetaHeadersProperties {

    public static final String PREFIX = "anthropic-beta-headers";

    /** Whether the auto-configuration registers the service, the filter and the admin servlet. */
    private boolean enabled = true;

    /** One provider key for every request the filter sees, or 'auto' to recognise it from the path. */
    private String provider;

    /** PATTERN=PROVIDER rules separated by commas or newlines (such as /bedrock/*=bedrock); not together with a provider other than 'auto'. */
    private String routes;

    /** Providers (comma-separated, or 'none') that forward betas their section of the mapping does not mention. */
    private String forwardUnknownBetas;

    /** A local mapping file used instead of the bundled one; must exist and be a valid mapping at start. */
    private String configFile;

    /** Where the mapping is fetched from; user info in it is sent as Basic credentials, not in the URL. */
    private String configUrl;

    /** The Authorization header value sent with each fetch of config-url (a secret, never logged or shown). */
    private String configAuthorization;

    /** Never fetch the mapping: use config-file, else the bundled mapping. */
    private String localOnly;

    /** One deadline for a whole fetch of the mapping (connect, headers, body), 1 to 300 seconds. */
    private String fetchTimeoutSeconds;

    /** Largest mapping document accepted, in bytes. */
    private String maxConfigBytes;

    /** Where each good fetched mapping document is written, read at start when the fetch fails; its directory must exist. */
    private String cacheFile;

    /** How often the reload schedule checks whether a reload is due, 1 to 3600 seconds. */
    private String scheduleCheckSeconds;

    /** A reload schedule set at start, in hours (such as 24 or 0.5), at most 8760 and at least schedule-check-seconds. */
    private String reloadIntervalHours;

    /** Largest JSON request body whose betas are rewritten, in bytes; larger ones stream through untouched. */
    private String maxBodyBytes;

    /** Most bytes of request bodies held at once over all requests (0 to 2^40); by default a quarter of the maximum heap, at most 4 GiB. */
    private String maxBufferedBytes;

    /** Most betas in one anthropic-beta header or body array that are rewritten (1 to 100000); a longer list is forwarded as sent. */
    private String maxBetas;

    /** For bedrock, merge the rewritten header betas into the body's anthropic_beta array. */
    private String bedrockHeaderBetasToBody;

    /** 'enforce' rewrites betas; 'report' forwards every request as sent while the counters, logs and answer header say what enforce would have done. */
    private String mode;

    /** Answer with x-anthropic-beta-dropped and x-anthropic-beta-renamed saying what the filter did to the request. */
    private String reportDroppedBetas;

    /** Whether a beta the provider refuses (a 400 naming it, or Bedrock's "invalid beta flag") is dropped for that provider and model for quarantine-hours. */
    private String learnFromRejections;

    /** How long a refused beta stays dropped for its provider and model before it is tried again (1 to 8760 hours). */
    private String quarantineHours;

    /** The admin API's bearer token, at least 16 characters (a secret); without it or admin-roles the admin API refuses every request. */
    private String adminToken;

    /** Role names (comma-separated) whose authenticated users may use the admin API without the token. */
    private String adminRoles;

    /** Refused admin requests from one address, within admin-failure-window-seconds, that block it (1 to 1000000). */
    private String adminMaxFailures;

    /** The window, from an address's first refused admin request, in which its refusals count (1 to 86400 seconds). */
    private String adminFailureWindowSeconds;

    /** How long a blocked address gets 429 from the admin API (1 to 86400 seconds). */
    private String adminBlockSeconds;

    /** Serve GET /metrics/anthropic_beta_headers to anyone, without token or role. */
    private String adminMetricsOpen;

    /** Corrections laid over the mapping in LiteLLM's format (sections per provider or provider/model-pattern); need not exist yet, its directory must; written back atomically when changed through the admin API. */
    private String overridesFile;

    /** The shared store: the JNDI name of a javax.sql.DataSource (such as java:comp/env/jdbc/betaHeaders); not together with jdbc-url. */
    private String dataSource;

    /** The shared store: a JDBC URL opened through java.sql.DriverManager (the driver must be on the classpath); not together with data-source. */
    private String jdbcUrl;

    /** The user for jdbc-url. */
    private String jdbcUser;

    /** The password for jdbc-url (a secret, never logged or shown). */
    private String jdbcPassword;

    /** Whether the shared store creates its tables when they are missing. */
    private String createTables;

    /** What the shared store's table names start with (letters, digits and underscores, starting with a letter). */
    private String tablePrefix;

    /** This node's name in the shared store; by default the host name and the context path. */
    private String nodeName;

    /** How long a chunked body handed over to the proxy may go without a byte before its read fails (1 to 3600 seconds). */
    private String bodyIdleTimeoutSeconds;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getProvider() {
        return provider;
    }

    public void setProvider(String provider) {
        this.provider = provider;
    }

    public String getRoutes() {
        return routes;
    }

    public void setRoutes(String routes) {
        this.routes = routes;
    }

    public String getForwardUnknownBetas() {
        return forwardUnknownBetas;
    }

    public void setForwardUnknownBetas(String forwardUnknownBetas) {
        this.forwardUnknownBetas = forwardUnknownBetas;
    }

    public String getConfigFile() {
        return configFile;
    }

    public void setConfigFile(String configFile) {
        this.configFile = configFile;
    }

    public String getConfigUrl() {
        return configUrl;
    }

    public void setConfigUrl(String configUrl) {
        this.configUrl = configUrl;
    }

    public String getConfigAuthorization() {
        return configAuthorization;
    }

    public void setConfigAuthorization(String configAuthorization) {
        this.configAuthorization = configAuthorization;
    }

    public String getLocalOnly() {
        return localOnly;
    }

    public void setLocalOnly(String localOnly) {
        this.localOnly = localOnly;
    }

    public String getFetchTimeoutSeconds() {
        return fetchTimeoutSeconds;
    }

    public void setFetchTimeoutSeconds(String fetchTimeoutSeconds) {
        this.fetchTimeoutSeconds = fetchTimeoutSeconds;
    }

    public String getMaxConfigBytes() {
        return maxConfigBytes;
    }

    public void setMaxConfigBytes(String maxConfigBytes) {
        this.maxConfigBytes = maxConfigBytes;
    }

    public String getCacheFile() {
        return cacheFile;
    }

    public void setCacheFile(String cacheFile) {
        this.cacheFile = cacheFile;
    }

    public String getScheduleCheckSeconds() {
        return scheduleCheckSeconds;
    }

    public void setScheduleCheckSeconds(String scheduleCheckSeconds) {
        this.scheduleCheckSeconds = scheduleCheckSeconds;
    }

    public String getReloadIntervalHours() {
        return reloadIntervalHours;
    }

    public void setReloadIntervalHours(String reloadIntervalHours) {
        this.reloadIntervalHours = reloadIntervalHours;
    }

    public String getMaxBodyBytes() {
        return maxBodyBytes;
    }

    public void setMaxBodyBytes(String maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    public String getMaxBufferedBytes() {
        return maxBufferedBytes;
    }

    public void setMaxBufferedBytes(String maxBufferedBytes) {
        this.maxBufferedBytes = maxBufferedBytes;
    }

    public String getMaxBetas() {
        return maxBetas;
    }

    public void setMaxBetas(String maxBetas) {
        this.maxBetas = maxBetas;
    }

    public String getBedrockHeaderBetasToBody() {
        return bedrockHeaderBetasToBody;
    }

    public void setBedrockHeaderBetasToBody(String bedrockHeaderBetasToBody) {
        this.bedrockHeaderBetasToBody = bedrockHeaderBetasToBody;
    }

    public String getMode() {
        return mode;
    }

    public void setMode(String mode) {
        this.mode = mode;
    }

    public String getReportDroppedBetas() {
        return reportDroppedBetas;
    }

    public void setReportDroppedBetas(String reportDroppedBetas) {
        this.reportDroppedBetas = reportDroppedBetas;
    }

    public String getLearnFromRejections() {
        return learnFromRejections;
    }

    public void setLearnFromRejections(String learnFromRejections) {
        this.learnFromRejections = learnFromRejections;
    }

    public String getQuarantineHours() {
        return quarantineHours;
    }

    public void setQuarantineHours(String quarantineHours) {
        this.quarantineHours = quarantineHours;
    }

    public String getAdminToken() {
        return adminToken;
    }

    public void setAdminToken(String adminToken) {
        this.adminToken = adminToken;
    }

    public String getAdminRoles() {
        return adminRoles;
    }

    public void setAdminRoles(String adminRoles) {
        this.adminRoles = adminRoles;
    }

    public String getAdminMaxFailures() {
        return adminMaxFailures;
    }

    public void setAdminMaxFailures(String adminMaxFailures) {
        this.adminMaxFailures = adminMaxFailures;
    }

    public String getAdminFailureWindowSeconds() {
        return adminFailureWindowSeconds;
    }

    public void setAdminFailureWindowSeconds(String adminFailureWindowSeconds) {
        this.adminFailureWindowSeconds = adminFailureWindowSeconds;
    }

    public String getAdminBlockSeconds() {
        return adminBlockSeconds;
    }

    public void setAdminBlockSeconds(String adminBlockSeconds) {
        this.adminBlockSeconds = adminBlockSeconds;
    }

    public String getAdminMetricsOpen() {
        return adminMetricsOpen;
    }

    public void setAdminMetricsOpen(String adminMetricsOpen) {
        this.adminMetricsOpen = adminMetricsOpen;
    }

    public String getOverridesFile() {
        return overridesFile;
    }

    public void setOverridesFile(String overridesFile) {
        this.overridesFile = overridesFile;
    }

    public String getDataSource() {
        return dataSource;
    }

    public void setDataSource(String dataSource) {
        this.dataSource = dataSource;
    }

    public String getJdbcUrl() {
        return jdbcUrl;
    }

    public void setJdbcUrl(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
    }

    public String getJdbcUser() {
        return jdbcUser;
    }

    public void setJdbcUser(String jdbcUser) {
        this.jdbcUser = jdbcUser;
    }

    public String getJdbcPassword() {
        return jdbcPassword;
    }

    public void setJdbcPassword(String jdbcPassword) {
        this.jdbcPassword = jdbcPassword;
    }

    public String getCreateTables() {
        return createTables;
    }

    public void setCreateTables(String createTables) {
        this.createTables = createTables;
    }

    public String getTablePrefix() {
        return tablePrefix;
    }

    public void setTablePrefix(String tablePrefix) {
        this.tablePrefix = tablePrefix;
    }

    public String getNodeName() {
        return nodeName;
    }

    public void setNodeName(String nodeName) {
        this.nodeName = nodeName;
    }

    public String getBodyIdleTimeoutSeconds() {
        return bodyIdleTimeoutSeconds;
    }

    public void setBodyIdleTimeoutSeconds(String bodyIdleTimeoutSeconds) {
        this.bodyIdleTimeoutSeconds = bodyIdleTimeoutSeconds;
    }

    /** The values set, by the library's setting name ({@code adminToken}); {@code null} for those not set. */
    Map<String, String> byLibraryName() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("provider", provider);
        values.put("routes", routes);
        values.put("forwardUnknownBetas", forwardUnknownBetas);
        values.put("configFile", configFile);
        values.put("configUrl", configUrl);
        values.put("configAuthorization", configAuthorization);
        values.put("localOnly", localOnly);
        values.put("fetchTimeoutSeconds", fetchTimeoutSeconds);
        values.put("maxConfigBytes", maxConfigBytes);
        values.put("cacheFile", cacheFile);
        values.put("scheduleCheckSeconds", scheduleCheckSeconds);
        values.put("reloadIntervalHours", reloadIntervalHours);
        values.put("maxBodyBytes", maxBodyBytes);
        values.put("maxBufferedBytes", maxBufferedBytes);
        values.put("maxBetas", maxBetas);
        values.put("bedrockHeaderBetasToBody", bedrockHeaderBetasToBody);
        values.put("mode", mode);
        values.put("reportDroppedBetas", reportDroppedBetas);
        values.put("learnFromRejections", learnFromRejections);
        values.put("quarantineHours", quarantineHours);
        values.put("adminToken", adminToken);
        values.put("adminRoles", adminRoles);
        values.put("adminMaxFailures", adminMaxFailures);
        values.put("adminFailureWindowSeconds", adminFailureWindowSeconds);
        values.put("adminBlockSeconds", adminBlockSeconds);
        values.put("adminMetricsOpen", adminMetricsOpen);
        values.put("overridesFile", overridesFile);
        values.put("dataSource", dataSource);
        values.put("jdbcUrl", jdbcUrl);
        values.put("jdbcUser", jdbcUser);
        values.put("jdbcPassword", jdbcPassword);
        values.put("createTables", createTables);
        values.put("tablePrefix", tablePrefix);
        values.put("nodeName", nodeName);
        values.put("bodyIdleTimeoutSeconds", bodyIdleTimeoutSeconds);
        return values;
    }
}
