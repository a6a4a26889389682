package io.roster.scim.hook;

import io.roster.scim.spi.Filters;
import io.roster.scim.spi.HookContext;
import io.roster.scim.spi.Jobs;
import io.roster.scim.spi.PluginConfig;
import io.roster.scim.spi.ResourceWriter;
import io.roster.scim.spi.Principal;

/** One plugin's {@link HookContext} in one write: its facade, jobs and configuration. */
final class PluginHookContext implements HookContext {
    private final WriteSession session;
    private final PluginScope scope;
    private final WriteView view;
    private final PluginJobs jobs;

    PluginHookContext(WriteSession session, PluginScope scope, boolean writable) {
        this.session = session;
        this.scope = scope;
        this.view = new WriteView(session, scope, writable);
        this.jobs = new PluginJobs(view, scope, session);
    }

    @Override
    public ResourceWriter resources() {
        return view;
    }

    @Override
    public Principal caller() {
        return session.caller;
    }

    @Override
    public Jobs jobs() {
        return jobs;
    }

    /** The engine's side of {@link #jobs()}. */
    PluginJobs pluginJobs() {
        return jobs;
    }

    @Override
    public Filters filters() {
        return scope.filters;
    }

    @Override
    public PluginConfig config() {
        return scope.config;
    }

    @Override
    public io.roster.scim.spi.RecordTable<String> legacySettings() {
        return new io.roster.scim.spi.RecordTable<>() {
            @Override
            public String get(String key) {
                return session.writer.setting(scope.pluginId + "." + key);
            }

            @Override
            public void put(String key, String value) {
                view.writer().putSetting(scope.pluginId + "." + key, value);
            }
        };
    }
}
