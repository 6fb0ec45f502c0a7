package io.github.betaheaders.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.betaheaders.testsupport.TestClock;
import io.github.betaheaders.testsupport.CapturedLog;
import io.github.betaheaders.testsupport.MappingFixtures;
import io.github.betaheaders.testsupport.MappingServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Hostile documents through the loader: a truncated cacheFile does not hang the start; warnings come one per load. */
class HostileMappingDocumentTest {

    private static final String LOADER_LOGGER = MappingLoader.class.getName();

    @RegisterExtension
    static final MappingServer server = new MappingServer();
    final TestClock clock = new TestClock(Instant.parse("2026-07-01T10:00:00Z"));

    @TempDir
    Path dir;

    /** Held, so the setting below stays (java.util.logging keeps loggers weakly). */
    private final Logger loaderLogger = Logger.getLogger(LOADER_LOGGER);

    /** The warnings these tests provoke are expected: captured, kept off the console. */
    @BeforeEach
    void quiet() {
        loaderLogger.setUseParentHandlers(false);
    }

    @AfterEach
    void loud() {
        loaderLogger.setUseParentHandlers(true);
    }

    @Test
    void aTruncatedCacheFileIsSkippedAtOnceNamingTheByte() throws Exception {
        Path cache = Files.writeString(dir.resolve("cache.json"), "{\"description\":[");
        Path config = Files.writeString(dir.resolve("config.json"), MappingFixtures.B);
        server.answer(MappingServer.status(500));
        MappingLoader.Sources sources = new MappingLoader.Sources(server.url(), cache, config, MappingFixtures.DEADLINE,
                MappingFixtures.MAX_BYTES);
        try (CapturedLog log = CapturedLog.of(LOADER_LOGGER);
             MappingLoader loader = assertTimeoutPreemptively(Duration.ofSeconds(10),
                     () -> MappingLoader.start(sources, clock))) {
            assertEquals(config.toString(), loader.status().active().source());
            assertTrue(log.has(Level.WARNING, "ignoring the cacheFile",
                    "not valid JSON: truncated: document ends inside an array at byte 16"), log.text(Level.WARNING));
        }
    }

    @Test
    void aReloadLogsOneWarningLineForManyIgnoredMembers() throws Exception {
        StringBuilder doc = new StringBuilder("{\"bedrock\":{\"a\":\"b\"}");
        for (int i = 0; i < 10_000; i++) {
            doc.append(",\"note").append(i).append("\":[").append(i).append(']');
        }
        server.answer(MappingServer.document(MappingFixtures.A));
        MappingLoader.Sources sources = new MappingLoader.Sources(server.url(), null, null, MappingFixtures.DEADLINE, 1 << 20);
        try (MappingLoader loader = MappingLoader.start(sources, clock);
             CapturedLog log = CapturedLog.of(LOADER_LOGGER)) {
            server.answer(MappingServer.document(doc.append('}').toString()));
            loader.reload();
            List<CapturedLog.Entry> warnings = log.entries().stream()
                    .filter(e -> e.level().equals(Level.WARNING)).toList();
            assertEquals(1, warnings.size(), log.text(Level.WARNING));
            assertEquals("mapping from " + server.url() + ": 10000 members ignored (not objects): [note0 (an array), "
                    + "note1 (an array), note2 (an array), note3 (an array), note4 (an array), ...]",
                    warnings.get(0).message());
        }
    }
}
