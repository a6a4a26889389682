package io.roster.scim.spi;

import java.util.Set;

/**
 * Who is calling.
 *
 * @param name     how logs and errors name the caller
 * @param userId   the User the caller's token is bound to ({@code /Me}), or null for a token bound to no
 *                 user, such as the bootstrap administrator token
 * @param clientId the ApiClient the token belongs to, or null (the bootstrap token, or the server itself)
 * @param roles    the values of the admin roles the caller acts with, as the installed {@link Authorizer}
 *                 resolved them when the token was authenticated; null when nothing resolved them (no
 *                 authorizer is installed, or the principal was made in-process)
 */
public record Principal(String name, String userId, String clientId, Set<String> roles) {
    /** The server itself: plugin background work, recovery, start-up. Never a request's caller. */
    public static final Principal SYSTEM = new Principal("roster", null, null);

    public Principal {
        roles = roles == null ? null : Set.copyOf(roles);
    }

    public Principal(String name) {
        this(name, null, null);
    }

    public Principal(String name, String userId) {
        this(name, userId, null);
    }

    public Principal(String name, String userId, String clientId) {
        this(name, userId, clientId, null);
    }

    /** The same caller acting with exactly these roles. */
    public Principal withRoles(Set<String> resolved) {
        return new Principal(name, userId, clientId, resolved);
    }

    public boolean isSystem() {
        return this == SYSTEM;
    }
}
