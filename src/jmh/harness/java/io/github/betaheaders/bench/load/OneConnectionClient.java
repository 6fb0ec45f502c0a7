package io.github.betaheaders.bench.load;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;

/**
 * A client that sends one request, always the same, at a time over one keep-alive connection on loopback, the way a
 * client sends a large body: the head in one write, then the body in writes of a fixed size. (The reload storm sends
 * its admin requests with it too: it costs the machine far less than Java's {@code HttpClient}.) It notes when it began writing, when
 * the write of the body's last byte returned, and when the response had been read to its end. After a failure the
 * next request opens a new connection. Not thread-safe.
 */
public final class OneConnectionClient implements AutoCloseable {

    /** One request and its response, times from {@link System#nanoTime()}. */
    public record Exchange(int status, long firstByteNanos, long lastBodyByteNanos, long responseEndNanos) {
    }

    static final int CONNECT_TIMEOUT_MILLIS = 2_000;
    static final int READ_TIMEOUT_MILLIS = 10_000;

    private final InetSocketAddress target;
    private final byte[] request;
    private final int headLength;
    private final int writeBytes;
    private final byte[] buffer = new byte[16 * 1024];
    private Socket socket;
    private OutputStream out;
    private HttpResponseReader responses;

    /**
     * @param base       the server, {@code http://127.0.0.1:<port>}
     * @param writeBytes the size of each write of the body
     * @throws IllegalArgumentException for a server that is not on loopback, or a write size below 1
     */
    public OneConnectionClient(URI base, LoadRequest request, int writeBytes) {
        this.target = new InetSocketAddress(base.getHost(), base.getPort());
        if (target.isUnresolved() || !target.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("requests are only ever sent to loopback, not " + base);
        }
        if (writeBytes < 1) {
            throw new IllegalArgumentException("writeBytes must be positive, not " + writeBytes);
        }
        this.request = request.bytes(base);
        this.headLength = this.request.length - request.body().length;
        this.writeBytes = writeBytes;
    }

    /** Sends the request and reads its response through its end. */
    public Exchange send() throws IOException {
        if (socket == null) {
            connect();
        }
        try {
            long first = System.nanoTime();
            out.write(request, 0, headLength);
            for (int at = headLength; at < request.length; at += writeBytes) {
                out.write(request, at, Math.min(writeBytes, request.length - at));
            }
            long last = System.nanoTime();
            int status = responses.next();
            long end = System.nanoTime();
            if (responses.closing()) {
                close();
            }
            return new Exchange(status, first, last, end);
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    private void connect() throws IOException {
        Socket opened = new Socket();
        try {
            opened.setTcpNoDelay(true);
            opened.connect(target, CONNECT_TIMEOUT_MILLIS);
            opened.setSoTimeout(READ_TIMEOUT_MILLIS);
            out = opened.getOutputStream();
            responses = new HttpResponseReader(opened.getInputStream(), buffer);
            socket = opened;
        } catch (IOException e) {
            opened.close();
            throw e;
        }
    }

    /** Closes the connection, if one is open; the next request opens another. */
    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
            socket = null;
        }
    }
}
