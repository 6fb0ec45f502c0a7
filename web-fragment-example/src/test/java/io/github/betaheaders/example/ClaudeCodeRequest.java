package io.github.betaheaders.example;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * One request Claude Code 2.1.330 sent in one of its provider modes, from
 * {@code fixtures/claude-code-2.1.330-requests.json}: method, path (relative to the base URL Claude Code was given),
 * headers, and the body's top-level keys and {@code anthropic_beta} array (null when absent).
 */
record ClaudeCodeRequest(String mode, String method, String path, Map<String, String> headers, List<String> bodyKeys,
                         List<String> bodyBetas) {

    static List<ClaudeCodeRequest> all() {
        try (InputStream in = ClaudeCodeRequest.class.getResourceAsStream("/fixtures/claude-code-2.1.330-requests.json");
             JsonReader reader = Json.createReader(in)) {
            return reader.readObject().getJsonArray("requests").stream().map(JsonValue::asJsonObject)
                    .map(ClaudeCodeRequest::of).toList();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ClaudeCodeRequest of(JsonObject o) {
        Map<String, String> headers = new LinkedHashMap<>();
        o.getJsonObject("headers").forEach((name, value) -> headers.put(name, ((JsonString) value).getString()));
        List<String> keys = o.getJsonArray("body_top_level_keys").getValuesAs(JsonString::getString);
        List<String> betas = o.isNull("body_anthropic_beta") ? null
                : o.getJsonArray("body_anthropic_beta").getValuesAs(JsonString::getString);
        return new ClaudeCodeRequest(o.getString("provider_mode"), o.getString("method"), o.getString("path"),
                headers, keys, betas);
    }

    String pathWithoutQuery() {
        int q = path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }

    String query() {
        int q = path.indexOf('?');
        return q < 0 ? null : path.substring(q + 1);
    }

    /** A body with the captured top-level keys in their order: plausible values, and the captured beta array. */
    String body() {
        StringJoiner members = new StringJoiner(",", "{", "}");
        for (String key : bodyKeys) {
            members.add("\"" + key + "\":" + sampleValue(key));
        }
        return members.toString();
    }

    private String sampleValue(String key) {
        return switch (key) {
            case "model" -> "\"claude-opus-5-5\"";
            case "messages" -> "[{\"role\":\"user\",\"content\":\"Say hi\"}]";
            case "system" -> "[{\"type\":\"text\",\"text\":\"You are Claude Code.\"}]";
            case "tools", "anthropic_beta" -> jsonArray(key.equals("tools") ? List.of() : bodyBetas);
            case "max_tokens" -> "32000";
            case "stream" -> "true";
            case "anthropic_version" -> mode.equals("bedrock") ? "\"bedrock-2023-05-31\"" : "\"vertex-2023-10-16\"";
            default -> "{}";
        };
    }

    static String jsonArray(List<String> items) {
        StringJoiner array = new StringJoiner(",", "[", "]");
        items.forEach(item -> array.add("\"" + item + "\""));
        return array.toString();
    }

    @Override
    public String toString() {
        return mode + " " + method + " " + path;
    }
}
