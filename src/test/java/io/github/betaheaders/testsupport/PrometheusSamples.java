package io.github.betaheaders.testsupport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The series of a Prometheus text exposition (format 0.0.4), parsed: name, labels (unescaped) and value of each sample
 * line, so that tests compare values with what they sent. Comments ({@code # HELP}, {@code # TYPE}) are skipped.
 */
public final class PrometheusSamples {

    /** One sample line. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private final List<Sample> samples;

    private PrometheusSamples(List<Sample> samples) {
        this.samples = samples;
    }

    public static PrometheusSamples parse(String text) {
        List<Sample> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int i = 0;
            while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
                i++;
            }
            String name = line.substring(0, i);
            Map<String, String> labels = new LinkedHashMap<>();
            if (i < line.length() && line.charAt(i) == '{') {
                i++;
                while (line.charAt(i) != '}') {
                    int eq = line.indexOf('=', i);
                    String label = line.substring(i, eq);
                    StringBuilder value = new StringBuilder();
                    int j = eq + 2; // after ="
                    while (line.charAt(j) != '"') {
                        char c = line.charAt(j);
                        if (c == '\\') {
                            char next = line.charAt(++j);
                            value.append(next == 'n' ? '\n' : next);
                        } else {
                            value.append(c);
                        }
                        j++;
                    }
                    labels.put(label, value.toString());
                    i = j + 1;
                    if (line.charAt(i) == ',') {
                        i++;
                    }
                }
                i++;
            }
            out.add(new Sample(name, labels, Double.parseDouble(line.substring(i).trim())));
        }
        return new PrometheusSamples(out);
    }

    /**
     * The value of the sample named {@code name} whose labels include the given pairs; 0 when none matches; fails
     * when several do.
     */
    public double value(String name, String... labelsAndValues) {
        List<Sample> matching = matching(name, labelsAndValues);
        if (matching.size() > 1) {
            throw new AssertionError(matching.size() + " samples match " + name + " " + List.of(labelsAndValues)
                    + ": " + matching);
        }
        return matching.isEmpty() ? 0 : matching.get(0).value();
    }

    /** Every sample named {@code name} whose labels include the given pairs. */
    public List<Sample> matching(String name, String... labelsAndValues) {
        List<Sample> out = new ArrayList<>();
        for (Sample s : samples) {
            if (!s.name().equals(name)) {
                continue;
            }
            boolean all = true;
            for (int k = 0; k < labelsAndValues.length; k += 2) {
                all &= labelsAndValues[k + 1].equals(s.labels().get(labelsAndValues[k]));
            }
            if (all) {
                out.add(s);
            }
        }
        return out;
    }

    public List<Sample> all() {
        return samples;
    }
}
