package io.github.betaheaders.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.DoubleSupplier;

/**
 * The counters as Micrometer meters in {@link Metrics#globalRegistry} (or a given registry), each series a {@link FunctionCounter} (a gauge
 * for the mapping's age) reading the counter itself, tagged with the webapp's {@code context}; removed by
 * {@link #close()}. Names follow Micrometer's conventions: {@code anthropic_beta_headers_requests_total} is
 * {@code anthropic.beta.headers.requests} (a Prometheus registry writes it back with {@code _total}).
 *
 * <p>Links against Micrometer: only {@link MicrometerBinding} creates it, and only when Micrometer is present.
 */
final class MicrometerMeters implements SeriesListener, AutoCloseable {

    private final MeterRegistry registry;
    private final String context;
    private final List<Meter> meters = new CopyOnWriteArrayList<>();
    /** Micrometer holds what a meter reads only weakly: these hold it for as long as the meter is registered. */
    private final List<DoubleSupplier> read = new CopyOnWriteArrayList<>();

    MicrometerMeters(String context) {
        this(context, Metrics.globalRegistry);
    }

    /** Meters in {@code registry} (a Spring Boot app's own, from the auto-configuration). */
    MicrometerMeters(String context, MeterRegistry registry) {
        this.context = context;
        this.registry = registry;
    }

    /** Micrometer's name for a Prometheus family name. */
    static String meterName(String family) {
        String base = family.endsWith("_total") ? family.substring(0, family.length() - "_total".length()) : family;
        return base.replace('_', '.');
    }

    @Override
    public void added(String family, String help, MetricFamily.Type type, Map<String, String> labels,
                      DoubleSupplier value) {
        List<Tag> tags = new ArrayList<>(labels.size() + 1);
        tags.add(Tag.of("context", context));
        labels.forEach((k, v) -> tags.add(Tag.of(k, v)));
        Meter meter = type == MetricFamily.Type.COUNTER
                ? FunctionCounter.builder(meterName(family), value, DoubleSupplier::getAsDouble).description(help)
                        .tags(tags).register(registry)
                : Gauge.builder(meterName(family), value, DoubleSupplier::getAsDouble).description(help).tags(tags)
                        .register(registry);
        read.add(value);
        meters.add(meter);
    }

    @Override
    public void close() {
        for (Meter meter : meters) {
            registry.remove(meter);
        }
        meters.clear();
        read.clear();
    }
}
