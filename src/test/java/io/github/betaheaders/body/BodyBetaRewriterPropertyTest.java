package io.github.betaheaders.body;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.betaheaders.body.BodyRewrite.Outcome;
import io.github.betaheaders.core.BetaRules;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Random bodies (see {@link RandomBody}): the output equals the input with exactly the intended members changed,
 * byte for byte, and parses to the input's value with only those members changed.
 */
class BodyBetaRewriterPropertyTest {

    private static final BetaRules RULES = new BetaRules(Set.of("anthropic"));
    private static final BodyBetaRewriter REWRITER = new BodyBetaRewriter(RULES);
    private static final String KEY = "anthropic_beta";
    private static final String CONVERSE = "additionalModelRequestFields";
    private static final String MUTATIONS = "{}[]:,\"\\ \n\t0123456789-+.eEtrufalsnx/";

    @Provide
    Arbitrary<RandomBody> bodies() {
        return Arbitraries.randomValue(RandomBody::generate);
    }

    @Provide
    Arbitrary<String> providers() {
        return Arbitraries.of("bedrock", "bedrock_converse", "anthropic", "vertex_ai");
    }

    @Provide
    Arbitrary<List<String>> headerBetas() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(2, Arbitraries.just(List.<String>of())),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("keep-1", "new-1", "hdr-1", "q\"h", "h\u00e9")
                        .list().ofMinSize(1).ofMaxSize(3)));
    }

    @Property(tries = 3000)
    void onlyTheIntendedMembersChangeAndEveryOtherByteStays(@ForAll("bodies") RandomBody body,
            @ForAll("providers") String provider, @ForAll("headerBetas") List<String> headerBetas) {
        BodyRewrite result = REWRITER.rewrite(BodyBetaRewriterTest.MAPPING, provider, body.bytes, body.bytes.length,
                headerBetas);
        byte[] actual = Arrays.copyOf(result.body(), result.length());

        List<Edit> edits = new ArrayList<>();
        List<String> top = null;
        if (body.topLevel != null) {
            top = rewritten(provider, body.topLevel.items(), headerBetas);
            edit(body.topLevel, top, edits);
        } else if (!headerBetas.isEmpty()) {
            top = dedup(headerBetas);
            int at = indexOf(body.bytes, '{') + 1;
            edits.add(new Edit(at, at, "\"anthropic_beta\":" + json(top) + (body.rootMemberCount > 0 ? "," : "")));
        }
        List<String> converse = null;
        if (body.converse != null) {
            converse = rewritten(provider, body.converse.items(), List.of());
            edit(body.converse, converse, edits);
        }
        byte[] expected = apply(body.bytes, edits);
        assertArrayEquals(expected, actual, () -> "input:\n" + body + "\noutput:\n" + new String(actual,
                StandardCharsets.UTF_8) + "\nexpected:\n" + new String(expected, StandardCharsets.UTF_8));
        if (edits.isEmpty()) {
            assertSame(body.bytes, result.body(), "an unchanged body is not copied");
            assertTrue(result.outcome() == Outcome.UNCHANGED || result.outcome() == Outcome.NO_MEMBER);
        } else {
            assertEquals(Outcome.REWRITTEN, result.outcome());
        }

        JsonObject in = parse(body.bytes).asJsonObject();
        JsonObjectBuilder want = Json.createObjectBuilder(in);
        if (top != null && (body.topLevel == null || !top.equals(body.topLevel.items()))) {
            put(want, top);
        }
        if (converse != null && !converse.equals(body.converse.items())) {
            JsonObjectBuilder inner = Json.createObjectBuilder(in.getJsonObject(CONVERSE));
            put(inner, converse);
            want.add(CONVERSE, inner);
        }
        assertEquals(want.build(), parse(actual));
    }

    /** In place, the result has the same bytes; it reuses the buffer exactly when the body never grows. */
    @Property(tries = 2000)
    void inPlaceGivesTheSameBytes(@ForAll("bodies") RandomBody body, @ForAll("providers") String provider,
            @ForAll("headerBetas") List<String> headerBetas) {
        BodyRewrite copying = REWRITER.rewrite(BodyBetaRewriterTest.MAPPING, provider, body.bytes, body.bytes.length,
                headerBetas);
        byte[] buffer = body.bytes.clone();
        BodyRewrite inPlace = REWRITER.rewriteInPlace(BodyBetaRewriterTest.MAPPING, provider, buffer, buffer.length,
                headerBetas);
        assertEquals(copying.outcome(), inPlace.outcome());
        assertArrayEquals(Arrays.copyOf(copying.body(), copying.length()),
                Arrays.copyOf(inPlace.body(), inPlace.length()), body::toString);
        if (inPlace.length() > body.bytes.length) {
            assertArrayEquals(body.bytes, buffer, "a longer body is a new buffer; the input stays as it was");
        }
        if (!inPlace.changed()) {
            assertSame(buffer, inPlace.body());
        }
    }

    @Property(tries = 500)
    void everyTruncatedBodyIsForwardedAsItIs(@ForAll("bodies") RandomBody body,
            @ForAll @IntRange(min = 0, max = 1_000_000) int cutSeed) {
        int end = lastIndexOf(body.bytes, '}') + 1;
        int cut = cutSeed % end;
        BodyRewrite result = REWRITER.rewrite(BodyBetaRewriterTest.MAPPING, "bedrock", body.bytes, cut, List.of());
        assertEquals(Outcome.NOT_JSON, result.outcome(), () -> "cut at " + cut + ": " + body);
        assertSame(body.bytes, result.body());
        assertEquals(cut, result.length());
    }

    /** The scanner's verdict on well-formedness agrees with Parsson's strict streaming parser on mutated bodies. */
    @Property(tries = 3000)
    void theScannerAcceptsExactlyWhatAStrictParserAccepts(@ForAll("bodies") RandomBody body,
            @ForAll @IntRange(min = 1, max = 4) int mutationCount, @ForAll long seed) {
        java.util.Random random = new java.util.Random(seed);
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        buffer.writeBytes(body.bytes);
        byte[] bytes = buffer.toByteArray();
        for (int m = 0; m < mutationCount; m++) {
            bytes = mutate(bytes, random);
        }
        boolean strictParserAccepts = accepts(bytes);
        BodyRewrite result = REWRITER.rewrite(BodyBetaRewriterTest.MAPPING, "bedrock", bytes, bytes.length,
                List.of("keep-1"));
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertEquals(strictParserAccepts, result.outcome() != Outcome.NOT_JSON, () -> "mutated body: " + text);
        if (result.changed()) {
            byte[] out = Arrays.copyOf(result.body(), result.length());
            assertTrue(accepts(out), () -> "output of " + text + " is not JSON: " + new String(out,
                    StandardCharsets.UTF_8));
        }
    }

    private static byte[] mutate(byte[] bytes, java.util.Random random) {
        List<Integer> ascii = new ArrayList<>();
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] >= 0) {
                ascii.add(i);
            }
        }
        byte with = (byte) MUTATIONS.charAt(random.nextInt(MUTATIONS.length()));
        int at = ascii.isEmpty() ? 0 : ascii.get(random.nextInt(ascii.size()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (random.nextInt(3)) {
            case 0 -> {
                out.write(bytes, 0, at);
                out.write(with);
                out.write(bytes, Math.min(at + 1, bytes.length), bytes.length - Math.min(at + 1, bytes.length));
            }
            case 1 -> {
                out.write(bytes, 0, at);
                out.write(bytes, Math.min(at + 1, bytes.length), bytes.length - Math.min(at + 1, bytes.length));
            }
            default -> {
                out.write(bytes, 0, at);
                out.write(with);
                out.write(bytes, at, bytes.length - at);
            }
        }
        return out.toByteArray();
    }

    private static boolean accepts(byte[] bytes) {
        try (JsonParser parser = Json.createParser(new StringReader(new String(bytes, StandardCharsets.UTF_8)))) {
            while (parser.hasNext()) {
                parser.next();
            }
            return true;
        } catch (JsonParsingException e) {
            return false;
        }
    }

    private static JsonValue parse(byte[] bytes) {
        return Json.createReader(new StringReader(new String(bytes, StandardCharsets.UTF_8))).readValue();
    }

    private static List<String> rewritten(String provider, List<String> items, List<String> headerBetas) {
        List<String> betas = new ArrayList<>(RULES.rewriteItems(BodyBetaRewriterTest.MAPPING, provider, items).betas());
        betas.addAll(headerBetas);
        return dedup(betas);
    }

    private static List<String> dedup(List<String> betas) {
        return new ArrayList<>(new LinkedHashSet<>(betas));
    }

    /** The intended change of one member: none, the array replaced, or the member removed with one comma. */
    private static void edit(RandomBody.Member member, List<String> betas, List<Edit> edits) {
        if (betas.equals(member.items())) {
            return;
        }
        if (!betas.isEmpty()) {
            edits.add(new Edit(member.valueStart(), member.valueEnd(), json(betas)));
        } else if (member.index() > 0) {
            edits.add(new Edit(member.commaBefore(), member.valueEnd(), ""));
        } else if (member.nextKeyStart() >= 0) {
            edits.add(new Edit(member.keyStart(), member.nextKeyStart(), ""));
        } else {
            edits.add(new Edit(member.keyStart(), member.valueEnd(), ""));
        }
    }

    private static void put(JsonObjectBuilder object, List<String> betas) {
        if (betas.isEmpty()) {
            object.remove(KEY);
        } else {
            JsonArrayBuilder array = Json.createArrayBuilder();
            betas.forEach(array::add);
            object.add(KEY, array);
        }
    }

    /** Compact array, escaping only the quote, the backslash and control characters. */
    private static String json(List<String> betas) {
        StringBuilder s = new StringBuilder("[");
        for (String beta : betas) {
            if (s.length() > 1) {
                s.append(',');
            }
            s.append('"');
            for (char c : beta.toCharArray()) {
                switch (c) {
                    case '"' -> s.append("\\\"");
                    case '\\' -> s.append("\\\\");
                    case '\t' -> s.append("\\t");
                    case '\n' -> s.append("\\n");
                    default -> s.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
                }
            }
            s.append('"');
        }
        return s.append(']').toString();
    }

    private static byte[] apply(byte[] input, List<Edit> edits) {
        edits.sort(Comparator.comparingInt(Edit::start));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int from = 0;
        for (Edit edit : edits) {
            out.write(input, from, edit.start() - from);
            out.writeBytes(edit.replacement().getBytes(StandardCharsets.UTF_8));
            from = edit.end();
        }
        out.write(input, from, input.length - from);
        return out.toByteArray();
    }

    private static int indexOf(byte[] bytes, char c) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOf(byte[] bytes, char c) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private record Edit(int start, int end, String replacement) {
    }
}
