package io.github.betaheaders.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every request shape of issue 2, item 4 (provider=auto), with and without a route prefix. */
class ProviderDetectorTest {

    private final ProviderDetector detector = new ProviderDetector();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "NONE", value = {
        // Bedrock InvokeModel
        "/model/us.anthropic.claude-opus-5-5/invoke, bedrock",
        "/model/us.anthropic.claude-opus-5-5/invoke-with-response-stream, bedrock",
        "/bedrock/model/us.anthropic.claude-opus-5-5/invoke-with-response-stream, bedrock",
        "/gw/eu/model/arn:aws:bedrock:us-east-1:123:inference-profile/us.anthropic.m/invoke, bedrock",
        "/model//invoke, NONE",
        "/invoke, NONE",
        "/other/m/invoke, NONE",
        // Bedrock Converse
        "/model/m/converse, bedrock_converse",
        "/model/m/converse-stream, bedrock_converse",
        "/bedrock/model/m/converse-stream, bedrock_converse",
        "/model/m/converse-streams, NONE",
        // Vertex AI
        "/projects/p/locations/us-east5/publishers/anthropic/models/claude-opus-5-5:streamRawPredict, vertex_ai",
        "/v1/projects/p/locations/l/publishers/anthropic/models/m:rawPredict, vertex_ai",
        "/vertex/v1/projects/p/locations/l/publishers/anthropic/models/count-tokens:rawPredict, vertex_ai",
        "/v1/projects/p/locations/l/publishers/google/models/gemini:rawPredict, NONE",
        "/v1/projects/p/locations/l/publishers/anthropic/models/:rawPredict, NONE",
        "/v1/projects/p/locations/l/publishers/anthropic/models/m:generateContent, NONE",
        // Foundry
        "/anthropic/v1/messages, azure_ai",
        "/foundry/anthropic/v1/messages, azure_ai",
        "/foundry/anthropic/v1/messages/count_tokens, azure_ai",
        // First-party
        "/v1/messages, anthropic",
        "/v1/messages/, anthropic",
        "/v1/messages/count_tokens, anthropic",
        "/api/v1/messages, anthropic",
        "/v1/messages/batches, NONE",
        "/v1/models, NONE",
        "/v1/complete, NONE",
        "/, NONE",
        "'', NONE",
    })
    void recognises(String path, String provider) {
        assertEquals(provider, detector.providerFor(path));
    }
}
