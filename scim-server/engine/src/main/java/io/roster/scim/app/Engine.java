package io.roster.scim.app;

import io.roster.scim.hook.Hooks;
import io.roster.scim.hook.PluginLoader;
import io.roster.scim.hook.RosterPlugin;
import io.roster.scim.schema.ResourceType;
import io.roster.scim.schema.SchemaRegistry;
import io.roster.scim.service.BulkService;
import io.roster.scim.service.ResourceService;
import io.roster.scim.service.ServiceSettings;
import io.roster.scim.store.mapdb.MapDbStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * Roster without HTTP: the registry with the plugins registered, the store opened with a table for
 * every resource type, and the services over them. {@link RosterServer} serves one; plugin tests use
 * one directly. The order is the server's: plugins register before the store opens (so their resource
 * types get tables) and start only after it is open and recovered.
 */
public final class Engine implements AutoCloseable {
    private final SchemaRegistry registry;
    private final Hooks hooks;
    private final MapDbStore store;
    private final ResourceService service;
    private final BulkService bulk;
    private boolean started;

    private Engine(SchemaRegistry registry, Hooks hooks, MapDbStore store, ResourceService service) {
        this.registry = registry;
        this.hooks = hooks;
        this.store = store;
        this.service = service;
        this.bulk = new BulkService(registry, service, store);
    }

    /**
     * Registers {@code plugins} and opens (or recovers) the store in {@code dataDir}; the plugins are not
     * started yet (see {@link #start}).
     *
     * @throws IllegalStateException when the plugins are unusable or the store cannot be opened
     */
    public static Engine open(Path dataDir, List<RosterPlugin> plugins, ServiceSettings settings, Clock clock) {
        SchemaRegistry registry = SchemaRegistry.withBuiltIns();
        Hooks hooks = PluginLoader.install(registry, plugins);
        MapDbStore store = MapDbStore.open(dataDir, registry.resourceTypes().stream().map(ResourceType::name).toList(),
                ResourceService.indexes(registry));
        return new Engine(registry, hooks, store, new ResourceService(registry, store, settings, clock, hooks));
    }

    public static Engine open(Path dataDir, List<RosterPlugin> plugins) {
        return open(dataDir, plugins, ServiceSettings.defaults(), Clock.systemUTC());
    }

    /** Starts the plugins (loading their state, resuming their background work); returns this. */
    public synchronized Engine start() {
        if (!started) {
            hooks.start(store, registry);
            started = true;
        }
        return this;
    }

    public SchemaRegistry registry() {
        return registry;
    }

    public Hooks hooks() {
        return hooks;
    }

    public MapDbStore store() {
        return store;
    }

    public ResourceService service() {
        return service;
    }

    public BulkService bulk() {
        return bulk;
    }

    /** Stops the plugins, then closes the store. */
    @Override
    public synchronized void close() {
        hooks.stop();
        started = false;
        store.close();
    }
}
