package io.github.betaheaders.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BetaMappingParserTest {

    @Test
    void loadsLiteLlmFebruaryFileUnchanged() {
        BetaMapping m = Mappings.load(Mappings.FEBRUARY);
        assertEquals(List.of("anthropic", "azure_ai", "bedrock_converse", "bedrock", "vertex_ai"),
                List.copyOf(m.providerKeys()));
        assertEquals(28, m.provider("bedrock").size());
        assertEquals("tool-search-tool-2025-10-19", m.provider("bedrock").entries().get("advanced-tool-use-2025-11-20"));
        assertTrue(m.warnings().isEmpty(), "description is not a warning: " + m.warnings());
    }

    @Test
    void loadsLiteLlmSeptemberFileUnchanged() {
        BetaMapping m = Mappings.load(Mappings.SEPTEMBER);
        assertEquals(7, m.providerCount());
        assertEquals(List.of("anthropic", "azure_ai", "bedrock_converse", "bedrock", "bedrock_mantle", "vertex_ai",
                "databricks"), List.copyOf(m.providerKeys()));
        Map<String, String> vertex = m.provider("vertex_ai").entries();
        assertTrue(vertex.containsKey("effort-2025-11-24"));
        assertNull(vertex.get("effort-2025-11-24"));
        assertEquals(34, vertex.size());
    }

    @Test
    void bundledMappingIsLiteLlmSeptemberFile() {
        byte[] bundled = Mappings.bytes("/io/github/betaheaders/anthropic_beta_headers_config.json");
        assertEquals(new String(Mappings.bytes(Mappings.SEPTEMBER)), new String(bundled));
    }

    @Test
    void ignoresMembersOfOtherShapesAndSaysSo() throws Exception {
        BetaMapping m = BetaMappingParser.parse("{\"description\": {\"x\": 1}, \"version\": 3, \"notes\": [1],"
                + " \"flag\": true, \"nothing\": null, \"text\": \"t\", \"bedrock\": {\"a\": \"b\", \"c\": null}}");
        assertEquals(List.of("bedrock"), List.copyOf(m.providerKeys()));
        assertEquals(List.of("5 members ignored (not objects): [version (a number), notes (an array), "
                + "flag (a boolean), nothing (null), text (a string)]"), m.warnings());
    }

    @Test
    void emptySectionIsAllowed() throws Exception {
        BetaMapping m = BetaMappingParser.parse("{\"vertex_ai\": {}}");
        assertEquals(0, m.provider("vertex_ai").size());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "empty document           | ``                                     | not valid JSON",
        "not JSON                 | `hello`                                | not valid JSON",
        "truncated                | `{\"bedrock\": {\"a\": \"b\"`          | not valid JSON",
        "trailing garbage         | `{\"bedrock\": {}} x`                  | not valid JSON",
        "array document           | `[{\"bedrock\": {}}]`                  | the document must be a JSON object, found an array",
        "string document          | `\"bedrock\"`                          | the document must be a JSON object, found a string",
        "no section               | `{\"description\": \"d\"}`             | the document has no provider section",
        "only a list              | `{\"bedrock\": [\"a\"]}`               | the document has no provider section",
        "number value             | `{\"bedrock\": {\"a\": 1}}`            | provider [bedrock], beta [a]: the value must be a string or null, found a number",
        "object value             | `{\"bedrock\": {\"a\": {}}}`           | provider [bedrock], beta [a]: the value must be a string or null, found an object",
        "array value              | `{\"bedrock\": {\"a\": [\"b\"]}}`      | provider [bedrock], beta [a]: the value must be a string or null, found an array",
        "boolean value            | `{\"bedrock\": {\"a\": false}}`        | provider [bedrock], beta [a]: the value must be a string or null, found a boolean",
        "blank beta               | `{\"bedrock\": {\" \": \"b\"}}`        | provider [bedrock], beta [ ]: a name must not be blank",
        "comma in beta            | `{\"bedrock\": {\"a,b\": \"b\"}}`      | provider [bedrock], beta [a,b]: a name must not contain a comma",
        "space in beta            | `{\"bedrock\": {\"a b\": \"b\"}}`      | provider [bedrock], beta [a b]: a name must not contain whitespace",
        "blank target             | `{\"bedrock\": {\"a\": \"\"}}`         | provider [bedrock], beta [a], value []: a name must not be blank",
        "comma in target          | `{\"bedrock\": {\"a\": \"b,c\"}}`      | provider [bedrock], beta [a], value [b,c]: a name must not contain a comma",
        "tab in target            | `{\"bedrock\": {\"a\": \"b\\tc\"}}`    | a name must not contain whitespace",
        "blank provider           | `{\"\": {\"a\": \"b\"}}`               | provider key []: a name must not be blank",
        "duplicate beta           | `{\"bedrock\": {\"a\": \"b\", \"a\": null}}` | provider [bedrock], beta [a] appears twice",
        "duplicate provider       | `{\"bedrock\": {}, \"bedrock\": {}}`   | member [bedrock] appears twice",
    })
    void refusesWithAMessageNamingThePlace(String name, String document, String message) {
        InvalidMappingException e = assertThrows(InvalidMappingException.class,
                () -> BetaMappingParser.parse(document == null ? "" : document));
        assertTrue(e.getMessage().contains(message), () -> "message was: " + e.getMessage());
    }
}
