package io.github.betaheaders.body;

/**
 * Request bodies in the shape Claude Code 2.1.330 sends to Bedrock InvokeModel (the fixture keeps only the top-level
 * keys and the {@code anthropic_beta} array; the rest is filled in here with plausible content), for tests and
 * benchmarks.
 */
public final class ClaudeCodeBodies {

    /** The body's {@code anthropic_beta} of the fixture's Bedrock request, as compact JSON. */
    public static final String FIXTURE_BODY_BETAS =
            "[\"interleaved-thinking-2025-05-14\",\"tool-search-tool-2025-10-19\",\"thinking-token-count-2026-05-13\"]";

    /** The header of the same request. */
    public static final String FIXTURE_HEADER = "claude-code-20250219,thinking-token-count-2026-05-13,effort-2025-11-24";

    private static final String CONVERSATION_TURN = "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":"
            + "\"Please look at src/main/java/App.java and fix the failing test.\\nThe error is:\\n\\tat "
            + "App.main(App.java:12) \\\"NullPointerException\\\" \u2014 caf\u00e9 \u4e16\u754c\"}]},"
            + "{\"role\":\"assistant\",\"content\":[{\"type\":\"thinking\",\"thinking\":\"The user wants the test "
            + "fixed; I should read the file first.\",\"signature\":\"EqQBCkYIBxgCKkBsaWtlIGEgc2lnbmF0dXJl\"},"
            + "{\"type\":\"tool_use\",\"id\":\"toolu_01A09q90qw90lq917835lq9\",\"name\":\"Read\",\"input\":"
            + "{\"file_path\":\"/home/user/project/src/main/java/App.java\",\"limit\":2000,\"offset\":0,"
            + "\"anthropic_beta\":[\"look-alike-in-a-tool-input\"]}}]},"
            + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_01A09q90qw90lq917835lq9\","
            + "\"content\":\"     1\\tpublic class App {\\n     2\\t    public static void main(String[] args) {\\n"
            + "     3\\t        String s = null; // \\\"anthropic_beta\\\": [\\\"not-this-one\\\"]\\n"
            + "     4\\t        System.out.println(s.length());\\n     5\\t    }\\n     6\\t}\\n\"}]},";

    private ClaudeCodeBodies() {
    }

    /** A small InvokeModel body with the given {@code anthropic_beta} array (compact JSON). */
    public static String bedrockInvoke(String betasJson) {
        return bedrockInvoke(betasJson, 0);
    }

    /**
     * An InvokeModel body of at least {@code minBytes} bytes (conversation turns repeated), with {@code anthropic_beta}
     * set to {@code betasJson}, or without the member when {@code betasJson} is {@code null}.
     */
    public static String bedrockInvoke(String betasJson, int minBytes) {
        StringBuilder turns = new StringBuilder(minBytes + 4096);
        do {
            turns.append(CONVERSATION_TURN);
        } while (turns.length() < minBytes);
        StringBuilder body = new StringBuilder(turns.length() + 2048);
        body.append("{\"messages\":[").append(turns)
                .append("{\"role\":\"user\",\"content\":\"Thanks, go on.\"}],")
                .append("\"system\":[{\"type\":\"text\",\"text\":\"You are Claude Code, Anthropic's official CLI for "
                        + "Claude.\",\"cache_control\":{\"type\":\"ephemeral\"}}],")
                .append("\"tools\":[{\"name\":\"Bash\",\"description\":\"Executes a given bash command.\","
                        + "\"input_schema\":{\"type\":\"object\",\"properties\":{\"command\":{\"type\":\"string\"},"
                        + "\"timeout\":{\"type\":\"number\",\"maximum\":600000}},\"required\":[\"command\"],"
                        + "\"additionalProperties\":false,\"$schema\":\"http://json-schema.org/draft-07/schema#\"}}],")
                .append("\"metadata\":{\"user_id\":\"user_0123456789abcdef_account__session_0000\"},")
                .append("\"max_tokens\":32000,")
                .append("\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":31999},");
        if (betasJson != null) {
            body.append("\"anthropic_beta\":").append(betasJson).append(',');
        }
        body.append("\"output_config\":{\"effort\":\"high\"},")
                .append("\"anthropic_version\":\"bedrock-2023-05-31\"}");
        return body.toString();
    }

    /** A Converse body with {@code additionalModelRequestFields.anthropic_beta} set to {@code betasJson}. */
    public static String bedrockConverse(String betasJson) {
        return "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"Hello\"}]}],"
                + "\"system\":[{\"text\":\"You are helpful.\"}],"
                + "\"inferenceConfig\":{\"maxTokens\":1024,\"temperature\":0.5},"
                + "\"additionalModelRequestFields\":{\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1024},"
                + "\"anthropic_beta\":" + betasJson + "}}";
    }
}
