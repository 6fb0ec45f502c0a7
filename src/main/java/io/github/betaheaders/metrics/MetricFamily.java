package io.github.betaheaders.metrics;

import java.util.List;
import java.util.Map;

/**
 * One metric with all its series, as every view shows it (Prometheus text, JMX, Micrometer).
 *
 * @param name    the Prometheus name: lower snake case, {@code anthropic_beta_headers_} first, counters ending in
 *                {@code _total}
 * @param help    one line saying what it counts
 * @param type    counter or gauge
 * @param samples one per label set
 */
public record MetricFamily(String name, String help, Type type, List<Sample> samples) {

    public MetricFamily {
        samples = List.copyOf(samples);
    }

    /** How the values behave. */
    public enum Type {
        /** Only grows (until the webapp restarts). */
        COUNTER,
        /** Goes up and down. */
        GAUGE
    }

    /**
     * One series.
     *
     * @param labels label name to value, in the order written
     * @param value  the value
     */
    public record Sample(Map<String, String> labels, double value) {
        public Sample {
            labels = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(labels));
        }
    }
}
