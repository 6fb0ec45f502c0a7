package io.github.betaheaders.metrics;

import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * Told of each series {@link BetaCounters} starts keeping (a new provider, beta or rename), so that a view that
 * registers meters ({@code MicrometerMeters}) has every series without asking on each request. Called rarely: the
 * series are bounded; possibly more than once for one series.
 */
public interface SeriesListener {

    /**
     * @param family the Prometheus family name ({@link MetricNames})
     * @param help   what it counts
     * @param type   counter or gauge
     * @param labels the series' labels
     * @param value  reads its current value
     */
    void added(String family, String help, MetricFamily.Type type, Map<String, String> labels, DoubleSupplier value);
}
