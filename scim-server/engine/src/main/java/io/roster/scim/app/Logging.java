package io.roster.scim.app;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Log records on stderr, one line each, plain or JSON (for a log pipeline); Grizzly's and Jersey's chatter
 * kept to warnings. An operator's own java.util.logging configuration ({@code -Djava.util.logging.config.file}
 * or {@code .class}) is honoured as given: nothing is reset then.
 */
final class Logging {
    static final String PLAIN = "plain";
    static final String JSON = "json";

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

    /** One JSON object per line: time (ISO-8601, UTC), level, logger, message and, when there is one, thrown. */
    private static final Formatter JSON_FORMAT = new Formatter() {
        @Override
        public String format(LogRecord r) {
            var o = io.roster.scim.json.JsonSupport.object()
                    .add("time", java.time.Instant.ofEpochMilli(r.getMillis()).toString())
                    .add("level", r.getLevel().getName())
                    .add("logger", r.getLoggerName() == null ? "" : r.getLoggerName())
                    .add("message", formatMessage(r));
            if (r.getThrown() != null) {
                StringWriter sw = new StringWriter();
                r.getThrown().printStackTrace(new PrintWriter(sw));
                o.add("thrown", sw.toString());
            }
            return io.roster.scim.json.JsonSupport.toText(o.build()) + System.lineSeparator();
        }
    };

    private static volatile Formatter active = FORMAT;

    private Logging() {
    }

    /** Whether the operator gave a logging configuration of their own on the command line. */
    static boolean userConfigured() {
        return System.getProperty("java.util.logging.config.file") != null
                || System.getProperty("java.util.logging.config.class") != null;
    }

    static void configure() {
        configure(PLAIN);
    }

    /** Installs Roster's handler in {@code format}, unless the operator configured logging themselves. */
    static void configure(String format) {
        if (userConfigured()) {
            return;
        }
        active = JSON.equals(format) ? JSON_FORMAT : FORMAT;
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        ConsoleHandler handler = new ConsoleHandler();
        handler.setLevel(Level.ALL);
        handler.setFormatter(active);
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
        System.err.print(active.format(r));
        System.err.flush();
    }
}
