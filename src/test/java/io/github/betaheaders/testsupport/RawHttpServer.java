package io.github.betaheaders.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A config server below HTTP libraries, on 127.0.0.1: it reads each request's head and then writes whatever its
 * {@link Behaviour} writes, byte by byte if it likes, for answers no real server library sends (headers that trickle
 * or never end). It serves one connection at a time on a daemon thread until closed.
 */
public final class RawHttpServer implements AutoCloseable {

    /** What the server writes after reading a request's head; it returns (or throws) when the client went away. */
    @FunctionalInterface
    public interface Behaviour {
        void answer(OutputStream out) throws IOException, InterruptedException;
    }

    private final ServerSocket socket;
    private final Thread thread;
    private final AtomicLong bytesWritten = new AtomicLong();
    private volatile boolean closed;

    public RawHttpServer(Behaviour behaviour) throws IOException {
        socket = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        thread = new Thread(() -> serve(behaviour), "raw-http-server");
        thread.setDaemon(true);
        thread.start();
    }

    private void serve(Behaviour behaviour) {
        while (!closed) {
            try (Socket client = socket.accept()) {
                client.setSoTimeout(10_000);
                readHead(client.getInputStream());
                OutputStream counted = new OutputStream() {
                    final OutputStream out = client.getOutputStream();

                    @Override
                    public void write(int b) throws IOException {
                        out.write(b);
                        bytesWritten.incrementAndGet();
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                        bytesWritten.addAndGet(len);
                    }

                    @Override
                    public void flush() throws IOException {
                        out.flush();
                    }
                };
                behaviour.answer(counted);
            } catch (IOException e) {
                // the client went away, or the server is closing
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void readHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the request ended early");
            }
            matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
        }
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/config.json");
    }

    /** How many bytes the server has written so far, over all connections. */
    public long bytesWritten() {
        return bytesWritten.get();
    }

    @Override
    public void close() throws Exception {
        closed = true;
        socket.close();
        thread.interrupt();
        thread.join(5_000);
    }
}
