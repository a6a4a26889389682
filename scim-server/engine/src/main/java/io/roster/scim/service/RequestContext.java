package io.roster.scim.service;

import io.roster.scim.auth.Principal;

/**
 * What the service needs to know about the request beyond its arguments: the public base URL of the
 * SCIM root (for {@code meta.location} and {@code $ref}), without a trailing slash, and who is calling
 * ({@link Principal#SYSTEM} when the server itself acts).
 */
public record RequestContext(String baseUrl, Principal principal) {
    public RequestContext {
        if (baseUrl.endsWith("/")) {
            baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
        }
        if (principal == null) {
            principal = Principal.SYSTEM;
        }
    }

    /** The server acting on its own behalf (tests, start-up work). */
    public RequestContext(String baseUrl) {
        this(baseUrl, Principal.SYSTEM);
    }

    public RequestContext withPrincipal(Principal caller) {
        return new RequestContext(baseUrl, caller);
    }

    public String location(String endpoint, String id) {
        return baseUrl + endpoint + "/" + id;
    }
}
