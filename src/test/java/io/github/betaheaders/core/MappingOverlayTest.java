package io.github.betaheaders.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Overrides layered over the table, per provider and beta. */
class MappingOverlayTest {

    @Test
    void anOverrideWinsForItsProviderAndBetaAndTheRestStays() throws InvalidMappingException {
        BetaMapping table = Mappings.load(Mappings.SEPTEMBER);
        BetaMapping overrides = BetaMappingParser.parse("{\"bedrock\":{\"context-1m-2025-08-07\":null,"
                + "\"files-api-2025-04-14\":\"files-api-2025-04-14\",\"new-beta\":\"new-beta\"}}");
        BetaMapping layered = MappingOverlay.layer(table, overrides);

        assertEquals(table.providerKeys(), layered.providerKeys());
        Map<String, String> bedrock = layered.provider("bedrock").entries();
        assertNull(bedrock.get("context-1m-2025-08-07"));
        assertEquals("files-api-2025-04-14", bedrock.get("files-api-2025-04-14"));
        assertEquals("new-beta", bedrock.get("new-beta"));
        Map<String, String> expected = new LinkedHashMap<>(table.provider("bedrock").entries());
        expected.putAll(overrides.provider("bedrock").entries());
        assertEquals(expected, bedrock);
        assertEquals(table.provider("vertex_ai").entries(), layered.provider("vertex_ai").entries());

        RewriteResult result = new BetaRules(List.of()).rewriteItems(layered, "bedrock",
                List.of("context-1m-2025-08-07", "files-api-2025-04-14"));
        assertEquals(List.of("files-api-2025-04-14"), result.betas());
        assertEquals(Map.of("context-1m-2025-08-07", DropReason.MAPPED_TO_NULL), result.dropReasons());
    }

    @Test
    void aSectionOnlyTheOverridesHaveIsAddedUnlessItNamesAModel() throws InvalidMappingException {
        BetaMapping table = BetaMappingParser.parse("{\"version\":1,\"bedrock\":{\"a\":\"a\"}}");
        BetaMapping overrides = BetaMappingParser.parse("{\"my_gateway\":{\"a\":\"b\"},"
                + "\"bedrock/*claude-opus-4-7*\":{\"*\":null}}");
        BetaMapping layered = MappingOverlay.layer(table, overrides);
        assertEquals(List.of("bedrock", "my_gateway"), List.copyOf(layered.providerKeys()));
        assertEquals(Map.of("a", "b"), layered.provider("my_gateway").entries());
        assertEquals(table.warnings(), layered.warnings());
    }
}
