package io.github.betaheaders.servlet;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A request body the filter has read: the buffered bytes, then, when the filter stopped early, the rest of the client's
 * stream, or the {@link IOException} that stopped the filter's read (so the reader meets the client's error where it
 * would have without the filter).
 *
 * <p>Non-blocking reads ({@link #setReadListener}) are served by this stream itself: it calls the listener on a
 * container thread ({@code AsyncContext.start}), always {@linkplain #isReady() is ready}, and signals
 * {@code onAllDataRead} once the reader meets the end (or {@code onError} once it meets the failure). The rest of a
 * body over {@code maxBodyBytes} is then read from the client's stream in blocking mode: the container's own stream,
 * switched to non-blocking mode after the filter read from it blocking, can hand out wrong bytes (seen in Tomcat).
 */
final class BufferedBodyInputStream extends ServletInputStream {

    private final byte[] bytes;
    private final int length;
    private final ServletInputStream rest;
    private final IOException failure;
    private final ServletRequest request;
    private int position;
    private volatile ReadListener listener;
    /** Whether onAllDataRead or onError has been called (each listener gets one of them, once). */
    private final AtomicBoolean signalled = new AtomicBoolean();

    /**
     * @param rest    the client's stream after the buffered bytes, or {@code null} when they are the whole body
     * @param failure thrown once the buffered bytes are read, or {@code null}
     * @param request the request, for non-blocking reads ({@link #setReadListener})
     */
    BufferedBodyInputStream(byte[] bytes, int length, ServletInputStream rest, IOException failure,
                            ServletRequest request) {
        this.bytes = bytes;
        this.length = length;
        this.rest = rest;
        this.failure = failure;
        this.request = request;
    }

    @Override
    public int read() throws IOException {
        if (position < length) {
            return bytes[position++] & 0xFF;
        }
        if (failure != null) {
            throw failed();
        }
        int next = rest == null ? -1 : rest.read();
        return next < 0 ? eof() : next;
    }

    @Override
    public int read(byte[] into, int offset, int count) throws IOException {
        Objects.checkFromIndexSize(offset, count, into.length);
        if (count == 0) {
            return 0;
        }
        if (position < length) {
            int n = Math.min(count, length - position);
            System.arraycopy(bytes, position, into, offset, n);
            position += n;
            return n;
        }
        if (failure != null) {
            throw failed();
        }
        int n = rest == null ? -1 : rest.read(into, offset, count);
        return n < 0 ? eof() : n;
    }

    @Override
    public int available() throws IOException {
        if (position < length) {
            return length - position;
        }
        return rest == null || failure != null ? 0 : rest.available();
    }

    @Override
    public boolean isFinished() {
        if (position < length) {
            return false;
        }
        return rest == null || failure != null || rest.isFinished();
    }

    /** Always true: the buffered bytes are at hand, and the rest, if any, is read blocking (see the class comment). */
    @Override
    public boolean isReady() {
        return true;
    }

    @Override
    public void setReadListener(ReadListener readListener) {
        Objects.requireNonNull(readListener, "readListener");
        if (listener != null) {
            throw new IllegalStateException("a ReadListener is already set");
        }
        if (!request.isAsyncStarted()) {
            throw new IllegalStateException("non-blocking reads need an asynchronous request (startAsync)");
        }
        listener = readListener;
        inContainerThread(() -> {
            readListener.onDataAvailable();
            if (isFinished()) {
                allDataRead();
            }
        });
    }

    @Override
    public void close() throws IOException {
        if (rest != null) {
            rest.close();
        }
    }

    private int eof() {
        if (listener != null) {
            allDataRead();
        }
        return -1;
    }

    private IOException failed() {
        if (listener != null && signalled.compareAndSet(false, true)) {
            inContainerThread(() -> listener.onError(failure));
        }
        return failure;
    }

    private void allDataRead() {
        if (signalled.compareAndSet(false, true)) {
            inContainerThread(() -> listener.onAllDataRead());
        }
    }

    /** Runs a callback of the listener on a container thread, as the container would; its failure goes to onError. */
    private void inContainerThread(ListenerCall call) {
        ReadListener target = listener;
        request.getAsyncContext().start(() -> {
            try {
                call.run();
            } catch (IOException | RuntimeException e) {
                target.onError(e);
            }
        });
    }

    @FunctionalInterface
    private interface ListenerCall {
        void run() throws IOException;
    }
}
