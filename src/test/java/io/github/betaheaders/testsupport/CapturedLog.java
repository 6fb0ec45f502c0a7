package io.github.betaheaders.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.stream.Collectors;

/**
 * Records what is logged through {@code java.util.logging} under a logger name (and its children) while open. The
 * library logs through {@code System.Logger}, which goes to {@code java.util.logging} by default; so does Tomcat.
 */
public final class CapturedLog implements AutoCloseable {

    /** The library's loggers: the filter's, the listener's, the service's and the rest. */
    public static final String FILTER_LOGGER = "io.github.betaheaders";

    /** One record: level, formatted message and the messages of its exception chain. */
    public record Entry(Level level, String message, List<String> thrown) {

        public String text() {
            return thrown.isEmpty() ? message : message + " | " + String.join(" | caused by ", thrown);
        }
    }

    private final Logger logger;
    private final Level levelBefore;
    private final List<Entry> entries = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            List<String> thrown = new ArrayList<>();
            for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
                thrown.add(t.getClass().getName() + ": " + t.getMessage());
            }
            entries.add(new Entry(record.getLevel(), formatter.formatMessage(record), List.copyOf(thrown)));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private CapturedLog(String loggerName, Level level) {
        logger = Logger.getLogger(loggerName);
        levelBefore = logger.getLevel();
        if (level != null) {
            logger.setLevel(level);
        }
        handler.setLevel(Level.ALL);
        logger.addHandler(handler);
    }

    /** Captures what the logger lets through at its configured level (INFO by default). */
    public static CapturedLog of(String loggerName) {
        return new CapturedLog(loggerName, null);
    }

    /**
     * Captures down to {@code level} ({@code System.Logger} DEBUG is {@code FINE}), setting the logger's level until
     * closed.
     */
    public static CapturedLog of(String loggerName, Level level) {
        return new CapturedLog(loggerName, level);
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** The entries at {@code level}, each with its exception chain, one per line. */
    public String text(Level level) {
        return entries.stream().filter(e -> e.level().equals(level)).map(Entry::text)
                .collect(Collectors.joining("\n"));
    }

    /** Every entry, each with its exception chain, one per line. */
    public String text() {
        return entries.stream().map(Entry::text).collect(Collectors.joining("\n"));
    }

    /** Whether one entry at {@code level} (message or exception chain) contains every fragment. */
    public boolean has(Level level, String... fragments) {
        return entries.stream().filter(e -> e.level().equals(level)).anyMatch(e -> {
            String text = e.text();
            for (String fragment : fragments) {
                if (!text.contains(fragment)) {
                    return false;
                }
            }
            return true;
        });
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
        logger.setLevel(levelBefore);
    }
}
