package io.roster.scim.service;

import io.roster.scim.spi.Principal;
import io.roster.scim.error.ScimException;

/**
 * What the service needs to know about the request beyond its arguments: the public base URL of the
 * SCIM root (for {@code meta.location} and {@code $ref}), without a trailing slash, and who is calling.
 *
 * <p>Fail closed: a context made without a principal stands for nobody, and asking it for its
 * {@link #principal()} refuses the request with 401. Nothing turns a missing caller into someone, least
 * of all into {@link Principal#SYSTEM}, which only {@link #system} (code inside the server) can name.
 *
 * @param principal who is calling, or null when nobody was authenticated
 */
public record RequestContext(String baseUrl, Principal principal) {
    public RequestContext {
        if (baseUrl.endsWith("/")) {
            baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
        }
    }

    /** The server acting on its own behalf (start-up work, plugins' background work, tests). */
    public static RequestContext system(String baseUrl) {
        return new RequestContext(baseUrl, Principal.SYSTEM);
    }

    /** A request that carries no authenticated caller: every service operation refuses it. */
    public static RequestContext unauthenticated(String baseUrl) {
        return new RequestContext(baseUrl, null);
    }

    /**
     * The caller. Throws 401 when there is none, so that every service operation, and every hook it runs,
     * fails closed whatever path a request took to reach it.
     */
    @Override
    public Principal principal() {
        if (principal == null) {
            throw ScimException.unauthorized("This request carries no authenticated caller, and Roster serves nobody "
                    + "anonymously: send \"Authorization: Bearer <token>\".");
        }
        return principal;
    }

    /** Whether a caller was authenticated (the only way to ask without being refused). */
    public boolean authenticated() {
        return principal != null;
    }

    public RequestContext withPrincipal(Principal caller) {
        return new RequestContext(baseUrl, caller);
    }

    public String location(String endpoint, String id) {
        return baseUrl + endpoint + "/" + id;
    }
}
