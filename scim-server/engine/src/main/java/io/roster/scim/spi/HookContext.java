package io.roster.scim.spi;


/**
 * What a hook, a job step or a plugin's own write gets besides the change: the resources as the running
 * write leaves them (and the mutation facade), the plugin's records and jobs, filters, and who made the
 * request.
 */
public interface HookContext {

    /**
     * The resources inside the running write. In {@link Hook#validate} read only (writes throw); in
     * {@link Hook#apply}, a job step or {@link PluginRuntime#write}, writes are part of the same atomic write.
     */
    ResourceWriter resources();

    /** Who made the request; {@link Principal#SYSTEM} for the server's and plugins' own work. */
    Principal caller();

    /** The calling plugin's background jobs; scheduling and cancelling are part of the running write. */
    Jobs jobs();

    /** Filter parsing and evaluation against the registered schemas. */
    Filters filters();

    /** The calling plugin's configuration. */
    PluginConfig config();

    /**
     * The server settings this plugin kept before plugin records existed: the keys that start with its id
     * and a dot, named here without that prefix. Only for migrating them into records at start (read,
     * then remove with {@code put(key, null)}); new data belongs in {@link ResourceReader#records}.
     */
    RecordTable<String> legacySettings();
}
