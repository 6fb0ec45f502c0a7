package io.github.betaheaders.body;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.betaheaders.core.BetaMapping;
import io.github.betaheaders.core.BetaMappingParser;
import io.github.betaheaders.core.ModelQuarantine;
import io.github.betaheaders.core.BetaOverrides;
import io.github.betaheaders.core.BetaRules;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Body arrays follow the model rule of the request's model: the one its path names, or the body's own top-level
 * {@code model} (found in the same scan, only when asked for).
 */
class BodyModelRulesTest {

    static final BetaMapping MAPPING;

    static {
        try {
            BetaMapping table = BetaMappingParser.parse("{\"anthropic\":{},\"bedrock\":{\"a\":\"a\",\"b\":\"b\"}}");
            MAPPING = table.withOverrides(BetaOverrides.parse("{\"bedrock/*opus-4-7*\":{\"*\":null},"
                    + "\"anthropic/claude-haiku*\":{\"b\":null}}", table.providerKeys()));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static final BodyBetaRewriter REWRITER = new BodyBetaRewriter(new BetaRules(Set.of("anthropic")));

    /** provider, where the model comes from, body, body forwarded, model found. */
    static Stream<Arguments> rows() {
        String betas = "\"anthropic_beta\":[\"a\",\"b\"]";
        return Stream.of(
            Arguments.of("bedrock", ModelSource.of("us.anthropic.claude-opus-4-7-v1:0"), "{" + betas + ",\"x\":1}",
                    "{\"x\":1}", null),
            Arguments.of("bedrock", ModelSource.of("claude-opus-5-5"), "{" + betas + "}", "{" + betas + "}", null),
            Arguments.of("bedrock", ModelSource.NONE, "{" + betas + "}", "{" + betas + "}", null),
            // The path's model wins; the body's is not looked for.
            Arguments.of("bedrock", ModelSource.of("claude-opus-5-5"), "{\"model\":\"claude-opus-4-7\"," + betas + "}",
                    "{\"model\":\"claude-opus-4-7\"," + betas + "}", null),
            Arguments.of("anthropic", ModelSource.of(null), "{\"model\":\"claude-haiku-4-5\"," + betas + "}",
                    "{\"model\":\"claude-haiku-4-5\",\"anthropic_beta\":[\"a\"]}", "claude-haiku-4-5"),
            Arguments.of("anthropic", ModelSource.of(null), "{" + betas + ",\"model\":\"claude-haiku-4-5\"}",
                    "{\"anthropic_beta\":[\"a\"],\"model\":\"claude-haiku-4-5\"}", "claude-haiku-4-5"),
            Arguments.of("anthropic", ModelSource.of(null), "{\"model\":\"claude-opus-5-5\"," + betas + "}",
                    "{\"model\":\"claude-opus-5-5\"," + betas + "}", "claude-opus-5-5"),
            // Escapes are decoded; only the top level counts; a model that is not a string is no model.
            Arguments.of("anthropic", ModelSource.of(null), "{\"m\\u006fdel\":\"claude-\\u0068aiku\"}",
                    "{\"m\\u006fdel\":\"claude-\\u0068aiku\"}", "claude-haiku"),
            Arguments.of("anthropic", ModelSource.of(null), "{\"messages\":[{\"model\":\"claude-haiku\"}]}",
                    "{\"messages\":[{\"model\":\"claude-haiku\"}]}", null),
            Arguments.of("anthropic", ModelSource.of(null), "{\"model\":7}", "{\"model\":7}", null),
            Arguments.of("anthropic", ModelSource.of(null), "{\"model\":\"" + "m".repeat(2000) + "\"}",
                    "{\"model\":\"" + "m".repeat(2000) + "\"}", null),
            Arguments.of("anthropic", ModelSource.of(null), "{\"model\":\"a\",\"model\":\"b\"}",
                    "{\"model\":\"a\",\"model\":\"b\"}", "b"),
            Arguments.of("anthropic", ModelSource.NONE, "{\"model\":\"claude-haiku\"}", "{\"model\":\"claude-haiku\"}",
                    null));
    }

    @ParameterizedTest(name = "{0} {1}: {2}")
    @MethodSource("rows")
    void bodyBetasFollowTheModelRule(String provider, ModelSource model, String body, String forwarded,
                                     String found) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        BodyRewrite rewrite = REWRITER.rewrite(MAPPING, provider, model, ModelQuarantine.NONE, bytes, bytes.length, List.of());
        assertEquals(forwarded, new String(rewrite.body(), 0, rewrite.length(), StandardCharsets.UTF_8));
        assertEquals(found, rewrite.model());
        BodyRewrite inPlace = REWRITER.rewriteInPlace(MAPPING, provider, model, ModelQuarantine.NONE, bytes.clone(), bytes.length,
                List.of());
        assertEquals(forwarded, new String(inPlace.body(), 0, inPlace.length(), StandardCharsets.UTF_8));
    }
}
