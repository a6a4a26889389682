package io.roster.scim.spi;

/**
 * A plugin's configuration, handed to it at registration ({@link PluginContext#config()}) and start. The
 * server reads it once at start from its configuration, like every option: {@code --plugin <id>.<name>=<value>},
 * the environment variable {@code ROSTER_PLUGINS} or the config-file key {@code plugin.<id>.<name>} (and the
 * system property {@code -Droster.<id>.<name>} of earlier releases); an embedder or a test passes the values
 * directly. Read every setting while registering and turn them into a typed record of your own: a bad value
 * then stops the start with a message naming it, not a request later, and a setting given that the plugin
 * never asked for (a misspelt name) stops the start too.
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
