package io.roster.scim.app;

import io.roster.scim.spi.PluginConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Each plugin's configuration, read once at start: the system properties {@code roster.<plugin id>.<name>}
 * (e.g. {@code -Droster.licensing.syncLimit=500}), or values an embedder passes. The plugins get them as a
 * {@link PluginConfig}; none of them reads system properties itself.
 */
public final class PluginSettings {
    private PluginSettings() {
    }

    /** The {@code roster.<id>.<name>} system properties as they are now. */
    public static Function<String, PluginConfig> fromSystemProperties() {
        Map<String, String> snapshot = new HashMap<>();
        System.getProperties().forEach((k, v) -> {
            if (k instanceof String key && key.startsWith("roster.") && v instanceof String value) {
                snapshot.put(key, value);
            }
        });
        return id -> name -> snapshot.get("roster." + id + "." + name);
    }

    /** Fixed values: {@code values} maps a plugin id to its settings. */
    public static Function<String, PluginConfig> of(Map<String, Map<String, String>> values) {
        return id -> {
            Map<String, String> settings = values.getOrDefault(id, Map.of());
            return settings::get;
        };
    }
}
