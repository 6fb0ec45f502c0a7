package io.github.betaheaders.bench.load;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An upstream below HTTP libraries for latency measurements, on 127.0.0.1: raw sockets, one thread per connection,
 * keep-alive, request bodies with {@code Content-Length} or chunked, each answered 200 {@code {"ok":true}} with its
 * length. For every request it records when its first bytes arrived ({@link System#nanoTime()} after the read that
 * returned them), its target, its body's length and whether the body holds a given marker, for the caller to take
 * in order. Bounded: connections, head and body sizes, reads (a connection idle that long is closed) and the records
 * kept.
 */
public final class FirstByteUpstream implements AutoCloseable {

    /** One request as it arrived. */
    public record Arrival(long firstByteNanos, String method, String target, int bodyBytes, boolean marked) {
    }

    static final int MAX_CONNECTIONS = 32;
    static final int MAX_HEAD_BYTES = 64 * 1024;
    static final int MAX_BODY_BYTES = 64 * 1024 * 1024;
    static final int READ_TIMEOUT_MILLIS = 30_000;
    static final int MAX_KEPT = 100_000;
    private static final int MAX_PROBLEMS = 5;
    private static final byte[] OK = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n"
            + "{\"ok\":true}").getBytes(StandardCharsets.ISO_8859_1);

    private final byte[] marker;
    private final ServerSocket server;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final BlockingQueue<Arrival> arrivals = new LinkedBlockingQueue<>(MAX_KEPT);
    private final List<String> problems = new ArrayList<>();
    private final Thread acceptor;
    private volatile boolean closed;

    /** @param marker what {@link Arrival#marked()} looks for in each body */
    public FirstByteUpstream(String marker) throws IOException {
        this.marker = marker.getBytes(StandardCharsets.UTF_8);
        if (this.marker.length == 0) {
            throw new IllegalArgumentException("the marker is empty");
        }
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::accept, "first-byte-upstream");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** {@code http://127.0.0.1:<port>} */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** The oldest request not taken yet, waiting up to {@code timeoutMillis} for one; {@code null} if none came. */
    public Arrival take(long timeoutMillis) throws InterruptedException {
        return arrivals.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** How many requests have arrived and not been taken. */
    public int waiting() {
        return arrivals.size();
    }

    /** What went wrong on the upstream's side so far (a few of them): requests it could not read, records lost. */
    public List<String> problems() {
        synchronized (problems) {
            return List.copyOf(problems);
        }
    }

    private void accept() {
        while (!closed) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    problem("accepting a connection failed: " + e);
                }
                return;
            }
            if (connections.size() >= MAX_CONNECTIONS) {
                problem("more than " + MAX_CONNECTIONS + " connections at once; one refused");
                close(socket);
                continue;
            }
            connections.add(socket);
            Thread thread = new Thread(() -> serve(socket), "first-byte-upstream-" + socket.getPort());
            thread.setDaemon(true);
            thread.start();
        }
    }

    private void serve(Socket socket) {
        try {
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            socket.setTcpNoDelay(true);
            HttpRequestReader requests = new HttpRequestReader(socket.getInputStream(), MAX_HEAD_BYTES,
                    MAX_BODY_BYTES);
            OutputStream out = socket.getOutputStream();
            for (HttpRequestReader.Request request = requests.next(); request != null; request = requests.next()) {
                Arrival arrival = new Arrival(request.firstByteNanos(), request.method(), request.target(),
                        request.bodyLength(), contains(request.body(), request.bodyLength()));
                if (!arrivals.offer(arrival)) {
                    problem("more than " + MAX_KEPT + " requests not taken; one record lost");
                }
                out.write(OK);
                out.flush();
                if (request.closing()) {
                    break;
                }
            }
        } catch (IOException e) {
            if (!closed && !(e instanceof java.net.SocketTimeoutException)) {
                problem("connection from port " + socket.getPort() + ": " + e);
            }
        } finally {
            connections.remove(socket);
            close(socket);
        }
    }

    private boolean contains(byte[] body, int length) {
        byte first = marker[0];
        for (int i = 0, last = length - marker.length; i <= last; i++) {
            if (body[i] == first && matchesAt(body, i)) {
                return true;
            }
        }
        return false;
    }

    private boolean matchesAt(byte[] body, int at) {
        for (int j = 1; j < marker.length; j++) {
            if (body[at + j] != marker[j]) {
                return false;
            }
        }
        return true;
    }

    private void problem(String what) {
        synchronized (problems) {
            if (problems.size() < MAX_PROBLEMS) {
                problems.add(what);
            }
        }
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() throws Exception {
        closed = true;
        server.close();
        connections.forEach(FirstByteUpstream::close);
        acceptor.join(5_000);
    }
}
