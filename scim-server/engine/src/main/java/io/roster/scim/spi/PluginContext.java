package io.roster.scim.spi;


/**
 * What a plugin may do while it registers: add schemas, resource types (each gets its own store table and
 * endpoint), extensions of existing resource types, hooks, after-commit hooks, job handlers and an
 * authorizer, and read its configuration. Only valid during {@link RosterPlugin#register}: the schemas are
 * frozen once every plugin has registered.
 */
public interface PluginContext {

    String pluginId();

    /** The plugin's configuration (see {@link PluginConfig}). */
    PluginConfig config();

    /**
     * Filters over the registered schemas. The object may be kept; it works once every plugin has
     * registered (before that it throws {@link IllegalStateException}).
     */
    Filters filters();

    /** Every schema in a classpath resource (one schema object or an array, as RFC 7643 section 7), resolved against {@code anchor}. */
    PluginContext addSchemas(Class<?> anchor, String resource);

    /** Every resource type in a classpath resource (one object or an array, as RFC 7643 section 6). */
    PluginContext addResourceTypes(Class<?> anchor, String resource);

    /** Attaches a registered schema as an extension of an existing resource type, e.g. {@link ResourceTypeNames#USER}. */
    PluginContext addExtension(String resourceType, String schemaUrn, boolean required);

    /**
     * Keeps an index on an attribute of a resource type, so that filters on it ({@code eq}, {@code sw},
     * {@code gt ge lt le}, {@code pr}, also inside a value filter such as {@code attr[sub eq "x"]}) read a
     * range of the index instead of walking every resource, and {@link ResourceReader#matching} answers them
     * the same way. {@code path} names a single-valued string attribute, or a string sub-attribute of a
     * complex one (single- or multi-valued): {@code "principal.value"} of the type's core schema, or an
     * extension's attribute with its URN ({@code "urn:...:User:appRoleAssignments.application"}). Values
     * compare as the attribute's {@code caseExact} says. An index new to an existing store is built from
     * its resources at start. A path naming no such attribute stops the start.
     */
    PluginContext addIndex(String resourceType, String path);

    PluginContext addHook(Hook hook);

    /**
     * Adds an after-commit hook. Its {@code name} must stay the same from one release to the next: with
     * the plugin's id it names the durable queue that holds the changes not yet delivered.
     */
    PluginContext addAfterCommitHook(String name, AfterCommitHook hook);

    /**
     * Adds the handler of one kind of background job (see {@link Jobs}); {@code kind} must stay the same
     * from one release to the next: pending jobs are stored under it.
     */
    PluginContext addJobHandler(String kind, JobHandler handler);

    /**
     * Installs the authorizer that decides reads and API access for every request (see
     * {@link Authorizer}). At most one plugin may install one.
     */
    PluginContext setAuthorizer(Authorizer authorizer);
}
