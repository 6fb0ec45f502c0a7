package io.github.betaheaders.core;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Where a request's path names its model, for the model rules of the overrides ({@link BetaMapping#tableFor}):
 * <ul>
 *   <li>Bedrock: {@code .../model/{id}/invoke}, {@code invoke-with-response-stream}, {@code converse},
 *       {@code converse-stream}; the id is everything between {@code /model/} and the operation, so an
 *       inference-profile ARN whose {@code /} arrives decoded is one id
 *       ({@code arn:aws:bedrock:us-east-1:123:inference-profile/us.anthropic.claude-opus-4-7-v1:0});</li>
 *   <li>Vertex AI: {@code .../models/{m}:rawPredict} or {@code :streamRawPredict}; {@code count-tokens} names no
 *       model (the body does).</li>
 * </ul>
 * What is still percent-encoded in the id ({@code %2F}, {@code %3A}) is decoded (as UTF-8). Any other path, an empty
 * id, or one longer than {@link #MAX_MODEL_LENGTH} characters names no model ({@code null}): the request then follows
 * the body's top-level {@code model}, if any, or the provider's own section.
 */
public final class ModelLocator {

    /** The longest model id looked at; a longer one is no model. */
    public static final int MAX_MODEL_LENGTH = 512;

    private static final String BEDROCK_MODEL = "/model/";
    private static final String VERTEX_MODELS = "/models/";
    private static final String[] BEDROCK_OPERATIONS = {"/invoke", "/invoke-with-response-stream", "/converse",
        "/converse-stream"};
    private static final String[] VERTEX_VERBS = {":rawPredict", ":streamRawPredict"};
    private static final String VERTEX_COUNT_TOKENS = "count-tokens";

    private ModelLocator() {
    }

    /** The model the path names, or {@code null}. */
    public static String fromPath(String path) {
        if (path == null || path.isEmpty()) {
            return null;
        }
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        for (String operation : BEDROCK_OPERATIONS) {
            if (p.endsWith(operation)) {
                int end = p.length() - operation.length();
                int start = p.lastIndexOf(BEDROCK_MODEL, end - 1);
                return start < 0 ? null : checked(p.substring(start + BEDROCK_MODEL.length(), end));
            }
        }
        for (String verb : VERTEX_VERBS) {
            if (p.endsWith(verb)) {
                int end = p.length() - verb.length();
                int start = p.lastIndexOf(VERTEX_MODELS, end - 1);
                if (start < 0) {
                    return null;
                }
                String model = p.substring(start + VERTEX_MODELS.length(), end);
                return model.indexOf('/') >= 0 || model.equals(VERTEX_COUNT_TOKENS) ? null : checked(model);
            }
        }
        return null;
    }

    private static String checked(String id) {
        if (id.isEmpty() || id.length() > MAX_MODEL_LENGTH) {
            return null;
        }
        String decoded = id.indexOf('%') < 0 ? id : percentDecoded(id);
        return decoded == null || decoded.isEmpty() ? null : decoded;
    }

    /** {@code %XX} escapes decoded as UTF-8 bytes; {@code null} when an escape is malformed. */
    static String percentDecoded(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        int i = 0;
        while (i < text.length()) {
            int percent = text.indexOf('%', i);
            int end = percent < 0 ? text.length() : percent;
            out.writeBytes(text.substring(i, end).getBytes(StandardCharsets.UTF_8));
            if (percent < 0) {
                break;
            }
            if (percent + 2 >= text.length()) {
                return null;
            }
            int high = Character.digit(text.charAt(percent + 1), 16);
            int low = Character.digit(text.charAt(percent + 2), 16);
            if (high < 0 || low < 0) {
                return null;
            }
            out.write(high * 16 + low);
            i = percent + 3;
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
