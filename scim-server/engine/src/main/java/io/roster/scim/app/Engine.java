package io.roster.scim.app;

import io.roster.scim.hook.Hooks;
import io.roster.scim.hook.PluginLoader;
import io.roster.scim.query.QueryPlanner;
import io.roster.scim.schema.ResourceType;
import io.roster.scim.schema.SchemaRegistry;
import io.roster.scim.service.BulkService;
import io.roster.scim.service.IndexCatalogue;
import io.roster.scim.service.ResourceService;
import io.roster.scim.service.ServiceSettings;
import io.roster.scim.spi.PluginConfig;
import io.roster.scim.spi.RosterPlugin;
import io.roster.scim.store.IndexDefinition;
import io.roster.scim.store.ResourceStore;
import io.roster.scim.store.StoreConfig;
import io.roster.scim.store.StoreProvider;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Roster without HTTP: the registry with the plugins registered, the store opened (by the {@link
 * StoreProvider} the configuration names) with a table for every resource type, and the services over
 * them. {@link RosterServer} serves one; plugin tests use one directly. The order is the server's: plugins register before the store opens (so their resource
 * types get tables) and start only after it is open and recovered.
 */
public final class Engine implements AutoCloseable {
    private final SchemaRegistry registry;
    private final Hooks hooks;
    private final ResourceStore store;
    private final ResourceService service;
    private final BulkService bulk;
    private boolean started;

    private Engine(SchemaRegistry registry, Hooks hooks, ResourceStore store, ResourceService service) {
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
        return open(dataDir, StoreProvider.DEFAULT, plugins, settings, clock, PluginSettings.fromSystemProperties());
    }

    /** As {@link #open(Path, List, ServiceSettings, Clock)}, with the store backend called {@code store}. */
    public static Engine open(Path dataDir, String store, List<RosterPlugin> plugins, ServiceSettings settings, Clock clock) {
        return open(dataDir, store, plugins, settings, clock, PluginSettings.fromSystemProperties());
    }

    /** As {@link #open(Path, List, ServiceSettings, Clock)}, with each plugin's configuration from {@code configs} (by plugin id). */
    public static Engine open(Path dataDir, List<RosterPlugin> plugins, ServiceSettings settings, Clock clock,
                              Function<String, PluginConfig> configs) {
        return open(dataDir, StoreProvider.DEFAULT, plugins, settings, clock, configs);
    }

    /**
     * The whole set-up: the registry is frozen once the plugins have registered; the store (the backend
     * called {@code store}) and the plugin API are built over the frozen one.
     */
    public static Engine open(Path dataDir, String store, List<RosterPlugin> plugins, ServiceSettings settings, Clock clock,
                              Function<String, PluginConfig> configs) {
        SchemaRegistry.Builder builder = SchemaRegistry.builderWithBuiltIns();
        Hooks hooks = PluginLoader.install(builder, plugins, configs, clock);
        if (configs instanceof PluginSettings given) {
            given.checkAllRead(plugins.stream().map(RosterPlugin::id).toList()); // before the store opens: fail fast
        }
        SchemaRegistry registry = builder.build();
        List<IndexDefinition> indexes = IndexCatalogue.of(registry);
        hooks.bind(registry, new QueryPlanner(registry, indexes));
        ResourceStore opened = StoreProvider.openStore(new StoreConfig(store, dataDir, registry, indexes, Map.of()));
        return new Engine(registry, hooks, opened, new ResourceService(registry, opened, settings, clock, hooks));
    }

    public static Engine open(Path dataDir, List<RosterPlugin> plugins) {
        return open(dataDir, plugins, ServiceSettings.defaults(), Clock.systemUTC());
    }

    /** Starts the plugins (loading their state, resuming their background work); returns this. */
    public synchronized Engine start() {
        if (!started) {
            hooks.start(store);
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

    public ResourceStore store() {
        return store;
    }

    /** How many resources of each type the store holds, in registration order. */
    public Map<String, Long> counts() {
        return store.read(r -> {
            Map<String, Long> out = new LinkedHashMap<>();
            for (ResourceType type : registry.resourceTypes()) {
                out.put(type.name(), r.count(type.name()));
            }
            return out;
        });
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
