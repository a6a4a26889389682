package io.roster.scim.spi;

/**
 * A plugin's configuration, handed to it at registration ({@link PluginContext#config()}) and start. The
 * server reads it once at start: each setting {@code name} of plugin {@code id} comes from the system
 * property {@code roster.<id>.<name>} (e.g. {@code -Droster.licensing.syncLimit=500}); an embedder or a
 * test passes the values directly. A plugin turns it into its own typed record at registration, so a bad
 * value stops the start with a message naming it, not a request later.
 */
public interface PluginConfig {

    /** The raw value, or null when not set. */
    String value(String name);

    /**
     * An integer setting at least {@code min}; {@code fallback} when not set.
     *
     * @throws IllegalArgumentException naming the setting when it is not an integer or below {@code min}
     */
    default int intValue(String name, int fallback, int min) {
        String v = value(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        int n;
        try {
            n = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting " + name + " must be an integer, not \"" + v + "\"");
        }
        if (n < min) {
            throw new IllegalArgumentException("setting " + name + " must be at least " + min + ", not " + n);
        }
        return n;
    }

    /** A boolean setting ({@code true}/{@code false}); {@code fallback} when not set. */
    default boolean booleanValue(String name, boolean fallback) {
        String v = value(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        if (!v.trim().equalsIgnoreCase("true") && !v.trim().equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("setting " + name + " must be true or false, not \"" + v + "\"");
        }
        return Boolean.parseBoolean(v.trim());
    }

    /** No settings: every value falls back to its default. */
    PluginConfig EMPTY = name -> null;
}
