package io.github.betaheaders.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The model globs of override sections: what matches, which is the more specific, what is refused. */
class ModelPatternTest {

    static Stream<Arguments> matches() {
        String arn = "arn:aws:bedrock:us-east-1:123:inference-profile/us.anthropic.claude-opus-4-7-v1:0";
        return Stream.of(
            Arguments.of("*claude-opus-4-7*", "us.anthropic.claude-opus-4-7-v1:0", true),
            Arguments.of("*claude-opus-4-7*", arn, true),
            Arguments.of("*claude-opus-4-7*", "claude-opus-4-7", true),
            Arguments.of("*claude-opus-4-7*", "claude-opus-4-6", false),
            Arguments.of("*claude-opus-4-7*", "CLAUDE-OPUS-4-7", false),
            Arguments.of("claude-opus-4-7", "claude-opus-4-7", true),
            Arguments.of("claude-opus-4-7", "claude-opus-4-7@20260101", false),
            Arguments.of("claude-*", "claude-", true),
            Arguments.of("claude-*", "xclaude-a", false),
            Arguments.of("*-v1:0", "us.anthropic.claude-opus-4-7-v1:0", true),
            Arguments.of("a*b*c", "abc", true),
            Arguments.of("a*b*c", "aXbYbZc", true),
            Arguments.of("a*b*c", "aXcYb", false),
            Arguments.of("*", "", true),
            Arguments.of("**", "anything", true),
            Arguments.of("*a*a*a*a*b", "a".repeat(200), false));
    }

    @ParameterizedTest(name = "{0} ~ {1}: {2}")
    @MethodSource("matches")
    void matching(String pattern, String model, boolean expected) {
        assertEquals(expected, ModelPattern.of(pattern).matches(model));
    }

    @Test
    void theMostSpecificComesFirst() {
        List<ModelPattern> patterns = new ArrayList<>();
        for (String p : List.of("*", "*opus*", "*claude-opus-4-7*", "*claude*opus-4-7*", "us.anthropic.claude-opus-4-7-v1:0",
                "*claude-opus-4-7-v1*", "*opus-4-7", "claude-opus-*")) {
            patterns.add(ModelPattern.of(p));
        }
        patterns.sort(ModelPattern.MOST_SPECIFIC_FIRST);
        assertEquals(List.of("us.anthropic.claude-opus-4-7-v1:0", "*claude-opus-4-7-v1*", "*claude-opus-4-7*",
                "*claude*opus-4-7*", "claude-opus-*", "*opus-4-7", "*opus*", "*"),
                patterns.stream().map(ModelPattern::text).toList());
    }

    @Test
    void equallySpecificKeepTheirOrder() {
        List<ModelPattern> patterns = new ArrayList<>(List.of(ModelPattern.of("*abc*"), ModelPattern.of("*xyz*")));
        patterns.sort(ModelPattern.MOST_SPECIFIC_FIRST);
        assertEquals("*abc*", patterns.get(0).text());
    }

    static Stream<Arguments> refused() {
        return Stream.of(
            Arguments.of("", "empty"),
            Arguments.of("a b", "U+0020"),
            Arguments.of("a,b", "U+002C"),
            Arguments.of("caf\u00e9", "U+00E9"),
            Arguments.of("m".repeat(ModelPattern.MAX_LENGTH + 1), "longer than"));
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("refused")
    void refusedPatterns(String pattern, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelPattern.of(pattern));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }
}
