package io.roster.scim.http;

import org.glassfish.jersey.server.monitoring.ApplicationEvent;
import org.glassfish.jersey.server.monitoring.ApplicationEventListener;
import org.glassfish.jersey.server.monitoring.RequestEvent;
import org.glassfish.jersey.server.monitoring.RequestEventListener;

/**
 * Gives back the {@link PrincipalLimiter} permit {@link BearerAuthFilter} took, when Jersey has finished
 * with the request: after the response body is written, after an exception was mapped, and when the
 * client went away mid-response. Jersey fires {@code FINISHED} on every one of those paths.
 */
final class PermitRelease implements ApplicationEventListener {
    static final String PERMIT_PROPERTY = "roster.permit";

    private static final RequestEventListener RELEASE = event -> {
        if (event.getType() == RequestEvent.Type.FINISHED) {
            Object permit = event.getContainerRequest().getProperty(PERMIT_PROPERTY);
            if (permit instanceof PrincipalLimiter.Permit p) {
                p.close();
            }
        }
    };

    @Override
    public void onEvent(ApplicationEvent event) {
        // nothing to do at application level
    }

    @Override
    public RequestEventListener onRequest(RequestEvent requestEvent) {
        return RELEASE;
    }
}
