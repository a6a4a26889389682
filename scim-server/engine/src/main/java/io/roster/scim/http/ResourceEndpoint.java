package io.roster.scim.http;

import io.roster.scim.error.ScimException;
import io.roster.scim.schema.Projection;
import io.roster.scim.schema.ResourceType;
import io.roster.scim.schema.SchemaRegistry;
import io.roster.scim.service.ListRequest;
import io.roster.scim.service.ListResult;
import io.roster.scim.service.Precondition;
import io.roster.scim.service.RequestContext;
import io.roster.scim.service.ResourceService;
import io.roster.scim.service.ResourceSnapshot;
import io.roster.scim.spi.ResourceTypeNames;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.net.URI;
import java.util.stream.Collectors;

/**
 * Every resource type's endpoint ({@code /Users}, {@code /Groups}, and whatever plugins register),
 * translating HTTP into {@link ResourceService} calls. RFC 7644 section 3.
 */
@Path("scim/v2/{endpoint}")
public final class ResourceEndpoint {
    private final SchemaRegistry registry;
    private final ResourceService service;
    private final RequestBodies bodies;
    private final ResponseBodies responses;
    private final BaseUrl baseUrl;

    public ResourceEndpoint(SchemaRegistry registry, ResourceService service, RequestBodies bodies, BaseUrl baseUrl) {
        this.registry = registry;
        this.service = service;
        this.bodies = bodies;
        this.responses = new ResponseBodies(service);
        this.baseUrl = baseUrl;
    }

    @GET
    public Response list(@PathParam("endpoint") String endpoint, @Context UriInfo uri, @Context ContainerRequestContext request,
                         @QueryParam("filter") String filter,
                         @QueryParam("startIndex") String startIndex,
                         @QueryParam("count") String count,
                         @QueryParam("sortBy") String sortBy,
                         @QueryParam("sortOrder") String sortOrder,
                         @QueryParam("cursor") String cursor,
                         @QueryParam("attributes") String attributes,
                         @QueryParam("excludedAttributes") String excludedAttributes) {
        ResourceType type = type(endpoint);
        RequestContext ctx = baseUrl.of(uri, request);
        ListRequest query = new ListRequest(filter, integer("startIndex", startIndex), integer("count", count),
                sortBy, sortOrder, cursor);
        ListResult result = service.list(type, query, ctx);
        Projection projection = Projection.of(registry, type, attributes, excludedAttributes);
        return Response.ok(responses.list(result, t -> projection, ctx), ScimMediaType.SCIM_JSON_TYPE).build();
    }

    /** POST /{endpoint}/.search (RFC 7644 section 3.4.3): a list whose parameters travel in the body. */
    @POST
    @Path(".search")
    public Response search(@PathParam("endpoint") String endpoint, @Context UriInfo uri, @Context ContainerRequestContext request, @Context HttpHeaders headers,
                           InputStream body) {
        ResourceType type = type(endpoint);
        RequestContext ctx = baseUrl.of(uri, request);
        service.authorize(type, null, ctx, false); // before the body: a caller that may not read the type learns nothing else
        SearchRequests.Search search = SearchRequests.read(bodies.readObject(headers, body));
        ListResult result = service.list(type, search.request(), ctx);
        Projection projection = Projection.of(registry, type, search.attributes(), search.excludedAttributes());
        return Response.ok(responses.list(result, t -> projection, ctx), ScimMediaType.SCIM_JSON_TYPE).build();
    }

    @POST
    public Response create(@PathParam("endpoint") String endpoint, @Context UriInfo uri, @Context ContainerRequestContext request, @Context HttpHeaders headers,
                           @QueryParam("attributes") String attributes,
                           @QueryParam("excludedAttributes") String excludedAttributes,
                           InputStream body) {
        ResourceType type = type(endpoint);
        RequestContext ctx = baseUrl.of(uri, request);
        service.authorize(type, null, ctx, true);
        ResourceSnapshot created = service.create(type, bodies.readObject(headers, body), ctx);
        return single(Response.created(URI.create(ctx.location(type.endpoint(), created.id()))), created,
                Projection.of(registry, type, attributes, excludedAttributes), ctx);
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("endpoint") String endpoint, @PathParam("id") String id, @Context UriInfo uri, @Context ContainerRequestContext request,
                        @Context HttpHeaders headers,
                        @QueryParam("attributes") String attributes,
                        @QueryParam("excludedAttributes") String excludedAttributes) {
        ResourceType type = type(endpoint);
        RequestContext ctx = baseUrl.of(uri, request);
        ResourceSnapshot snapshot = service.get(type, id, ctx);
        if (Precondition.noneMatchHits(Precondition.parseTags(headers.getRequestHeader(HttpHeaders.IF_NONE_MATCH)), snapshot.version())) {
            return Response.notModified(entityTag(snapshot)).build();
        }
        return single(Response.ok(), snapshot, Projection.of(registry, type, attributes, excludedAttributes), ctx);
    }

    @PUT
    @Path("{id}")
    public Response replace(@PathParam("endpoint") String endpoint, @PathParam("id") String id, @Context UriInfo uri, @Context ContainerRequestContext request,
                            @Context HttpHeaders headers,
                            @QueryParam("attributes") String attributes,
                            @QueryParam("excludedAttributes") String excludedAttributes,
                            InputStream body) {
        ResourceType type = type(endpoint);
        RequestContext ctx = baseUrl.of(uri, request);
        service.authorize(type, id, ctx, true);
        ResourceSnapshot replaced = service.replace(type, id, bodies.readObject(headers, body), ifMatch(headers), ctx);
        return single(Response.ok(), replaced, Projection.of(registry, type, attributes, excludedAttributes), ctx);
    }

    /** PATCH (RFC 7644 section 3.5.2): 200 with the resource or 204, as {@link PatchAnswer} decides. */
    @PATCH
    @Path("{id}")
    public Response patch(@PathParam("endpoint") String endpoint, @PathParam("id") String id, @Context UriInfo uri, @Context ContainerRequestContext request,
                          @Context HttpHeaders headers,
                          @QueryParam("attributes") String attributes,
                          @QueryParam("excludedAttributes") String excludedAttributes,
                          InputStream body) {
        ResourceType type = type(endpoint);
        RequestContext ctx = baseUrl.of(uri, request);
        service.authorize(type, id, ctx, true);
        ResourceSnapshot patched = service.patch(type, id, bodies.readObject(headers, body), ifMatch(headers), ctx);
        if (!PatchAnswer.withBody(type, attributes, excludedAttributes)) {
            return Response.noContent().tag(entityTag(patched)).build();
        }
        return single(Response.ok(), patched, Projection.of(registry, type, attributes, excludedAttributes), ctx);
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("endpoint") String endpoint, @PathParam("id") String id, @Context UriInfo uri, @Context ContainerRequestContext request,
                           @Context HttpHeaders headers) {
        service.delete(type(endpoint), id, ifMatch(headers), baseUrl.of(uri, request));
        return Response.noContent().build();
    }

    private Response single(Response.ResponseBuilder b, ResourceSnapshot snapshot, Projection projection, RequestContext ctx) {
        return b.type(ScimMediaType.SCIM_JSON_TYPE)
                .tag(entityTag(snapshot))
                .location(URI.create(ctx.location(snapshot.type().endpoint(), snapshot.id())))
                .entity(responses.resource(snapshot, projection, ctx))
                .build();
    }

    private static EntityTag entityTag(ResourceSnapshot snapshot) {
        return new EntityTag(Long.toString(snapshot.version()), true);
    }

    private static Precondition ifMatch(HttpHeaders headers) {
        return new Precondition(Precondition.parseTags(headers.getRequestHeader(HttpHeaders.IF_MATCH)));
    }

    private ResourceType type(String endpoint) {
        ResourceType type = registry.resourceTypeByEndpoint(endpoint);
        if (type == null) {
            throw ScimException.notFound("No resource type is served at /" + endpoint + "; available: "
                    + registry.resourceTypes().stream().map(ResourceType::endpoint).collect(Collectors.joining(", ")) + ".");
        }
        return type;
    }

    /**
     * {@code startIndex} and {@code count} are clamped, never refused, when out of range (RFC 7644
     * section 3.4.2.4); only text that is not a number at all is an error.
     */
    private static Integer integer(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            long n = Long.parseLong(value.trim());
            return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, n));
        } catch (NumberFormatException e) {
            throw ScimException.invalidValue("Query parameter '" + name + "' must be an integer, not \"" + value + "\".");
        }
    }
}
