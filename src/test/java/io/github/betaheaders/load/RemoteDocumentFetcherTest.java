package io.github.betaheaders.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.betaheaders.testsupport.MappingFixtures;
import io.github.betaheaders.testsupport.MappingServer;
import io.github.betaheaders.testsupport.RawHttpServer;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The fetcher against a real HTTP server: one deadline for everything, a size cap, no redirects, conditional GETs. */
public class RemoteDocumentFetcherTest {

    static final Duration DEADLINE = Duration.ofMillis(600);
    static final Duration SLACK = Duration.ofMillis(400);
    @RegisterExtension
    static final MappingServer server = new MappingServer();

    @BeforeEach
    void clear() {
        server.clearRequests();
    }

    private static RemoteDocumentFetcher fetcher() {
        return new RemoteDocumentFetcher(DEADLINE, MappingFixtures.MAX_BYTES);
    }

    @Test
    void fetchesTheDocumentAndKeepsItsValidators() throws Exception {
        server.answer(MappingServer.document(MappingFixtures.A));
        try (RemoteDocumentFetcher fetcher = fetcher()) {
            RemoteDocumentFetcher.Fetched fetched = assertInstanceOf(RemoteDocumentFetcher.Fetched.class,
                    fetcher.fetch(server.url(), RemoteDocumentFetcher.Validators.NONE));
            assertArrayEquals(MappingFixtures.A.getBytes(StandardCharsets.UTF_8), fetched.document());
            assertTrue(fetched.validators().etag().startsWith("\""), fetched.validators().toString());
            assertEquals(MappingServer.LAST_MODIFIED, fetched.validators().lastModified());
            assertEquals(new MappingServer.Request(MappingServer.PATH, null, null), server.requests().get(0));
        }
    }

    @Test
    void sendsTheValidatorsBackAndTakesA304AsNotModified() throws Exception {
        server.answer(MappingServer.document(MappingFixtures.A));
        try (RemoteDocumentFetcher fetcher = fetcher()) {
            RemoteDocumentFetcher.Validators validators = ((RemoteDocumentFetcher.Fetched) fetcher.fetch(server.url(), RemoteDocumentFetcher.Validators.NONE))
                    .validators();
            assertInstanceOf(RemoteDocumentFetcher.NotModified.class, fetcher.fetch(server.url(), validators));
            MappingServer.Request conditional = server.requests().get(1);
            assertEquals(validators.etag(), conditional.ifNoneMatch());
            assertEquals(MappingServer.LAST_MODIFIED, conditional.ifModifiedSince());
        }
    }

    @Test
    void a304ToAnUnconditionalRequestIsAFailure() {
        server.answer(MappingServer.status(304));
        try (RemoteDocumentFetcher fetcher = fetcher()) {
            FetchFailedException e = assertThrows(FetchFailedException.class,
                    () -> fetcher.fetch(server.url(), RemoteDocumentFetcher.Validators.NONE));
            assertTrue(e.getMessage().contains("HTTP 304"), e.getMessage());
        }
    }

    @Test
    void doesNotFollowARedirect() {
        server.answer(MappingServer.redirect(server.url().resolve("/elsewhere.json").toString()));
        try (RemoteDocumentFetcher fetcher = fetcher()) {
            FetchFailedException e = assertThrows(FetchFailedException.class,
                    () -> fetcher.fetch(server.url(), RemoteDocumentFetcher.Validators.NONE));
            assertTrue(e.getMessage().contains("HTTP 302") && e.getMessage().contains("/elsewhere.json"), e.getMessage());
            assertEquals(1, server.requests().size(), "the redirect target was requested: " + server.requests());
        }
    }

    @Test
    void refusesAnErrorStatus() {
        server.answer(MappingServer.status(503));
        try (RemoteDocumentFetcher fetcher = fetcher()) {
            FetchFailedException e = assertThrows(FetchFailedException.class,
                    () -> fetcher.fetch(server.url(), RemoteDocumentFetcher.Validators.NONE));
            assertEquals("answered HTTP 503, expected 200", e.getMessage());
        }
    }

    @Test
    void stopsReadingPastTheSizeCapWithOrWithoutALength() {
        for (MappingServer.Answer answer : List.of(MappingServer.document(MappingFixtures.OVERSIZED),
                MappingServer.plainChunked(MappingFixtures.OVERSIZED))) {
            server.answer(answer);
            try (RemoteDocumentFetcher fetcher = fetcher()) {
                FetchFailedException e = assertThrows(FetchFailedException.class,
                        () -> fetcher.fetch(server.url(), RemoteDocumentFetcher.Validators.NONE));
                assertTrue(e.getMessage().contains("larger than the limit of " + MappingFixtures.MAX_BYTES + " bytes"),
                        e.getMessage());
            }
        }
    }

    @Test
    void aDocumentExactlyAtTheCapIsAccepted() throws Exception {
        String exact = MappingFixtures.OVERSIZED.substring(0, MappingFixtures.MAX_BYTES);
        server.answer(MappingServer.plainChunked(exact));
        try (RemoteDocumentFetcher fetcher = fetcher()) {
            RemoteDocumentFetcher.Fetched fetched = (RemoteDocumentFetcher.Fetched) fetcher.fetch(server.url(), RemoteDocumentFetcher.Validators.NONE);
            assertEquals(MappingFixtures.MAX_BYTES, fetched.document().length);
        }
    }

    @Test
    void headersSlowerThanTheDeadlineEndTheFetchAtTheDeadline() {
        server.answer(MappingServer.slow(Duration.ofSeconds(10), MappingServer.document(MappingFixtures.A)));
        assertCutAtTheDeadline();
    }

    @Test
    void aBodyThatNeverEndsIsCutAtTheDeadline() {
        server.answer(MappingServer.endlessBody());
        assertCutAtTheDeadline();
    }

    private static void assertCutAtTheDeadline() {
        try (RemoteDocumentFetcher fetcher = fetcher()) {
            long start = System.nanoTime();
            FetchFailedException e = assertThrows(FetchFailedException.class,
                    () -> fetcher.fetch(server.url(), RemoteDocumentFetcher.Validators.NONE));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(e.getMessage().startsWith("no complete answer within 0.6 s"), e.getMessage());
            assertTrue(took.compareTo(DEADLINE.minusMillis(50)) >= 0, "returned early: " + took);
            assertTrue(took.compareTo(DEADLINE.plus(SLACK)) < 0, "returned late: " + took);
            awaitNoFetchThread(fetcher);
        }
    }

    @Test
    void aClosedPortFailsFast() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        try (RemoteDocumentFetcher fetcher = fetcher()) {
            FetchFailedException e = assertThrows(FetchFailedException.class,
                    () -> fetcher.fetch(URI.create("http://127.0.0.1:" + port + "/x.json"), RemoteDocumentFetcher.Validators.NONE));
            assertTrue(e.getMessage().startsWith("cannot connect"), e.getMessage());
        }
    }

    @Test
    void theNextFetchRunsOnTheThreadTheLastOneUsed() throws Exception {
        server.answer(MappingServer.document(MappingFixtures.A));
        try (RemoteDocumentFetcher fetcher = fetcher()) {
            List<String> before = fetchThreads();
            fetcher.fetch(server.url(), RemoteDocumentFetcher.Validators.NONE);
            List<String> started = fetchThreads().stream().filter(n -> !before.contains(n)).toList();
            assertEquals(1, started.size(), "threads started by the first fetch: " + started);
            for (int i = 0; i < 5; i++) {
                // Once the thread waits for work again (a fetch right away may find it still returning to the pool,
                // and start another, which is harmless).
                awaitNoFetchThread(fetcher);
                fetcher.fetch(server.url(), RemoteDocumentFetcher.Validators.NONE);
            }
            assertEquals(started, fetchThreads().stream().filter(n -> !before.contains(n)).toList());
            assertEquals(0, fetcher.inFlight());
        }
        assertTrue(fetchThreads().isEmpty(), "fetch threads alive after close: " + fetchThreads());
    }

    /**
     * A container looks for threads left behind right after the undeploy (Tomcat logs each as a leak), so close must
     * not return while a fetch thread is still ending: the pool reports itself terminated a moment before its last
     * thread has ended.
     */
    @Test
    void noFetchThreadIsAliveOnceCloseReturns() throws Exception {
        server.answer(MappingServer.document(MappingFixtures.A));
        for (int i = 0; i < 100; i++) {
            RemoteDocumentFetcher fetcher = fetcher();
            fetcher.fetch(server.url(), RemoteDocumentFetcher.Validators.NONE);
            fetcher.close();
            assertTrue(fetchThreads().isEmpty(), "fetch threads alive right after close, round " + i + ": "
                    + fetchThreads());
        }
    }

    @Test
    void aFetchThreadWithoutWorkEndsWhileTheFetcherIsOpen() throws Exception {
        server.answer(MappingServer.document(MappingFixtures.A));
        try (RemoteDocumentFetcher fetcher = new RemoteDocumentFetcher(DEADLINE, MappingFixtures.MAX_BYTES,
                Duration.ofMillis(100))) {
            fetcher.fetch(server.url(), RemoteDocumentFetcher.Validators.NONE);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!fetchThreads().isEmpty() && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            assertTrue(fetchThreads().isEmpty(), "idle fetch threads alive: " + fetchThreads());
            assertInstanceOf(RemoteDocumentFetcher.Fetched.class,
                    fetcher.fetch(server.url(), RemoteDocumentFetcher.Validators.NONE));
        }
    }

    @Test
    void closeAbortsAFetchInFlightAndWaitsForItsThread() throws Exception {
        server.answer(MappingServer.endlessBody());
        RemoteDocumentFetcher fetcher = new RemoteDocumentFetcher(Duration.ofSeconds(30), MappingFixtures.MAX_BYTES);
        CompletableFuture<Throwable> fetch = fetchInBackground(fetcher);
        awaitInFlight(fetcher);
        long start = System.nanoTime();
        fetcher.close();
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 2000, "close took too long");
        assertEquals(0, fetcher.inFlight());
        assertInstanceOf(FetchFailedException.class, fetch.get(2, TimeUnit.SECONDS));
        assertTrue(fetchThreads().isEmpty(), "fetch threads alive: " + fetchThreads());
        FetchFailedException refused = assertThrows(FetchFailedException.class,
                () -> fetcher.fetch(server.url(), RemoteDocumentFetcher.Validators.NONE));
        assertTrue(refused.getMessage().contains("stopping"), refused.getMessage());
    }

    /**
     * Undeploy can come at any moment of a fetch, also while its thread is still connecting, where disconnecting the
     * connection alone does nothing: close must not then wait for the fetch's deadline.
     */
    @Test
    void closeRightAfterAFetchStartsDoesNotWaitForTheDeadline() throws Exception {
        server.answer(MappingServer.endlessBody());
        for (int i = 0; i < 40; i++) {
            RemoteDocumentFetcher fetcher = new RemoteDocumentFetcher(Duration.ofSeconds(30), MappingFixtures.MAX_BYTES);
            CompletableFuture<Throwable> fetch = fetchInBackground(fetcher);
            awaitInFlight(fetcher);
            long start = System.nanoTime();
            fetcher.close();
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(tookMillis < 2000, "close took " + tookMillis + " ms in round " + i);
            assertInstanceOf(FetchFailedException.class, fetch.get(2, TimeUnit.SECONDS));
            awaitNoFetchThread(fetcher);
        }
    }

    @Test
    void sendsTheAuthorizationHeaderGiven() throws Exception {
        server.answer(MappingServer.requiring("Bearer cfg-token", MappingServer.document(MappingFixtures.A)));
        try (RemoteDocumentFetcher fetcher = fetcher()) {
            assertInstanceOf(RemoteDocumentFetcher.Fetched.class, fetcher.fetch(server.url(), "Bearer cfg-token",
                    RemoteDocumentFetcher.Validators.NONE));
            assertEquals("Bearer cfg-token", server.requests().get(0).authorization());
            FetchFailedException e = assertThrows(FetchFailedException.class,
                    () -> fetcher.fetch(server.url(), RemoteDocumentFetcher.Validators.NONE));
            assertEquals("answered HTTP 401, expected 200", e.getMessage());
            assertEquals(null, server.requests().get(1).authorization());
        }
    }

    @Test
    void aBodyShorterThanItsContentLengthIsReportedAsTruncated() {
        server.answer(MappingServer.truncated(MappingFixtures.A, 7));
        try (RemoteDocumentFetcher fetcher = fetcher()) {
            FetchFailedException e = assertThrows(FetchFailedException.class,
                    () -> fetcher.fetch(server.url(), RemoteDocumentFetcher.Validators.NONE));
            assertEquals("the answer was truncated: 7 of " + MappingFixtures.A.length() + " bytes arrived "
                    + "(Content-Length " + MappingFixtures.A.length() + ")", e.getMessage());
        }
    }

    @Test
    void aRedirectIsShownWithoutTheSecretsOfItsLocationAndCut() {
        server.answer(MappingServer.redirect("https://u:pw-SECRET@elsewhere.example/c.json?sig=SECRET&\u202e"
                + "x".repeat(500)));
        try (RemoteDocumentFetcher fetcher = fetcher()) {
            FetchFailedException e = assertThrows(FetchFailedException.class,
                    () -> fetcher.fetch(server.url(), RemoteDocumentFetcher.Validators.NONE));
            assertTrue(e.getMessage().startsWith("answered HTTP 302 (redirect to https://***@elsewhere.example/c.json"
                    + "?sig=***&***); redirects are not followed"), e.getMessage());
            assertFalse(e.getMessage().contains("SECRET"), e.getMessage());
        }
    }

    @Test
    void messagesShowTheUrlWithoutItsQueryValues() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        URI closed = URI.create("http://127.0.0.1:" + port + "/x.json?access_token=SECRET");
        try (RemoteDocumentFetcher fetcher = fetcher()) {
            FetchFailedException e = assertThrows(FetchFailedException.class,
                    () -> fetcher.fetch(closed, RemoteDocumentFetcher.Validators.NONE));
            assertFalse(e.getMessage().contains("SECRET"), e.getMessage());
            FetchFailedException notHttp = assertThrows(FetchFailedException.class,
                    () -> fetcher.fetch(URI.create("ftp://u:SECRET@127.0.0.1/x?t=SECRET"), RemoteDocumentFetcher.Validators.NONE));
            assertEquals("not an http or https URL: ftp://***@127.0.0.1/x?t=***", notHttp.getMessage());
        }
    }

    @Test
    void headersThatTrickleAreCutAtTheDeadline() throws Exception {
        try (RawHttpServer raw = new RawHttpServer(out -> {
            out.write("HTTP/1.1 200 OK\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            while (true) {
                out.write('a');
                out.flush();
                Thread.sleep(20);
            }
        })) {
            assertCutAtTheDeadline(raw.url());
        }
    }

    @Test
    void headersThatNeverEndAreCutWithoutReadingThemAll() throws Exception {
        byte[] line = ("X-Pad: " + "a".repeat(1000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        try (RawHttpServer raw = new RawHttpServer(out -> {
            out.write("HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.US_ASCII));
            while (true) {
                out.write(line);
            }
        })) {
            try (RemoteDocumentFetcher fetcher = fetcher()) {
                long start = System.nanoTime();
                FetchFailedException e = assertThrows(FetchFailedException.class,
                        () -> fetcher.fetch(raw.url(), RemoteDocumentFetcher.Validators.NONE));
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertTrue(took.compareTo(DEADLINE.plus(SLACK)) < 0, "returned late: " + took);
                assertTrue(e.getMessage().contains("header"), e.getMessage());
                awaitNoFetchThread(fetcher);
            }
        }
    }

    @Test
    void aValidatorTooLargeOrStrangeToSendBackIsDropped() throws Exception {
        String huge = "\"" + "e".repeat(5000) + "\"";
        server.answer((request, response, srv) -> {
            response.setStatus(200);
            response.setHeader("ETag", huge);
            response.setHeader("Last-Modified", "Wed, 01 Jul 2026 10:00:00 GMT\u00ff");
            response.getOutputStream().write(MappingFixtures.A.getBytes(StandardCharsets.UTF_8));
        });
        try (RemoteDocumentFetcher fetcher = fetcher()) {
            RemoteDocumentFetcher.Fetched fetched = (RemoteDocumentFetcher.Fetched) fetcher.fetch(server.url(), RemoteDocumentFetcher.Validators.NONE);
            assertEquals(RemoteDocumentFetcher.Validators.NONE, fetched.validators());
        }
        assertEquals(null, RemoteDocumentFetcher.validator("\"a\tb\""));
        assertEquals("W/\"abc\"", RemoteDocumentFetcher.validator("W/\"abc\""));
    }

    @Test
    void aChunkedBodyThatBreaksOffIsReportedAsTruncated() throws Exception {
        try (RawHttpServer raw = new RawHttpServer(out -> {
            out.write(("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n20\r\n{\"anthropic\":{}")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
        })) {
            try (RemoteDocumentFetcher fetcher = fetcher()) {
                FetchFailedException e = assertThrows(FetchFailedException.class,
                        () -> fetcher.fetch(raw.url(), RemoteDocumentFetcher.Validators.NONE));
                assertTrue(e.getMessage().startsWith("the answer was truncated: the connection broke after"),
                        e.getMessage());
            }
        }
    }

    private static void assertCutAtTheDeadline(URI url) {
        try (RemoteDocumentFetcher fetcher = fetcher()) {
            long start = System.nanoTime();
            FetchFailedException e = assertThrows(FetchFailedException.class,
                    () -> fetcher.fetch(url, RemoteDocumentFetcher.Validators.NONE));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(e.getMessage().startsWith("no complete answer within 0.6 s"), e.getMessage());
            assertTrue(took.compareTo(DEADLINE.minusMillis(50)) >= 0, "returned early: " + took);
            assertTrue(took.compareTo(DEADLINE.plus(SLACK)) < 0, "returned late: " + took);
            awaitNoFetchThread(fetcher);
        }
    }

    /** Fetches from the test server on another thread; completes with the failure, or null. */
    static CompletableFuture<Throwable> fetchInBackground(RemoteDocumentFetcher fetcher) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                fetcher.fetch(server.url(), RemoteDocumentFetcher.Validators.NONE);
                return null;
            } catch (FetchFailedException e) {
                return e;
            }
        });
    }

    /** Returns as soon as the fetcher's thread is alive: the earliest moment an undeploy can meet it. */
    static void awaitInFlight(RemoteDocumentFetcher fetcher) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (fetcher.inFlight() == 0 && System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        assertEquals(1, fetcher.inFlight());
    }

    /**
     * Waits until the fetcher has no fetch in flight, and no fetch thread of any fetcher is busy (a cut fetch's thread
     * goes back to waiting for the next fetch just after the caller returns).
     */
    static void awaitNoFetchThread(RemoteDocumentFetcher fetcher) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while ((fetcher.inFlight() > 0 || !busyFetchThreads().isEmpty()) && System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        assertEquals(0, fetcher.inFlight());
        assertTrue(busyFetchThreads().isEmpty(), "fetch threads busy: " + busyFetchThreads());
    }

    /** Waits until no fetch thread of any fetcher is busy: each has ended or waits for the next fetch. */
    static void awaitNoFetchThreadAlive() {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (!busyFetchThreads().isEmpty() && System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        assertTrue(busyFetchThreads().isEmpty(), "fetch threads busy: " + busyFetchThreads());
    }

    /** The fetch threads doing something other than waiting in their pool for the next fetch. */
    static List<String> busyFetchThreads() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().isAlive() && e.getKey().getName().startsWith(RemoteDocumentFetcher.THREAD_NAME))
                .filter(e -> Arrays.stream(e.getValue()).noneMatch(f -> f.getMethodName().equals("getTask")
                        && f.getClassName().equals(ThreadPoolExecutor.class.getName())))
                .map(e -> e.getKey().getName()).toList();
    }

    public static List<String> fetchThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith(RemoteDocumentFetcher.THREAD_NAME)).toList();
    }
}
