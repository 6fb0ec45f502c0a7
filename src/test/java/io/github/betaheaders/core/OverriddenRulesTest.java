package io.github.betaheaders.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.betaheaders.testsupport.ClaudeCodeRequests;
import io.github.betaheaders.testsupport.ClaudeCodeRequests.Captured;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Overrides and model rules over both of LiteLLM's files, with the betas Claude Code 2.1.330 sends in each provider
 * mode: one row per override, file, provider mode and model, with what is forwarded.
 */
class OverriddenRulesTest {

    static final BetaRules RULES = new BetaRules(Set.of("anthropic"));
    static final String OPUS_4_7 = "us.anthropic.claude-opus-4-7-v1:0";
    static final String OPUS_4_7_ARN = "arn:aws:bedrock:us-east-1:123:inference-profile/" + OPUS_4_7;
    static final String OTHER = "claude-opus-5-5";
    /** The Opus 4.7 case: Bedrock refused every beta flag for that model. */
    static final String OPUS_REFUSES_ALL = "{\"bedrock/*claude-opus-4-7*\":{\"*\":null}}";

    static final String FEB_BEDROCK = "";
    static final String SEP_BEDROCK = "effort-2025-11-24";
    static final String VERTEX = "interleaved-thinking-2025-05-14,web-search-2025-03-05,tool-search-tool-2025-10-19";
    static final String AS_SENT = "as sent";
    static final String NO_OVERRIDES = "as without overrides";

    /** overrides, file, provider mode, model, forwarded header ("" = none; or AS_SENT, NO_OVERRIDES). */
    static Stream<Arguments> rows() {
        List<Arguments> rows = new ArrayList<>();
        for (String file : List.of(Mappings.FEBRUARY, Mappings.SEPTEMBER)) {
            boolean feb = file.equals(Mappings.FEBRUARY);
            // The Opus 4.7 case: every beta dropped for that model, by id, inference profile or ARN; others as before.
            rows.add(row(OPUS_REFUSES_ALL, file, "bedrock", OPUS_4_7, ""));
            rows.add(row(OPUS_REFUSES_ALL, file, "bedrock", OPUS_4_7_ARN, ""));
            rows.add(row(OPUS_REFUSES_ALL, file, "bedrock", "anthropic.claude-opus-4-7-v1:0", ""));
            rows.add(row(OPUS_REFUSES_ALL, file, "bedrock", OTHER, feb ? FEB_BEDROCK : SEP_BEDROCK));
            rows.add(row(OPUS_REFUSES_ALL, file, "bedrock", null, feb ? FEB_BEDROCK : SEP_BEDROCK));
            for (String mode : List.of("anthropic", "vertex_ai", "azure_ai")) {
                rows.add(row(OPUS_REFUSES_ALL, file, mode, OPUS_4_7, NO_OVERRIDES));
            }
            // A provider's entry wins over the table's; betas it does not list stay as the table says.
            String claudeCode = "{\"bedrock\":{\"claude-code-20250219\":\"claude-code-20250219\"}}";
            rows.add(row(claudeCode, file, "bedrock", null, feb ? "claude-code-20250219"
                    : "claude-code-20250219,effort-2025-11-24"));
            rows.add(row(claudeCode, file, "bedrock", OPUS_4_7, feb ? "claude-code-20250219"
                    : "claude-code-20250219,effort-2025-11-24"));
            String effortOnVertex = "{\"vertex_ai\":{\"effort-2025-11-24\":\"effort-2025-11-24\"}}";
            rows.add(row(effortOnVertex, file, "vertex_ai", "claude-opus-4-7@20260101", VERTEX + ",effort-2025-11-24"));
            // An entry to null drops what the table forwards, even for a provider forwarding unknown betas.
            rows.add(row("{\"anthropic\":{\"effort-2025-11-24\":null}}", file, "anthropic", null,
                    "claude-code-20250219,interleaved-thinking-2025-05-14,context-management-2025-06-27,"
                    + "per-turn-control-2026-07-01,mid-conversation-tool-changes-2026-07-01,"
                    + "thinking-token-count-2026-05-13,advanced-tool-use-2025-11-20"));
            // A rename wins too.
            rows.add(row("{\"vertex_ai\":{\"web-search-2025-03-05\":\"web-search-2026-01-01\"}}", file, "vertex_ai",
                    null, "interleaved-thinking-2025-05-14,web-search-2026-01-01,tool-search-tool-2025-10-19"));
            // "*": "*" forwards every beta the section does not list, for a provider that otherwise drops them.
            rows.add(row("{\"azure_ai\":{\"*\":\"*\"}}", file, "azure_ai", null, AS_SENT));
            // "*": null with a list: only those, for one model of the first-party API (its model is in the body).
            String onlyClaudeCode = "{\"anthropic/claude-haiku-*\":{\"*\":null,"
                    + "\"claude-code-20250219\":\"claude-code-20250219\"}}";
            rows.add(row(onlyClaudeCode, file, "anthropic", "claude-haiku-4-5", "claude-code-20250219"));
            rows.add(row(onlyClaudeCode, file, "anthropic", OTHER, NO_OVERRIDES));
            // The most specific section wins: the exact id over the longer glob over the shorter one.
            String layered = "{\"bedrock/*opus*\":{\"*\":null},"
                    + "\"bedrock/*claude-opus-4-7*\":{\"*\":null,\"effort-2025-11-24\":\"effort-2025-11-24\"},"
                    + "\"bedrock/" + OPUS_4_7 + "\":{\"*\":\"*\"}}";
            rows.add(row(layered, file, "bedrock", OPUS_4_7, AS_SENT));
            rows.add(row(layered, file, "bedrock", "anthropic.claude-opus-4-7-v1:0", "effort-2025-11-24"));
            rows.add(row(layered, file, "bedrock", "anthropic.claude-opus-4-6-v1:0", ""));
            rows.add(row(layered, file, "bedrock", "anthropic.claude-sonnet-4-6", feb ? FEB_BEDROCK : SEP_BEDROCK));
            // A model rule without "*" lays its entries over the provider's section (with its overrides).
            String over = "{\"bedrock\":{\"claude-code-20250219\":\"claude-code-20250219\"},"
                    + "\"bedrock/*opus-4-7*\":{\"effort-2025-11-24\":null}}";
            rows.add(row(over, file, "bedrock", OPUS_4_7, "claude-code-20250219"));
            rows.add(row(over, file, "bedrock", OTHER, feb ? "claude-code-20250219"
                    : "claude-code-20250219,effort-2025-11-24"));
            // A section for a provider the table has no section for.
            rows.add(row("{\"bedrock_converse\":{\"effort-2025-11-24\":\"effort-2025-11-24\"}}", file, "bedrock",
                    null, feb ? FEB_BEDROCK : SEP_BEDROCK));
        }
        return rows.stream();
    }

    private static Arguments row(String overrides, String file, String mode, String model, String forwarded) {
        return Arguments.of(overrides, file.substring(file.lastIndexOf('.', file.length() - 6) + 1), mode, model,
                forwarded, file);
    }

    @ParameterizedTest(name = "{0} over {1}: {2} model {3} -> [{4}]")
    @MethodSource("rows")
    void forwarded(String overrides, String fileName, String mode, String model, String forwarded, String file)
            throws Exception {
        BetaMapping table = Mappings.load(file);
        BetaMapping effective = table.withOverrides(BetaOverrides.parse(overrides, table.providerKeys()));
        Captured captured = ClaudeCodeRequests.load().stream().filter(c -> c.providerMode().equals(mode))
                .findFirst().orElseThrow();
        String sent = captured.header("anthropic-beta");
        String expected = switch (forwarded) {
            case AS_SENT -> sent;
            case NO_OVERRIDES -> RULES.rewrite(table, mode, sent).headerValue();
            default -> forwarded.isEmpty() ? null : forwarded;
        };
        assertEquals(expected, RULES.rewrite(effective, mode, model, sent).headerValue(), "header");
        // The same betas one by one (as in a body array), and several header lines, follow the same rule.
        assertEquals(expected, RULES.rewrite(effective, mode, model, List.of(sent.split(","))).headerValue(),
                "lines");
        assertEquals(expected, RULES.rewriteItems(effective, mode, model, List.of(sent.split(","))).headerValue(),
                "items");
        // And the memo gives the same answer the second time.
        assertEquals(expected, RULES.rewrite(effective, mode, model, sent).headerValue(), "remembered");
    }
}
