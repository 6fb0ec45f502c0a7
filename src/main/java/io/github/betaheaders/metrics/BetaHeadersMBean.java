package io.github.betaheaders.metrics;

import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The {@link BetaHeadersMXBean} of one webapp, read from the same families as the Prometheus resource; registered in
 * the platform MBean server by {@link #register} and unregistered by {@link #close()}.
 */
public final class BetaHeadersMBean implements BetaHeadersMXBean, AutoCloseable {

    /** The domain of every MBean of this library. */
    public static final String DOMAIN = "io.github.betaheaders";

    private static final System.Logger LOG = System.getLogger(BetaHeadersMBean.class.getName());

    private final Supplier<List<MetricFamily>> families;
    private ObjectName name;
    private volatile boolean registered;

    private BetaHeadersMBean(Supplier<List<MetricFamily>> families, ObjectName name) {
        this.families = families;
        this.name = name;
    }

    /** The most webapps of one context path (in different hosts or servers of one JVM) told apart by {@code instance}. */
    private static final int MAX_INSTANCES = 100;

    /** {@code io.github.betaheaders:type=BetaHeaders,context="/app"} ({@code "/"} for the root context). */
    public static ObjectName nameFor(String contextPath) {
        try {
            return new ObjectName(DOMAIN + ":type=BetaHeaders,context="
                    + ObjectName.quote(contextPath == null || contextPath.isEmpty() ? "/" : contextPath));
        } catch (JMException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /**
     * Registers the MBean of the webapp at {@code contextPath}. When a bean of that name is there already (webapps of
     * the same path in different hosts or servers of one JVM), the name gets {@code ,instance=2} (3, ...).
     */
    public static BetaHeadersMBean register(String contextPath, Supplier<List<MetricFamily>> families) {
        ObjectName first = nameFor(contextPath);
        BetaHeadersMBean bean = new BetaHeadersMBean(families, first);
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        for (int instance = 1; instance <= MAX_INSTANCES && !bean.registered; instance++) {
            try {
                bean.name = instance == 1 ? first : new ObjectName(first + ",instance=" + instance);
                server.registerMBean(bean, bean.name);
                bean.registered = true;
            } catch (javax.management.InstanceAlreadyExistsException e) {
                // try the next instance number
            } catch (JMException | SecurityException e) {
                LOG.log(Level.WARNING, "could not register the MBean " + bean.name + ": " + e);
                return bean;
            }
        }
        return bean;
    }

    /** {@code 1}, or the {@code instance} key of the name when another webapp had the context path's name. */
    public String instance() {
        String instance = name.getKeyProperty("instance");
        return instance == null ? "1" : instance;
    }

    public ObjectName name() {
        return name;
    }

    @Override
    public void close() {
        if (!registered) {
            return;
        }
        registered = false;
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
        } catch (JMException | SecurityException e) {
            LOG.log(Level.WARNING, "could not unregister the MBean " + name + ": " + e);
        }
    }

    private MetricFamily family(String familyName) {
        for (MetricFamily family : families.get()) {
            if (family.name().equals(familyName)) {
                return family;
            }
        }
        return new MetricFamily(familyName, "", MetricFamily.Type.GAUGE, List.of());
    }

    private long sum(String familyName, String label, String value) {
        double total = 0;
        for (MetricFamily.Sample s : family(familyName).samples()) {
            if (value.equals(s.labels().get(label))) {
                total += s.value();
            }
        }
        return (long) total;
    }

    private String info(String familyName, String label) {
        List<MetricFamily.Sample> samples = family(familyName).samples();
        return samples.isEmpty() ? null : samples.get(0).labels().get(label);
    }

    @Override
    public String getMode() {
        return info(MetricNames.MODE, "mode");
    }

    @Override
    public String getMappingSource() {
        return info(MetricNames.MAPPING_INFO, "source");
    }

    @Override
    public String getMappingSha256() {
        return info(MetricNames.MAPPING_INFO, "sha256");
    }

    @Override
    public long getMappingAgeSeconds() {
        List<MetricFamily.Sample> samples = family(MetricNames.MAPPING_AGE).samples();
        return samples.isEmpty() ? 0 : (long) samples.get(0).value();
    }

    @Override
    public long getRequestsChanged() {
        return sum(MetricNames.REQUESTS, "result", RequestResult.CHANGED.label());
    }

    @Override
    public long getRequestsUnchanged() {
        return sum(MetricNames.REQUESTS, "result", RequestResult.UNCHANGED.label());
    }

    @Override
    public long getRequestsUntouched() {
        return sum(MetricNames.REQUESTS, "result", RequestResult.UNTOUCHED.label());
    }

    @Override
    public long getReloadsChanged() {
        return sum(MetricNames.RELOADS, "result", ReloadResult.CHANGED.label());
    }

    @Override
    public long getReloadsUnchanged() {
        return sum(MetricNames.RELOADS, "result", ReloadResult.UNCHANGED.label());
    }

    @Override
    public long getReloadsFailed() {
        return sum(MetricNames.RELOADS, "result", ReloadResult.FAILED.label());
    }

    @Override
    public long getQuarantines() {
        double total = 0;
        for (MetricFamily.Sample s : family(MetricNames.QUARANTINES).samples()) {
            total += s.value();
        }
        return (long) total;
    }

    @Override
    public Map<String, Double> getSeries() {
        LinkedHashMap<String, Double> out = new LinkedHashMap<>();
        for (MetricFamily family : families.get()) {
            for (MetricFamily.Sample s : family.samples()) {
                StringBuilder key = new StringBuilder(family.name());
                if (!s.labels().isEmpty()) {
                    key.append('{');
                    String separator = "";
                    for (Map.Entry<String, String> l : s.labels().entrySet()) {
                        key.append(separator).append(l.getKey()).append("=\"").append(l.getValue()).append('"');
                        separator = ",";
                    }
                    key.append('}');
                }
                out.put(key.toString(), s.value());
            }
        }
        return out;
    }
}
