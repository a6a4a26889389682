package io.roster.scim.http;

import io.roster.scim.spi.Principal;
import io.roster.scim.error.ScimException;
import io.roster.scim.service.AccessTokens;
import java.util.Optional;

/**
 * Who is calling, decided at the edge before anything else is spent on the request, its body included:
 * {@code Authorization: Bearer <token>} (RFC 6750) on every path but the discovery endpoints, which
 * RFC 7644 section 4 lets clients read before they authenticate. A caller without admin roles (a user's
 * own token) is let in on {@code /Me} only, and every caller holds one of its {@link PrincipalLimiter}
 * permits while its request is in progress (over the limit: 429, RFC 6585 section 4).
 *
 * <p>Deciding this before the body is collected means a caller that is not let in never makes the
 * server buffer a byte: without a valid token, a thousand connections each sending the largest body
 * allowed cost nothing but the sockets, and one token can buffer at most its permits' worth of bodies.
 */
final class Authentication {
    /** The request attribute (a Jersey request property too) holding the admitted {@link Principal}. */
    static final String PRINCIPAL_ATTRIBUTE = "roster.principal";

    private final AccessTokens tokens;
    private final PrincipalLimiter limiter;
    private final boolean openMetrics;

    Authentication(AccessTokens tokens, PrincipalLimiter limiter) {
        this(tokens, limiter, false);
    }

    /** @param openMetrics {@code /metrics} is served without a token ({@code --metrics open}) */
    Authentication(AccessTokens tokens, PrincipalLimiter limiter, boolean openMetrics) {
        this.tokens = tokens;
        this.limiter = limiter;
        this.openMetrics = openMetrics;
    }

    /** A caller let in, and the share of its concurrency the request holds until it ends. */
    record Admission(Principal principal, PrincipalLimiter.Permit permit) implements AutoCloseable {
        @Override
        public void close() {
            permit.close();
        }
    }

    /**
     * @param rawPath       the request path as {@link RequestTargets#path} leaves it
     * @param authorization the Authorization header, or null
     * @return null for the public discovery endpoints (and {@code /metrics} when it is open), else the
     *         admitted caller
     * @throws ScimException 401 without a valid bearer token, 403 for a role-less token off {@code /Me},
     *                       429 when the caller already has as many requests in progress as it may
     */
    Admission admit(String rawPath, String authorization) {
        if (DiscoveryPaths.isDiscovery(rawPath) || openMetrics && MonitoringPaths.isMetrics(rawPath)) {
            return null;
        }
        if (authorization == null || authorization.isBlank()) {
            throw ScimException.unauthorized("Authentication required: send the header \"Authorization: Bearer <token>\".");
        }
        String trimmed = authorization.trim();
        if (trimmed.length() < 7 || !trimmed.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw ScimException.unauthorized("Only bearer tokens are accepted: send \"Authorization: Bearer <token>\".");
        }
        Optional<Principal> principal = tokens.authenticate(trimmed.substring(7).trim());
        if (principal.isEmpty()) {
            throw AccessTokens.invalidToken("The bearer token is not valid. Check the token, or set ROSTER_ADMIN_TOKEN "
                    + "and restart the server to choose a new administrator token.");
        }
        if (!DiscoveryPaths.isMe(rawPath) && !tokens.mayUseApi(principal.get())) {
            // Least privilege: a caller without admin roles (a user's own token) may use /Me only.
            throw ScimException.forbidden("This token (" + principal.get().name() + ") holds no admin role and may only use /Me; "
                    + "administrative requests need a role such as User Administrator or Global Reader.");
        }
        int wait = limiter.rateDelaySeconds(principal.get());
        if (wait > 0) {
            throw ScimException.tooManyRequests("This token (" + principal.get().name() + ") sent more than "
                    + limiter.perSecond() + " requests per second, the most one caller may send (--max-requests-per-second); "
                    + "retry after the Retry-After delay, or slow down.", wait);
        }
        PrincipalLimiter.Permit permit = limiter.tryAcquire(principal.get());
        if (permit == null) {
            throw ScimException.tooManyRequests("This token (" + principal.get().name() + ") already has "
                    + limiter.maxPerPrincipal() + " requests in progress, the most one caller may have at once; "
                    + "retry after the Retry-After delay, or send fewer requests in parallel.", 1);
        }
        return new Admission(principal.get(), permit);
    }
}
