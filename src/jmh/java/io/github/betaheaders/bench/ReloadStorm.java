package io.github.betaheaders.bench;

import io.github.betaheaders.bench.load.OneConnectionClient;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
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
    private OneConnectionClient admin;

    private ReloadStorm() {
    }

    /** @param admin sends the reload request; the storm closes it */
    static ReloadStorm start(OneConnectionClient admin, Duration every) {
        ReloadStorm storm = new ReloadStorm();
        storm.admin = admin;
        storm.thread.scheduleAtFixedRate(() -> {
            try {
                int status = admin.send().status();
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
