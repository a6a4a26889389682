package io.roster.scim.app;

import io.roster.scim.spi.PluginConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Each plugin's configuration, read once at start and handed to the plugin as a {@link PluginConfig}; no
 * plugin reads flags, the environment or system properties itself. A setting is written
 * {@code <plugin id>.<name>=<value>} (the name is what follows the last dot, so ids may contain dots) and
 * comes, like every option, from the command line ({@code --plugin licensing.syncLimit=500}, repeatable),
 * the environment ({@code ROSTER_PLUGINS="licensing.syncLimit=500,licensing.chunk=250"}) or the config file
 * ({@code plugin.licensing.syncLimit=500}), in that precedence; the system property
 * {@code -Droster.<id>.<name>} of earlier releases is read last.
 *
 * <p>Given settings are checked once the plugins have registered (they read their settings then): a setting
 * for a plugin that is not installed, or one its plugin never asked for (a misspelt name), stops the start
 * with a message naming it and what the plugin reads, instead of being silently ignored.
 */
public final class PluginSettings implements Function<String, PluginConfig> {
    /** The config-file keys of plugin settings start with this. */
    public static final String FILE_PREFIX = "plugin.";
    private static final String PROPERTY_PREFIX = "roster.";

    private final Map<String, Map<String, String>> given;
    private final Map<String, String> properties;
    private final Map<String, Set<String>> read = new ConcurrentHashMap<>();

    private PluginSettings(Map<String, Map<String, String>> given, Map<String, String> properties) {
        this.given = given;
        this.properties = properties;
    }

    /** The settings given in the configuration (by plugin id), then the {@code roster.<id>.<name>} system properties. */
    public static PluginSettings of(Map<String, Map<String, String>> given) {
        Map<String, String> snapshot = new HashMap<>();
        System.getProperties().forEach((k, v) -> {
            if (k instanceof String key && key.startsWith(PROPERTY_PREFIX) && v instanceof String value) {
                snapshot.put(key, value);
            }
        });
        return new PluginSettings(given, snapshot);
    }

    /** Only the {@code roster.<id>.<name>} system properties as they are now. */
    public static PluginSettings fromSystemProperties() {
        return of(Map.of());
    }

    /** Exactly {@code values} (plugin id to its settings), nothing from system properties: for embedders and tests. */
    public static PluginSettings fixed(Map<String, Map<String, String>> values) {
        return new PluginSettings(values, Map.of());
    }

    /**
     * Adds one {@code id.name=value} entry to {@code into} unless a source of higher precedence set it.
     *
     * @throws IllegalArgumentException saying what shape is expected
     */
    static void put(Map<String, Map<String, String>> into, String entry, String source) {
        int eq = entry.indexOf('=');
        String key = eq < 0 ? entry.trim() : entry.substring(0, eq).trim();
        int dot = key.lastIndexOf('.');
        if (eq < 0 || dot <= 0 || dot == key.length() - 1) {
            throw new IllegalArgumentException(source + ": '" + entry + "' is not a plugin setting; write <plugin id>.<name>=<value>, "
                    + "e.g. licensing.syncLimit=500");
        }
        into.computeIfAbsent(key.substring(0, dot), id -> new TreeMap<>()).putIfAbsent(key.substring(dot + 1), entry.substring(eq + 1).trim());
    }

    @Override
    public PluginConfig apply(String id) {
        Map<String, String> mine = given.getOrDefault(id, Map.of());
        Set<String> names = read.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet());
        return name -> {
            names.add(name);
            String v = mine.get(name);
            return v != null ? v : properties.get(PROPERTY_PREFIX + id + "." + name);
        };
    }

    /**
     * Refuses settings nobody reads: for a plugin not among {@code installed}, or a name its plugin did not ask
     * for while registering.
     *
     * @throws IllegalStateException naming each such setting and what there is instead
     */
    public void checkAllRead(Collection<String> installed) {
        List<String> problems = new ArrayList<>();
        for (var plugin : new TreeMap<>(given).entrySet()) {
            String id = plugin.getKey();
            if (!installed.contains(id)) {
                problems.add("plugin setting " + id + "." + String.join(", " + id + ".", plugin.getValue().keySet())
                        + ": no plugin \"" + id + "\" is installed (installed: " + String.join(", ", new TreeSet<>(installed)) + ")");
                continue;
            }
            Set<String> asked = new TreeSet<>(read.getOrDefault(id, Set.of()));
            for (String name : plugin.getValue().keySet()) {
                if (!asked.contains(name)) {
                    problems.add("plugin setting " + id + "." + name + ": plugin " + id + " has no setting \"" + name + "\" ("
                            + (asked.isEmpty() ? "it takes none" : "it reads " + String.join(", ", asked)) + ")");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException(String.join("; ", problems));
        }
    }
}
