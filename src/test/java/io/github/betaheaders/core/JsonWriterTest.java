package io.github.betaheaders.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.Json;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class JsonWriterTest {

    @Test
    void writesScalars() {
        assertEquals("null", JsonWriter.write(null));
        assertEquals("true", JsonWriter.write(true));
        assertEquals("7", JsonWriter.write(7));
        assertEquals("-9007199254740993", JsonWriter.write(-9007199254740993L));
        assertEquals("0.5", JsonWriter.write(0.5));
        assertEquals("\"s\"", JsonWriter.write("s"));
    }

    @Test
    void writesNestedMapsAndListsInOrder() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("z", null);
        inner.put("a", List.of(1, "x"));
        Map<String, Object> outer = new LinkedHashMap<>();
        outer.put("second", inner);
        outer.put("first", new ArrayList<>());
        outer.put("empty", Map.of());
        assertEquals("{\"second\":{\"z\":null,\"a\":[1,\"x\"]},\"first\":[],\"empty\":{}}", JsonWriter.write(outer));
    }

    @Test
    void escapesWhatMustOrShouldBeEscaped() {
        assertEquals("\"\\\" \\\\ / \\b \\f \\n \\r \\t \\u0000 \\u001f \\u007f \\u2028 \\u2029 \u00e9 \ud83d\ude00\"",
                JsonWriter.write("\" \\ / \b \f \n \r \t \u0000 \u001f \u007f \u2028 \u2029 \u00e9 \ud83d\ude00"));
        assertEquals("\"\\ud83d x \\ude00\"", JsonWriter.write("\ud83d x \ude00"));
        assertEquals("\"\\ude00\\ud83d\"", JsonWriter.write("\ude00\ud83d"));
    }

    @Test
    void refusesWhatJsonCannotHold() {
        assertThrows(IllegalArgumentException.class, () -> JsonWriter.write(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> JsonWriter.write(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> JsonWriter.write(new Object()));
        assertThrows(IllegalArgumentException.class, () -> JsonWriter.write(Map.of(1, "x")));
    }

    /** Any string survives the trip through a JSON-P reader (Parsson, here only as a reference). */
    @Property(tries = 2000)
    void anyStringReadsBackTheSame(@ForAll String text) {
        String json = JsonWriter.write(List.of(text));
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            String back = ((JsonString) reader.readArray().get(0)).getString();
            assertEquals(text, back, () -> Arrays.toString(text.chars().toArray()));
        }
    }
}
