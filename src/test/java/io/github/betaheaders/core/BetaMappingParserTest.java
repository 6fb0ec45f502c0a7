package io.github.betaheaders.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
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
        "duplicate ignored member | `{\"bedrock\": {}, \"v\": 1, \"v\": 2}` | member [v] appears twice",
        "truncated description    | `{\"description\":[`                  | not valid JSON: truncated: document ends inside an array at byte 16",
        "DEL in beta              | `{\"bedrock\": {\"a\\u007f\": null}}`  | provider [bedrock], beta [a\\u007f]: a name must not contain whitespace or control characters",
        "no-break space in beta   | `{\"bedrock\": {\"a\\u00a0\": null}}`  | provider [bedrock], beta [a\\u00a0]: a name must not contain whitespace or control characters",
        "newline in provider key  | `{\"bed\\nrock\": {}}`                 | provider key [bed\\u000arock]: a name must not contain whitespace or control characters",
        "non-ASCII provider key   | `{\"b\u00e9drock\": {}}`                | provider key [b\\u00e9drock]: a provider key must be printable ASCII, found U+00E9 at index 1",
        "comma in provider key    | `{\"a,b\": {}}`                        | provider key [a,b]: a name must not contain a comma",
    })
    void refusesWithAMessageNamingThePlace(String name, String document, String message) {
        InvalidMappingException e = assertThrows(InvalidMappingException.class,
                () -> BetaMappingParser.parse(document == null ? "" : document));
        assertTrue(e.getMessage().contains(message), () -> "message was: " + e.getMessage());
    }

    @Test
    void betaNamesMayUseEveryTokenCharacter() throws Exception {
        String token = "!#$%&'*+-.^_`|~09azAZ";
        BetaMapping m = BetaMappingParser.parse("{\"bedrock\": {\"" + token + "\": \"" + token + "\"}}");
        assertEquals(token, m.provider("bedrock").entries().get(token));
    }

    @Test
    void providerKeysMayBeAnyPrintableAsciiButAComma() throws Exception {
        assertEquals(List.of("a/b:c{d}"), List.copyOf(BetaMappingParser.parse("{\"a/b:c{d}\": {}}").providerKeys()));
    }

    @Test
    void aLongHostileNameIsCutInTheMessage() {
        String name = "x".repeat(1_000_000) + "/";
        InvalidMappingException e = assertThrows(InvalidMappingException.class,
                () -> BetaMappingParser.parse("{\"bedrock\": {\"" + name + "\": null}}"));
        assertTrue(e.getMessage().startsWith("provider [bedrock], beta [" + "x".repeat(80) + "...(1000001 chars)]: "),
                e.getMessage().substring(0, 200));
        assertTrue(e.getMessage().length() < 400);
    }

    /** Was 15 s with a list search for duplicates; and one warning per ignored member. */
    @Test
    void eightyThousandSectionsParseQuicklyWithOneSummarisedWarning() {
        int n = 80_000;
        StringBuilder doc = new StringBuilder(n * 40).append("{\"description\": \"many\"");
        for (int i = 0; i < n; i++) {
            doc.append(",\"provider").append(i).append("\":{\"a\":\"b\"},\"ignored").append(i).append("\":").append(i);
        }
        byte[] document = doc.append('}').toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        BetaMapping m = assertTimeoutPreemptively(Duration.ofSeconds(3), () -> BetaMappingParser.parse(document));
        assertEquals(n, m.providerCount());
        assertEquals(List.of("80000 members ignored (not objects): [ignored0 (a number), ignored1 (a number), "
                + "ignored2 (a number), ignored3 (a number), ignored4 (a number), ...]"), m.warnings());
    }

    @Test
    void oneIgnoredMemberIsSaidInTheSingular() throws Exception {
        assertEquals(List.of("1 member ignored (not an object): [version (a number)]"),
                BetaMappingParser.parse("{\"version\": 2, \"bedrock\": {}}").warnings());
    }

    private static String refusal(String document) {
        return assertThrows(InvalidMappingException.class, () -> BetaMappingParser.parse(document)).getMessage();
    }

    /** Jetty sent a non-token beta as spaces; each must be an RFC 9110 token, on both sides of an entry. */
    @Test
    void refusesBetaNamesThatAreNotHttpTokens() {
        String rule = ": a name must be an HTTP token (ASCII letters, digits and !#$%&'*+-.^_`|~), found ";
        assertEquals("provider [bedrock], beta [a/b]" + rule + "'/' (U+002F) at index 1",
                refusal("{\"bedrock\": {\"a/b\": \"b\"}}"));
        assertEquals("provider [bedrock], beta [a], value [b\"]" + rule + "'\"' (U+0022) at index 1",
                refusal("{\"bedrock\": {\"a\": \"b\\\"\"}}"));
        assertEquals("provider [bedrock], beta [caf\\u00e9]" + rule + "U+00E9 at index 3",
                refusal("{\"bedrock\": {\"caf\u00e9\": null}}"));
        assertEquals("provider [bedrock], beta [a], value [\\u00ff]" + rule + "U+00FF at index 0",
                refusal("{\"bedrock\": {\"a\": \"\\u00ff\"}}"));
        assertEquals("provider [bedrock], beta [a], value [x\\ud83d\\ude00]" + rule + "U+1F600 at index 1",
                refusal("{\"bedrock\": {\"a\": \"x\ud83d\ude00\"}}"));
    }
}
