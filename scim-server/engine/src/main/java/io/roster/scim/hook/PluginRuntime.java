package io.roster.scim.hook;

import io.roster.scim.auth.Principal;
import io.roster.scim.schema.SchemaRegistry;
import io.roster.scim.store.ResourceStore;
import io.roster.scim.store.StoreReader;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * What a started plugin may use for its own work outside requests (see {@link RosterPlugin#start}):
 * reads, and writes that run through the hook pipeline like a request's, so that other plugins follow
 * the changes it {@link HookContext#emit emits}. Writes are durable when they return, as any other.
 */
public final class PluginRuntime {
    private final ResourceStore store;
    private final SchemaRegistry registry;
    private final Hooks hooks;
    private final String pluginId;

    PluginRuntime(ResourceStore store, SchemaRegistry registry, Hooks hooks) {
        this(store, registry, hooks, null);
    }

    private PluginRuntime(ResourceStore store, SchemaRegistry registry, Hooks hooks, String pluginId) {
        this.store = store;
        this.registry = registry;
        this.hooks = hooks;
        this.pluginId = pluginId;
    }

    PluginRuntime forPlugin(String id) {
        return new PluginRuntime(store, registry, hooks, id);
    }

    public String pluginId() {
        return pluginId;
    }

    public SchemaRegistry registry() {
        return registry;
    }

    /** A consistent read of committed state. Keep it short; read long lists in chunks. */
    public <T> T read(Function<StoreReader, T> work) {
        return store.read(work);
    }

    /**
     * One atomic, durable write made by the plugin as {@link Principal#SYSTEM}. The changes {@code work}
     * emits (mark them with {@link Change#by}) go through every hook's validate and apply in the same
     * write; a throw undoes it all. Returns once the write is on disk.
     */
    public <T> T write(Function<HookContext, T> work) {
        T result = store.write(w -> run(work, w));
        hooks.committed();
        return result;
    }

    /**
     * As {@link #write} without waiting: writes submitted by one thread run in order and may share a
     * commit. The future completes once the write is durable, or with what it threw.
     */
    public <T> CompletableFuture<T> submit(Function<HookContext, T> work) {
        return store.submit(w -> run(work, w)).whenComplete((r, e) -> hooks.committed());
    }

    private <T> T run(Function<HookContext, T> work, io.roster.scim.store.StoreWriter w) {
        Collector c = new Collector(w);
        T result = work.apply(c);
        hooks.run(c.emitted, w, Principal.SYSTEM);
        return result;
    }

    /** The context of a plugin's own write: it may emit from the start. */
    private static final class Collector implements HookContext {
        private final io.roster.scim.store.StoreWriter writer;
        private final java.util.List<Change> emitted = new java.util.ArrayList<>();

        Collector(io.roster.scim.store.StoreWriter writer) {
            this.writer = writer;
        }

        @Override
        public io.roster.scim.store.StoreWriter store() {
            return writer;
        }

        @Override
        public Principal caller() {
            return Principal.SYSTEM;
        }

        @Override
        public void emit(Change change) {
            emitted.add(java.util.Objects.requireNonNull(change, "change"));
        }
    }
}
