package io.roster.scim.spi;

import java.util.List;

/**
 * A plugin: a factory listed in {@code META-INF/services/io.roster.scim.spi.RosterPlugin} and found by
 * {@link java.util.ServiceLoader}. Plugins register in a deterministic order: every plugin after the
 * ones it depends on, then by {@link #order()}, then by {@link #id()}. A missing dependency or a cycle
 * stops the server from starting; the same id twice is installed once.
 */
public interface RosterPlugin {

    /** A stable, unique id such as {@code "licensing"}; it also names the plugin's durable outbox queues. */
    String id();

    /** Lower runs earlier among plugins whose dependencies allow either order. */
    default int order() {
        return 0;
    }

    /** The ids of plugins that must be registered (and whose hooks must run) before this one's. */
    default List<String> dependsOn() {
        return List.of();
    }

    /**
     * Registers the plugin's schemas, resource types, extensions, hooks and job handlers, and reads its
     * configuration. Called once, before the store opens; the schemas are frozen once every plugin has registered.
     */
    void register(PluginContext context);

    /**
     * Called once the store is open and recovered, before the first request is served: the place to
     * load in-memory state and to resume background work left by an earlier run. Throwing stops the
     * server from starting.
     */
    default void start(PluginRuntime runtime) {
    }

    /** Called before the store closes: stop background work (what is not done must be resumable by {@link #start}). */
    default void stop() {
    }
}
