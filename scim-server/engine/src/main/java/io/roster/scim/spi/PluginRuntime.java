package io.roster.scim.spi;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * What a started plugin may use for its own work outside requests (see {@link RosterPlugin#start}):
 * reads, and writes that run through the hook pipeline like a request's, so that other plugins follow
 * the membership changes it makes. Writes are durable when they return, as any other.
 */
public interface PluginRuntime {

    String pluginId();

    PluginConfig config();

    Filters filters();

    /** A consistent read of committed state. Keep it short; read long lists in chunks. */
    <T> T read(Function<ResourceReader, T> work);

    /**
     * One atomic, durable write made by the plugin as {@link Principal#SYSTEM}. The membership changes
     * {@code work} makes go through every hook's validate and apply in the same write; a throw undoes it
     * all. Returns once the write is on disk.
     */
    <T> T write(Function<HookContext, T> work);

    /**
     * As {@link #write} without waiting: writes submitted by one thread run in order and may share a
     * commit. The future completes once the write is durable, or with what it threw.
     */
    <T> CompletableFuture<T> submit(Function<HookContext, T> work);
}
