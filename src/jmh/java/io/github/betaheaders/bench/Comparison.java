package io.github.betaheaders.bench;

import io.github.betaheaders.bench.load.LoadResult;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One comparison of the gateway load benchmark in one JVM: both sides' rounds, pooled ({@code a} against the baseline
 * {@code b}), and each pair's A / B ratios of throughput and p99. A fork writes its comparisons ({@link #writeTo}) for
 * the process that sums up all forks.
 */
record Comparison(LoadResult a, LoadResult b, List<Double> pairThroughputRatios, List<Double> pairP99Ratios) {

    Comparison {
        pairThroughputRatios = List.copyOf(pairThroughputRatios);
        pairP99Ratios = List.copyOf(pairP99Ratios);
    }

    double throughputRatio() {
        return a.requestsPerSecond() / b.requestsPerSecond();
    }

    double p50Change() {
        return a.p50Micros() / b.p50Micros() - 1;
    }

    double p99Change() {
        return a.p99Micros() / b.p99Micros() - 1;
    }

    /** {@code median 93.4 %, mean 96.8 % ± 7.1 %}: of the pairs' ratios, the mean with two standard errors. */
    static String spread(List<Double> ratios, boolean asChange) {
        Spread spread = Spread.of(ratios);
        double shift = asChange ? 1 : 0;
        return String.format(asChange ? "median %+.1f %%, mean %+.1f %% ± %.1f %%" : "median %.1f %%, mean %.1f %% "
                + "± %.1f %%", 100 * (spread.median() - shift), 100 * (spread.mean() - shift),
                200 * spread.standardError());
    }

    /** The standard error of the ratios' mean; NaN for fewer than two. */
    static double standardError(List<Double> ratios) {
        return Spread.of(ratios).standardError();
    }

    /** Writes this comparison for {@link #readFrom} (a fork hands its comparisons to the process that pools them). */
    void writeTo(DataOutput out) throws IOException {
        a.writeTo(out);
        b.writeTo(out);
        writeRatios(out, pairThroughputRatios);
        writeRatios(out, pairP99Ratios);
    }

    /** A comparison written by {@link #writeTo}. */
    static Comparison readFrom(DataInput in) throws IOException {
        LoadResult a = LoadResult.readFrom(in);
        LoadResult b = LoadResult.readFrom(in);
        return new Comparison(a, b, readRatios(in), readRatios(in));
    }

    private static void writeRatios(DataOutput out, List<Double> ratios) throws IOException {
        out.writeInt(ratios.size());
        for (double ratio : ratios) {
            out.writeDouble(ratio);
        }
    }

    private static List<Double> readRatios(DataInput in) throws IOException {
        int count = in.readInt();
        if (count < 0 || count > 10_000) {
            throw new IOException("not a comparison: " + count + " pairs");
        }
        List<Double> ratios = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ratios.add(in.readDouble());
        }
        return ratios;
    }
}
