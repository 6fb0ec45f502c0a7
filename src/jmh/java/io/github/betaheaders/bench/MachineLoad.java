package io.github.betaheaders.bench;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the machine did over a stretch of time, besides this process: the share of all cores other processes kept busy
 * (user, system and steal time from {@code /proc/stat} less this process's CPU time; unknown off Linux), and the
 * time this JVM spent in garbage collection and JIT compilation. A benchmark sharing 2 cores with other work shows
 * it here rather than only in its figures.
 */
final class MachineLoad {

    /** One reading; {@link #since} gives the stretch between two. */
    record Reading(long busyJiffies, long allJiffies, long processCpuNanos, long gcMillis, long jitMillis) {
    }

    /** Jiffies per second ({@code USER_HZ}), 100 on Linux. */
    private static final double HZ = 100;

    private MachineLoad() {
    }

    static Reading now() {
        long busy = -1;
        long all = -1;
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            if (cpu[0].equals("cpu") && cpu.length >= 9) {
                // user nice system idle iowait irq softirq steal: interrupts (loopback traffic) are nobody's
                long[] v = new long[9];
                for (int i = 1; i <= 8; i++) {
                    v[i] = Long.parseLong(cpu[i]);
                }
                busy = v[1] + v[2] + v[3] + v[8];
                all = busy + v[4] + v[5] + v[6] + v[7];
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the share of other processes stays unknown
        }
        long gc = 0;
        for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            gc += Math.max(0, bean.getCollectionTime());
        }
        long cpuNanos = ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : -1;
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        long jitMillis = jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
        return new Reading(busy, all, cpuNanos, gc, jitMillis);
    }

    /**
     * {@code others 3 %, gc 120 ms, jit 40 ms}: other processes' share of all cores, and the time of garbage collection
     * and of the JIT compiler (in its own threads), from {@code start} to now.
     */
    static String since(Reading start) {
        Reading end = now();
        String others = "others ?";
        if (start.allJiffies() >= 0 && end.allJiffies() > start.allJiffies() && start.processCpuNanos() >= 0) {
            double busySeconds = (end.busyJiffies() - start.busyJiffies()) / HZ;
            double allSeconds = (end.allJiffies() - start.allJiffies()) / HZ;
            double ownSeconds = (end.processCpuNanos() - start.processCpuNanos()) / 1e9;
            others = String.format("others %2.0f %%", Math.max(0, 100 * (busySeconds - ownSeconds) / allSeconds));
        }
        return others + String.format(", gc %,4d ms, jit %,5d ms", end.gcMillis() - start.gcMillis(),
                end.jitMillis() - start.jitMillis());
    }

    /**
     * The machine, as a reader of figures needs it: {@code AMD EPYC 7B13, 2 cores, JDK 17.0.15}. The CPU model from
     * {@code /proc/cpuinfo} (Linux), else the architecture.
     */
    static String describe() {
        String cpu = System.getProperty("os.arch");
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).trim().replaceAll("\\s+", " ");
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the architecture is all there is
        }
        return cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores, JDK " + Runtime.version();
    }
}
