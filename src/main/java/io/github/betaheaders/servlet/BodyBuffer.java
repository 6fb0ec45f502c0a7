package io.github.betaheaders.servlet;

import io.github.betaheaders.body.BodyBufferBudget;
import java.util.Arrays;

/**
 * The bytes of one request body as they arrive, in a buffer that grows with them (doubling, from
 * {@link #FIRST_CHUNK}), never past {@code limit}, each growth reserved from the filter's {@link BodyBufferBudget}
 * first. So memory follows the bytes received, not the {@code Content-Length} a client declares. Not thread-safe: one
 * reader at a time.
 */
final class BodyBuffer {

    static final int FIRST_CHUNK = 16 * 1024;

    /** What {@link #room()} answers when the budget refused to grow. */
    static final int REFUSED = -1;

    private final long limit;
    private final BodyBufferBudget.Reservation reservation;
    private byte[] bytes = new byte[0];
    private int length;

    /**
     * @param limit the most bytes to hold: the declared length, or {@code maxBodyBytes + 1} for a body without one
     *              (holding that many tells it is too large)
     */
    BodyBuffer(long limit, BodyBufferBudget.Reservation reservation) {
        this.limit = Math.min(limit, Integer.MAX_VALUE - 16);
        this.reservation = reservation;
    }

    /**
     * Free space at {@link #length()} in {@link #bytes()}, growing the buffer when it is full: 0 when {@code limit}
     * bytes are held, {@link #REFUSED} when the budget refused the growth.
     */
    int room() {
        if (length < bytes.length) {
            return bytes.length - length;
        }
        if (length >= limit) {
            return 0;
        }
        long next = Math.min(limit, Math.max(FIRST_CHUNK, bytes.length * 2L));
        if (!reservation.growTo(next)) {
            return REFUSED;
        }
        bytes = Arrays.copyOf(bytes, (int) next);
        return bytes.length - length;
    }

    /** Records {@code count} bytes written at {@link #length()}. */
    void added(int count) {
        length += count;
    }

    byte[] bytes() {
        return bytes;
    }

    int length() {
        return length;
    }

    /** Whether {@code limit} bytes are held. */
    boolean full() {
        return length >= limit;
    }
}
