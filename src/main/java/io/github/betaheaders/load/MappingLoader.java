package io.github.betaheaders.load;

import io.github.betaheaders.core.EchoedInput;
import io.github.betaheaders.core.InvalidMappingException;
import io.github.betaheaders.core.UrlRedaction;
import java.io.IOException;
import java.net.URI;
import java.lang.System.Logger.Level;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Loads the mapping from its sources and keeps the last good one active.
 *
 * <p>The first load, {@link #start}, settles in this order: the URL if it answers within the deadline, else the
 * {@code cacheFile} (the last good fetched document), else the {@code configFile}, else the bundled mapping. Local only:
 * the {@code configFile}, else the bundled mapping. A {@code configFile} that is not a valid mapping fails the start
 * even when the URL answers: it is a local artifact, and the fallback.
 *
 * <p>A {@link #reload} validates the whole document before the atomic swap; a failed one (network, status, size,
 * syntax, shape) leaves the active mapping as it was, keeps the reason for {@link #status()} and logs it at WARNING.
 * A 304 to the conditional request counts as a success with no change. Each good fetched document is written to the
 * {@code cacheFile}. Loads are serialised; readers of {@link #active()} never wait.
 */
public final class MappingLoader implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(MappingLoader.class.getName());
    /** How much longer than a fetch's deadline a reload waits for a load in progress. */
    private static final Duration LOCK_SLACK = Duration.ofSeconds(2);
    /** The longest reason of a refused document shown (it may quote the document). */
    private static final int MAX_REASON_CHARS = 1000;

    private final Sources sources;
    private final Clock clock;
    private final RemoteDocumentFetcher fetcher;
    private final CacheFile cache;
    private final AtomicReference<Status> status;
    /** The active mapping with its bytes; set with {@link #status}, under {@link #loading}. */
    private final AtomicReference<LoadedDocument> active;
    private final ReentrantLock loading = new ReentrantLock();
    private RemoteDocumentFetcher.Validators validators = RemoteDocumentFetcher.Validators.NONE;

    private MappingLoader(Sources sources, Clock clock, LoadedDocument initial) {
        this.sources = sources;
        this.clock = clock;
        this.fetcher = sources.localOnly() ? null : new RemoteDocumentFetcher(sources.fetchTimeout(), sources.maxBytes());
        this.cache = sources.localOnly() || sources.cacheFile() == null ? null : new CacheFile(sources.cacheFile());
        this.status = new AtomicReference<>(new Status(initial.snapshot(),
                Attempt.succeeded(initial.snapshot().loadedAt())));
        this.active = new AtomicReference<>(initial);
    }

    /**
     * Settles the first load; waits at most the fetch deadline for the URL.
     *
     * @throws InvalidMappingException when the {@code configFile} is not a valid mapping; nothing remote fails the start
     */
    public static MappingLoader start(Sources sources, Clock clock) throws InvalidMappingException {
        return start(sources, clock, null, null);
    }

    /**
     * Settles the first load with a document published by another node (the shared store's newest) instead of any
     * fetch or {@code cacheFile}: it is made active if it is a valid mapping, and written to the {@code cacheFile}.
     * When it is {@code null} or not valid, as {@link #start(Sources, Clock)}. The {@code configFile} is checked in
     * both cases.
     *
     * @param published the document's bytes, or {@code null}
     * @param source    where it came from, as it may be shown
     * @throws InvalidMappingException when the {@code configFile} is not a valid mapping
     */
    public static MappingLoader start(Sources sources, Clock clock, byte[] published, String source)
            throws InvalidMappingException {
        MappingLoader loader = new MappingLoader(sources, clock, readLocal(sources, clock));
        loader.removeCacheLeftovers();
        if (published != null) {
            try {
                loader.adopt(published, source);
                return loader;
            } catch (LoadFailedException e) {
                LOG.log(Level.WARNING, "ignoring the published anthropic-beta mapping: " + e.getMessage());
            }
        }
        if (!sources.localOnly()) {
            loader.firstFetch();
        }
        return loader;
    }

    private static LoadedDocument readLocal(Sources sources, Clock clock) throws InvalidMappingException {
        if (sources.configFile() == null) {
            byte[] bundled = MappingSnapshot.bundledDocument();
            return new LoadedDocument(MappingSnapshot.bundled(clock), bundled);
        }
        byte[] bytes = MappingSnapshot.fileDocument(sources.configFile(), sources.maxBytes());
        try {
            return new LoadedDocument(MappingSnapshot.parse(bytes, sources.configFile().toString(), clock), bytes);
        } catch (InvalidMappingException e) {
            throw new InvalidMappingException("file [" + sources.configFile() + "]: " + e.getMessage(), e);
        }
    }

    private void firstFetch() {
        loading.lock();
        try {
            Instant at = clock.instant();
            try {
                settle(fetchRemote(), Attempt.succeeded(at));
            } catch (LoadFailedException e) {
                LoadedDocument cached = readCache();
                LoadedDocument fallback = cached != null ? cached : active.get();
                settle(fallback, Attempt.failed(at, e.getMessage()));
                LOG.log(Level.WARNING, "could not load the anthropic-beta mapping: " + e.getMessage()
                        + "; starting with the mapping from " + fallback.snapshot().source());
            }
        } finally {
            loading.unlock();
        }
    }

    private void removeCacheLeftovers() {
        if (cache == null) {
            return;
        }
        try {
            for (Path removed : cache.removeLeftovers()) {
                LOG.log(Level.INFO, "removed " + removed + ", a temporary cacheFile left by an interrupted write");
            }
        } catch (IOException | DirectoryIteratorException e) {
            LOG.log(Level.WARNING, "could not look for temporary files left beside the cacheFile " + cache.path() + ": "
                    + e);
        }
    }

    private LoadedDocument readCache() {
        if (cache == null || !cache.exists()) {
            return null;
        }
        try {
            byte[] bytes = MappingSnapshot.fileDocument(cache.path(), sources.maxBytes());
            try {
                return new LoadedDocument(MappingSnapshot.parse(bytes, cache.path().toString(), clock), bytes);
            } catch (InvalidMappingException e) {
                throw new InvalidMappingException("file [" + cache.path() + "]: " + e.getMessage(), e);
            }
        } catch (InvalidMappingException e) {
            LOG.log(Level.WARNING, "ignoring the cacheFile: " + e.getMessage());
            return null;
        }
    }

    /**
     * Loads the mapping again from its source (the URL, or locally the {@code configFile} or bundled mapping) and
     * makes it active once it is fully validated.
     *
     * @return the mapping active before and after, both read under the loader's lock (the same one after a 304)
     * @throws LoadFailedException when nothing usable came; the active mapping is unchanged
     */
    public MappingReplacement reload() throws LoadFailedException {
        lockWithin(sources.fetchTimeout().plus(LOCK_SLACK));
        try {
            Instant at = clock.instant();
            LoadedDocument beforeDocument = active.get();
            MappingSnapshot before = beforeDocument.snapshot();
            try {
                LoadedDocument loaded = sources.localOnly() ? reloadLocal() : fetchRemote();
                if (loaded == null) {
                    settle(beforeDocument, Attempt.succeeded(at));
                    LOG.log(Level.DEBUG, () -> "the mapping at " + sources.shownRemote() + " is unchanged (HTTP 304)");
                    return new MappingReplacement(before, beforeDocument);
                }
                MappingSnapshot next = loaded.snapshot();
                settle(loaded, Attempt.succeeded(at));
                LOG.log(Level.INFO, () -> "reloaded the anthropic-beta mapping from " + next.source() + " ("
                        + next.mapping().providerCount() + " providers, sha256 " + next.sha256() + ")");
                next.mapping().warnings().forEach(w -> LOG.log(Level.WARNING, "mapping from " + next.source() + ": " + w));
                return new MappingReplacement(before, loaded);
            } catch (LoadFailedException e) {
                status.set(new Status(before, Attempt.failed(at, e.getMessage())));
                LOG.log(Level.WARNING, "reloading the anthropic-beta mapping failed (the one from " + before.source()
                        + " stays active): " + e.getMessage());
                throw e;
            }
        } finally {
            loading.unlock();
        }
    }

    /**
     * Waits for a load in progress at most {@code wait}, so that reload requests piling up behind a slow config server
     * each end in a bounded time instead of queueing one deadline after another.
     */
    private void lockWithin(Duration wait) throws LoadFailedException {
        try {
            if (!loading.tryLock(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new LoadFailedException("another load of the mapping has been running for over "
                        + wait.toSeconds() + " s; not reloaded, try again later", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoadFailedException("not reloaded: interrupted while waiting for another load", e);
        }
    }

    /**
     * Makes a document published by another node active, once it is fully validated, without fetching; writes it to
     * the {@code cacheFile}. A document with the active one's SHA-256 changes nothing.
     *
     * @param source where it came from, as it may be shown
     * @throws LoadFailedException when it is larger than {@code maxBytes} or not a valid mapping; the active mapping
     *                             is unchanged
     */
    public MappingReplacement adopt(byte[] document, String source) throws LoadFailedException {
        Objects.requireNonNull(document, "document");
        lockWithin(sources.fetchTimeout().plus(LOCK_SLACK));
        try {
            LoadedDocument beforeDocument = active.get();
            MappingSnapshot before = beforeDocument.snapshot();
            if (document.length > sources.maxBytes()) {
                throw new LoadFailedException(source + ": " + document.length + " bytes, over the limit of "
                        + sources.maxBytes() + " (maxConfigBytes)", null);
            }
            MappingSnapshot next;
            try {
                next = MappingSnapshot.parse(document, source, clock);
            } catch (InvalidMappingException e) {
                throw new LoadFailedException(source + ": " + EchoedInput.of(e.getMessage(), MAX_REASON_CHARS), e);
            }
            if (next.sha256().equals(before.sha256())) {
                return new MappingReplacement(before, beforeDocument);
            }
            LoadedDocument adopted = new LoadedDocument(next, document);
            settle(adopted, Attempt.succeeded(next.loadedAt()));
            // The validators were this node's own fetch's: a 304 against them would not be about this document.
            validators = RemoteDocumentFetcher.Validators.NONE;
            writeCache(document);
            LOG.log(Level.INFO, () -> "adopted the anthropic-beta mapping published from " + next.source() + " ("
                    + next.mapping().providerCount() + " providers, sha256 " + next.sha256() + ")");
            return new MappingReplacement(before, adopted);
        } finally {
            loading.unlock();
        }
    }

    /** The active mapping with its bytes. */
    public LoadedDocument activeDocument() {
        return active.get();
    }

    private LoadedDocument reloadLocal() throws LoadFailedException {
        try {
            return readLocal(sources, clock);
        } catch (InvalidMappingException e) {
            throw new LoadFailedException(e.getMessage(), e);
        }
    }

    /** Fetches and validates; {@code null} for a 304. Writes a good document to the cache. */
    private LoadedDocument fetchRemote() throws LoadFailedException {
        String url = sources.shownRemote();
        RemoteDocumentFetcher.Outcome outcome;
        try {
            outcome = fetcher.fetch(sources.remote(), sources.authorization(), validators);
        } catch (FetchFailedException e) {
            throw new LoadFailedException(url + ": " + e.getMessage(), e);
        }
        if (outcome instanceof RemoteDocumentFetcher.NotModified) {
            return null;
        }
        RemoteDocumentFetcher.Fetched fetched = (RemoteDocumentFetcher.Fetched) outcome;
        MappingSnapshot loaded;
        try {
            loaded = MappingSnapshot.parse(fetched.document(), url, clock);
        } catch (InvalidMappingException e) {
            // The parser quotes names from the document: a hostile server must not forge log lines through them.
            throw new LoadFailedException(url + ": " + EchoedInput.of(e.getMessage(), MAX_REASON_CHARS), e);
        }
        validators = fetched.validators();
        writeCache(fetched.document());
        return new LoadedDocument(loaded, fetched.document());
    }

    private void writeCache(byte[] document) {
        if (cache == null) {
            return;
        }
        try {
            cache.write(document);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not write the cacheFile " + cache.path() + ": " + e);
        }
    }

    private void settle(LoadedDocument mapping, Attempt attempt) {
        active.set(mapping);
        status.set(new Status(mapping.snapshot(), attempt));
    }

    /** The mapping in force: what a request reads, once, and uses to its end. Never waits. */
    public MappingSnapshot current() {
        return status.get().active();
    }

    /** The active mapping with the last attempt, read together. */
    public Status status() {
        return status.get();
    }

    /** Aborts a fetch in flight and waits for its thread; later fetches fail. */
    @Override
    public void close() {
        if (fetcher != null) {
            fetcher.close();
        }
    }

    /**
     * The active mapping and the last load attempt, taken together so that a reader never pairs a mapping with the
     * outcome of another load.
     *
     * @param active      the mapping in force
     * @param lastAttempt the last load, successful or not
     */
    public record Status(MappingSnapshot active, Attempt lastAttempt) {
    }

    /**
     * One load: when it ran and, when it failed, why.
     *
     * @param at    when it started
     * @param error the reason it failed, or {@code null} when it succeeded (a 304 is a success)
     */
    public record Attempt(Instant at, String error) {

        public Attempt {
            Objects.requireNonNull(at, "at");
        }

        public static Attempt succeeded(Instant at) {
            return new Attempt(at, null);
        }

        public static Attempt failed(Instant at, String error) {
            return new Attempt(at, Objects.requireNonNull(error, "error"));
        }

        public boolean succeeded() {
            return error == null;
        }
    }

    /**
     * Where the mapping may come from, and the limits of a load.
     *
     * @param remote        the URL fetched, or {@code null} to never fetch (local only)
     * @param cacheFile     where the last good fetched document is kept, or {@code null}
     * @param configFile    the local mapping file used instead of the bundled one, or {@code null}
     * @param fetchTimeout  one deadline for a whole fetch: connect, headers and body
     * @param maxBytes      the largest document accepted, from any source
     * @param authorization the {@code Authorization} header value sent with each fetch, or {@code null}; a secret,
     *                      left out of {@link #toString()}
     */
    public record Sources(URI remote, Path cacheFile, Path configFile, Duration fetchTimeout, long maxBytes,
                          String authorization) {

        public Sources {
            Objects.requireNonNull(fetchTimeout, "fetchTimeout");
            if (fetchTimeout.isNegative() || fetchTimeout.isZero()) {
                throw new IllegalArgumentException("fetchTimeout must be positive: " + fetchTimeout);
            }
            if (maxBytes < 1) {
                throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
            }
        }

        /** Sources fetched without credentials. */
        public Sources(URI remote, Path cacheFile, Path configFile, Duration fetchTimeout, long maxBytes) {
            this(remote, cacheFile, configFile, fetchTimeout, maxBytes, null);
        }

        /** The URL as it may be shown (user info and query values hidden), or {@code null} when local only. */
        public String shownRemote() {
            return remote == null ? null : UrlRedaction.redact(remote.toString());
        }

        @Override
        public String toString() {
            return "Sources[remote=" + shownRemote() + ", cacheFile=" + cacheFile + ", configFile=" + configFile
                    + ", fetchTimeout=" + fetchTimeout + ", maxBytes=" + maxBytes + ", authorization="
                    + (authorization == null ? "none" : UrlRedaction.HIDDEN) + "]";
        }

        /** Never fetch: the mapping is {@link #configFile()} or the bundled one. */
        public boolean localOnly() {
            return remote == null;
        }
    }
}
