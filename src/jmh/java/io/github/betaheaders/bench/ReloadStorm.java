package io.github.betaheaders.bench;

import io.github.betaheaders.bench.load.OneConnectionClient;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reloads the mapping through the admin API ({@code POST reload/anthropic_beta_headers} with the bearer token) at a
 * fixed rate on its own thread, from {@link #start} until {@link #close}, counting answers other than 200. A reload
 * that takes longer than the period delays the next one (they never overlap).
 *
 * <p>The requests go over one keep-alive connection from a {@link OneConnectionClient}, which reads the answer's bytes
 * and discards them. Java's {@code HttpClient} (its selector thread and executor, a hand-over between threads for
 * each exchange) cost the machine so much that at 10 requests a second a storm of mere status requests
 * ({@code GET anthropic_beta_headers}, no reload) raised the loaded gateway's p99 by 20 %: the storm measured its
 * own client. In a real deployment the admin client runs elsewhere.
 */
final class ReloadStorm implements AutoCloseable {

    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "reload-storm");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger reloads = new AtomicInteger();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    /** Each reload's round trip, in nanoseconds: the storm's thread adds, a reader takes a copy. */
    private final Queue<Long> roundTrips = new ConcurrentLinkedQueue<>();
    private OneConnectionClient admin;

    private ReloadStorm() {
    }

    /** @param admin sends the reload request; the storm closes it */
    static ReloadStorm start(OneConnectionClient admin, Duration every) {
        ReloadStorm storm = new ReloadStorm();
        storm.admin = admin;
        storm.thread.scheduleAtFixedRate(() -> {
            long start = System.nanoTime();
            try {
                int status = admin.send().status();
                storm.roundTrips.add(System.nanoTime() - start);
                if (status != 200) {
                    storm.failures.add("HTTP " + status);
                }
            } catch (IOException | RuntimeException e) {
                storm.failures.add(e.toString());
            }
            storm.reloads.incrementAndGet();
        }, 0, every.toNanos(), TimeUnit.NANOSECONDS);
        return storm;
    }

    /** Reloads asked for so far, failed or not. */
    int reloads() {
        return reloads.get();
    }

    /** Each reload's round trip so far. */
    SignedTimes roundTrips() {
        return new SignedTimes(roundTrips.stream().mapToLong(Long::longValue).toArray());
    }

    /**
     * Reloads one after another for {@code time}, with no pause and no load, so that the JIT compiles the reload's
     * code as the warm-up compiles the request path's: at 10 reloads a second it would stay in the interpreter and
     * the JIT's first tier for the whole run. Returns how many reloads answered 200; throws on any other answer.
     */
    static int backToBack(OneConnectionClient admin, Duration time) throws IOException {
        long end = System.nanoTime() + time.toNanos();
        int answered = 0;
        while (System.nanoTime() - end < 0) {
            int status = admin.send().status();
            if (status != 200) {
                throw new IllegalStateException("a warm-up reload answered HTTP " + status);
            }
            answered++;
        }
        return answered;
    }

    /** The answers other than 200 and the calls that failed. */
    List<String> failures() {
        return List.copyOf(failures);
    }

    @Override
    public void close() throws InterruptedException {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
                thread.shutdownNow();
                throw new IllegalStateException("a reload did not end within 30 s");
            }
        } finally {
            admin.close();
        }
    }
}
