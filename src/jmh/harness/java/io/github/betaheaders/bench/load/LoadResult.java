package io.github.betaheaders.bench.load;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What one or more {@link LoadDriver} runs measured: successful requests with every latency, failures (with up to a
 * few descriptions), and the time taken. Immutable.
 */
public final class LoadResult {

    private final long[] sortedNanos;
    private final long failures;
    private final double seconds;
    private final List<String> failureSamples;

    LoadResult(long[] latencyNanos, long failures, double seconds, List<String> failureSamples) {
        this.sortedNanos = latencyNanos.clone();
        Arrays.sort(sortedNanos);
        this.failures = failures;
        this.seconds = seconds;
        this.failureSamples = List.copyOf(failureSamples);
    }

    /** All runs as one: requests and time added up, latencies pooled. */
    public static LoadResult combined(List<LoadResult> runs) {
        long[] all = new long[runs.stream().mapToInt(r -> r.sortedNanos.length).sum()];
        int at = 0;
        long failures = 0;
        double seconds = 0;
        List<String> samples = new ArrayList<>();
        for (LoadResult run : runs) {
            System.arraycopy(run.sortedNanos, 0, all, at, run.sortedNanos.length);
            at += run.sortedNanos.length;
            failures += run.failures;
            seconds += run.seconds;
            run.failureSamples.stream().limit(LoadDriver.FAILURE_SAMPLES - samples.size()).forEach(samples::add);
        }
        return new LoadResult(all, failures, seconds, samples);
    }

    /**
     * Writes this result for {@link #readFrom}, so that a benchmark run in several JVMs (forks) can sum up in one what
     * each measured: every latency, the failures and their descriptions, the time.
     */
    public void writeTo(DataOutput out) throws IOException {
        out.writeLong(failures);
        out.writeDouble(seconds);
        out.writeInt(failureSamples.size());
        for (String sample : failureSamples) {
            out.writeUTF(sample);
        }
        out.writeInt(sortedNanos.length);
        for (long nanos : sortedNanos) {
            out.writeLong(nanos);
        }
    }

    /** A result written by {@link #writeTo}. */
    public static LoadResult readFrom(DataInput in) throws IOException {
        long failures = in.readLong();
        double seconds = in.readDouble();
        int sampleCount = in.readInt();
        if (sampleCount < 0 || sampleCount > LoadDriver.FAILURE_SAMPLES) {
            throw new IOException("not a load result: " + sampleCount + " failure descriptions");
        }
        List<String> samples = new ArrayList<>(sampleCount);
        for (int i = 0; i < sampleCount; i++) {
            samples.add(in.readUTF());
        }
        int count = in.readInt();
        if (count < 0) {
            throw new IOException("not a load result: " + count + " latencies");
        }
        long[] latencies = new long[count];
        for (int i = 0; i < count; i++) {
            latencies[i] = in.readLong();
        }
        return new LoadResult(latencies, failures, seconds, samples);
    }

    /** Successful requests (HTTP 200). */
    public long requests() {
        return sortedNanos.length;
    }

    public long failures() {
        return failures;
    }

    /** Up to {@value LoadDriver#FAILURE_SAMPLES} descriptions of failures, such as {@code HTTP 502}. */
    public List<String> failureSamples() {
        return failureSamples;
    }

    public double seconds() {
        return seconds;
    }

    public double requestsPerSecond() {
        return requests() / seconds;
    }

    /** The latency at or below which a fraction {@code p} (0 to 1) of requests completed, in microseconds. */
    public double percentileMicros(double p) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p * sortedNanos.length) - 1;
        return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, rank))] / 1000.0;
    }

    public double p50Micros() {
        return percentileMicros(0.50);
    }

    public double p99Micros() {
        return percentileMicros(0.99);
    }

    @Override
    public String toString() {
        return String.format("%,9.0f req/s  p50 %,7.0f us  p99 %,7.0f us  (%,d requests in %.1f s, %d failed%s)",
                requestsPerSecond(), p50Micros(), p99Micros(), requests(), seconds, failures,
                failureSamples.isEmpty() ? "" : ": " + failureSamples);
    }
}
