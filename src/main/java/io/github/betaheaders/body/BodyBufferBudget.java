package io.github.betaheaders.body;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of request bodies held by a filter at once, over all its requests, kept under a bound
 * ({@code maxBufferedBytes}). A request takes a {@link Reservation} and grows it before each larger buffer it
 * allocates, so what is reserved follows the bytes that actually arrived; a growth that would pass the bound is refused
 * and the request's body goes on as it streams. Closing the reservation gives its bytes back.
 *
 * <p>Thread-safe, lock-free.
 */
public final class BodyBufferBudget {

    private final long max;
    private final AtomicLong inUse = new AtomicLong();
    private final AtomicLong peak = new AtomicLong();
    private final AtomicLong refusals = new AtomicLong();

    public BodyBufferBudget(long max) {
        if (max < 0) {
            throw new IllegalArgumentException("max < 0: " + max);
        }
        this.max = max;
    }

    /** A new, empty reservation for one request's body. */
    public Reservation open() {
        return new Reservation();
    }

    /** The bound. */
    public long max() {
        return max;
    }

    /** Bytes reserved now. */
    public long inUse() {
        return inUse.get();
    }

    /** The most bytes ever reserved at once; never above {@link #max()}. */
    public long peak() {
        return peak.get();
    }

    /** How many growths were refused since the start (each one a body forwarded without being rewritten). */
    public long refusals() {
        return refusals.get();
    }

    private boolean take(long bytes) {
        for (;;) {
            long used = inUse.get();
            long after = used + bytes;
            if (after > max || after < 0) {
                refusals.incrementAndGet();
                return false;
            }
            if (inUse.compareAndSet(used, after)) {
                // Read first: a write per request to a line every core shares costs more than the check.
                if (after > peak.get()) {
                    peak.accumulateAndGet(after, Math::max);
                }
                return true;
            }
        }
    }

    /** One request's share of the budget. */
    public final class Reservation implements AutoCloseable {

        private final AtomicLong held = new AtomicLong();
        private final AtomicBoolean closed = new AtomicBoolean();

        private Reservation() {
        }

        /**
         * Grows this reservation to {@code total} bytes; false, and nothing changed, when that would pass the bound or
         * the reservation is closed.
         */
        public boolean growTo(long total) {
            long extra = total - held.get();
            if (extra <= 0) {
                return true;
            }
            if (closed.get() || !take(extra)) {
                return false;
            }
            held.addAndGet(extra);
            if (closed.get()) {
                inUse.addAndGet(-held.getAndSet(0));
                return false;
            }
            return true;
        }

        /** Bytes held by this reservation. */
        public long held() {
            return held.get();
        }

        /** Gives the bytes back; later calls do nothing. */
        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                inUse.addAndGet(-held.getAndSet(0));
            }
        }
    }
}
