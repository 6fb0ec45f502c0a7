package io.github.betaheaders.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** LiteLLM's real mapping files, as test inputs. */
final class Mappings {

    static final String FEBRUARY = "/litellm/anthropic_beta_headers_config.2026-02.json";
    static final String SEPTEMBER = "/litellm/anthropic_beta_headers_config.2026-09.json";

    private Mappings() {
    }

    static byte[] bytes(String resource) {
        try (InputStream in = Mappings.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static BetaMapping load(String resource) {
        try {
            return BetaMappingParser.parse(bytes(resource));
        } catch (InvalidMappingException e) {
            throw new AssertionError(resource + " does not load: " + e.getMessage(), e);
        }
    }
}
