package io.roster.scim.hook;

import io.roster.scim.auth.Principal;
import io.roster.scim.store.StoreWriter;

/**
 * What a {@link Hook} gets besides the change: the store as the write leaves it, who made the request,
 * and a way to report derived changes.
 */
public interface HookContext {

    /**
     * The store inside the running write. In {@link Hook#validate} use it only to read; in
     * {@link Hook#apply} writes through it are part of the same atomic write and trigger no hooks by
     * themselves (report them with {@link #emit}).
     */
    StoreWriter store();

    /** Who made the request; {@link Principal#SYSTEM} for the server's and plugins' own work. */
    Principal caller();

    /**
     * Reports a change this hook made through {@link #store()} (in {@link Hook#apply} only), so that
     * every hook (this one included) validates and applies it in the same write, after the changes
     * already queued. This is how a plugin that changes memberships (dynamic groups) lets another one
     * (licensing) follow. Use {@link Change#by} to mark the change as the plugin's own.
     *
     * @throws IllegalStateException in {@link Hook#validate}
     */
    void emit(Change change);
}
