package io.github.betaheaders.metrics;

/** The names of the metric families, as the Prometheus resource shows them. */
public final class MetricNames {

    public static final String REQUESTS = "anthropic_beta_headers_requests_total";
    public static final String UNTOUCHED = "anthropic_beta_headers_untouched_total";
    public static final String BETAS = "anthropic_beta_headers_betas_total";
    public static final String RENAMED_BETAS = "anthropic_beta_headers_renamed_betas_total";
    public static final String RELOADS = "anthropic_beta_headers_reloads_total";
    public static final String QUARANTINES = "anthropic_beta_headers_quarantines_total";
    public static final String OTHER_BETA_NAMES = "anthropic_beta_headers_other_beta_names";
    public static final String MAPPING_INFO = "anthropic_beta_headers_mapping_info";
    public static final String MAPPING_LOADED = "anthropic_beta_headers_mapping_loaded_timestamp_seconds";
    public static final String MAPPING_AGE = "anthropic_beta_headers_mapping_age_seconds";
    public static final String MODE = "anthropic_beta_headers_mode_info";

    private MetricNames() {
    }

    /** An enum constant as a label value: its name in lower case ({@code DROPPED_NULL}: {@code dropped_null}). */
    static String label(Enum<?> constant) {
        return constant.name().toLowerCase(java.util.Locale.ROOT);
    }
}
