package io.roster.scim.http;

import io.roster.scim.service.RequestContext;
import jakarta.ws.rs.core.UriInfo;

/**
 * The public URL of the SCIM root, for {@code meta.location}, {@code $ref} and {@code Location}: the
 * configured one (needed behind a proxy), else derived from the request.
 */
public final class BaseUrl {
    public static final String SCIM_ROOT = "scim/v2";
    private final String configured;

    /** @param configured the public base URL of the SCIM root, or null to derive it per request */
    public BaseUrl(String configured) {
        this.configured = configured == null || configured.isBlank() ? null : configured.replaceAll("/+$", "");
    }

    /**
     * The request's context: base URL and the caller {@link Authentication} admitted. Without one
     * the context stands for nobody and the service refuses it (never the server itself).
     */
    public RequestContext of(UriInfo uri, jakarta.ws.rs.container.ContainerRequestContext request) {
        Object p = request == null ? null : request.getProperty(Authentication.PRINCIPAL_ATTRIBUTE);
        RequestContext ctx = of(uri);
        return p instanceof io.roster.scim.spi.Principal principal && !principal.isSystem() ? ctx.withPrincipal(principal) : ctx;
    }

    /** The base URL alone, for answers that need no caller (discovery): no principal. */
    public RequestContext of(UriInfo uri) {
        if (configured != null) {
            return RequestContext.unauthenticated(configured);
        }
        String base = uri.getBaseUri().toString();
        return RequestContext.unauthenticated((base.endsWith("/") ? base : base + "/") + SCIM_ROOT);
    }
}
