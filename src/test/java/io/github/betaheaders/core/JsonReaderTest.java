package io.github.betaheaders.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.betaheaders.core.JsonReader.Event;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The strict reader: what it accepts and decodes, and the exact refusal for each kind of bad input. */
class JsonReaderTest {

    /** The events of a whole document, strings shown as {@code KEY_NAME=text}. */
    static List<String> events(byte[] document) throws MalformedJsonException {
        JsonReader reader = new JsonReader(document);
        List<String> out = new ArrayList<>();
        while (true) {
            Event event = reader.next();
            if (event == Event.END_DOCUMENT) {
                return out;
            }
            out.add(event == Event.KEY_NAME || event == Event.VALUE_STRING ? event + "=" + reader.string()
                    : event.name());
        }
    }

    static List<String> events(String document) throws MalformedJsonException {
        return events(document.getBytes(StandardCharsets.UTF_8));
    }

    static String refusal(String document) {
        return refusal(document.getBytes(StandardCharsets.UTF_8));
    }

    static String refusal(byte[] document) {
        return assertThrows(MalformedJsonException.class, () -> events(document)).getMessage();
    }

    @Test
    void readsEveryKindOfValue() throws Exception {
        assertEquals(List.of("START_OBJECT", "KEY_NAME=a", "START_ARRAY", "VALUE_NUMBER", "VALUE_NUMBER", "VALUE_NUMBER",
                "VALUE_TRUE", "VALUE_FALSE", "VALUE_NULL", "VALUE_STRING=s", "START_OBJECT", "END_OBJECT", "START_ARRAY",
                "END_ARRAY", "END_ARRAY", "KEY_NAME=", "VALUE_NUMBER", "END_OBJECT"),
                events(" {\"a\" : [0, -1.5e+3, 12E-0, true,false ,null, \"s\", {}, []], \"\": 7}\r\n\t"));
        assertEquals(List.of("VALUE_NUMBER"), events("-0"));
        assertEquals(List.of("VALUE_STRING=x"), events("\"x\""));
        assertEquals(List.of("VALUE_NULL"), events("null "));
    }

    @Test
    void decodesEscapesSurrogatePairsAndUtf8() throws Exception {
        assertEquals(List.of("VALUE_STRING=\" \\ / \b \f \n \r \t A \u00e9 \u20ac \ud83d\ude00"),
                events("\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u0041 \\u00E9 \\u20ac \\uD83D\\uDE00\""));
        assertEquals(List.of("VALUE_STRING=\u00e9\u20ac\ud83d\ude00\u007f"), events("\"\u00e9\u20ac\ud83d\ude00\u007f\""));
    }

    @Test
    void skipsAValueInTimeLinearInItsSize() throws Exception {
        JsonReader reader = new JsonReader("[{\"a\":[1,{\"b\":[]}]},2] ".getBytes(StandardCharsets.UTF_8));
        assertEquals(Event.START_ARRAY, reader.next());
        reader.skipValue(reader.next());
        assertEquals(Event.VALUE_NUMBER, reader.next());
        assertEquals(Event.END_ARRAY, reader.next());
        assertEquals(Event.END_DOCUMENT, reader.next());
        assertEquals(Event.END_DOCUMENT, reader.next());
    }

    @Test
    void theSixteenByteDocumentIsTruncatedInsideAnArray() {
        assertEquals("truncated: document ends inside an array at byte 16", refusal("{\"description\":["));
    }

    @Test
    void nestingIsBoundedWithoutRecursion() {
        assertEquals("too deep: more than 64 nested objects and arrays at byte 64", refusal("[".repeat(100_000)));
        assertEquals(List.of("START_ARRAY", "START_ARRAY", "END_ARRAY", "END_ARRAY"),
                assertDoesNotThrow(() -> events("[[]]")));
    }

    private static List<String> assertDoesNotThrow(org.junit.jupiter.api.function.ThrowingSupplier<List<String>> s) {
        return org.junit.jupiter.api.Assertions.assertDoesNotThrow(s);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "empty                   | ``                | truncated: the document is empty",
        "only whitespace         | `  `              | truncated: document ends before a value at byte 2",
        "in an object            | `{`               | truncated: document ends inside an object at byte 1",
        "after a name            | `{\"a\"`          | truncated: document ends inside an object at byte 4",
        "after a colon           | `{\"a\":`         | truncated: document ends inside an object at byte 5",
        "after a comma           | `[1,`             | truncated: document ends inside an array at byte 3",
        "in a string             | `[\"ab`           | truncated: document ends inside a string at byte 4",
        "in an escape            | `\"\\`            | truncated: document ends inside an escape in a string at byte 2",
        "in a \\u escape         | `\"\\u12`         | truncated: document ends inside a \\u escape in a string at byte 5",
        "in a literal            | `[tru`            | truncated: document ends inside the literal true at byte 4",
        "in a number             | `-`               | truncated: document ends inside a number at byte 1",
        "in a fraction           | `1.`              | truncated: document ends inside a number at byte 2",
        "in an exponent          | `1e+`             | truncated: document ends inside a number at byte 3",
        "trailing content        | `{} x`            | unexpected byte 'x' (0x78) at byte 3: expected the end of the document after the top-level value",
        "two values              | `1 2`             | unexpected byte '2' (0x32) at byte 2: expected the end of the document after the top-level value",
        "leading zero            | `[01]`            | unexpected byte '1' (0x31) at byte 2: expected ',' or ']'",
        "plus sign               | `+1`              | unexpected byte '+' (0x2B) at byte 0: expected a value (object, array, string, number, true, false or null)",
        "bare fraction           | `.5`              | unexpected byte '.' (0x2E) at byte 0: expected a value (object, array, string, number, true, false or null)",
        "no fraction digit       | `1.e5`            | unexpected byte 'e' (0x65) at byte 2: expected a digit in a number",
        "minus alone             | `-x`              | unexpected byte 'x' (0x78) at byte 1: expected a digit in a number",
        "trailing comma array    | `[1,]`            | unexpected byte ']' (0x5D) at byte 3: expected a value (object, array, string, number, true, false or null)",
        "trailing comma object   | `{\"a\":1,}`      | unexpected byte '}' (0x7D) at byte 7: expected a member name (a string)",
        "unquoted name           | `{a:1}`           | unexpected byte 'a' (0x61) at byte 1: expected a member name (a string)",
        "missing colon           | `{\"a\" 1}`       | unexpected byte '1' (0x31) at byte 5: expected ':' after a member name",
        "missing comma           | `{\"a\":1 \"b\"}` | unexpected byte '\"' (0x22) at byte 7: expected ',' or '}'",
        "mismatched close        | `[}`              | unexpected byte '}' (0x7D) at byte 1: expected a value (object, array, string, number, true, false or null)",
        "bad literal             | `nul1`            | unexpected byte '1' (0x31) at byte 3: expected the literal null",
        "capital literal         | `True`            | unexpected byte 'T' (0x54) at byte 0: expected a value (object, array, string, number, true, false or null)",
        "bad escape              | `\"\\x\"`         | unexpected byte 'x' (0x78) at byte 2: expected an escape (one of \" \\ / b f n r t u) after the backslash at byte 1",
        "bad hex                 | `\"\\u12G4\"`     | unexpected byte 'G' (0x47) at byte 5: expected a hexadecimal digit in a \\u escape",
        "lone high surrogate     | `\"\\uD83Dx\"`    | unpaired surrogate escape at byte 1: a high surrogate must be followed by a low one",
        "high then not low       | `\"\\uD83D\\u0041\"` | unpaired surrogate escape at byte 1: a high surrogate must be followed by a low one",
        "lone low surrogate      | `\"\\uDE00\"`     | unpaired surrogate escape at byte 1: a low surrogate without a high one before it",
        "single quotes           | `'a'`             | unexpected byte ''' (0x27) at byte 0: expected a value (object, array, string, number, true, false or null)",
    })
    void refusesNamingWhatAndWhere(String name, String document, String message) {
        assertEquals(message, refusal(document == null ? "" : document));
    }

    @Test
    void controlCharactersInStringsMustBeEscaped() {
        assertEquals("control character 0x0A inside a string at byte 2: it must be escaped", refusal("\"a\nb\""));
        assertEquals("control character 0x00 inside a string at byte 1: it must be escaped", refusal("\"\u0000\""));
        assertEquals("unexpected byte 0x00 at byte 0: expected a value (object, array, string, number, true, false "
                + "or null)", refusal("\u0000"));
    }

    @Test
    void refusesInvalidUtf8() {
        assertEquals("invalid UTF-8 at byte 1: 0x80 cannot start a character", refusal(bytes('"', 0x80, '"')));
        assertEquals("invalid UTF-8 at byte 1: 0xC0 cannot start a character", refusal(bytes('"', 0xC0, 0xAF, '"')));
        assertEquals("invalid UTF-8 at byte 1: an overlong form, a surrogate or a code point past U+10FFFF",
                refusal(bytes('"', 0xE0, 0x80, 0xAF, '"')));
        assertEquals("invalid UTF-8 at byte 1: an overlong form, a surrogate or a code point past U+10FFFF",
                refusal(bytes('"', 0xED, 0xA0, 0x80, '"')));
        assertEquals("invalid UTF-8 at byte 1: an overlong form, a surrogate or a code point past U+10FFFF",
                refusal(bytes('"', 0xF4, 0x90, 0x80, 0x80, '"')));
        assertEquals("invalid UTF-8 at byte 1: 0xF5 cannot start a character", refusal(bytes('"', 0xF5, 0x80, '"')));
        assertEquals("invalid UTF-8 at byte 2: 0x41 where a continuation byte was expected",
                refusal(bytes('"', 0xC3, 'A', '"')));
        assertEquals("truncated: document ends inside a UTF-8 character in a string at byte 3",
                refusal(bytes('"', 0xE2, 0x82)));
        assertEquals("unexpected byte 0xC3 at byte 2: expected ',' or ']'", refusal(bytes('[', '1', 0xC3, 0xA9)));
    }

    @Test
    void refusesAByteOrderMark() {
        assertEquals("a byte order mark at byte 0: JSON text must start without one",
                refusal(bytes(0xEF, 0xBB, 0xBF, '{', '}')));
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }
}
