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
import jakarta.ws.rs.core.PathSegment;
import java.util.List;
import java.util.Optional;

/**
 * Requires {@code Authorization: Bearer <token>} (RFC 6750) on every request except the three
 * discovery endpoints, which RFC 7644 section 4 lets clients read before they authenticate (decided on
 * the decoded path segments, {@link DiscoveryPaths}). Runs before matching, so unknown paths reveal
 * nothing to anonymous callers. An authenticated request also takes one of its caller's
 * {@link PrincipalLimiter} permits, or is refused with 429 (RFC 6585 section 4).
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public final class BearerAuthFilter implements ContainerRequestFilter {
    static final String PRINCIPAL_PROPERTY = "roster.principal";
    private final AccessTokens tokens;
    private final PrincipalLimiter limiter;

    public BearerAuthFilter(AccessTokens tokens, PrincipalLimiter limiter) {
        this.tokens = tokens;
        this.limiter = limiter;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        List<PathSegment> segments = request.getUriInfo().getPathSegments(true);
        if (DiscoveryPaths.isDiscovery(segments)) {
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
        if (!DiscoveryPaths.isMe(segments) && !tokens.mayUseApi(principal.get())) {
            // Least privilege: a caller without admin roles (a user's own token) may use /Me only.
            throw ScimException.forbidden("This token (" + principal.get().name() + ") holds no admin role and may only use /Me; "
                    + "administrative requests need a role such as User Administrator or Global Reader.");
        }
        PrincipalLimiter.Permit permit = limiter.tryAcquire(principal.get());
        if (permit == null) {
            throw ScimException.tooManyRequests("This token (" + principal.get().name() + ") already has "
                    + limiter.maxPerPrincipal() + " requests in progress, the most one caller may have at once; "
                    + "retry after the Retry-After delay, or send fewer requests in parallel.", 1);
        }
        request.setProperty(PermitRelease.PERMIT_PROPERTY, permit); // PermitRelease gives it back when Jersey is done
        request.setProperty(PRINCIPAL_PROPERTY, principal.get());
    }
}
