package io.github.betaheaders.bench.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load benchmark's config server, on 127.0.0.1: one thread that accepts a connection, reads the request's head,
 * answers 200 with the next of its documents in turn ({@code Connection: close}, no validators, so every fetch gets
 * the whole document) and closes the connection. It does as little as a server can, so that the reload storm
 * measures what a reload costs the gateway rather than the config server sharing its machine (in a deployment the
 * config server is elsewhere). Any request is answered the same; a head larger than 16 KiB or slower than 2 s ends
 * its connection unanswered.
 */
public final class DocumentServer implements AutoCloseable {

    /** Where the documents are served, as a config server of LiteLLM's file would. */
    public static final String PATH = "/anthropic_beta_headers_config.json";

    private static final int MAX_HEAD_BYTES = 16 * 1024;
    private static final int READ_TIMEOUT_MILLIS = 2_000;

    private final ServerSocket socket;
    private final Thread thread;
    private final AtomicLong served = new AtomicLong();
    private volatile List<byte[]> answers = List.of();

    public DocumentServer() {
        try {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        thread = new Thread(this::serve, "document-server");
        thread.setDaemon(true);
    }

    public DocumentServer start() {
        thread.start();
        return this;
    }

    /** Serves {@code documents} (JSON text) in turn from now on, starting with the first. */
    public DocumentServer serve(String... documents) {
        byte[][] built = new byte[documents.length][];
        for (int i = 0; i < documents.length; i++) {
            byte[] body = documents[i].getBytes(StandardCharsets.UTF_8);
            byte[] head = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] answer = new byte[head.length + body.length];
            System.arraycopy(head, 0, answer, 0, head.length);
            System.arraycopy(body, 0, answer, head.length, body.length);
            built[i] = answer;
        }
        served.set(0);
        answers = List.of(built);
        return this;
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort() + PATH);
    }

    /** Requests answered since the documents were last set. */
    public long served() {
        return served.get();
    }

    private void serve() {
        byte[] head = new byte[MAX_HEAD_BYTES];
        while (!socket.isClosed()) {
            try (Socket connection = socket.accept()) {
                connection.setSoTimeout(READ_TIMEOUT_MILLIS);
                if (readHead(connection.getInputStream(), head)) {
                    List<byte[]> now = answers;
                    if (!now.isEmpty()) {
                        OutputStream out = connection.getOutputStream();
                        out.write(now.get((int) (served.getAndIncrement() % now.size())));
                        out.flush();
                    }
                }
            } catch (SocketException e) {
                // closed: the loop ends; or the client went away: the next connection
            } catch (IOException e) {
                // a slow or broken client: the next connection
            }
        }
    }

    /** Reads up to the blank line that ends the head; {@code false} when it does not come within the limits. */
    private static boolean readHead(InputStream in, byte[] head) throws IOException {
        int length = 0;
        while (length < head.length) {
            int n = in.read(head, length, head.length - length);
            if (n < 0) {
                return false;
            }
            int from = Math.max(0, length - 3);
            length += n;
            for (int i = from; i + 3 < length; i++) {
                if (head[i] == '\r' && head[i + 1] == '\n' && head[i + 2] == '\r' && head[i + 3] == '\n') {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public void close() throws InterruptedException {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
        thread.join(5_000);
    }
}
