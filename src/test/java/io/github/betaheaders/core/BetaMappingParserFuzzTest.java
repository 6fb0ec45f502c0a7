package io.github.betaheaders.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile and faulty mapping documents: each one ends, within a time bound, in a mapping or a clear refusal (an
 * {@link InvalidMappingException} whose message names the byte offset when the JSON is at fault), never in a hang,
 * another exception or a message that could break a log line.
 */
class BetaMappingParserFuzzTest {

    private static final Duration BOUND = Duration.ofSeconds(10);
    /** For all prefixes of one file together (6,815 or 12,545 parses: seconds on a quiet machine). */
    private static final Duration ALL_PREFIXES_BOUND = Duration.ofSeconds(60);
    private static final Pattern AT_BYTE = Pattern.compile("at byte (\\d+)");
    private static final List<String> FILES = List.of(Mappings.FEBRUARY, Mappings.SEPTEMBER);

    /** The outcome of parsing: the mapping, or the refusal's message (checked to be a clear one). */
    private static String outcome(byte[] document) {
        try {
            BetaMapping mapping = BetaMappingParser.parse(document);
            assertTrue(mapping.providerCount() > 0);
            return "mapping";
        } catch (InvalidMappingException e) {
            String message = e.getMessage();
            assertTrue(message != null && !message.isBlank(), "a refusal without a message");
            for (int i = 0; i < message.length(); i++) {
                char c = message.charAt(i);
                assertTrue(c >= 0x20 && c < 0x7F, () -> "a character a log line should not carry in: " + message);
            }
            if (message.startsWith("not valid JSON: ")) {
                Matcher at = AT_BYTE.matcher(message);
                assertTrue(at.find() || message.equals("not valid JSON: truncated: the document is empty"),
                        () -> "no byte offset in: " + message);
                if (at.find(0)) {
                    long offset = Long.parseLong(at.group(1));
                    assertTrue(offset <= document.length, () -> "offset past the end in: " + message);
                }
            }
            return message;
        }
    }

    @Test
    void theSixteenByteDocumentIsRefusedAtOnce() {
        byte[] document = "{\"description\":[".getBytes(StandardCharsets.US_ASCII);
        assertEquals(16, document.length);
        String message = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> outcome(document));
        assertEquals("not valid JSON: truncated: document ends inside an array at byte 16", message);
        assertEquals("not valid JSON: truncated: document ends inside an object at byte 16",
                assertTimeoutPreemptively(Duration.ofSeconds(5), () -> outcome(
                        "{\"description\":{".getBytes(StandardCharsets.US_ASCII))));
        assertEquals("not valid JSON: truncated: document ends inside an array at byte 11",
                assertTimeoutPreemptively(Duration.ofSeconds(5), () -> outcome(
                        "{\"notes\":[[".getBytes(StandardCharsets.US_ASCII))));
    }

    /** Every strict prefix of LiteLLM's files is refused as truncated at its own length; the whole file loads. */
    @ParameterizedTest
    @ValueSource(strings = {Mappings.FEBRUARY, Mappings.SEPTEMBER})
    void everyPrefixOfLiteLlmsFilesIsRefusedAsTruncated(String resource) {
        byte[] file = Mappings.bytes(resource);
        int end = file.length;
        while (end > 0 && Character.isWhitespace(file[end - 1])) {
            end--;
        }
        int complete = end;
        assertTimeoutPreemptively(ALL_PREFIXES_BOUND, () -> {
            for (int length = 0; length <= file.length; length++) {
                String outcome = outcome(Arrays.copyOf(file, length));
                if (length >= complete) {
                    assertEquals("mapping", outcome, "prefix of " + length + " bytes");
                } else if (length == 0) {
                    assertEquals("not valid JSON: truncated: the document is empty", outcome);
                } else {
                    int n = length;
                    assertTrue(outcome.startsWith("not valid JSON: truncated: document ends ")
                            && outcome.endsWith(" at byte " + length), () -> "prefix of " + n + " bytes: " + outcome);
                }
            }
        });
    }

    @Property(tries = 2000)
    void randomByteMutationsOfLiteLlmsFilesEndInAMappingOrAClearRefusal(@ForAll("mutated") byte[] document) {
        assertTimeoutPreemptively(BOUND, () -> outcome(document));
    }

    @Provide
    Arbitrary<byte[]> mutated() {
        Arbitrary<byte[]> file = Arbitraries.of(FILES).map(Mappings::bytes);
        Arbitrary<int[]> edits = Arbitraries.integers().between(0, Integer.MAX_VALUE).array(int[].class)
                .ofMinSize(2).ofMaxSize(16);
        return Combinators.combine(file, edits).as(BetaMappingParserFuzzTest::mutate);
    }

    /** Pairs of (position, byte): overwrite, insert or delete there, chosen by the byte. */
    private static byte[] mutate(byte[] original, int[] edits) {
        byte[] out = original.clone();
        for (int i = 0; i + 1 < edits.length; i += 2) {
            int at = edits[i] % out.length;
            int value = edits[i + 1];
            switch (value % 3) {
                case 0 -> out[at] = (byte) (value >>> 8);
                case 1 -> {
                    byte[] longer = new byte[out.length + 1];
                    System.arraycopy(out, 0, longer, 0, at);
                    longer[at] = (byte) (value >>> 8);
                    System.arraycopy(out, at, longer, at + 1, out.length - at);
                    out = longer;
                }
                default -> {
                    if (out.length > 1) {
                        byte[] shorter = new byte[out.length - 1];
                        System.arraycopy(out, 0, shorter, 0, at);
                        System.arraycopy(out, at + 1, shorter, at, out.length - at - 1);
                        out = shorter;
                    }
                }
            }
        }
        return out;
    }

    @Property(tries = 1000)
    void randomBytesEndInAClearRefusal(@ForAll byte[] document) {
        String outcome = assertTimeoutPreemptively(BOUND, () -> outcome(document));
        if ("mapping".equals(outcome)) {
            fail("random bytes made a mapping: " + Arrays.toString(document));
        }
    }

    @Test
    void deepNestingIsRefusedQuickly() {
        String deep = "[".repeat(100_000);
        assertEquals("the document must be a JSON object, found an array",
                assertTimeoutPreemptively(BOUND, () -> outcome(deep.getBytes(StandardCharsets.US_ASCII))));
        assertEquals("not valid JSON: too deep: more than 64 nested objects and arrays at byte 78",
                assertTimeoutPreemptively(BOUND, () -> outcome(("{\"description\":" + deep)
                        .getBytes(StandardCharsets.US_ASCII))));
        assertEquals("not valid JSON: too deep: more than 64 nested objects and arrays at byte 78",
                assertTimeoutPreemptively(BOUND, () -> outcome(("{\"description\":" + deep + "]".repeat(100_000)
                        + "}").getBytes(StandardCharsets.US_ASCII))));
        String objects = "{\"a\":".repeat(100_000) + "{}" + "}".repeat(100_000);
        assertEquals("not valid JSON: too deep: more than 64 nested objects and arrays at byte 330",
                assertTimeoutPreemptively(BOUND, () -> outcome(("{\"description\":" + objects)
                        .getBytes(StandardCharsets.US_ASCII))));
        assertEquals("provider [a], beta [a]: the value must be a string or null, found an object",
                assertTimeoutPreemptively(BOUND, () -> outcome(objects.getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void nestingUpToTheLimitInsideTheDescriptionIsFine() throws Exception {
        int inside = BetaMappingParser.MAX_DEPTH - 1;
        BetaMapping m = BetaMappingParser.parse("{\"description\":" + "[".repeat(inside) + "]".repeat(inside)
                + ",\"bedrock\":{}}");
        assertEquals(1, m.providerCount());
    }
}
