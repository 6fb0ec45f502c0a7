package io.github.betaheaders.bench;

import io.github.betaheaders.testsupport.AdminApi;
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
 */
final class ReloadStorm implements AutoCloseable {

    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "reload-storm");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger reloads = new AtomicInteger();
    private final List<String> failures = new CopyOnWriteArrayList<>();

    private ReloadStorm() {
    }

    static ReloadStorm start(AdminApi admin, Duration every) {
        ReloadStorm storm = new ReloadStorm();
        storm.thread.scheduleAtFixedRate(() -> {
            try {
                AdminApi.Answer answer = admin.call("POST", "reload/anthropic_beta_headers");
                if (answer.status() != 200) {
                    storm.failures.add(answer.toString());
                }
            } catch (RuntimeException e) {
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
        if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
            thread.shutdownNow();
            throw new IllegalStateException("a reload did not end within 30 s");
        }
    }
}
