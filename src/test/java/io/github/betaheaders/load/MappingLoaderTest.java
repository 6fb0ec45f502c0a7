package io.github.betaheaders.load;

import io.github.betaheaders.core.Sha256;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.betaheaders.testsupport.TestClock;
import io.github.betaheaders.core.InvalidMappingException;
import io.github.betaheaders.testsupport.CapturedLog;
import io.github.betaheaders.testsupport.MappingFixtures;
import io.github.betaheaders.testsupport.MappingServer;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The first load's order of sources, the reload's validate-then-swap, the cacheFile and the status. */
class MappingLoaderTest {

    @RegisterExtension
    static final MappingServer server = new MappingServer();
    final TestClock clock = new TestClock(Instant.parse("2026-07-01T10:00:00Z"));

    @TempDir
    Path dir;

    @BeforeEach
    void reset() {
        server.clearRequests();
        server.answer(MappingServer.document(MappingFixtures.A));
    }

    private MappingLoader.Sources remote(Path cacheFile, Path configFile) {
        return new MappingLoader.Sources(server.url(), cacheFile, configFile, MappingFixtures.DEADLINE, MappingFixtures.MAX_BYTES);
    }

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private static String sha256(String document) {
        return Sha256.hex(document.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void startsWithTheRemoteDocumentAndCachesIt() throws Exception {
        Path cache = dir.resolve("cache.json");
        try (MappingLoader loader = MappingLoader.start(remote(cache, null), clock)) {
            MappingLoader.Status status = loader.status();
            assertEquals(server.url().toString(), status.active().source());
            assertEquals(sha256(MappingFixtures.A), status.active().sha256());
            assertEquals(clock.instant(), status.active().loadedAt());
            assertTrue(status.lastAttempt().succeeded());
            assertSame(status.active(), loader.current());
        }
        assertArrayEquals(MappingFixtures.A.getBytes(StandardCharsets.UTF_8), Files.readAllBytes(cache));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(cache), files.toList(), "a temporary file was left beside the cache");
        }
    }

    @Test
    void startsWithTheCacheFileWhenTheRemoteFails() throws Exception {
        Path cache = file("cache.json", MappingFixtures.B);
        Path config = file("config.json", MappingFixtures.A);
        server.answer(MappingServer.status(500));
        try (MappingLoader loader = MappingLoader.start(remote(cache, config), clock)) {
            MappingLoader.Status status = loader.status();
            assertEquals(cache.toString(), status.active().source());
            assertEquals(sha256(MappingFixtures.B), status.active().sha256());
            assertEquals(server.url() + ": answered HTTP 500, expected 200", status.lastAttempt().error());
        }
        assertEquals(MappingFixtures.B, Files.readString(cache), "a failed fetch must not touch the cache");
    }

    @Test
    void startsWithTheConfigFileWhenTheRemoteFailsAndNothingIsCached() throws Exception {
        Path config = file("config.json", MappingFixtures.B);
        server.answer(MappingServer.document("not json"));
        try (MappingLoader loader = MappingLoader.start(remote(dir.resolve("absent.json"), config), clock)) {
            assertEquals(config.toString(), loader.status().active().source());
            assertTrue(loader.status().lastAttempt().error().contains("not valid JSON"));
        }
    }

    @Test
    void startsWithTheBundledMappingWhenNothingElseIsThere() throws Exception {
        server.answer(MappingServer.status(404));
        try (MappingLoader loader = MappingLoader.start(remote(null, null), clock)) {
            assertEquals(MappingSnapshot.BUNDLED_SOURCE, loader.status().active().source());
            assertEquals(7, loader.status().active().mapping().providerCount());
            assertFalse(loader.status().lastAttempt().succeeded());
        }
    }

    @Test
    void anInvalidCacheFileIsSkipped() throws Exception {
        Path cache = file("cache.json", "[1,2]");
        Path config = file("config.json", MappingFixtures.B);
        server.answer(MappingServer.status(500));
        try (MappingLoader loader = MappingLoader.start(remote(cache, config), clock)) {
            assertEquals(config.toString(), loader.status().active().source());
        }
    }

    @Test
    void startNeverWaitsLongerThanTheDeadline() throws Exception {
        server.answer(MappingServer.endlessBody());
        long start = System.nanoTime();
        try (MappingLoader loader = MappingLoader.start(remote(null, null), clock)) {
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(took.compareTo(MappingFixtures.DEADLINE.plusMillis(500)) < 0, "start took " + took);
            assertEquals(MappingSnapshot.BUNDLED_SOURCE, loader.status().active().source());
            assertTrue(loader.status().lastAttempt().error().contains("no complete answer within 1 s"));
        }
    }

    @Test
    void aBadConfigFileFailsTheStartEvenWhenTheRemoteAnswers() throws Exception {
        Path config = file("config.json", "{\"bedrock\":{\"x\":1}}");
        InvalidMappingException e = assertThrows(InvalidMappingException.class,
                () -> MappingLoader.start(remote(null, config), clock));
        assertTrue(e.getMessage().contains(config.toString()) && e.getMessage().contains("string or null"),
                e.getMessage());
    }

    @Test
    void localOnlyNeverFetches() throws Exception {
        Path config = file("config.json", MappingFixtures.B);
        MappingLoader.Sources local = new MappingLoader.Sources(null, dir.resolve("cache.json"), config, MappingFixtures.DEADLINE,
                MappingFixtures.MAX_BYTES);
        try (MappingLoader loader = MappingLoader.start(local, clock)) {
            assertEquals(config.toString(), loader.status().active().source());
            Files.writeString(config, MappingFixtures.A);
            clock.advance(Duration.ofMinutes(1));
            MappingSnapshot reloaded = loader.reload().after().snapshot();
            assertEquals(sha256(MappingFixtures.A), reloaded.sha256());
            assertEquals(clock.instant(), reloaded.loadedAt());
            Files.writeString(config, "{");
            LoadFailedException e = assertThrows(LoadFailedException.class, loader::reload);
            assertTrue(e.getMessage().contains(config.toString()), e.getMessage());
            assertSame(reloaded, loader.current());
        }
        MappingLoader.Sources bundled = new MappingLoader.Sources(null, null, null, MappingFixtures.DEADLINE, MappingFixtures.MAX_BYTES);
        try (MappingLoader loader = MappingLoader.start(bundled, clock)) {
            assertEquals(MappingSnapshot.BUNDLED_SOURCE, loader.status().active().source());
        }
        assertTrue(server.requests().isEmpty(), "local only fetched: " + server.requests());
        assertFalse(Files.exists(dir.resolve("cache.json")));
    }

    @Test
    void aReloadSwapsInTheNewDocumentAndCachesIt() throws Exception {
        Path cache = dir.resolve("cache.json");
        try (MappingLoader loader = MappingLoader.start(remote(cache, null), clock)) {
            server.answer(MappingServer.document(MappingFixtures.B));
            clock.advance(Duration.ofHours(1));
            MappingSnapshot next = loader.reload().after().snapshot();
            assertEquals(sha256(MappingFixtures.B), next.sha256());
            assertSame(next, loader.current());
            assertEquals(new MappingLoader.Attempt(clock.instant(), null), loader.status().lastAttempt());
            assertEquals(MappingFixtures.B, Files.readString(cache));
        }
    }

    @Test
    void a304KeepsTheMappingAndCountsAsSuccess() throws Exception {
        try (MappingLoader loader = MappingLoader.start(remote(null, null), clock)) {
            MappingSnapshot first = loader.current();
            clock.advance(Duration.ofHours(1));
            assertSame(first, loader.reload().after().snapshot());
            assertSame(first, loader.current());
            assertEquals(MappingLoader.Attempt.succeeded(clock.instant()), loader.status().lastAttempt());
            MappingServer.Request conditional = server.requests().get(1);
            assertTrue(conditional.ifNoneMatch() != null && conditional.ifNoneMatch().startsWith("\""),
                    conditional.toString());
            assertEquals(MappingServer.LAST_MODIFIED, conditional.ifModifiedSince());
        }
    }

    @Test
    void startRemovesTemporaryFilesACrashLeftBesideTheCacheFileAndLogsThem() throws Exception {
        Path cache = file("cache.json", MappingFixtures.B);
        Path leftover = file("cache.json.4711.tmp", "{\"bedr");
        Path unrelated = file("cache.json.tmp", "mine");
        server.answer(MappingServer.status(500));
        try (CapturedLog log = CapturedLog.of(MappingLoader.class.getName());
             MappingLoader loader = MappingLoader.start(remote(cache, null), clock)) {
            assertEquals(cache.toString(), loader.status().active().source());
            assertTrue(log.has(java.util.logging.Level.INFO, "removed " + leftover
                    + ", a temporary cacheFile left by an interrupted write"), log.text());
        }
        assertFalse(Files.exists(leftover));
        assertTrue(Files.exists(unrelated));
    }

    @Test
    void theSourceAndEveryMessageShowTheUrlWithoutItsQueryValues() throws Exception {
        URI secretUrl = URI.create(server.url() + "?access_token=tok-SECRET&v=1");
        String shown = server.url() + "?access_token=***&v=***";
        MappingLoader.Sources sources = new MappingLoader.Sources(secretUrl, null, null, MappingFixtures.DEADLINE,
                MappingFixtures.MAX_BYTES, "Bearer auth-SECRET");
        try (CapturedLog log = CapturedLog.of("io.github.betaheaders", java.util.logging.Level.ALL);
             MappingLoader loader = MappingLoader.start(sources, clock)) {
            assertEquals(shown, loader.status().active().source());
            assertEquals("access_token=tok-SECRET&v=1", server.requests().get(0).query());
            assertEquals("Bearer auth-SECRET", server.requests().get(0).authorization());
            assertEquals(shown, loader.reload().after().snapshot().source());
            server.answer(MappingServer.status(500));
            LoadFailedException e = assertThrows(LoadFailedException.class, loader::reload);
            assertEquals(shown + ": answered HTTP 500, expected 200", e.getMessage());
            assertEquals(e.getMessage(), loader.status().lastAttempt().error());
            assertFalse(sources.toString().contains("SECRET"), sources.toString());
            assertFalse(log.text().contains("SECRET"), log.text());
            assertTrue(log.text().contains(shown), log.text());
        }
    }

    @Test
    void reloadsPilingUpBehindASlowServerEachEndWithinTwoDeadlinesAndTheSlack() throws Exception {
        try (MappingLoader loader = MappingLoader.start(remote(null, null), clock)) {
            server.answer(MappingServer.endlessBody());
            int callers = 5;
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(callers);
            try (CapturedLog quiet = CapturedLog.of(MappingLoader.class.getName())) {
                long start = System.nanoTime();
                List<java.util.concurrent.Future<String>> results = new java.util.ArrayList<>();
                for (int i = 0; i < callers; i++) {
                    results.add(pool.submit(() -> assertThrows(LoadFailedException.class, loader::reload)
                            .getMessage()));
                }
                long limit = 2 * MappingFixtures.DEADLINE.toMillis() + 2000 + 1000;
                int busy = 0;
                for (java.util.concurrent.Future<String> result : results) {
                    String message = result.get(limit, java.util.concurrent.TimeUnit.MILLISECONDS);
                    busy += message.contains("another load of the mapping has been running") ? 1 : 0;
                }
                long took = java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertTrue(took < limit, "the reloads took " + took + " ms");
                assertTrue(busy >= 1, "no reload gave up waiting");
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void namesQuotedFromARefusedDocumentCannotForgeLogLines() throws Exception {
        try (MappingLoader loader = MappingLoader.start(remote(null, null), clock)) {
            server.answer(MappingServer.document("{\"bedrock\":{\"x\\nWARNING: forged \\u001b[31m\":\"y\"}}"));
            try (CapturedLog log = CapturedLog.of(MappingLoader.class.getName())) {
                LoadFailedException e = assertThrows(LoadFailedException.class, loader::reload);
                assertTrue(e.getMessage().contains("x\\u000aWARNING: forged \\u001b[31m"), e.getMessage());
                assertFalse(e.getMessage().contains("\n") || e.getMessage().contains("\u001b"), e.getMessage());
                assertFalse(log.text().contains("\n"), log.text());
            }
        }
    }

    static List<MappingFixtures.Failure> failures() {
        return MappingFixtures.failures();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void aFailedReloadKeepsTheLastGoodMappingAndSaysWhy(MappingFixtures.Failure failure) throws Exception {
        Path cache = dir.resolve("cache.json");
        try (MappingLoader loader = MappingLoader.start(remote(cache, null), clock)) {
            MappingSnapshot good = loader.current();
            server.answer(failure.answer());
            clock.advance(Duration.ofHours(1));
            LoadFailedException e = assertThrows(LoadFailedException.class, loader::reload);
            assertTrue(e.getMessage().startsWith(server.url() + ": "), e.getMessage());
            assertTrue(e.getMessage().contains(failure.reason()), e.getMessage());
            assertSame(good, loader.current());
            MappingLoader.Status status = loader.status();
            assertSame(good, status.active());
            assertEquals(MappingLoader.Attempt.failed(clock.instant(), e.getMessage()), status.lastAttempt());
            assertEquals(MappingFixtures.A, Files.readString(cache));
            RemoteDocumentFetcherTest.awaitNoFetchThreadAlive();
        }
    }

    @Test
    void afterAFailureTheNextGoodReloadClearsTheError() throws Exception {
        try (MappingLoader loader = MappingLoader.start(remote(null, null), clock)) {
            server.answer(MappingServer.status(500));
            assertThrows(LoadFailedException.class, loader::reload);
            server.answer(MappingServer.document(MappingFixtures.B));
            loader.reload();
            assertNull(loader.status().lastAttempt().error());
            assertEquals(sha256(MappingFixtures.B), loader.status().active().sha256());
        }
    }

    @Test
    void afterCloseAReloadFailsAndNothingIsFetched() throws Exception {
        MappingLoader loader = MappingLoader.start(remote(null, null), clock);
        loader.close();
        server.clearRequests();
        LoadFailedException e = assertThrows(LoadFailedException.class, loader::reload);
        assertTrue(e.getMessage().contains("stopping"), e.getMessage());
        assertTrue(server.requests().isEmpty());
    }

    @Test
    void anUnreachableHostIsAFailureNotACrash() throws Exception {
        MappingLoader.Sources sources = new MappingLoader.Sources(URI.create("http://127.0.0.1:9/x.json"), null, null,
                MappingFixtures.DEADLINE, MappingFixtures.MAX_BYTES);
        try (MappingLoader loader = MappingLoader.start(sources, clock)) {
            assertEquals(MappingSnapshot.BUNDLED_SOURCE, loader.status().active().source());
            assertTrue(loader.status().lastAttempt().error().contains("cannot connect"),
                    loader.status().lastAttempt().error());
        }
    }
}
