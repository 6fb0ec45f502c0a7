package io.github.betaheaders.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.betaheaders.core.BetaMapping;
import io.github.betaheaders.core.BetaMappingParser;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a reload reports as changed between two mappings. */
class MappingChangesTest {

    private static BetaMapping parse(String json) throws Exception {
        return BetaMappingParser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> of(String key, String value) {
        Map<String, String> out = new HashMap<>();
        out.put(key, value);
        return out;
    }

    @Test
    void addedRemovedAndChangedBetasPerProviderWithNullForUnsupported() throws Exception {
        MappingChanges changes = MappingChanges.between(
                parse("{\"anthropic\":{},\"bedrock\":{\"a\":\"a\",\"b\":null,\"c\":\"c\"},\"gone\":{\"g\":\"g\"}}"),
                parse("{\"anthropic\":{},\"bedrock\":{\"a\":\"a2\",\"b\":\"b\",\"d\":null},\"vertex_ai\":{\"v\":\"v\"}}"));
        assertEquals(List.of("bedrock", "vertex_ai", "gone"), List.copyOf(changes.providers().keySet()));
        MappingChanges.ProviderChanges bedrock = changes.providers().get("bedrock");
        assertEquals(of("d", null), bedrock.added());
        assertEquals(of("c", "c"), bedrock.removed());
        assertEquals(Map.of("a", new MappingChanges.Change("a", "a2"), "b", new MappingChanges.Change(null, "b")),
                bedrock.changed());
        assertEquals(of("v", "v"), changes.providers().get("vertex_ai").added());
        assertEquals(of("g", "g"), changes.providers().get("gone").removed());
        assertEquals("added 1 {d=null}, removed 1 [c], changed 2 {a: a -> a2, b: null -> b}", bedrock.toString());
    }

    @Test
    void theSameBetasInAnotherDocumentAreNoChange() throws Exception {
        assertTrue(MappingChanges.between(parse("{\"bedrock\":{\"a\":null,\"b\":\"b\"}}"),
                parse("{ \"description\": \"x\", \"bedrock\": { \"b\": \"b\", \"a\": null } }")).isEmpty());
    }
}
