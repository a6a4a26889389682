package io.roster.scim.service;

/**
 * Who is calling.
 *
 * @param name   how logs and errors name the caller
 * @param userId the User the caller's token is bound to ({@code /Me}), or null for a token bound to no
 *               user, such as the bootstrap administrator token
 */
public record Principal(String name, String userId) {
    public Principal(String name) {
        this(name, null);
    }
}
