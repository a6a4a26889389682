package io.roster.scim.http;

import io.roster.scim.metrics.RosterMetrics;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /metrics}: every meter in the Prometheus text format. Registered only when metrics are on;
 * who may read it is decided at the edge ({@link Authentication}: an admin token, or anyone with
 * {@code --metrics open}).
 */
@Path("metrics")
public final class MetricsEndpoint {
    private final RosterMetrics metrics;

    MetricsEndpoint(RosterMetrics metrics) {
        this.metrics = metrics;
    }

    @GET
    public Response scrape() {
        return Response.ok(metrics.scrape(), RosterMetrics.CONTENT_TYPE)
                .header(HttpHeaders.CACHE_CONTROL, NoStoreFilter.NO_STORE)
                .build();
    }
}
