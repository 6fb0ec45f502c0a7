package io.github.betaheaders.core;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code PATTERN=PROVIDER} rules, matched in order against the path inside the context; the first match wins.
 *
 * <p>A pattern starts with {@code /}. {@code *} matches any run of characters within one path segment. A pattern
 * ending in {@code /*} matches the rest of the path as well, including nothing: {@code /bedrock/*} matches
 * {@code /bedrock}, {@code /bedrock/} and {@code /bedrock/model/x/invoke}. Rules are separated by commas or newlines.
 */
public final class ProviderRoutes implements ProviderResolver {

    /** One rule. */
    public record Route(String pattern, String provider) {
    }

    private final List<Route> routes;
    private final String[] heads;
    private final boolean[] restOfPath;
    private final int[] headSlashes;

    private ProviderRoutes(List<Route> routes) {
        this.routes = List.copyOf(routes);
        int n = routes.size();
        heads = new String[n];
        restOfPath = new boolean[n];
        headSlashes = new int[n];
        for (int i = 0; i < n; i++) {
            String pattern = routes.get(i).pattern();
            boolean rest = pattern.endsWith("/*");
            String head = rest ? pattern.substring(0, pattern.length() - 2) : pattern;
            heads[i] = head;
            restOfPath[i] = rest;
            headSlashes[i] = count(head, '/');
        }
    }

    /**
     * Parses a rule list.
     *
     * @throws IllegalArgumentException naming the bad rule and what is wrong with it
     */
    public static ProviderRoutes parse(String spec) {
        List<Route> routes = new ArrayList<>();
        for (String part : spec.split("[,\\r\\n]")) {
            String rule = part.trim();
            if (rule.isEmpty()) {
                continue;
            }
            int eq = rule.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("rule [" + rule + "] has no '=': expected PATTERN=PROVIDER");
            }
            String pattern = rule.substring(0, eq).trim();
            String provider = rule.substring(eq + 1).trim();
            if (!pattern.startsWith("/")) {
                throw new IllegalArgumentException("rule [" + rule + "]: the pattern must start with '/'");
            }
            if (pattern.contains("**")) {
                throw new IllegalArgumentException(
                        "rule [" + rule + "]: '**' is not supported; end the pattern with '/*' to match the rest of the path");
            }
            for (int i = 0; i < pattern.length(); i++) {
                if (Character.isWhitespace(pattern.charAt(i))) {
                    throw new IllegalArgumentException("rule [" + rule + "]: the pattern must not contain whitespace");
                }
            }
            if (!ProviderKeys.isValid(provider)) {
                throw new IllegalArgumentException("rule [" + rule + "]: provider [" + provider
                        + "] is not a provider key (letters, digits, '_', '-', '.')");
            }
            routes.add(new Route(pattern, provider));
        }
        if (routes.isEmpty()) {
            throw new IllegalArgumentException("no rule found: expected PATTERN=PROVIDER rules separated by commas or newlines");
        }
        return new ProviderRoutes(routes);
    }

    public List<Route> routes() {
        return routes;
    }

    @Override
    public String providerFor(String path) {
        if (path == null) {
            return null;
        }
        for (int i = 0; i < heads.length; i++) {
            if (matches(i, path)) {
                return routes.get(i).provider();
            }
        }
        return null;
    }

    private boolean matches(int i, String path) {
        if (!restOfPath[i]) {
            return glob(heads[i], 0, path, 0, path.length());
        }
        // The head must match the path up to the segment boundary after as many slashes as the head holds.
        int end = nthSlash(path, headSlashes[i] + 1);
        return glob(heads[i], 0, path, 0, end);
    }

    /** Index of the n-th '/' in path (1-based), or the path's length when it has fewer. */
    private static int nthSlash(String path, int n) {
        int seen = 0;
        for (int j = 0; j < path.length(); j++) {
            if (path.charAt(j) == '/' && ++seen == n) {
                return j;
            }
        }
        return path.length();
    }

    /** Matches pattern[p..] against path[s..end), '*' not crossing '/'. */
    private static boolean glob(String pattern, int p, String path, int s, int end) {
        while (p < pattern.length()) {
            char c = pattern.charAt(p);
            if (c == '*') {
                p++;
                for (int k = s; k <= end; k++) {
                    if (glob(pattern, p, path, k, end)) {
                        return true;
                    }
                    if (k < end && path.charAt(k) == '/') {
                        return false;
                    }
                }
                return false;
            }
            if (s >= end || path.charAt(s) != c) {
                return false;
            }
            p++;
            s++;
        }
        return s == end;
    }

    private static int count(String text, char c) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == c) {
                n++;
            }
        }
        return n;
    }
}
