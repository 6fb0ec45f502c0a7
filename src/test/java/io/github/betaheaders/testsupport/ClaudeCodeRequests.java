package io.github.betaheaders.testsupport;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The requests Claude Code 2.1.330 sent in each provider mode: {@code fixtures/claude-code-2.1.330-requests.json}. */
public final class ClaudeCodeRequests {

    public static final String RESOURCE = "/fixtures/claude-code-2.1.330-requests.json";

    /** One captured request: provider mode, method, path with query, header name to value. */
    public record Captured(String providerMode, String method, String path, Map<String, String> headers) {

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                    .findFirst().orElse(null);
        }

        /** The path without its query. */
        public String pathOnly() {
            int q = path.indexOf('?');
            return q < 0 ? path : path.substring(0, q);
        }

        /** The query, or {@code null}. */
        public String query() {
            int q = path.indexOf('?');
            return q < 0 ? null : path.substring(q + 1);
        }

        @Override
        public String toString() {
            return providerMode;
        }
    }

    private ClaudeCodeRequests() {
    }

    public static List<Captured> load() {
        try (InputStream in = ClaudeCodeRequests.class.getResourceAsStream(RESOURCE);
             JsonReader reader = Json.createReader(in)) {
            return reader.readObject().getJsonArray("requests").getValuesAs(JsonObject.class).stream()
                    .map(ClaudeCodeRequests::captured).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The captured {@code anthropic-beta} header of {@code providerMode} as the bundled mapping (LiteLLM, September
     * 2026) rewrites it, with {@code forwardUnknownBetas} at its default ({@code anthropic}).
     */
    public static String headerUnderBundledMapping(String providerMode) {
        return switch (providerMode) {
            // anthropic forwards betas it has no entry for (claude-code, thinking-token-count); the rest map to
            // themselves: nothing changes.
            case "anthropic" -> "claude-code-20250219,interleaved-thinking-2025-05-14,context-management-2025-06-27,"
                    + "per-turn-control-2026-07-01,mid-conversation-tool-changes-2026-07-01,"
                    + "thinking-token-count-2026-05-13,advanced-tool-use-2025-11-20,effort-2025-11-24";
            // claude-code and thinking-token-count have no entry (dropped); effort maps to itself.
            case "bedrock" -> "effort-2025-11-24";
            // claude-code, thinking-token-count (no entry) and effort (null) dropped; the rest to themselves.
            case "vertex_ai" -> "interleaved-thinking-2025-05-14,web-search-2025-03-05,tool-search-tool-2025-10-19";
            // claude-code and thinking-token-count (no entry) dropped; the rest to themselves.
            case "azure_ai" -> "interleaved-thinking-2025-05-14,context-management-2025-06-27,web-search-2025-03-05,"
                    + "advanced-tool-use-2025-11-20";
            default -> throw new IllegalArgumentException("no captured request for provider mode [" + providerMode + "]");
        };
    }

    private static Captured captured(JsonObject request) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, JsonValue> e : request.getJsonObject("headers").entrySet()) {
            headers.put(e.getKey(), ((JsonString) e.getValue()).getString());
        }
        return new Captured(request.getString("provider_mode"), request.getString("method"), request.getString("path"),
                Collections.unmodifiableMap(headers));
    }
}
