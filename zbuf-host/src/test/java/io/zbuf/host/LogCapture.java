package io.zbuf.host;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What a class logs through {@link System.Logger}, which the JDK routes to java.util.logging when no other
 * backend is installed; every level is captured, and kept off the console, while open.
 */
final class LogCapture extends Handler implements AutoCloseable {
    private final Logger logger;
    private final Level level;
    private final boolean useParentHandlers;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    private LogCapture(Class<?> type) {
        logger = Logger.getLogger(type.getName());
        level = logger.getLevel();
        useParentHandlers = logger.getUseParentHandlers();
        logger.setLevel(Level.ALL);
        logger.setUseParentHandlers(false);
        logger.addHandler(this);
    }

    /** Captures what {@code type} logs, from now until closed. */
    static LogCapture of(Class<?> type) {
        return new LogCapture(type);
    }

    List<LogRecord> records() {
        return records;
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {
        // nothing buffered
    }

    @Override
    public void close() {
        logger.removeHandler(this);
        logger.setLevel(level);
        logger.setUseParentHandlers(useParentHandlers);
    }
}
