package io.roster.scim.http;

import io.roster.scim.error.ScimException;
import io.roster.scim.service.AccessTokens;
import io.roster.scim.auth.Principal;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.Optional;

/**
 * Requires {@code Authorization: Bearer <token>} (RFC 6750) on every request except the three
 * discovery endpoints, which RFC 7644 section 4 lets clients read before they authenticate. Runs
 * before matching, so unknown paths reveal nothing to anonymous callers.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public final class BearerAuthFilter implements ContainerRequestFilter {
    static final String PRINCIPAL_PROPERTY = "roster.principal";
    private final AccessTokens tokens;

    public BearerAuthFilter(AccessTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (isDiscovery(request.getUriInfo().getPath())) {
            return;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || header.isBlank()) {
            throw ScimException.unauthorized("Authentication required: send the header \"Authorization: Bearer <token>\".");
        }
        String trimmed = header.trim();
        if (trimmed.length() < 7 || !trimmed.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw ScimException.unauthorized("Only bearer tokens are accepted: send \"Authorization: Bearer <token>\".");
        }
        Optional<Principal> principal = tokens.authenticate(trimmed.substring(7).trim());
        if (principal.isEmpty()) {
            throw AccessTokens.invalidToken("The bearer token is not valid. Check the token, or set ROSTER_ADMIN_TOKEN "
                    + "and restart the server to choose a new administrator token.");
        }
        if (!isMe(request.getUriInfo().getPath()) && !tokens.mayUseApi(principal.get())) {
            // Least privilege: a caller without admin roles (a user's own token) may use /Me only.
            throw ScimException.forbidden("This token (" + principal.get().name() + ") holds no admin role and may only use /Me; "
                    + "administrative requests need a role such as User Administrator or Global Reader.");
        }
        request.setProperty(PRINCIPAL_PROPERTY, principal.get());
    }

    static boolean isMe(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        return p.equals("scim/v2/Me");
    }

    /** ServiceProviderConfig, Schemas and ResourceTypes (and their sub-paths) are public. */
    static boolean isDiscovery(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        String prefix = "scim/v2/";
        if (!p.startsWith(prefix)) {
            return false;
        }
        String rest = p.substring(prefix.length());
        return rest.equals("ServiceProviderConfig")
                || rest.equals("Schemas") || rest.startsWith("Schemas/")
                || rest.equals("ResourceTypes") || rest.startsWith("ResourceTypes/");
    }
}
