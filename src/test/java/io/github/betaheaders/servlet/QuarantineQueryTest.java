package io.github.betaheaders.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.betaheaders.learn.QuarantineSelector;
import org.junit.jupiter.api.Test;

/** The query of {@code DELETE /anthropic_beta_headers/quarantine}. */
class QuarantineQueryTest {

    static QuarantineSelector of(String query) {
        return AnthropicBetaHeadersAdminServlet.quarantineSelector(query);
    }

    @Test
    void noQuerySelectsEverything() {
        assertEquals(QuarantineSelector.ALL, of(null));
        assertEquals(QuarantineSelector.ALL, of(""));
    }

    @Test
    void eachParameterGivenMustMatch() {
        assertEquals(new QuarantineSelector("bedrock", false, "arn:aws:bedrock:us-east-1:1:inference-profile/x", "a-1"),
                of("provider=bedrock&model=arn%3Aaws%3Abedrock%3Aus-east-1%3A1%3Ainference-profile%2Fx&beta=a-1"));
        assertEquals(new QuarantineSelector(null, true, null, "a-1"), of("beta=a-1"));
        assertEquals(new QuarantineSelector("anthropic", false, null, null), of("provider=anthropic&model="));
    }

    @Test
    void unknownRepeatedEmptyOrBadlyEncodedParametersAreRefused() {
        for (String bad : new String[] {"region=us", "beta=a&beta=b", "beta=", "provider=", "beta=%zz", "&", "beta"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> of(bad), bad);
            assertTrue(e.getMessage().contains("["), e.getMessage());
        }
    }
}
