package io.github.betaheaders.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.stream.JsonParser;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The reader against Parsson (the JSON-P implementation, used here as a reference only): on valid JSON and on JSON with
 * a random edit, both accept the same texts and see the same events. Inputs stay ASCII and shallower than 64, where
 * the two are meant to agree. Parsson lets unpaired surrogate escapes through, which counts as a refusal here (ours
 * refuses them); it refuses a bare top-level number, which RFC 8259 allows, so the generated texts are arrays.
 */
class JsonReaderPropertyTest {

    private static final List<String> PIECES = List.of("{", "}", "[", "]", ":", ",", "\"", "\\", "\"k\"", "0", "1",
            "-", ".", "e", "E", "+", "true", "fals", "null", " ", "\n", "x", "\\n", "\\u0041", "\\u00", "01", "1.5");

    @Property(tries = 3000)
    void agreesWithParssonOnValidAndEditedJson(@ForAll("documents") String document) {
        byte[] bytes = document.getBytes(StandardCharsets.UTF_8);
        assertEquals(parsson(bytes), ours(bytes), () -> "document: " + document);
    }

    @Provide
    Arbitrary<String> documents() {
        Arbitrary<String> valid = value(4).map(v -> "[" + v + "]");
        Arbitrary<String> edited = Combinators.combine(valid, Arbitraries.integers().between(0, 1000),
                Arbitraries.integers().between(0, 2), Arbitraries.of(PIECES)).as(JsonReaderPropertyTest::edit);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(1, valid), net.jqwik.api.Tuple.of(3, edited));
    }

    private static String edit(String document, int at, int kind, String piece) {
        int i = document.isEmpty() ? 0 : at % (document.length() + 1);
        switch (kind) {
            case 0: return document.substring(0, i) + piece + document.substring(i);
            case 1: return i < document.length() ? document.substring(0, i) + document.substring(i + 1) : document;
            default: return document.substring(0, i);
        }
    }

    private static Arbitrary<String> value(int depth) {
        Arbitrary<String> scalar = Arbitraries.oneOf(
                Arbitraries.of("true", "false", "null", "0", "-0", "12", "-3.25", "1e5", "2E-3", "0.5e+2"),
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(6).map(JsonReaderPropertyTest::quoted),
                Arbitraries.of("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "\"\\u00e9\\uD83D\\uDE00\""));
        if (depth == 0) {
            return scalar;
        }
        Arbitrary<String> array = value(depth - 1).list().ofMaxSize(4).map(items -> "[" + String.join(",", items) + "]");
        Arbitrary<String> object = Combinators.combine(
                Arbitraries.strings().alpha().ofMaxLength(3), value(depth - 1)).as((k, v) -> quoted(k) + " : " + v)
                .list().ofMaxSize(4).map(members -> "{" + String.join(", ", members) + "}");
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, scalar), net.jqwik.api.Tuple.of(2, array),
                net.jqwik.api.Tuple.of(2, object)).map(s -> s);
    }

    private static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** The events, strings with their text; or "refused". */
    private static List<String> ours(byte[] document) {
        JsonReader reader = new JsonReader(document);
        List<String> out = new ArrayList<>();
        try {
            while (true) {
                JsonReader.Event event = reader.next();
                if (event == JsonReader.Event.END_DOCUMENT) {
                    return out;
                }
                out.add(event == JsonReader.Event.KEY_NAME || event == JsonReader.Event.VALUE_STRING
                        ? event + "=" + reader.string() : event.name());
            }
        } catch (MalformedJsonException e) {
            return List.of("refused");
        }
    }

    private static List<String> parsson(byte[] document) {
        List<String> out = new ArrayList<>();
        try (JsonParser parser = Json.createParser(new ByteArrayInputStream(document))) {
            while (parser.hasNext()) {
                JsonParser.Event event = parser.next();
                boolean string = event == JsonParser.Event.KEY_NAME || event == JsonParser.Event.VALUE_STRING;
                if (string && hasUnpairedSurrogate(parser.getString())) {
                    return List.of("refused"); // what a strict reader must do, and ours does
                }
                out.add(string ? event + "=" + parser.getString() : event.name());
            }
            return out;
        } catch (jakarta.json.JsonException | java.util.NoSuchElementException e) {
            return List.of("refused");
        }
    }

    private static boolean hasUnpairedSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
