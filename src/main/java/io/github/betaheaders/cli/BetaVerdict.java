package io.github.betaheaders.cli;

import io.github.betaheaders.core.DropReason;
import io.github.betaheaders.core.OverrideSection;
import io.github.betaheaders.core.RewriteResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the rules did to one beta of a {@code check}, and why, explained from the sections that decided it.
 *
 * @param beta        the client's name
 * @param outcome     {@code forwarded}, {@code renamed} or {@code dropped}
 * @param forwardedAs the name sent to the provider, or {@code null} when dropped
 * @param reason      a stable code: {@code mapped}, {@code forwarded_unknown}, {@code over_max_betas}, or a {@link DropReason} in lower case
 * @param why         the same in words
 */
record BetaVerdict(String beta, String outcome, String forwardedAs, String reason, String why) {

    static final String FORWARDED = "forwarded";
    static final String RENAMED = "renamed";
    static final String DROPPED = "dropped";

    /**
     * Where the rules looked for one provider.
     *
     * @param provider       the provider key
     * @param scope          the section's key: the provider key, or the model rule's ({@code bedrock/*opus*})
     * @param section        the section the rules used (overrides laid over it), or {@code null} when there is none
     * @param overrides      the overrides' section that decided (the model rule's, or the provider's), or {@code null}
     * @param forwardUnknown the providers of {@code forwardUnknownBetas}
     */
    record Sections(String provider, String scope, Map<String, String> section, Map<String, String> overrides,
                    Set<String> forwardUnknown) {

        String source(String beta) {
            if (overrides != null && overrides.containsKey(beta)) {
                return "the overrides' [" + scope + "] section";
            }
            if (overrides != null && overrides.containsKey(OverrideSection.ALL_OTHERS)) {
                return "the overrides' [" + scope + "] section (\"*\": every beta it does not list)";
            }
            return "the table's [" + provider + "] section" + (scope.equals(provider) ? ""
                    : " under the model rule [" + scope + "]");
        }

        /** Whether the section forwards every beta it does not list as sent ({@code "*": "*"}). */
        boolean forwardsUnlisted() {
            return section != null && OverrideSection.ALL_OTHERS.equals(section.get(OverrideSection.ALL_OTHERS));
        }
    }

    /** One verdict per distinct input, in input order, from the rules' result for {@code items}. */
    static List<BetaVerdict> of(List<String> items, RewriteResult result, Sections sections) {
        List<BetaVerdict> out = new ArrayList<>();
        Map<String, DropReason> dropped = result.dropReasons();
        Map<String, String> renamed = result.renamed();
        for (String beta : new LinkedHashSet<>(items)) {
            DropReason reason = dropped.get(beta);
            if (reason != null) {
                out.add(new BetaVerdict(beta, DROPPED, null, reason.name().toLowerCase(Locale.ROOT),
                        dropWhy(beta, reason, sections)));
            } else if (renamed.containsKey(beta)) {
                out.add(new BetaVerdict(beta, RENAMED, renamed.get(beta), "mapped",
                        sections.source(beta) + " renames it"));
            } else if (sections.section() != null && sections.section().containsKey(beta)) {
                out.add(new BetaVerdict(beta, FORWARDED, beta, "mapped", sections.source(beta) + " maps it to itself"));
            } else if (sections.forwardsUnlisted()) {
                out.add(new BetaVerdict(beta, FORWARDED, beta, "mapped", sections.source(beta) + " forwards it as sent"));
            } else {
                out.add(new BetaVerdict(beta, FORWARDED, beta, "forwarded_unknown", notInSection(sections) + "; ["
                        + sections.provider() + "] is in forwardUnknownBetas, which forwards it as it is"));
            }
        }
        return out;
    }

    /** Every distinct input forwarded as sent: the filter does not rewrite a list longer than {@code maxBetas}. */
    static List<BetaVerdict> overMaxBetas(List<String> items, long maxBetas) {
        List<BetaVerdict> out = new ArrayList<>();
        for (String beta : new LinkedHashSet<>(items)) {
            out.add(new BetaVerdict(beta, FORWARDED, beta, "over_max_betas", "the list has more than maxBetas ("
                    + maxBetas + ") betas, so the filter forwards it as sent"));
        }
        return out;
    }

    private static String dropWhy(String beta, DropReason reason, Sections sections) {
        switch (reason) {
            case NOT_A_TOKEN:
                return "not an HTTP token (RFC 9110), dropped for every provider";
            case MAPPED_TO_NULL:
                return sections.source(beta) + " maps it to null (the provider does not support it)";
            default:
                return notInSection(sections) + ", and [" + sections.provider() + "] is not in forwardUnknownBetas ("
                        + (sections.forwardUnknown().isEmpty() ? "none"
                        : String.join(",", new TreeSet<>(sections.forwardUnknown()))) + ")";
        }
    }

    private static String notInSection(Sections sections) {
        return sections.section() == null ? "the mapping has no [" + sections.provider() + "] section"
                : "not in the [" + sections.provider() + "] section";
    }

    /** As a JSON object. */
    Map<String, Object> members() {
        LinkedHashMap<String, Object> out = new LinkedHashMap<>();
        out.put("beta", beta);
        out.put("outcome", outcome);
        out.put("forwarded_as", forwardedAs);
        out.put("reason", reason);
        out.put("why", why);
        return out;
    }
}
