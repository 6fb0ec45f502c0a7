package io.github.betaheaders.learn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The refusals of each provider, as real answers carried them (src/test/resources/rejections), and hostile bodies. */
class BetaRefusalParserTest {

    /** A fixture's bytes. */
    static byte[] fixture(String name) {
        try (InputStream in = BetaRefusalParserTest.class.getResourceAsStream("/rejections/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static BetaRefusal parse(byte[] bytes) {
        return BetaRefusalParser.parse(bytes, bytes.length);
    }

    static BetaRefusal parse(String text) {
        return parse(text.getBytes(StandardCharsets.UTF_8));
    }

    static Stream<Arguments> namedRefusals() {
        return Stream.of(
                Arguments.of("anthropic/one-beta.json", List.of("interleaved-thinking-2025-04-14")),
                Arguments.of("vertex/three-betas.json", List.of("effort-2025-11-24", "tool-search-tool-2025-10-19",
                        "web-search-2025-03-05")),
                Arguments.of("vertex/count-tokens.json", List.of("tool-search-tool-2025-10-19",
                        "web-search-2025-03-05")),
                Arguments.of("gateway/litellm-wrapping-vertex.json", List.of("prompt-caching-2024-07-31")),
                Arguments.of("gateway/new-api-wrapping-vertex.json", List.of("prompt-caching-scope-2026-01-05")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("namedRefusals")
    void refusalsThatNameTheirBetasGiveThoseBetas(String fixture, List<String> betas) {
        BetaRefusal refusal = parse(fixture(fixture));
        assertNotNull(refusal, fixture);
        assertEquals(betas, refusal.named());
        assertTrue(refusal.evidence().startsWith("Unexpected value(s) `"), refusal.evidence());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unnamedFixtures")
    void bedrocksInvalidBetaFlagIsARefusalNamingNoBeta(String fixture) {
        BetaRefusal refusal = parse(fixture(fixture));
        assertNotNull(refusal, fixture);
        assertFalse(refusal.namesBetas());
        assertTrue(refusal.evidence().contains("invalid beta flag"), refusal.evidence());
    }

    static Stream<String> unnamedFixtures() {
        return Stream.of("bedrock/invalid-beta-flag.json", "bedrock/as-claude-code-shows-it.json",
                "gateway/litellm-wrapping-bedrock.json", "gateway/openai-style-invalid-beta-flag.json");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("otherFixtures")
    void otherRefusalsAreNotAboutBetas(String fixture) {
        assertNull(parse(fixture(fixture)));
    }

    static Stream<String> otherFixtures() {
        return Stream.of("other/not-about-betas.json", "other/bedrock-validation-not-about-betas.json");
    }

    @Test
    void theCaseOfInvalidBetaFlagDoesNotMatter() {
        assertFalse(parse("{\"message\":\"Invalid Beta Flag\"}").namesBetas());
    }

    @Test
    void anAnswerCutInsideTheListOfNamesNamesNone() {
        byte[] whole = fixture("vertex/three-betas.json");
        String text = new String(whole, StandardCharsets.UTF_8);
        int cut = text.indexOf("`tool-search");
        assertNull(BetaRefusalParser.parse(whole, cut));
        assertNull(BetaRefusalParser.parse(Arrays.copyOf(whole, cut + 5), cut + 5));
    }

    @Test
    void onlyTheFirstBytesAreLookedAt() {
        byte[] refusal = fixture("anthropic/one-beta.json");
        byte[] padded = new byte[BetaRefusalParser.MAX_BYTES + refusal.length];
        Arrays.fill(padded, (byte) ' ');
        System.arraycopy(refusal, 0, padded, BetaRefusalParser.MAX_BYTES, refusal.length);
        assertNull(parse(padded));
        byte[] huge = new byte[16 * 1024 * 1024];
        System.arraycopy(refusal, 0, huge, 0, refusal.length);
        assertEquals(List.of("interleaved-thinking-2025-04-14"), parse(huge).named());
    }

    @Test
    void binaryAndGzipBytesAreNoRefusal() throws IOException {
        byte[] random = new byte[BetaRefusalParser.MAX_BYTES];
        new Random(14).nextBytes(random);
        assertNull(parse(random));
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
            gzip.write(fixture("vertex/three-betas.json"));
        }
        assertNull(parse(zipped.toByteArray()));
    }

    @Test
    void lengthsOutsideTheArrayAreClamped() {
        byte[] bytes = fixture("bedrock/invalid-beta-flag.json");
        assertNotNull(BetaRefusalParser.parse(bytes, bytes.length + 100));
        assertNull(BetaRefusalParser.parse(bytes, -1));
        assertNull(BetaRefusalParser.parse(new byte[0], 0));
    }

    @Test
    void namesThatAreNotTokensAreLeftOutAndTheirNumberIsBounded() {
        assertEquals(List.of("good-1"), parse("Unexpected value(s) `bad name`, `good-1`, `\u00e9t\u00e9`, ``, `"
                + "x".repeat(200) + "` for the `anthropic-beta` header.").named());
        StringBuilder many = new StringBuilder("Unexpected value(s) ");
        for (int i = 0; i < 500; i++) {
            many.append('`').append("beta-").append(i).append("`, ");
        }
        many.append("for the `anthropic-beta` header");
        assertEquals(BetaRefusalParser.MAX_NAMES, parse(many.toString()).named().size());
        assertNull(parse("Unexpected value(s) `bad name` for the `anthropic-beta` header."));
    }

    @Test
    void theEvidenceIsShortAndHasNoControlCharacters() {
        String message = "Unexpected value(s) `a-1` for the `anthropic-beta` header.\r\n\u0000\u001b[31m"
                + "y".repeat(1000);
        BetaRefusal refusal = parse(message);
        assertTrue(refusal.evidence().length() <= BetaRefusalParser.MAX_EVIDENCE, refusal.evidence());
        assertTrue(refusal.evidence().chars().noneMatch(Character::isISOControl), refusal.evidence());
        byte[] broken = "\u00ff invalid beta flag".getBytes(StandardCharsets.ISO_8859_1);
        assertFalse(parse(broken).evidence().contains("\uFFFD"));
    }

    @Test
    void lettersThatChangeLengthInLowerCaseDoNotBreakTheEvidence() {
        BetaRefusal refusal = parse("\u0130".repeat(100) + " INVALID BETA FLAG");
        assertNotNull(refusal);
        assertTrue(refusal.evidence().contains("INVALID BETA FLAG"), refusal.evidence());
    }
}
