package io.github.betaheaders.servlet;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The rest of a client's body after the filter's {@link NonBlockingBodyReader} stopped half way (a body without a
 * length that outgrew {@code maxBodyBytes} or {@code maxBufferedBytes}), for a proxy servlet that reads it blocking in
 * the ASYNC dispatch. What the container's stream is then differs:
 * <ul>
 *   <li>Tomcat ends non-blocking mode when the request is dispatched (it clears the {@link ReadListener}): its reads
 *       block again, as the proxy expects, and a stalled client is ended by the connector's
 *       {@code connectionTimeout};</li>
 *   <li>Jetty keeps it: a read with nothing to hand throws {@link IllegalStateException} ("read on unready
 *       input"), and changes nothing. Then this stream pauses (1 ms, doubling to {@value #MAX_PAUSE_MILLIS} ms)
 *       and reads again, until bytes, the end or an error arrive; after {@code bodyIdleTimeoutSeconds} without any,
 *       the read fails with a {@link SocketTimeoutException}, which the proxy meets as it meets a stalled client.
 *       It never asks {@code isReady()}: that registers a demand whose callback Jetty runs only after a blocking
 *       proxy's dispatch returned, and until then reads found no new bytes (seen: the body stopped half way). So
 *       Jetty's own {@code idleTimeout}, which fails such a demand, does not apply here; this deadline does.</li>
 * </ul>
 * Either way the reading thread is held while the rest arrives, as a blocking proxy holds it without the filter.
 * Of the callbacks the container still makes on the filter's listener after the hand-over, {@code onError} (Jetty
 * reports its idle timeout there) is passed on to the next read here ({@link #failed}); the others are ignored. Once
 * the request has ended ({@link #ended}) nothing here touches the container's stream, which by then may belong to
 * another request (Tomcat recycles it).
 */
final class NonBlockingRestStream extends ServletInputStream {

    /** The longest pause between two polls of the container's stream. */
    static final long MAX_PAUSE_MILLIS = 20;

    private final ServletInputStream in;
    private final long idleSeconds;
    private final byte[] one = new byte[1];
    /** The failure the container reported to the filter's listener after the hand-over, or null. */
    private volatile IOException failure;
    /** Set when the request ended: the container may be reusing its stream for another request by then. */
    private volatile boolean ended;

    /**
     * @param in          the container's stream, whose {@link ReadListener} the filter set
     * @param idleSeconds how long a polled read waits for a byte ({@code bodyIdleTimeoutSeconds})
     */
    NonBlockingRestStream(ServletInputStream in, long idleSeconds) {
        this.in = in;
        this.idleSeconds = idleSeconds;
    }

    @Override
    public int read() throws IOException {
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] into, int offset, int count) throws IOException {
        Objects.checkFromIndexSize(offset, count, into.length);
        if (count == 0) {
            return 0;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(idleSeconds);
        long pause = 1;
        for (;;) {
            ensureOpen();
            try {
                int n = in.read(into, offset, count);
                if (n != 0) {
                    return n;
                }
            } catch (IllegalStateException notReady) {
                // Jetty, nothing arrived yet: the next read looks again (isReady() is not asked, see above).
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new SocketTimeoutException("no byte of the request body for " + idleSeconds + " s");
            }
            pause(pause);
            pause = Math.min(pause * 2, MAX_PAUSE_MILLIS);
        }
    }

    /**
     * The container reported a read failure (Jetty's idle timeout, a reset) to the filter's listener, which no longer
     * reads: the next read here throws it.
     */
    void failed(Throwable t) {
        failure = t instanceof IOException io ? io : new IOException(t);
    }

    /** The request ended: later reads fail, and closing does not touch the container's stream. */
    void ended() {
        ended = true;
    }

    private void ensureOpen() throws IOException {
        IOException failed = failure;
        if (failed != null) {
            throw failed;
        }
        if (ended) {
            throw new IOException("the request has ended");
        }
    }

    private static void pause(long millis) throws InterruptedIOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the request body");
        }
    }

    @Override
    public int available() throws IOException {
        return ended || failure != null ? 0 : in.available();
    }

    @Override
    public boolean isFinished() {
        return ended || failure != null || in.isFinished();
    }

    /** Always true: reads wait (bounded) themselves. */
    @Override
    public boolean isReady() {
        return true;
    }

    /** Not used: {@link BufferedBodyInputStream} serves non-blocking readers itself. */
    @Override
    public void setReadListener(ReadListener listener) {
        throw new IllegalStateException("the rest of the body is read with blocking reads");
    }

    @Override
    public void close() throws IOException {
        if (!ended) {
            in.close();
        }
    }
}
