package io.github.betaheaders.bench;

import java.util.List;

/**
 * The median, mean and standard error of the mean of some values (such as the pairs' ratios of a comparison), for a
 * benchmark to print how far its figures are known.
 *
 * @param median        NaN for no values
 * @param mean          NaN for no values
 * @param standardError NaN for fewer than two values
 */
record Spread(double median, double mean, double standardError) {

    static Spread of(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        if (n == 0) {
            return new Spread(Double.NaN, Double.NaN, Double.NaN);
        }
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        double sum = 0;
        for (double v : sorted) {
            sum += v;
        }
        double mean = sum / n;
        double squares = 0;
        for (double v : sorted) {
            squares += (v - mean) * (v - mean);
        }
        double standardError = n < 2 ? Double.NaN : Math.sqrt(squares / (n - 1) / n);
        return new Spread(median, mean, standardError);
    }
}
