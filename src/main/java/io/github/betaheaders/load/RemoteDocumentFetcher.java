package io.github.betaheaders.load;

import io.github.betaheaders.core.EchoedInput;
import io.github.betaheaders.core.UrlRedaction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLConnection;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fetches a document over HTTP(S) within one total deadline that covers connect, headers and body, up to a size cap,
 * without following redirects, conditionally when validators from the last good fetch are given.
 *
 * <p>Each fetch runs on a daemon thread of the fetcher's own, and the caller waits for it at most until the deadline.
 * At the deadline the caller disconnects the connection, which closes its socket and ends the thread's blocked read:
 * a body that never ends is cut there. A thread that finished a fetch waits {@value #IDLE_SECONDS} s for the next one
 * and then ends: starting a thread for every fetch cost more CPU than the fetch itself (about 0.3 ms, measured with
 * {@code ReloadBenchmark}), which reloads in quick succession felt. The request asks for {@code Connection: close} and the connection is
 * disconnected after each fetch, so none is left in the JDK's keep-alive cache (whose timer thread would outlive the
 * fetch). {@link #close()} aborts what is in flight and waits for the fetcher's threads, so an
 * undeployed webapp leaves none behind. (The JDK 17 {@code java.net.http.HttpClient} has no {@code close()}; its
 * selector thread outlives an undeploy until a garbage collection, which is why it is not used here.)
 */
public final class RemoteDocumentFetcher implements AutoCloseable {

    /** Name prefix of the fetch threads. */
    public static final String THREAD_NAME = "anthropic-beta-headers-fetch";

    private static final int BUFFER_BYTES = 8192;
    private static final int MAX_VALIDATOR_CHARS = 1024;

    /** How long a fetch thread waits for the next fetch before it ends. */
    static final int IDLE_SECONDS = 10;

    private final Duration deadline;
    private final long maxBytes;
    /** The connections of the fetches in flight; aborted on close. */
    private final Set<AbortableConnection> inFlight = new HashSet<>();
    private final AtomicLong threadsStarted = new AtomicLong();
    /** As many threads as fetches in flight (a stuck one does not hold up the next), each ending when idle. */
    private final ThreadPoolExecutor threads;
    /**
     * The pool's threads, joined on close: the pool counts itself terminated while its last thread is still ending, and
     * a container that checks for threads left behind right after the undeploy would see it.
     */
    private final List<Thread> threadsMade = new ArrayList<>();
    private boolean closed;

    /**
     * @param deadline one deadline for a whole fetch
     * @param maxBytes the largest body accepted
     */
    public RemoteDocumentFetcher(Duration deadline, long maxBytes) {
        this(deadline, maxBytes, Duration.ofSeconds(IDLE_SECONDS));
    }

    /** As above, a fetch thread ending after {@code idle} without a fetch. */
    RemoteDocumentFetcher(Duration deadline, long maxBytes, Duration idle) {
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("deadline must be positive: " + deadline);
        }
        this.deadline = deadline;
        this.maxBytes = maxBytes;
        threads = new ThreadPoolExecutor(0, Integer.MAX_VALUE, idle.toNanos(), TimeUnit.NANOSECONDS,
                new SynchronousQueue<>(), this::newThread);
    }

    /**
     * Fetches {@code uri}, returning at the latest when the deadline has passed.
     *
     * @param validators from the last good fetch, or {@link Validators#NONE}
     * @throws FetchFailedException for anything but a complete 200 within the limits, or a 304 to a conditional request
     */
    public Outcome fetch(URI uri, Validators validators) throws FetchFailedException {
        return fetch(uri, null, validators);
    }

    /**
     * Fetches {@code uri} sending {@code authorization} (when not {@code null}) as the {@code Authorization} header,
     * returning at the latest when the deadline has passed. Messages show the URL with its secrets hidden, and never
     * the header.
     *
     * @throws FetchFailedException for anything but a complete 200 within the limits, or a 304 to a conditional request
     */
    public Outcome fetch(URI uri, String authorization, Validators validators) throws FetchFailedException {
        long deadlineNanos = System.nanoTime() + deadline.toNanos();
        AbortableConnection connection = new AbortableConnection(open(uri));
        CompletableFuture<Outcome> result = new CompletableFuture<>();
        synchronized (this) {
            if (closed) {
                throw new FetchFailedException("not fetched: the webapp is stopping");
            }
            inFlight.add(connection);
            try {
                // Not submit: a Future cancelled before its thread took it would skip the task, and with it the
                // removal from inFlight.
                threads.execute(() -> exchange(connection, authorization, validators, deadlineNanos, result));
            } catch (RejectedExecutionException e) {
                inFlight.remove(connection);
                throw new FetchFailedException("not fetched: no thread could be started (" + e.getMessage() + ")");
            }
        }
        try {
            return result.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            connection.abort();
            throw new FetchFailedException(overDeadline());
        } catch (InterruptedException e) {
            connection.abort();
            Thread.currentThread().interrupt();
            throw new FetchFailedException("the fetch was interrupted: the webapp is stopping");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof FetchFailedException) {
                throw (FetchFailedException) cause;
            }
            // The cause is left out: the JDK's messages may quote the URL with its secrets.
            throw new FetchFailedException(UrlRedaction.scrub(describe(cause), uri.toString()));
        }
    }

    private static HttpURLConnection open(URI uri) throws FetchFailedException {
        try {
            URLConnection connection = uri.toURL().openConnection();
            if (connection instanceof HttpURLConnection) {
                return (HttpURLConnection) connection;
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new FetchFailedException("cannot open " + UrlRedaction.redact(uri.toString()) + ": "
                    + UrlRedaction.scrub(e.toString(), uri.toString()));
        }
        throw new FetchFailedException("not an http or https URL: " + UrlRedaction.redact(uri.toString()));
    }

    private void exchange(AbortableConnection abortable, String authorization, Validators validators,
                          long deadlineNanos, CompletableFuture<Outcome> result) {
        abortable.running(Thread.currentThread());
        Outcome outcome = null;
        Throwable failure = null;
        try {
            outcome = exchange(abortable, authorization, validators, deadlineNanos);
        } catch (Throwable t) {
            failure = t;
        } finally {
            abortable.running(null);
            abortable.http.disconnect();
            synchronized (this) {
                inFlight.remove(abortable);
            }
        }
        // Answered once the fetch is cleared away, so that the next fetch is likelier to find this thread idle.
        if (failure != null) {
            result.completeExceptionally(failure);
        } else {
            result.complete(outcome);
        }
    }

    private Thread newThread(Runnable work) {
        Thread thread = new Thread(work, THREAD_NAME + "-" + threadsStarted.incrementAndGet());
        thread.setDaemon(true);
        synchronized (threadsMade) {
            threadsMade.removeIf(t -> !t.isAlive());
            threadsMade.add(thread);
        }
        return thread;
    }

    private Outcome exchange(AbortableConnection abortable, String authorization, Validators validators,
                                  long deadlineNanos) throws IOException, FetchFailedException {
        HttpURLConnection connection = abortable.http;
        int millis = remainingMillis(deadlineNanos);
        connection.setConnectTimeout(millis);
        connection.setReadTimeout(millis);
        connection.setInstanceFollowRedirects(false);
        connection.setUseCaches(false);
        connection.setRequestProperty("Connection", "close");
        connection.setRequestProperty("Accept", "application/json");
        if (authorization != null) {
            connection.setRequestProperty("Authorization", authorization);
        }
        if (validators.etag() != null) {
            connection.setRequestProperty("If-None-Match", validators.etag());
        }
        if (validators.lastModified() != null) {
            connection.setRequestProperty("If-Modified-Since", validators.lastModified());
        }
        connection.connect();
        abortable.connected();
        int status = connection.getResponseCode();
        if (status == HttpURLConnection.HTTP_NOT_MODIFIED && !validators.isEmpty()) {
            return new NotModified();
        }
        if (status >= 300 && status < 400) {
            String location = connection.getHeaderField("Location");
            throw new FetchFailedException("answered HTTP " + status + " (redirect to "
                    + (location == null ? "nowhere" : EchoedInput.of(UrlRedaction.redact(location)))
                    + "); redirects are not followed: use the final URL");
        }
        if (status != HttpURLConnection.HTTP_OK) {
            throw new FetchFailedException("answered HTTP " + status + ", expected 200");
        }
        long declared = connection.getContentLengthLong();
        if (declared > maxBytes) {
            throw new FetchFailedException(overSize() + " (Content-Length " + declared + ")");
        }
        byte[] body = readBody(connection, deadlineNanos);
        if (declared >= 0 && body.length < declared) {
            throw new FetchFailedException("the answer was truncated: " + body.length + " of " + declared
                    + " bytes arrived (Content-Length " + declared + ")");
        }
        return new Fetched(body, new Validators(validator(connection.getHeaderField("ETag")),
                validator(connection.getHeaderField("Last-Modified"))));
    }

    /**
     * A validator worth sending back, or {@code null}: at most {@value #MAX_VALIDATOR_CHARS} printable ASCII
     * characters. A larger or stranger one is dropped, so that a bad answer cannot make every later request fail (a
     * header the server refuses, or one the JDK will not send).
     */
    static String validator(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_VALIDATOR_CHARS) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < 0x20 || value.charAt(i) > 0x7e) {
                return null;
            }
        }
        return value;
    }

    private byte[] readBody(HttpURLConnection connection, long deadlineNanos)
            throws IOException, FetchFailedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[BUFFER_BYTES];
        try (InputStream in = connection.getInputStream()) {
            while (true) {
                if (deadlineNanos - System.nanoTime() <= 0) {
                    throw new FetchFailedException(overDeadline());
                }
                int n;
                try {
                    n = in.read(buffer);
                } catch (SocketTimeoutException e) {
                    throw e;
                } catch (IOException e) {
                    if (deadlineNanos - System.nanoTime() <= 0) {
                        throw new FetchFailedException(overDeadline(), e);
                    }
                    throw new FetchFailedException("the answer was truncated: the connection broke after " + out.size()
                            + " bytes of the body (" + e.getMessage() + ")", e);
                }
                if (n < 0) {
                    return out.toByteArray();
                }
                if (out.size() + (long) n > maxBytes) {
                    throw new FetchFailedException(overSize());
                }
                out.write(buffer, 0, n);
            }
        }
    }

    private static int remainingMillis(long deadlineNanos) {
        long millis = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, millis));
    }

    private String overDeadline() {
        return "no complete answer within " + seconds(deadline) + " s (the deadline covers connect, headers and body)";
    }

    private String overSize() {
        return "the document is larger than the limit of " + maxBytes + " bytes";
    }

    private String describe(Throwable cause) {
        if (cause instanceof SocketTimeoutException) {
            return overDeadline();
        }
        if (cause instanceof ConnectException) {
            return "cannot connect: " + cause.getMessage();
        }
        if (cause instanceof ProtocolException && String.valueOf(cause.getMessage()).startsWith("Header size")) {
            return "the answer's headers are too large (" + cause.getMessage() + "; the JDK's limit is the system "
                    + "property jdk.http.maxHeaderSize)";
        }
        if (cause instanceof UnknownHostException) {
            return "unknown host " + cause.getMessage();
        }
        return "the fetch failed: " + cause;
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? String.valueOf(duration.toSeconds())
                : String.valueOf(duration.toMillis() / 1000.0);
    }

    /**
     * One fetch's connection, which its thread connects and the caller or {@link #close()} may abort at any moment.
     * {@code disconnect()} closes the socket of a connected connection, which ends a blocked read, but does nothing to
     * a connection still connecting; so the thread checks, once connected, whether it was aborted meanwhile. The
     * check and the abort's flag share a lock, so an abort that finds the flag unchecked also sees the connected socket.
     */
    private static final class AbortableConnection {
        final HttpURLConnection http;
        private boolean aborted;
        /** The pool thread running this fetch, while it does; interrupted by an abort only then. */
        private Thread runner;

        AbortableConnection(HttpURLConnection http) {
            this.http = http;
        }

        synchronized void running(Thread thread) {
            runner = thread;
        }

        synchronized void connected() throws FetchFailedException {
            if (aborted) {
                throw new FetchFailedException("the fetch was aborted");
            }
        }

        void abort() {
            synchronized (this) {
                aborted = true;
                if (runner != null) {
                    // Under the lock: the thread cannot have gone on to another fetch (the pool clears the flag).
                    runner.interrupt();
                }
            }
            http.disconnect();
        }
    }

    /** How many fetches are in flight now: started, and their thread not yet done with them. */
    public synchronized int inFlight() {
        return inFlight.size();
    }

    /**
     * Refuses new fetches, aborts those in flight and waits for the fetcher's threads to end (at most the deadline and
     * a second: a thread stuck in a DNS lookup cannot be aborted).
     */
    @Override
    public void close() {
        List<AbortableConnection> running;
        synchronized (this) {
            closed = true;
            running = new ArrayList<>(inFlight);
        }
        running.forEach(AbortableConnection::abort);
        threads.shutdownNow();
        long until = System.nanoTime() + deadline.toNanos() + TimeUnit.SECONDS.toNanos(1);
        List<Thread> made;
        synchronized (threadsMade) {
            made = new ArrayList<>(threadsMade);
        }
        try {
            threads.awaitTermination(until - System.nanoTime(), TimeUnit.NANOSECONDS);
            for (Thread thread : made) {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What a successful fetch brought: a new document, or word that the last one is still current (HTTP 304). */
    public sealed interface Outcome {
    }

    /** HTTP 200: the document's bytes, and the validators for the next conditional fetch. */
    public record Fetched(byte[] document, Validators validators) implements Outcome {
    }

    /** HTTP 304 to a conditional request: the document fetched last is still current. */
    public record NotModified() implements Outcome {
    }

    /**
     * What the last good fetch answered in {@code ETag} and {@code Last-Modified}, sent back as {@code If-None-Match}
     * and {@code If-Modified-Since} so that an unchanged document costs a 304.
     *
     * @param etag         the entity tag as the server sent it, or {@code null}
     * @param lastModified the HTTP date as the server sent it, or {@code null}
     */
    public record Validators(String etag, String lastModified) {

        public static final Validators NONE = new Validators(null, null);

        public boolean isEmpty() {
            return etag == null && lastModified == null;
        }
    }
}
