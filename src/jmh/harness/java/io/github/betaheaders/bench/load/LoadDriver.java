package io.github.betaheaders.bench.load;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A closed-loop HTTP/1.1 load generator: a fixed number of keep-alive connections to one address on loopback, each
 * sending the same request as soon as the previous response is read, for a fixed time and at most a fixed count per
 * connection. Records every latency, so percentiles are exact. A response other than 200, or a connection that fails,
 * counts as a failure (the connection is then opened again).
 */
public final class LoadDriver {

    /** At most this many failure descriptions are kept per run. */
    static final int FAILURE_SAMPLES = 5;

    private final InetSocketAddress target;
    private final byte[] request;

    /**
     * @param target  a loopback address
     * @param request the request as sent, byte for byte (HTTP/1.1, with {@code Host} and a framed body)
     * @throws IllegalArgumentException for an address that is not loopback
     */
    public LoadDriver(InetSocketAddress target, byte[] request) {
        if (target.isUnresolved() || !target.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("load is only ever sent to loopback, not " + target);
        }
        this.target = target;
        this.request = request.clone();
    }

    /** A driver sending {@code request} to the server at {@code base} ({@code http://127.0.0.1:<port>}). */
    public static LoadDriver to(URI base, LoadRequest request) {
        return new LoadDriver(new InetSocketAddress(base.getHost(), base.getPort()), request.bytes(base));
    }

    /**
     * Runs the load: {@code connections} connections, each until {@code time} has passed or it has had
     * {@code maxRequestsPerConnection} successful responses; a request under way at the deadline is finished.
     */
    public LoadResult run(int connections, Duration time, int maxRequestsPerConnection) throws InterruptedException {
        if (connections < 1 || connections > 256) {
            throw new IllegalArgumentException("connections must be 1 to 256, not " + connections);
        }
        if (time.isNegative() || time.isZero() || time.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("time must be positive and at most 10 minutes, not " + time);
        }
        if (maxRequestsPerConnection < 1) {
            throw new IllegalArgumentException("maxRequestsPerConnection must be positive");
        }
        long start = System.nanoTime();
        long deadline = start + time.toNanos();
        List<Connection> all = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            Connection connection = new Connection(maxRequestsPerConnection);
            all.add(connection);
            Thread thread = new Thread(() -> connection.loop(deadline), "load-" + c);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] latencies = new long[all.stream().mapToInt(c -> c.count).sum()];
        int at = 0;
        long failures = 0;
        List<String> samples = new ArrayList<>();
        for (Connection connection : all) {
            System.arraycopy(connection.latencies, 0, latencies, at, connection.count);
            at += connection.count;
            failures += connection.failures;
            connection.samples.stream().limit(FAILURE_SAMPLES - samples.size()).forEach(samples::add);
        }
        return new LoadResult(latencies, failures, seconds, samples);
    }

    /** One connection's loop and what it measured; used by its own thread only until that thread ends. */
    private final class Connection {
        private final int max;
        private long[] latencies = new long[16 * 1024];
        private int count;
        private long failures;
        private final List<String> samples = new ArrayList<>();

        Connection(int max) {
            this.max = max;
        }

        void loop(long deadline) {
            byte[] buffer = new byte[16 * 1024];
            while (count < max && System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
                try (Socket socket = new Socket()) {
                    socket.setTcpNoDelay(true);
                    socket.connect(target, 2000);
                    socket.setSoTimeout(10_000);
                    OutputStream out = socket.getOutputStream();
                    HttpResponseReader responses = new HttpResponseReader(socket.getInputStream(), buffer);
                    while (count < max && System.nanoTime() < deadline) {
                        long sent = System.nanoTime();
                        out.write(request);
                        int status = responses.next();
                        long received = System.nanoTime();
                        if (status == 200) {
                            record(received - sent);
                        } else {
                            fail("HTTP " + status);
                        }
                        if (responses.closing()) {
                            break;
                        }
                    }
                } catch (IOException e) {
                    fail(e.toString());
                    pause();
                }
            }
        }

        private void record(long nanos) {
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, (int) Math.min(max, latencies.length * 2L));
            }
            latencies[count++] = nanos;
        }

        private void fail(String what) {
            failures++;
            if (samples.size() < FAILURE_SAMPLES) {
                samples.add(what);
            }
        }

        /** After a failed connection, so that a refused one does not spin. */
        private void pause() {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
