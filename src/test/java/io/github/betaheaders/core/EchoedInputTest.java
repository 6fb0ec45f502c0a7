package io.github.betaheaders.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EchoedInputTest {

    @Test
    void keepsPrintableTextAsItIs() {
        assertEquals("24h é \u0661", EchoedInput.of("24h é \u0661"));
    }

    @Test
    void escapesControlAndFormatCharacters() {
        assertEquals("a\\u000d\\u000aINFO forged\\u202e\\u0000", EchoedInput.of("a\r\nINFO forged\u202e\u0000"));
    }

    @Test
    void cutsLongInputAndSaysHowLongItWas() {
        String shown = EchoedInput.of("x".repeat(10_000));
        assertTrue(shown.startsWith("x".repeat(EchoedInput.MAX_CHARS) + "... (10000 chars)"), shown);
        assertEquals(EchoedInput.MAX_CHARS + "... (10000 chars)".length(), shown.length());
    }
}
