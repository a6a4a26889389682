package io.roster.scim.service;

/**
 * What the service needs to know about the request beyond its arguments: the public base URL of the
 * SCIM root (for {@code meta.location} and {@code $ref}), without a trailing slash.
 */
public record RequestContext(String baseUrl) {
    public RequestContext {
        if (baseUrl.endsWith("/")) {
            baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
        }
    }

    public String location(String endpoint, String id) {
        return baseUrl + endpoint + "/" + id;
    }
}
