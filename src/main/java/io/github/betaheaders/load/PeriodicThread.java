package io.github.betaheaders.load;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * One daemon thread that runs a task every period (the first run one period after {@link #start()}) until
 * {@link #close()}, which interrupts a run in progress and waits for the thread to end.
 */
public final class PeriodicThread implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(PeriodicThread.class.getName());

    private final String name;
    private final Duration period;
    private final Runnable task;
    private final Duration stopWait;
    private Thread thread;
    private volatile boolean stopped;

    /**
     * @param task     must not throw (what it throws ends the thread)
     * @param stopWait how long {@link #close()} waits for a run in progress to end
     */
    public PeriodicThread(String name, Duration period, Runnable task, Duration stopWait) {
        this.name = Objects.requireNonNull(name, "name");
        this.period = Objects.requireNonNull(period, "period");
        this.task = Objects.requireNonNull(task, "task");
        this.stopWait = Objects.requireNonNull(stopWait, "stopWait");
    }

    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        thread = new Thread(this::runUntilStopped, name);
        thread.setDaemon(true);
        thread.start();
    }

    private void runUntilStopped() {
        while (!stopped) {
            try {
                TimeUnit.NANOSECONDS.sleep(Math.max(1, period.toNanos()));
            } catch (InterruptedException e) {
                continue;
            }
            if (!stopped) {
                task.run();
            }
        }
    }

    @Override
    public void close() {
        Thread running;
        synchronized (this) {
            stopped = true;
            running = thread;
        }
        if (running == null) {
            return;
        }
        running.interrupt();
        try {
            running.join(Math.max(1, stopWait.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (running.isAlive()) {
            LOG.log(Level.WARNING, "the thread " + name + " did not stop within " + stopWait);
        }
    }
}
