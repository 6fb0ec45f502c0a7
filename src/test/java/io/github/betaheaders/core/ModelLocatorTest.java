package io.github.betaheaders.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Where each provider's path carries the model, one row per shape. */
class ModelLocatorTest {

    private static final String ARN = "arn:aws:bedrock:us-east-1:123:inference-profile/us.anthropic.claude-opus-4-7-v1:0";

    static Stream<Arguments> paths() {
        return Stream.of(
            Arguments.of("bedrock invoke", "/model/us.anthropic.claude-opus-4-7-v1:0/invoke",
                    "us.anthropic.claude-opus-4-7-v1:0"),
            Arguments.of("bedrock stream", "/model/anthropic.claude-opus-4-7-v1:0/invoke-with-response-stream",
                    "anthropic.claude-opus-4-7-v1:0"),
            Arguments.of("bedrock converse", "/model/m1/converse", "m1"),
            Arguments.of("bedrock converse stream", "/model/m1/converse-stream", "m1"),
            Arguments.of("behind a route prefix", "/bedrock/model/m1/invoke", "m1"),
            Arguments.of("trailing slash", "/model/m1/invoke/", "m1"),
            Arguments.of("ARN with its slash decoded", "/model/" + ARN + "/invoke", ARN),
            Arguments.of("ARN still encoded", "/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123%3Ainference-profile%2F"
                    + "us.anthropic.claude-opus-4-7-v1%3A0/invoke", ARN),
            Arguments.of("inference profile id", "/model/us.anthropic.claude-opus-4-7-v1:0/converse",
                    "us.anthropic.claude-opus-4-7-v1:0"),
            Arguments.of("UTF-8 escape", "/model/m%C3%A9/invoke", "m\u00e9"),
            Arguments.of("plus is no space", "/model/a+b/invoke", "a+b"),
            Arguments.of("encoded plus", "/model/a%2Bb/converse", "a+b"),
            Arguments.of("no operation after the id", "/model/only", null),
            Arguments.of("malformed escape is no model", "/model/m%zz/invoke", null),
            Arguments.of("truncated escape is no model", "/model/m%2/invoke", null),
            Arguments.of("empty bedrock id", "/model//invoke", null),
            Arguments.of("no /model/", "/foo/m1/invoke", null),
            Arguments.of("other bedrock operation", "/model/m1/count-tokens", null),
            Arguments.of("vertex raw predict", "/v1/projects/p/locations/us-east5/publishers/anthropic/models/"
                    + "claude-opus-4-7@20260101:rawPredict", "claude-opus-4-7@20260101"),
            Arguments.of("vertex stream", "/vertex/projects/p/locations/global/publishers/anthropic/models/"
                    + "claude-opus-5-5:streamRawPredict", "claude-opus-5-5"),
            Arguments.of("vertex count-tokens names no model", "/projects/p/locations/l/publishers/anthropic/models/"
                    + "count-tokens:rawPredict", null),
            Arguments.of("vertex empty model", "/publishers/anthropic/models/:rawPredict", null),
            Arguments.of("vertex encoded at sign", "/publishers/anthropic/models/claude-haiku-4-5%4020251001"
                    + ":streamRawPredict", "claude-haiku-4-5@20251001"),
            Arguments.of("vertex without a method", "/publishers/anthropic/models/nocolon", null),
            Arguments.of("vertex segment after the model", "/models/a/b:rawPredict", null),
            Arguments.of("anthropic messages", "/v1/messages", null),
            Arguments.of("foundry messages", "/anthropic/v1/messages", null),
            Arguments.of("empty path", "", null),
            Arguments.of("null path", null, null),
            Arguments.of("too long", "/model/" + "m".repeat(ModelLocator.MAX_MODEL_LENGTH + 1) + "/invoke", null),
            Arguments.of("longest", "/model/" + "m".repeat(ModelLocator.MAX_MODEL_LENGTH) + "/invoke",
                    "m".repeat(ModelLocator.MAX_MODEL_LENGTH)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("paths")
    void modelOfThePath(String name, String path, String model) {
        assertEquals(model, ModelLocator.fromPath(path));
    }
}
