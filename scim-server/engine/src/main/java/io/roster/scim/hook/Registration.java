package io.roster.scim.hook;

import io.roster.scim.schema.SchemaExtension;
import io.roster.scim.schema.SchemaLoader;
import io.roster.scim.schema.SchemaRegistry;
import io.roster.scim.spi.AfterCommitHook;
import io.roster.scim.spi.Filters;
import io.roster.scim.spi.Hook;
import io.roster.scim.spi.JobHandler;
import io.roster.scim.spi.PluginConfig;
import io.roster.scim.spi.PluginContext;
import io.roster.scim.spi.Authorizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The engine's {@link PluginContext}: what one plugin registers, into the registry being built. Closed once
 * the plugin's {@code register} returns, so a plugin cannot add schemas later.
 */
final class Registration implements PluginContext {
    private final PluginScope scope;
    private final SchemaRegistry.Builder registry;
    private final List<Hook> hooks = new ArrayList<>();
    private final Map<String, AfterCommitHook> afterCommit = new LinkedHashMap<>();
    private Authorizer authorizer;
    private boolean closed;

    Registration(PluginScope scope, SchemaRegistry.Builder registry) {
        this.scope = scope;
        this.registry = registry;
    }

    void close() {
        closed = true;
    }

    private void open() {
        if (closed) {
            throw new IllegalStateException("plugin " + scope.pluginId + " registers only inside register(): the schemas are frozen");
        }
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
    public PluginContext addSchemas(Class<?> anchor, String resource) {
        open();
        SchemaLoader.schemasFromResource(anchor, resource).forEach(registry::addSchema);
        return this;
    }

    @Override
    public PluginContext addResourceTypes(Class<?> anchor, String resource) {
        open();
        SchemaLoader.resourceTypesFromResource(anchor, resource).forEach(registry::addResourceType);
        return this;
    }

    @Override
    public PluginContext addExtension(String resourceType, String schemaUrn, boolean required) {
        open();
        registry.addExtension(resourceType, new SchemaExtension(schemaUrn, required));
        return this;
    }

    @Override
    public PluginContext addIndex(String resourceType, String path) {
        open();
        registry.addIndex(resourceType, Objects.requireNonNull(path, "path"));
        return this;
    }

    @Override
    public PluginContext addHook(Hook hook) {
        open();
        hooks.add(Objects.requireNonNull(hook, "hook"));
        return this;
    }

    @Override
    public PluginContext addAfterCommitHook(String name, AfterCommitHook hook) {
        open();
        if (name == null || !PluginScope.NAME.matcher(name).matches()) {
            throw new IllegalStateException("after-commit hook name \"" + name + "\" of plugin " + scope.pluginId
                    + " must be letters, digits, '.', '_' or '-'");
        }
        if (afterCommit.putIfAbsent(scope.pluginId + "/" + name, Objects.requireNonNull(hook, "hook")) != null) {
            throw new IllegalStateException("plugin " + scope.pluginId + " registers the after-commit hook \"" + name + "\" twice");
        }
        return this;
    }

    @Override
    public PluginContext addJobHandler(String kind, JobHandler handler) {
        open();
        PluginScope.checkName("job kind", kind);
        if (scope.jobHandlers.putIfAbsent(kind, Objects.requireNonNull(handler, "handler")) != null) {
            throw new IllegalStateException("plugin " + scope.pluginId + " registers the job handler \"" + kind + "\" twice");
        }
        return this;
    }

    @Override
    public PluginContext setAuthorizer(Authorizer installed) {
        open();
        if (this.authorizer != null) {
            throw new IllegalStateException("plugin " + scope.pluginId + " sets an authorizer twice");
        }
        this.authorizer = Objects.requireNonNull(installed, "authorizer");
        return this;
    }

    Authorizer authorizer() {
        return authorizer;
    }

    List<Hook> hooks() {
        return hooks;
    }

    Map<String, AfterCommitHook> afterCommitHooks() {
        return afterCommit;
    }
}
