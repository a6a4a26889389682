package io.roster.scim.http;

import org.glassfish.jersey.server.monitoring.ApplicationEvent;
import org.glassfish.jersey.server.monitoring.ApplicationEventListener;
import org.glassfish.jersey.server.monitoring.RequestEvent;
import org.glassfish.jersey.server.monitoring.RequestEventListener;

/**
 * Gives back the {@link PrincipalLimiter} permit {@link BearerAuthFilter} took, when Jersey has finished
 * with the request: after the response body is written, after an exception was mapped, and when the
 * client went away mid-response. Jersey fires {@code FINISHED} on every one of those paths.
 *
 * <p>The permit is picked up from the request's properties at the first event after authentication
 * (matching starts right after the pre-matching filters), not at {@code FINISHED}: by then the container
 * may have recycled the request, and its properties with it.
 */
final class PermitRelease implements ApplicationEventListener {
    static final String PERMIT_PROPERTY = "roster.permit";

    @Override
    public void onEvent(ApplicationEvent event) {
        // nothing to do at application level
    }

    @Override
    public RequestEventListener onRequest(RequestEvent requestEvent) {
        return new Holder();
    }

    /** One request's permit, held from the first event that sees it until FINISHED. */
    private static final class Holder implements RequestEventListener {
        private PrincipalLimiter.Permit permit;

        @Override
        public void onEvent(RequestEvent event) {
            if (event.getType() == RequestEvent.Type.FINISHED) {
                if (permit != null) {
                    permit.close();
                    permit = null;
                }
            } else if (permit == null && event.getContainerRequest() != null
                    && event.getContainerRequest().getProperty(PERMIT_PROPERTY) instanceof PrincipalLimiter.Permit p) {
                permit = p;
            }
        }
    }
}
