package io.github.betaheaders.core;

import java.util.List;

/**
 * Recognises the provider from the request shapes the Anthropic clients use, looking at the end of the path so that
 * a route prefix in front does not matter ({@code provider=auto}).
 *
 * <table>
 *   <caption>Shapes</caption>
 *   <tr><td>{@code .../model/{id}/invoke}, {@code .../model/{id}/invoke-with-response-stream}</td><td>bedrock</td></tr>
 *   <tr><td>{@code .../model/{id}/converse}, {@code .../model/{id}/converse-stream}</td><td>bedrock_converse</td></tr>
 *   <tr><td>{@code .../publishers/anthropic/models/{m}:rawPredict} or {@code :streamRawPredict}</td><td>vertex_ai</td></tr>
 *   <tr><td>{@code .../anthropic/v1/messages}, {@code .../anthropic/v1/messages/count_tokens}</td><td>azure_ai</td></tr>
 *   <tr><td>{@code .../v1/messages}, {@code .../v1/messages/count_tokens}</td><td>anthropic</td></tr>
 * </table>
 * Anything else: {@code null}, the request passes untouched.
 */
public final class ProviderDetector implements ProviderResolver {

    public static final String BEDROCK = "bedrock";
    public static final String BEDROCK_CONVERSE = "bedrock_converse";
    public static final String VERTEX_AI = "vertex_ai";
    public static final String AZURE_AI = "azure_ai";
    public static final String ANTHROPIC = "anthropic";
    /** Every provider key recognised from the path, in the order counters list them. */
    public static final List<String> RECOGNISED = List.of(ANTHROPIC, BEDROCK, BEDROCK_CONVERSE,
            VERTEX_AI, AZURE_AI);

    private static final String MODEL = "/model/";
    private static final String VERTEX_MODELS = "/publishers/anthropic/models/";
    private static final String FOUNDRY = "/anthropic/v1/messages";
    private static final String MESSAGES = "/v1/messages";
    private static final String COUNT_TOKENS = "/count_tokens";

    @Override
    public String providerFor(String path) {
        if (path == null || path.isEmpty()) {
            return null;
        }
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (p.endsWith("/invoke") || p.endsWith("/invoke-with-response-stream")) {
            return modelOperation(p) ? BEDROCK : null;
        }
        if (p.endsWith("/converse") || p.endsWith("/converse-stream")) {
            return modelOperation(p) ? BEDROCK_CONVERSE : null;
        }
        if (p.endsWith(":rawPredict") || p.endsWith(":streamRawPredict")) {
            return vertexModel(p) ? VERTEX_AI : null;
        }
        String messages = p.endsWith(COUNT_TOKENS) ? p.substring(0, p.length() - COUNT_TOKENS.length()) : p;
        if (messages.endsWith(FOUNDRY)) {
            return AZURE_AI;
        }
        if (messages.endsWith(MESSAGES)) {
            return ANTHROPIC;
        }
        return null;
    }

    /** {@code .../model/{id}/operation} with a non-empty id (an inference profile ARN may hold slashes once decoded). */
    private static boolean modelOperation(String p) {
        int operation = p.lastIndexOf('/');
        int model = p.lastIndexOf(MODEL, operation - 1);
        return model >= 0 && operation > model + MODEL.length();
    }

    /** {@code .../publishers/anthropic/models/{m}:verb} with a non-empty model and no further segment. */
    private static boolean vertexModel(String p) {
        int models = p.lastIndexOf(VERTEX_MODELS);
        if (models < 0) {
            return false;
        }
        int start = models + VERTEX_MODELS.length();
        int colon = p.lastIndexOf(':');
        return colon > start && p.indexOf('/', start) < 0;
    }
}
