package io.roster.scim.http;

import io.roster.scim.schema.Projection;
import io.roster.scim.schema.SchemaRegistry;
import io.roster.scim.service.ListResult;
import io.roster.scim.service.RequestContext;
import io.roster.scim.service.ResourceService;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;

/**
 * POST /.search at the SCIM root (RFC 7644 section 3.4.3): one query over every resource type, each
 * resource projected by its own type's schemas. A literal path, so JAX-RS prefers it over the
 * {@code scim/v2/{endpoint}} template.
 */
@Path("scim/v2/.search")
public final class SearchEndpoint {
    private final SchemaRegistry registry;
    private final ResourceService service;
    private final RequestBodies bodies;
    private final ResponseBodies responses;
    private final BaseUrl baseUrl;

    public SearchEndpoint(SchemaRegistry registry, ResourceService service, RequestBodies bodies, BaseUrl baseUrl) {
        this.registry = registry;
        this.service = service;
        this.bodies = bodies;
        this.responses = new ResponseBodies(service);
        this.baseUrl = baseUrl;
    }

    @POST
    public Response search(@Context UriInfo uri, @Context ContainerRequestContext request, @Context HttpHeaders headers, InputStream body) {
        RequestContext ctx = baseUrl.of(uri, request);
        SearchRequests.Search search = SearchRequests.read(bodies.readObject(headers, body));
        ListResult result = service.search(search.request(), ctx);
        return Response.ok(responses.list(result,
                        type -> Projection.of(registry, type, search.attributes(), search.excludedAttributes()), ctx),
                ScimMediaType.SCIM_JSON_TYPE).build();
    }
}
