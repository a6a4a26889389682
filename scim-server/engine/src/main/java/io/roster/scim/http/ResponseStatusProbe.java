package io.roster.scim.http;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import java.util.function.IntConsumer;

/**
 * Tells the edge which status Jersey answers with, for the request metrics: when the edge measures a
 * request whose body was collected asynchronously, Grizzly may already have recycled the response, so
 * the status is passed on here, while the response is being written. Runs for mapped exceptions too.
 */
final class ResponseStatusProbe implements ContainerResponseFilter {
    /** The request attribute (a Jersey request property) holding the edge's {@link IntConsumer}. */
    static final String ATTRIBUTE = "roster.status";

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(ATTRIBUTE) instanceof IntConsumer sink) {
            sink.accept(response.getStatus());
        }
    }
}
