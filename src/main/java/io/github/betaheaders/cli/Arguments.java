package io.github.betaheaders.cli;

import io.github.betaheaders.core.EchoedInput;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One command's arguments: options with a value ({@code --name value} or {@code --name=value}), flags
 * ({@code --json}) and the rest in order. An option not in the command's lists, one given twice, or one without its
 * value is a {@link UsageException}; {@code --} ends the options.
 */
final class Arguments {

    /** The flag of every command for machine-readable output: one JSON object on stdout. */
    static final String JSON = "--json";

    private final Map<String, String> values = new HashMap<>();
    private final List<String> positionals = new ArrayList<>();

    Arguments(List<String> args, Set<String> valueOptions, Set<String> flags) throws UsageException {
        boolean optionsEnded = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (optionsEnded || !arg.startsWith("--")) {
                positionals.add(arg);
                continue;
            }
            if (arg.equals("--")) {
                optionsEnded = true;
                continue;
            }
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg : arg.substring(0, equals);
            String value;
            if (flags.contains(name)) {
                if (equals >= 0) {
                    throw new UsageException("option " + name + " takes no value");
                }
                value = "";
            } else if (valueOptions.contains(name)) {
                if (equals >= 0) {
                    value = arg.substring(equals + 1);
                } else if (i + 1 < args.size()) {
                    value = args.get(++i);
                } else {
                    throw new UsageException("option " + name + " needs a value");
                }
            } else {
                throw new UsageException("unknown option [" + EchoedInput.of(name) + "]");
            }
            if (values.put(name, value) != null) {
                throw new UsageException("option " + name + " is given twice");
            }
        }
    }

    /** The value of an option, or {@code null} when it is not given. */
    String value(String name) {
        return values.get(name);
    }

    /** The value of an option that must be given. */
    String required(String name) throws UsageException {
        String value = values.get(name);
        if (value == null) {
            throw new UsageException("option " + name + " is required");
        }
        return value;
    }

    /** A whole-number option in ASCII digits from {@code min} to {@code max}, or {@code defaultValue}. */
    long whole(String option, long defaultValue, long min, long max, String unit) throws UsageException {
        String text = value(option);
        if (text == null) {
            return defaultValue;
        }
        long value;
        try {
            value = text.chars().allMatch(c -> c >= '0' && c <= '9') ? Long.parseLong(text) : -1;
        } catch (NumberFormatException e) {
            value = -1;
        }
        if (value < min || value > max) {
            throw new UsageException(option + " [" + EchoedInput.of(text) + "]: expected a whole number of " + unit
                    + " from " + min + " to " + max);
        }
        return value;
    }

    boolean flag(String name) {
        return values.containsKey(name);
    }

    /** The arguments that are not options: exactly as many as {@code names}, which name them in messages. */
    List<String> positionals(String... names) throws UsageException {
        if (positionals.size() != names.length) {
            throw new UsageException("expected " + String.join(" ", names) + ", found " + positionals.size()
                    + " argument" + (positionals.size() == 1 ? "" : "s"));
        }
        return List.copyOf(positionals);
    }

    /** That no argument other than options was given. */
    void noPositionals() throws UsageException {
        if (!positionals.isEmpty()) {
            throw new UsageException("unexpected argument [" + EchoedInput.of(positionals.get(0)) + "]");
        }
    }
}
