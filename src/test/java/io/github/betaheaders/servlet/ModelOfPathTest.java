package io.github.betaheaders.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The model that keys a request's quarantine, taken from its path (to be replaced by h14a's ModelLocator). */
class ModelOfPathTest {

    static String model(String uri) {
        return AnthropicBetaHeadersFilter.modelOf(uri);
    }

    @Test
    void bedrocksModelIdsArnsAndInferenceProfilesAreDecoded() {
        assertEquals("global.anthropic.claude-opus-4-7", model("/bedrock/model/global.anthropic.claude-opus-4-7/invoke"));
        assertEquals("arn:aws:bedrock:eu-west-1:123456789012:application-inference-profile/abc",
                model("/model/arn%3Aaws%3Abedrock%3Aeu-west-1%3A123456789012%3Aapplication-inference-profile%2Fabc"
                        + "/invoke-with-response-stream"));
        assertEquals("a+b", model("/model/a+b/invoke"));
        assertEquals("a+b", model("/model/a%2Bb/converse"));
    }

    @Test
    void vertexModelsComeBeforeTheColon() {
        assertEquals("claude-haiku-4-5@20251001", model("/v1/projects/p/locations/global/publishers/anthropic/models/"
                + "claude-haiku-4-5@20251001:rawPredict"));
        assertEquals("claude-haiku-4-5@20251001", model("/publishers/anthropic/models/claude-haiku-4-5%4020251001"
                + ":streamRawPredict"));
    }

    @Test
    void otherPathsAndBrokenOnesNameNoModel() {
        assertNull(model("/v1/messages"));
        assertNull(model(null));
        assertNull(model("/model//invoke"));
        assertNull(model("/model/only"));
        assertNull(model("/models/x/y:rawPredict"));
        assertNull(model("/models/nocolon"));
        assertNull(model("/model/%zz/invoke"));
        assertNull(model("/model/" + "m".repeat(600) + "/invoke"));
    }
}
