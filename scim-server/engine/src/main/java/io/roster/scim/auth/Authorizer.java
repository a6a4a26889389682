package io.roster.scim.auth;

import io.roster.scim.store.StoreReader;

/**
 * Decides what a caller may read and whether it may use the API beyond {@code /Me}. A plugin installs
 * one with {@link io.roster.scim.hook.PluginContext#setAuthorizer}; writes are checked by the plugin's
 * hooks, inside the write. Without one, the engine behaves as it always has: a token bound to no user
 * may do everything, a token bound to a user only {@code /Me}.
 *
 * <p>These calls run on every request: keep them to in-memory work (the store reads in
 * {@link #resolve} happen inside the read that authenticates the token anyway).
 */
public interface Authorizer {
    /** Roster's rule before admin roles: no read restriction. */
    Authorizer DEFAULT = new Authorizer() {
    };

    /**
     * Called inside the store read that authenticated the token: may attach what the caller holds
     * (e.g. its roles, from its user or client record) to the principal it returns.
     *
     * @param reader the read in which the token was checked; null for a token that has no stored record
     *               (the bootstrap administrator token)
     */
    default Principal resolve(Principal principal, StoreReader reader) {
        return principal;
    }

    /** Whether the caller may use endpoints other than {@code /Me} at all. */
    default boolean mayUseApi(Principal principal) {
        return principal.userId() == null;
    }

    /**
     * Null when the caller may read resources of this type (the one with {@code id}, or any when
     * {@code id} is null); otherwise the reason, naming the missing permission, for a 403.
     */
    default String readDenied(Principal principal, String resourceType, String id) {
        return null;
    }
}
