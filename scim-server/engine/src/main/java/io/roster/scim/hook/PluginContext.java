package io.roster.scim.hook;

import io.roster.scim.schema.ResourceType;
import io.roster.scim.schema.Schema;
import io.roster.scim.schema.SchemaExtension;
import io.roster.scim.schema.SchemaLoader;
import io.roster.scim.schema.SchemaRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a plugin may do while it registers: add schemas, resource types (each gets its own store table
 * and endpoint), extensions of existing resource types, and hooks. Only valid during
 * {@link RosterPlugin#register}; the registry is read-only once the server runs.
 */
public final class PluginContext {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");

    private final String pluginId;
    private final SchemaRegistry registry;
    private final List<Hook> hooks = new ArrayList<>();
    private final Map<String, AfterCommitHook> afterCommit = new LinkedHashMap<>();
    private io.roster.scim.auth.Authorizer authorizer;

    PluginContext(String pluginId, SchemaRegistry registry) {
        this.pluginId = pluginId;
        this.registry = registry;
    }

    public String pluginId() {
        return pluginId;
    }

    /** The registry as filled so far (built-ins and the plugins registered earlier), for lookups. */
    public SchemaRegistry registry() {
        return registry;
    }

    public PluginContext addSchema(Schema schema) {
        registry.addSchema(schema);
        return this;
    }

    /** Every schema in a classpath resource (one schema object or an array), resolved against {@code anchor}. */
    public PluginContext addSchemas(Class<?> anchor, String resource) {
        SchemaLoader.schemasFromResource(anchor, resource).forEach(registry::addSchema);
        return this;
    }

    public PluginContext addResourceType(ResourceType type) {
        registry.addResourceType(type);
        return this;
    }

    /** Every resource type in a classpath resource (one object or an array). */
    public PluginContext addResourceTypes(Class<?> anchor, String resource) {
        SchemaLoader.resourceTypesFromResource(anchor, resource).forEach(registry::addResourceType);
        return this;
    }

    /** Attaches a registered schema as an extension of an existing resource type, e.g. {@code "User"}. */
    public PluginContext addExtension(String resourceType, String schemaUrn, boolean required) {
        registry.addExtension(resourceType, new SchemaExtension(schemaUrn, required));
        return this;
    }

    public PluginContext addHook(Hook hook) {
        hooks.add(java.util.Objects.requireNonNull(hook, "hook"));
        return this;
    }

    /**
     * Adds an after-commit hook. Its {@code name} must stay the same from one release to the next: with
     * the plugin's id it names the durable queue that holds the changes not yet delivered.
     */
    public PluginContext addAfterCommitHook(String name, AfterCommitHook hook) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalStateException("after-commit hook name \"" + name + "\" of plugin " + pluginId
                    + " must be letters, digits, '.', '_' or '-'");
        }
        if (afterCommit.putIfAbsent(pluginId + "/" + name, java.util.Objects.requireNonNull(hook, "hook")) != null) {
            throw new IllegalStateException("plugin " + pluginId + " registers the after-commit hook \"" + name + "\" twice");
        }
        return this;
    }

    /**
     * Installs the authorizer that decides reads and API access for every request (see
     * {@link io.roster.scim.auth.Authorizer}). At most one plugin may install one.
     */
    public PluginContext setAuthorizer(io.roster.scim.auth.Authorizer authorizer) {
        if (this.authorizer != null) {
            throw new IllegalStateException("plugin " + pluginId + " sets an authorizer twice");
        }
        this.authorizer = java.util.Objects.requireNonNull(authorizer, "authorizer");
        return this;
    }

    io.roster.scim.auth.Authorizer authorizer() {
        return authorizer;
    }

    List<Hook> hooks() {
        return hooks;
    }

    Map<String, AfterCommitHook> afterCommitHooks() {
        return afterCommit;
    }
}
