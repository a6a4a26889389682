package io.roster.scim.auth;

/**
 * Who is calling.
 *
 * @param name     how logs and errors name the caller
 * @param userId   the User the caller's token is bound to ({@code /Me}), or null for a token bound to no
 *                 user, such as the bootstrap administrator token
 * @param clientId the ApiClient the token belongs to, or null (the bootstrap token, or the server itself)
 */
public record Principal(String name, String userId, String clientId) {
    /** The server itself: plugin background work, recovery, start-up. Never a request's caller. */
    public static final Principal SYSTEM = new Principal("roster", null, null);

    public Principal(String name) {
        this(name, null, null);
    }

    public Principal(String name, String userId) {
        this(name, userId, null);
    }

    public boolean isSystem() {
        return this == SYSTEM;
    }
}
