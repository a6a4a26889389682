package io.roster.scim.http;

import io.roster.scim.spi.Principal;
import io.roster.scim.error.ScimException;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;

/**
 * Fail closed behind the edge: a request Jersey sees on any path but the public discovery endpoints must
 * carry the caller {@link Authentication} admitted at the edge. A request that reached the application
 * some other way is refused (401) rather than served as nobody in particular.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION)
final class AdmissionCheck implements ContainerRequestFilter {

    private final boolean openMetrics;

    AdmissionCheck() {
        this(false);
    }

    /** @param openMetrics {@code /metrics} is public ({@code --metrics open}) */
    AdmissionCheck(boolean openMetrics) {
        this.openMetrics = openMetrics;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (!(request.getProperty(Authentication.PRINCIPAL_ATTRIBUTE) instanceof Principal)
                && !DiscoveryPaths.isDiscovery(request.getUriInfo().getPathSegments(true))
                && !(openMetrics && MonitoringPaths.isMetrics("/" + request.getUriInfo().getPath(false)))) {
            throw ScimException.unauthorized("Authentication required: send the header \"Authorization: Bearer <token>\".");
        }
    }
}
