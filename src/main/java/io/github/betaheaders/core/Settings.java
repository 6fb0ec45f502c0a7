package io.github.betaheaders.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Where a setting's value comes from: the component's init-param, else the system property
 * {@code anthropicBetaHeaders.<name>}, else the environment variable {@code ANTHROPIC_BETA_HEADERS_<NAME_IN_SNAKE>},
 * else (for some settings) a LiteLLM environment variable, else the default. A blank value counts as not set.
 *
 * <p>Names are checked: an init-param, system property or environment variable of this library that names no known
 * setting is refused, so a typo fails deployment instead of being ignored.
 */
public final class Settings {

    public static final String SYSTEM_PROPERTY_PREFIX = "anthropicBetaHeaders.";
    public static final String ENVIRONMENT_PREFIX = "ANTHROPIC_BETA_HEADERS_";

    /** Every setting of the library: the filter's and the admin servlet's. */
    public static final Set<String> LIBRARY_NAMES = union(FilterSettings.NAMES, AdminSettings.NAMES);

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    private final String component;
    private final Function<String, String> initParams;
    /** How the first source names a setting in messages: {@code init-param [name]}, or a Spring property. */
    private final Function<String, String> firstSourceName;
    private final Properties systemProperties;
    private final Map<String, String> environment;
    private final Map<String, String> litellmAliases;
    private final Set<String> known;

    /**
     * @param component        what the settings belong to, for messages ("filter [AnthropicBetaHeadersFilter]")
     * @param initParamNames   the init-params the component was given
     * @param initParams       their values
     * @param known            every setting name this component accepts (system properties and environment variables are
     *                         checked against {@link #LIBRARY_NAMES}, since they reach every component)
     * @param litellmAliases   setting name to a LiteLLM environment variable read after ours
     */
    public Settings(String component, Collection<String> initParamNames, Function<String, String> initParams,
                    Properties systemProperties, Map<String, String> environment, Set<String> known,
                    Map<String, String> litellmAliases) {
        this(component, initParamNames, initParams, name -> "init-param [" + name + "]", systemProperties,
                environment, known, litellmAliases);
    }

    /**
     * As {@link #Settings(String, Collection, Function, Properties, Map, Set, Map)}, with the first source's values
     * named in messages by {@code firstSourceName} (a Spring property, {@code property [anthropic-beta-headers.mode]},
     * instead of an init-param).
     */
    public Settings(String component, Collection<String> initParamNames, Function<String, String> initParams,
                    Function<String, String> firstSourceName, Properties systemProperties,
                    Map<String, String> environment, Set<String> known, Map<String, String> litellmAliases) {
        Set<String> allKnown = LIBRARY_NAMES;
        this.component = component;
        this.initParams = initParams;
        this.firstSourceName = firstSourceName;
        this.systemProperties = systemProperties;
        this.environment = environment;
        this.litellmAliases = Map.copyOf(litellmAliases);
        this.known = new TreeSet<>(known);
        List<String> problems = new ArrayList<>();
        for (String name : initParamNames) {
            if (!known.contains(name)) {
                problems.add("unknown " + firstSourceName.apply(name));
            }
        }
        for (String property : systemProperties.stringPropertyNames()) {
            if (property.startsWith(SYSTEM_PROPERTY_PREFIX)
                    && !allKnown.contains(property.substring(SYSTEM_PROPERTY_PREFIX.length()))) {
                problems.add("unknown system property [" + property + "]");
            }
        }
        Set<String> knownEnv = new TreeSet<>();
        allKnown.forEach(name -> knownEnv.add(environmentName(name)));
        for (String variable : environment.keySet()) {
            if (variable.startsWith(ENVIRONMENT_PREFIX) && !knownEnv.contains(variable)) {
                problems.add("unknown environment variable [" + variable + "]");
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidSettingException(component + ": " + String.join("; ", problems)
                    + ". Known settings: " + new TreeSet<>(known));
        }
    }

    /**
     * The settings of one component from its init-params, then this JVM's system properties, then its environment.
     *
     * @throws InvalidSettingException when an init-param, system property or environment variable of this library
     *                                 names no known setting
     */
    public static Settings read(String component, Collection<String> initParamNames,
                                Function<String, String> initParams, Set<String> known,
                                Map<String, String> litellmAliases) {
        return new Settings(component, initParamNames, initParams, System.getProperties(), System.getenv(), known,
                litellmAliases);
    }

    /** The environment variable for a setting: {@code fetchTimeoutSeconds} is {@code ANTHROPIC_BETA_HEADERS_FETCH_TIMEOUT_SECONDS}. */
    public static String environmentName(String setting) {
        StringBuilder out = new StringBuilder(ENVIRONMENT_PREFIX);
        for (int i = 0; i < setting.length(); i++) {
            char c = setting.charAt(i);
            if (Character.isUpperCase(c) && i > 0) {
                out.append('_');
            }
            out.append(Character.toUpperCase(c));
        }
        return out.toString();
    }

    public static String systemPropertyName(String setting) {
        return SYSTEM_PROPERTY_PREFIX + setting;
    }

    /** The value and where it came from; {@code null} when no source sets it. */
    public record Value(String value, String source) {
    }

    public Value lookup(String name) {
        String v = initParams.apply(name);
        if (v != null) {
            return blankToNull(v, firstSourceName.apply(name));
        }
        v = systemProperties.getProperty(systemPropertyName(name));
        if (v != null) {
            return blankToNull(v, "system property [" + systemPropertyName(name) + "]");
        }
        v = environment.get(environmentName(name));
        if (v != null) {
            return blankToNull(v, "environment variable [" + environmentName(name) + "]");
        }
        String alias = litellmAliases.get(name);
        if (alias != null && environment.get(alias) != null) {
            return blankToNull(environment.get(alias), "environment variable [" + alias + "]");
        }
        return null;
    }

    private static Value blankToNull(String value, String source) {
        return value.isBlank() ? null : new Value(value.trim(), source);
    }

    public String string(String name, String defaultValue) {
        Value v = lookup(name);
        return v == null ? defaultValue : v.value();
    }

    public boolean bool(String name, boolean defaultValue) {
        Value v = lookup(name);
        if (v == null) {
            return defaultValue;
        }
        String s = v.value().toLowerCase(Locale.ROOT);
        if (s.equals("true")) {
            return true;
        }
        if (s.equals("false")) {
            return false;
        }
        throw invalid(name, v, "expected true or false");
    }

    public long whole(String name, long defaultValue, long min, long max, String unit) {
        Value v = lookup(name);
        if (v == null) {
            return defaultValue;
        }
        try {
            // ASCII digits only: Long.parseLong also takes other scripts' digits ("١٠") and a sign.
            if (isAsciiDigits(v.value())) {
                long n = Long.parseLong(v.value());
                if (n >= min && n <= max) {
                    return n;
                }
            }
        } catch (NumberFormatException e) {
            // too long: reported below
        }
        throw invalid(name, v, "expected a whole number of " + unit + " from " + min + " to " + max);
    }

    private static boolean isAsciiDigits(String value) {
        if (value.isEmpty()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** The error for a bad value: names the setting, its source and the value. */
    public InvalidSettingException invalid(String name, Value value, String expectation) {
        return invalid(name, value, value.value(), expectation);
    }

    /** The error for a bad value shown as {@code shown} (the value with its secrets hidden). */
    public InvalidSettingException invalid(String name, Value value, String shown, String expectation) {
        return new InvalidSettingException(component + ": invalid value [" + shown + "] for setting [" + name
                + "] from " + value.source() + ": " + expectation);
    }

    /** The error for a bad secret value: names the setting and its source, never the value. */
    public InvalidSettingException invalidSecret(String name, Value value, String problem) {
        return new InvalidSettingException(component + ": invalid value (a secret, not shown) for setting [" + name
                + "] from " + value.source() + ": " + problem);
    }

    public String component() {
        return component;
    }

    /** Shown instead of the value of a secret setting. */
    public static final String REDACTED = "<redacted>";

    /**
     * Whether a setting's value must never be logged: {@code adminToken} and any setting whose name contains
     * token, password, secret or authorization (in any case).
     */
    public static boolean isSecret(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.contains("token") || lower.contains("password") || lower.contains("secret")
                || lower.contains("authorization");
    }

    /**
     * Every setting of this component that some source sets (init-param, system property or environment variable),
     * in name order, as {@code name=[value] from source}; a secret shows as {@value #REDACTED}, and a URL
     * as {@link UrlRedaction} shows it (user info and query values hidden). "every setting at its default" when none is set. The
     * environment is container-wide, so this is how an operator sees that a variable meant for another app reached
     * this one.
     */
    public String describeSources() {
        List<String> set = new ArrayList<>();
        for (String name : known) {
            Value v = lookup(name);
            if (v != null) {
                set.add(name + "=" + shown(name, v.value()) + " from " + v.source());
            }
        }
        return set.isEmpty() ? "every setting at its default (none set by init-param, system property or environment)"
                : "settings set: " + String.join(", ", set);
    }

    /** A value as logged: on one line, a secret redacted, a URL's user info and query values hidden. */
    private static String shown(String name, String value) {
        if (isSecret(name)) {
            return REDACTED;
        }
        String oneLine = value.replaceAll("\\s+", " ");
        if (oneLine.startsWith("jdbc:")) {
            return "[" + JdbcUrlRedaction.redact(oneLine) + "]";
        }
        return "[" + (oneLine.contains("://") ? UrlRedaction.redact(oneLine) : oneLine) + "]";
    }

    /** Logs {@link #describeSources()} at INFO, prefixed with the component. */
    public void logSources() {
        LOG.log(System.Logger.Level.INFO, () -> component + ": " + describeSources());
    }

    private static final System.Logger LOG = System.getLogger(Settings.class.getName());
}
