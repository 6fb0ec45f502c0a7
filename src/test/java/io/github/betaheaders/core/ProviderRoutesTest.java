package io.github.betaheaders.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProviderRoutesTest {

    static final ProviderRoutes EXAMPLE = ProviderRoutes.parse(
            "/bedrock/model/*/converse*=bedrock_converse, /bedrock/*=bedrock, /vertex/*=vertex_ai");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "NONE", value = {
        "/bedrock/model/m/converse, bedrock_converse",
        "/bedrock/model/m/converse-stream, bedrock_converse",
        "/bedrock/model/m/invoke, bedrock",
        "/bedrock/model/m/converse/extra, bedrock",
        "/bedrock, bedrock",
        "/bedrock/, bedrock",
        "/bedrockx/model/m/invoke, NONE",
        "/vertex/v1/projects/p/locations/l/publishers/anthropic/models/m:rawPredict, vertex_ai",
        "/anthropic/v1/messages, NONE",
        "/, NONE",
        "'', NONE",
    })
    void firstMatchWins(String path, String provider) {
        assertEquals(provider, EXAMPLE.providerFor(path));
    }

    @Test
    void starStaysInsideOneSegment() {
        ProviderRoutes r = ProviderRoutes.parse("/a/*/c=x");
        assertEquals("x", r.providerFor("/a/b/c"));
        assertEquals("x", r.providerFor("/a//c"));
        assertEquals(null, r.providerFor("/a/b/b/c"));
        assertEquals(null, r.providerFor("/a/b/c/d"));
    }

    @Test
    void exactPatternMatchesOnlyThatPath() {
        ProviderRoutes r = ProviderRoutes.parse("/v1/messages=anthropic");
        assertEquals("anthropic", r.providerFor("/v1/messages"));
        assertEquals(null, r.providerFor("/v1/messages/count_tokens"));
        assertEquals(null, r.providerFor("/v1/messagesx"));
    }

    @Test
    void catchAllAndInnerStarsWithRest() {
        assertEquals("anthropic", ProviderRoutes.parse("/*=anthropic").providerFor("/anything/at/all"));
        ProviderRoutes r = ProviderRoutes.parse("/*/model/*=bedrock");
        assertEquals("bedrock", r.providerFor("/gw/model/x/invoke"));
        assertEquals(null, r.providerFor("/gw/other/x/invoke"));
    }

    @Test
    void rulesSeparatedByNewlinesAndCommasWithBlankOnesSkipped() {
        ProviderRoutes r = ProviderRoutes.parse("\n  /a/* = bedrock \r\n,\n/b/*=vertex_ai,\n");
        assertEquals(List.of(new ProviderRoutes.Route("/a/*", "bedrock"), new ProviderRoutes.Route("/b/*", "vertex_ai")),
                r.routes());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "/a/*                  | rule [/a/*] has no '='",
        "a/*=bedrock           | rule [a/*=bedrock]: the pattern must start with '/'",
        "=bedrock              | rule [=bedrock]: the pattern must start with '/'",
        "/a/*=                 | rule [/a/*=]: provider [] is not a provider key",
        "/a/*=bed rock         | provider [bed rock] is not a provider key",
        "/a/*=bedrock=x        | provider [bedrock=x] is not a provider key",
        "/a/**=bedrock         | '**' is not supported",
        "' , ,'                | no rule found",
    })
    void malformedRulesAreRefused(String spec, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProviderRoutes.parse(spec));
        assertTrue(e.getMessage().contains(message), () -> e.getMessage());
    }
}
