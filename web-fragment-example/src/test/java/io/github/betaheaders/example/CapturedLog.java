package io.github.betaheaders.example;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects the messages logged (System.Logger, backed by java.util.logging) under some logger names, and keeps them
 * off the console while open: expected errors are asserted, not printed.
 */
final class CapturedLog implements AutoCloseable {

    private final List<Logger> loggers = new ArrayList<>();
    private final List<Boolean> usedParentHandlers = new ArrayList<>();
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            messages.add(record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    CapturedLog(Class<?> loggedBy) {
        this(loggedBy.getName());
    }

    /** Captures these loggers and those below them ({@code org.eclipse.jetty}: all of Jetty's). */
    CapturedLog(String... loggerNames) {
        for (String name : loggerNames) {
            Logger logger = Logger.getLogger(name);
            loggers.add(logger);
            usedParentHandlers.add(logger.getUseParentHandlers());
            logger.addHandler(handler);
            logger.setUseParentHandlers(false);
        }
    }

    /** Captures the gateway's loggers and the containers' (a failing deployment's errors). */
    static CapturedLog gatewayAndContainers() {
        return new CapturedLog(UpstreamProxyServlet.class.getName(), "io.github.betaheaders", "org.eclipse.jetty",
                "org.apache.catalina", "org.apache.tomcat", "org.apache.coyote");
    }

    List<String> messages() {
        return List.copyOf(messages);
    }

    @Override
    public void close() {
        for (int i = 0; i < loggers.size(); i++) {
            loggers.get(i).removeHandler(handler);
            loggers.get(i).setUseParentHandlers(usedParentHandlers.get(i));
        }
    }
}
