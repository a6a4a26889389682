package io.roster.scim.spi;


/**
 * Decides what a caller may read and which resource types it may write at all, and whether it may use
 * the API beyond {@code /Me}. A plugin installs one with
 * {@link io.roster.scim.spi.PluginContext#setAuthorizer}; the exact checks of a write (which attributes,
 * which target) are the plugin's hooks', inside the write. Without one, a token bound to no user may do
 * everything, and a token bound to a user only reach its own User ({@code /Me}).
 *
 * <p>The service asks {@link #readDenied} and, for a write, {@link #writeDenied} before it looks at the
 * resource, its version or the request body, so a caller that may not touch a type learns nothing from
 * 404, 412 or 400 answers about the resources in it.
 *
 * <p>These calls run on every request: keep them to in-memory work (the store reads in
 * {@link #resolve} happen inside the read that authenticates the token anyway).
 */
public interface Authorizer {
    /** Roster's rule without admin roles: a token bound to no user may do everything, one bound to a user only itself. */
    Authorizer DEFAULT = new Authorizer() {
    };

    /**
     * Called inside the store read that authenticated the token: may attach what the caller holds
     * (e.g. its roles, from its user or client record) to the principal it returns. Returning
     * {@link Principal#SYSTEM} is refused: no token stands for the server itself.
     *
     * @param reader the read in which the token was checked; null for a token that has no stored record
     *               (the bootstrap administrator token)
     */
    default Principal resolve(Principal principal, ResourceReader reader) {
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
        return mayUseApi(principal) || isSelf(principal, resourceType, id) || isOwnClient(principal, resourceType, id)
                ? null : selfOnly(principal);
    }

    /**
     * Null when the caller may write at least some resources of this type ({@code id} null: create one),
     * or this very one; otherwise the reason for a 403. Asked before anything else about a write; the
     * plugin's hooks then decide the change itself.
     */
    default String writeDenied(Principal principal, String resourceType, String id) {
        return mayUseApi(principal) || isSelf(principal, resourceType, id) ? null : selfOnly(principal);
    }

    /**
     * Null when the caller may take backups of the whole server ({@code POST /backups}) and list them;
     * otherwise the reason for a 403. A backup holds everything, password and token hashes included, so
     * by default only a token bound to no user may (the administrator token and its like).
     */
    default String backupDenied(Principal principal) {
        return principal.userId() == null && mayUseApi(principal) ? null : "Permission denied: " + principal.name()
                + " may not take backups; that needs the administrator token.";
    }

    /**
     * Whether the request reads the calling API client's own record (what {@code /Me} names for a client
     * bound to no User). For reads only: a client never changes itself.
     */
    static boolean isOwnClient(Principal principal, String resourceType, String id) {
        return ResourceTypeNames.API_CLIENT.equals(resourceType) && id != null && principal.userId() == null
                && id.equalsIgnoreCase(principal.clientId());
    }

    /** Whether the request is about the caller's own User, the one {@code /Me} names. */
    static boolean isSelf(Principal principal, String resourceType, String id) {
        return ResourceTypeNames.USER.equals(resourceType) && id != null && id.equals(principal.userId());
    }

    private static String selfOnly(Principal principal) {
        return "Permission denied: " + principal.name() + " holds no admin role and may only read and change its own User "
                + "through /Me.";
    }
}
