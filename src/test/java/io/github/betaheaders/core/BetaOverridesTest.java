package io.github.betaheaders.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Reading an overrides document: what is accepted, and every refusal with the piece of its reason. */
class BetaOverridesTest {

    static final Set<String> KNOWN = Set.of("anthropic", "bedrock", "bedrock_converse", "vertex_ai", "azure_ai");

    static Stream<Arguments> refused() {
        return Stream.of(
            Arguments.of("not JSON", "{\"bedrock\":", "not valid JSON"),
            Arguments.of("an array", "[]", "must be a JSON object"),
            Arguments.of("a section that is not an object", "{\"bedrock\":[\"x\"]}", "must be a section"),
            Arguments.of("a number value", "{\"bedrock\":{\"x\":1}}", "must be a string or null, found a number"),
            Arguments.of("a beta name with a space", "{\"bedrock\":{\"a b\":null}}", "whitespace"),
            Arguments.of("a beta name with a slash", "{\"bedrock\":{\"a/b\":null}}", "HTTP token"),
            Arguments.of("a name twice", "{\"bedrock\":{\"x\":null,\"x\":\"x\"}}", "appears twice"),
            Arguments.of("a section twice", "{\"bedrock\":{},\"bedrock\":{}}", "appears twice"),
            Arguments.of("an unknown provider", "{\"bedrok\":{\"x\":null}}", "unknown provider [bedrok]"),
            Arguments.of("an unknown provider with a model", "{\"nosuch/*opus*\":{}}", "unknown provider [nosuch]"),
            Arguments.of("a provider key with a star", "{\"bed*\":{}}", "is not a provider key"),
            Arguments.of("an empty model pattern", "{\"bedrock/\":{}}", "model pattern after '/' is empty"),
            Arguments.of("a star renamed", "{\"bedrock\":{\"*\":\"x\"}}", "maps to null (dropped) or \"*\""),
            Arguments.of("a beta renamed to a star", "{\"bedrock\":{\"x\":\"*\"}}", "\"*\" is not a beta name"),
            Arguments.of("trailing content", "{} {}", "expected the end of the document"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusedDocuments(String name, String document, String reason) {
        InvalidMappingException e = assertThrows(InvalidMappingException.class,
                () -> BetaOverrides.parse(document, KNOWN));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void anEmptyDocumentIsNoOverride() throws Exception {
        BetaOverrides none = BetaOverrides.parse("{}", KNOWN);
        assertTrue(none.isEmpty());
        BetaMapping table = Mappings.load(Mappings.SEPTEMBER);
        assertSame(table, table.withOverrides(none));
    }

    @Test
    void theDescriptionIsIgnored() throws Exception {
        assertEquals(List.of("bedrock"), List.copyOf(BetaOverrides.parse(
                "{\"description\":\"why\",\"bedrock\":{}}", KNOWN).document().keySet()));
    }

    @Test
    void writtenAndReadBackTheSame() throws Exception {
        String document = "{\"bedrock/*claude-opus-4-7*\":{\"*\":null},\"vertex_ai\":{\"effort-2025-11-24\":"
                + "\"effort-2025-11-24\",\"x\":null},\"azure_ai\":{\"*\":\"*\"}}";
        BetaOverrides overrides = BetaOverrides.parse(document, KNOWN);
        assertEquals(overrides, BetaOverrides.parse(overrides.toJson(), KNOWN));
        assertEquals("{\n  \"bedrock/*claude-opus-4-7*\": {\"*\":null},\n"
                + "  \"vertex_ai\": {\"effort-2025-11-24\":\"effort-2025-11-24\",\"x\":null},\n"
                + "  \"azure_ai\": {\"*\":\"*\"}\n}\n", overrides.toJson());
        assertEquals("{}\n", BetaOverrides.NONE.toJson());
    }

    @Test
    void sectionsSayTheirProviderAndPattern() throws Exception {
        OverrideSection section = BetaOverrides.parse("{\"bedrock/arn:aws:bedrock:*:inference-profile/*opus*\":{}}",
                KNOWN).sections().get(0);
        assertEquals("bedrock", section.provider());
        assertEquals("arn:aws:bedrock:*:inference-profile/*opus*", section.pattern().text());
    }
}
