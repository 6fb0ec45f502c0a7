package io.github.betaheaders.metrics;

import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * Puts the counters into Micrometer's global registry when Micrometer is on the webapp's class path, and does nothing
 * otherwise: whether it is present is asked of the class loader that loaded this jar (the webapp's, for a jar in
 * {@code WEB-INF/lib}) with {@link Class#forName(String, boolean, ClassLoader)}, and {@link MicrometerMeters}, the only
 * class that links against Micrometer, is loaded only then.
 */
public final class MicrometerBinding {

    private static final System.Logger LOG = System.getLogger(MicrometerBinding.class.getName());
    static final String MICROMETER_CLASS = "io.micrometer.core.instrument.Metrics";
    private static final String METERS_CLASS = "io.github.betaheaders.metrics.MicrometerMeters";
    private static final String REGISTRY_CLASS = "io.micrometer.core.instrument.MeterRegistry";

    private MicrometerBinding() {
    }

    /** Whether Micrometer is on the class path of this jar's class loader. */
    public static boolean micrometerPresent() {
        try {
            Class.forName(MICROMETER_CLASS, false, MicrometerBinding.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * Registers meters for the counters of the webapp at {@code contextPath} (and for the mapping's age), kept up
     * with every series the counters start keeping; closing removes them. Without Micrometer, a no-op.
     */
    public static AutoCloseable bind(BetaCounters counters, String contextPath, DoubleSupplier mappingAgeSeconds) {
        return bind(counters, contextPath, mappingAgeSeconds, null);
    }

    /**
     * As {@link #bind(BetaCounters, String, DoubleSupplier)}, into {@code registry}: a Micrometer
     * {@code MeterRegistry} (typed {@code Object} so that this class links without Micrometer), or {@code null} for
     * the global registry.
     */
    public static AutoCloseable bind(BetaCounters counters, String contextPath, DoubleSupplier mappingAgeSeconds,
                                     Object registry) {
        if (!micrometerPresent()) {
            return () -> { };
        }
        try {
            Class<?> type = Class.forName(METERS_CLASS, true, MicrometerBinding.class.getClassLoader());
            String context = contextPath == null || contextPath.isEmpty() ? "/" : contextPath;
            Object meters = registry == null ? type.getDeclaredConstructor(String.class).newInstance(context)
                    : type.getDeclaredConstructor(String.class, Class.forName(REGISTRY_CLASS, false,
                            MicrometerBinding.class.getClassLoader())).newInstance(context, registry);
            SeriesListener listener = (SeriesListener) meters;
            listener.added(MetricNames.MAPPING_AGE, "Seconds since the active mapping was loaded",
                    MetricFamily.Type.GAUGE, Map.of(), mappingAgeSeconds);
            counters.listen(listener);
            LOG.log(Level.DEBUG, () -> "the anthropic-beta counters of [" + contextPath + "] are Micrometer meters too");
            return (AutoCloseable) meters;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            LOG.log(Level.WARNING, "Micrometer is present but the anthropic-beta counters could not be registered "
                    + "as meters: " + e);
            return () -> { };
        }
    }
}
