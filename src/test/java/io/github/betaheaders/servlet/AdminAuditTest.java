package io.github.betaheaders.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.betaheaders.core.RefusalLogLimiter;
import io.github.betaheaders.testsupport.CapturedLog;
import io.github.betaheaders.testsupport.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/** The audit's lines as an operator reads them, with a clock the test moves instead of waiting a minute. */
class AdminAuditTest {

    private static final String LOGGER = "io.github.betaheaders.servlet.AdminAudit";

    private final TestClock clock = new TestClock(Instant.parse("2026-05-01T10:00:00Z"));
    private final AdminAudit audit = new AdminAudit("servlet [admin]",
            new RefusalLogLimiter(clock, Duration.ofMinutes(1), AnthropicBetaHeadersAdminServlet.MAX_REFUSAL_LINES_PER_MINUTE));

    @Test
    void aFloodMakesOneLineAndAfterTheMinuteASummary() {
        try (CapturedLog log = CapturedLog.of(LOGGER)) {
            for (int i = 0; i < 1000; i++) {
                audit.refused("10.0.0.1", "POST", "/reload/anthropic_beta_headers", 401, "missing or wrong token", false);
            }
            audit.refused("10.0.0.1", "POST", "/reload/anthropic_beta_headers", 401, "missing or wrong token", true);
            assertEquals(2, log.entries().size(), log.text());
            assertTrue(log.has(Level.WARNING, "servlet [admin]: refused admin request POST "
                    + "[/reload/anthropic_beta_headers] from [10.0.0.1]: HTTP 401, missing or wrong token"), log.text());
            clock.advance(Duration.ofSeconds(61));
            audit.summarizeSuppressed();
            assertTrue(log.has(Level.WARNING, "servlet [admin]: 999 more refused admin attempts were not logged"),
                    log.text());
            audit.summarizeSuppressed();
            assertEquals(3, log.entries().size(), "the summary is logged once: " + log.text());
        }
    }

    @Test
    void manyAddressesAreCappedPerMinute() {
        try (CapturedLog log = CapturedLog.of(LOGGER)) {
            for (int i = 0; i < 5000; i++) {
                audit.refused("10.0." + (i >> 8) + "." + (i & 255), "GET", "/x", 401, "missing or wrong token", false);
            }
            assertEquals(AnthropicBetaHeadersAdminServlet.MAX_REFUSAL_LINES_PER_MINUTE, log.entries().size());
            clock.advance(Duration.ofMinutes(1));
            audit.refused("10.9.9.9", "GET", "/x", 401, "missing or wrong token", false);
            assertTrue(log.has(Level.WARNING, (5000 - AnthropicBetaHeadersAdminServlet.MAX_REFUSAL_LINES_PER_MINUTE)
                    + " more refused admin attempts were not logged"), log.text());
        }
    }

    @Test
    void clientTextIsEscapedAndCut() {
        try (CapturedLog log = CapturedLog.of(LOGGER)) {
            audit.refused("10.0.0.1\nforged", "GE\rT", "/" + "p".repeat(500) + "\u202e", 401, "reason", false);
            audit.action("bearer token", "10.0.0.2\u0000", "reload", 200, "done\nforged");
            for (CapturedLog.Entry entry : log.entries()) {
                assertFalse(entry.message().contains("\n") || entry.message().contains("\r")
                        || entry.message().contains("\u0000"), entry.message());
                assertFalse(entry.message().contains("p".repeat(100)), entry.message());
            }
            assertTrue(log.has(Level.WARNING, "GE\\u000dT", "from [10.0.0.1\\u000aforged]"), log.text());
            assertTrue(log.has(Level.INFO, "admin [bearer token] from [10.0.0.2\\u0000]: reload: HTTP 200, "
                    + "done\\u000aforged"), log.text());
        }
    }
}
