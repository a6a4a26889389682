package io.roster.scim.http;

import io.roster.scim.error.ScimException;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import java.util.Map;
import java.util.Set;

/**
 * The discovery endpoints (RFC 7644 section 4) are read-only: any method but GET (and the HEAD and
 * OPTIONS Jersey derives from it) is 405 with {@code Allow} (RFC 9110 section 15.5.6). Decided before
 * matching, because Jersey would otherwise try the {@code /{endpoint}} template and answer
 * {@code POST /ServiceProviderConfig} with "no such resource type" (404). Runs before authentication:
 * these paths need none, so the answer is the same with or without a token.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
final class DiscoveryMethods implements ContainerRequestFilter {
    static final String ALLOW = "GET, HEAD, OPTIONS";
    private static final Set<String> SERVED = Set.of("GET", "HEAD", "OPTIONS");

    @Override
    public void filter(ContainerRequestContext request) {
        if (!SERVED.contains(request.getMethod()) && DiscoveryPaths.isDiscovery(request.getUriInfo().getPathSegments(true))) {
            throw new ScimException(405, null, "The discovery endpoints are read-only; allowed: " + ALLOW + ".",
                    Map.of("Allow", ALLOW));
        }
    }
}
