package io.github.betaheaders.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The rewrite rules: a pure function of a {@link BetaMapping}, a provider key and the client's betas.
 *
 * <ul>
 *   <li>Input: header lines, each split on commas, items trimmed, empty items ignored.</li>
 *   <li>A beta the provider's section maps to a name becomes that name; one mapped to {@code null} is dropped.</li>
 *   <li>A beta the section does not mention, or any beta of a provider without a section, is dropped unless the
 *       provider is one of {@link #forwardUnknownBetas()}, which forward it as it is.</li>
 *   <li>A beta that is not an HTTP token (RFC 9110: letters, digits and {@code !#$%&'*+-.^_`|~}; so no space, no
 *       control character, nothing outside ASCII) is dropped for every provider, whether it came from the header or
 *       from a body, and whatever the section says: no provider names a beta that way, and the header could not
 *       carry it.</li>
 *   <li>The output keeps the client's order and names each beta once; the first occurrence wins.</li>
 * </ul>
 *
 * <p>The work is linear in the number of betas; a caller bounds that number first ({@link #countItems}).
 */
public final class BetaRules {

    /** Body arrays longer than this are worked out each time (the memo keeps only short header values anyway). */
    private static final int MAX_REMEMBERED_ITEMS = 64;

    private final Set<String> forwardUnknownBetas;
    private final RewriteMemo memo = new RewriteMemo();

    public BetaRules(Collection<String> forwardUnknownBetas) {
        this.forwardUnknownBetas = Set.copyOf(forwardUnknownBetas);
    }

    /** The providers for which betas absent from their section are forwarded unchanged. */
    public Set<String> forwardUnknownBetas() {
        return forwardUnknownBetas;
    }

    /** Rewrites the betas of the given header lines (each a comma-separated list) for {@code provider}. */
    public RewriteResult rewrite(BetaMapping mapping, String provider, Iterable<String> headerLines) {
        return rewrite(mapping, provider, null, headerLines);
    }

    /**
     * Rewrites the betas of the given header lines for {@code provider} and {@code model} (the most specific model rule
     * that matches, {@link BetaMapping#tableFor}; {@code null}: the provider's section).
     */
    public RewriteResult rewrite(BetaMapping mapping, String provider, String model, Iterable<String> headerLines) {
        List<String> items = new ArrayList<>();
        for (String line : headerLines) {
            split(line, items);
        }
        return rewriteItems(mapping, provider, model, items);
    }

    /**
     * Rewrites one comma-separated header value for {@code provider}. Results for values seen before with the same
     * mapping snapshot are remembered (see {@link RewriteMemo}); the answer is the same either way.
     */
    public RewriteResult rewrite(BetaMapping mapping, String provider, String headerValue) {
        return rewrite(mapping, provider, null, headerValue);
    }

    /** As {@link #rewrite(BetaMapping, String, String)}, for {@code model}; remembered per model rule. */
    public RewriteResult rewrite(BetaMapping mapping, String provider, String model, String headerValue) {
        // The provider's section is remembered under the provider's key: a request without a model rule (the usual
        // case) looks up nothing but the memo.
        ProviderTable rule = mapping.modelRuleFor(provider, model);
        String scope = rule == null ? provider : rule.scope();
        RewriteResult known = memo.get(mapping, scope, headerValue);
        if (known != null) {
            return known;
        }
        List<String> items = new ArrayList<>();
        split(headerValue, items);
        RewriteResult result = rewriteWith(rule != null ? rule : mapping.provider(provider), provider, items);
        memo.put(mapping, scope, headerValue, result);
        return result;
    }

    /** Rewrites betas that are already single names (as in a JSON body array); each is still trimmed. */
    public RewriteResult rewriteItems(BetaMapping mapping, String provider, List<String> items) {
        return rewriteWith(mapping.provider(provider), provider, items);
    }

    /**
     * As {@link #rewriteItems(BetaMapping, String, List)}, for {@code model} ({@code null}: not known). Names without a
     * comma (all real ones) go through the header's remembered results, as the header value they join to: a client
     * sends the same body betas on every request, and working the rules out each time cost about 0.2 µs and 1.3 KB.
     */
    public RewriteResult rewriteItems(BetaMapping mapping, String provider, String model, List<String> items) {
        if (items.size() <= MAX_REMEMBERED_ITEMS && noneHasAComma(items)) {
            // Splitting the joined value at its commas gives these items back, each trimmed as below.
            return rewrite(mapping, provider, model, String.join(",", items));
        }
        return rewriteWith(mapping.tableFor(provider, model), provider, items);
    }

    private static boolean noneHasAComma(List<String> items) {
        for (String item : items) {
            if (item.indexOf(',') >= 0) {
                return false;
            }
        }
        return true;
    }

    /** The rules worked out for {@code items} (package-private: a test compares the remembered path with it). */
    RewriteResult rewriteWith(ProviderTable table, String provider, List<String> items) {
        boolean forwardUnknown = forwardUnknownBetas.contains(provider);
        LinkedHashSet<String> out = new LinkedHashSet<>();
        LinkedHashMap<String, DropReason> dropped = new LinkedHashMap<>();
        LinkedHashMap<String, String> renamed = new LinkedHashMap<>();
        for (String raw : items) {
            String beta = raw.trim();
            if (beta.isEmpty()) {
                continue;
            }
            if (!isToken(beta)) {
                dropped.putIfAbsent(beta, DropReason.NOT_A_TOKEN);
                continue;
            }
            String target = table == null ? null : table.lookup(beta);
            if (target == null && !forwardUnknown) {
                dropped.putIfAbsent(beta, DropReason.NOT_MENTIONED);
                continue;
            }
            if (target == ProviderTable.UNSUPPORTED) {
                dropped.putIfAbsent(beta, DropReason.MAPPED_TO_NULL);
                continue;
            }
            if (target == null) {
                target = beta;
            }
            if (!target.equals(beta)) {
                renamed.putIfAbsent(beta, target);
            }
            out.add(target);
        }
        return new RewriteResult(new ArrayList<>(out), dropped, renamed);
    }

    /** Whether {@code beta} is an HTTP token (RFC 9110, section 5.6.2). */
    public static boolean isToken(String beta) {
        if (beta.isEmpty()) {
            return false;
        }
        for (int i = 0; i < beta.length(); i++) {
            char c = beta.charAt(i);
            boolean tchar = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!tchar) {
                return false;
            }
        }
        return true;
    }

    /**
     * The number of betas (non-empty comma-separated items) in a header value, without allocating; counting stops at
     * {@code stopAfter + 1}, so the answer tells whether a value holds more than {@code stopAfter}.
     */
    public static int countItems(String headerValue, int stopAfter) {
        int count = 0;
        boolean inItem = false;
        for (int i = 0, length = headerValue.length(); i < length; i++) {
            char c = headerValue.charAt(i);
            if (c == ',') {
                inItem = false;
            } else if (!inItem && c > ' ') {
                inItem = true;
                if (++count > stopAfter) {
                    return count;
                }
            }
        }
        return count;
    }

    private static void split(String line, List<String> into) {
        if (line == null) {
            return;
        }
        int start = 0;
        int length = line.length();
        while (start <= length) {
            int comma = line.indexOf(',', start);
            int end = comma < 0 ? length : comma;
            String item = line.substring(start, end).trim();
            if (!item.isEmpty()) {
                into.add(item);
            }
            start = end + 1;
        }
    }
}
