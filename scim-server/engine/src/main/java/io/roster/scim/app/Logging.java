package io.roster.scim.app;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** One-line log records on stderr; Grizzly's and Jersey's chatter kept to warnings. */
final class Logging {
    /**
     * JUL holds loggers weakly: a level set on a logger nobody references is lost when it is collected.
     * Jersey's "Providers" logger warns about every resource registered as an instance (a supported
     * way to register resources), so it is kept to errors.
     */
    private static final Logger[] QUIETED = {
        Logger.getLogger("org.glassfish"),
        Logger.getLogger("org.glassfish.jersey.internal.inject.Providers"),
    };

    private static final Formatter FORMAT = new Formatter() {
        @Override
        public String format(LogRecord r) {
            String thrown = "";
            if (r.getThrown() != null) {
                StringWriter sw = new StringWriter();
                r.getThrown().printStackTrace(new PrintWriter(sw));
                thrown = System.lineSeparator() + sw;
            }
            String logger = r.getLoggerName() == null ? "" : r.getLoggerName();
            return String.format("%1$tF %1$tT.%1$tL %2$-7s %3$s: %4$s%5$s%n", r.getMillis(), r.getLevel().getName(),
                    logger.substring(logger.lastIndexOf('.') + 1), formatMessage(r), thrown);
        }
    };

    private Logging() {
    }

    static void configure() {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        ConsoleHandler handler = new ConsoleHandler();
        handler.setLevel(Level.ALL);
        handler.setFormatter(FORMAT);
        root.addHandler(handler);
        root.setLevel(Level.INFO);
        QUIETED[0].setLevel(Level.WARNING);
        QUIETED[1].setLevel(Level.SEVERE);
    }

    /**
     * Logs during JVM shutdown. JUL's own shutdown hook resets its handlers concurrently with ours,
     * so records logged from a shutdown hook may vanish; this writes the same line to stderr directly.
     */
    static void duringShutdown(Class<?> source, String message) {
        LogRecord r = new LogRecord(Level.INFO, message);
        r.setLoggerName(source.getName());
        System.err.print(FORMAT.format(r));
        System.err.flush();
    }
}
