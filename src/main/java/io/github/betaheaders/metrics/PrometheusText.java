package io.github.betaheaders.metrics;

import java.util.List;
import java.util.Map;

/**
 * Writes metrics in the Prometheus text exposition format, version 0.0.4: for each family a {@code # HELP} and a
 * {@code # TYPE} line, then one line per series, label values escaped ({@code \\}, {@code \"}, {@code \n}).
 */
public final class PrometheusText {

    /** The {@code Content-Type} of the text. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private PrometheusText() {
    }

    public static String write(List<MetricFamily> families) {
        StringBuilder out = new StringBuilder(4096);
        for (MetricFamily family : families) {
            out.append("# HELP ").append(family.name()).append(' ');
            escape(family.help(), false, out);
            out.append('\n');
            out.append("# TYPE ").append(family.name()).append(' ')
                    .append(family.type() == MetricFamily.Type.COUNTER ? "counter" : "gauge").append('\n');
            for (MetricFamily.Sample sample : family.samples()) {
                out.append(family.name());
                if (!sample.labels().isEmpty()) {
                    out.append('{');
                    boolean first = true;
                    for (Map.Entry<String, String> label : sample.labels().entrySet()) {
                        if (!first) {
                            out.append(',');
                        }
                        first = false;
                        out.append(label.getKey()).append("=\"");
                        escape(label.getValue(), true, out);
                        out.append('"');
                    }
                    out.append('}');
                }
                out.append(' ').append(number(sample.value())).append('\n');
            }
        }
        return out.toString();
    }

    private static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        return Double.toString(value);
    }

    private static void escape(String text, boolean quote, StringBuilder out) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                out.append("\\\\");
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '"' && quote) {
                out.append("\\\"");
            } else {
                out.append(c);
            }
        }
    }
}
