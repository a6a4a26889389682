package io.roster.scim.hook;

import io.roster.scim.spi.Filters;
import io.roster.scim.spi.HookContext;
import io.roster.scim.spi.PluginConfig;
import io.roster.scim.spi.PluginRuntime;
import io.roster.scim.spi.ResourceReader;
import io.roster.scim.spi.Principal;
import io.roster.scim.store.ResourceStore;
import io.roster.scim.store.StoreWriter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** One plugin's {@link PluginRuntime}: reads over committed state, writes as the server through the hooks. */
final class EngineRuntime implements PluginRuntime {
    private final ResourceStore store;
    private final Hooks hooks;
    private final PluginScope scope;

    EngineRuntime(ResourceStore store, Hooks hooks, PluginScope scope) {
        this.store = store;
        this.hooks = hooks;
        this.scope = scope;
    }

    @Override
    public String pluginId() {
        return scope.pluginId;
    }

    @Override
    public PluginConfig config() {
        return scope.config;
    }

    @Override
    public Filters filters() {
        return scope.filters;
    }

    @Override
    public <T> T read(Function<ResourceReader, T> work) {
        return store.read(r -> work.apply(new ReadView(r, scope)));
    }

    @Override
    public <T> T write(Function<HookContext, T> work) {
        WriteSession[] session = new WriteSession[1];
        T result = store.write(w -> run(work, w, session));
        hooks.committed(session[0]);
        return result;
    }

    @Override
    public <T> CompletableFuture<T> submit(Function<HookContext, T> work) {
        WriteSession[] session = new WriteSession[1];
        return store.submit(w -> run(work, w, session)).whenComplete((r, e) -> hooks.committed(e == null ? session[0] : null));
    }

    private <T> T run(Function<HookContext, T> work, StoreWriter w, WriteSession[] holder) {
        WriteSession session = new WriteSession(w, Principal.SYSTEM, scope.clock);
        holder[0] = session;
        T result = work.apply(session.context(scope, true));
        hooks.run(List.of(), session);
        return result;
    }

    boolean hasPendingJobs() {
        return store.read(r -> {
            PluginJobs jobs = new PluginJobs(new ReadView(r, scope), scope, null);
            for (String kind : scope.jobHandlers.keySet()) {
                if (!jobs.pending(kind).isEmpty()) {
                    return true;
                }
            }
            return false;
        });
    }
}
