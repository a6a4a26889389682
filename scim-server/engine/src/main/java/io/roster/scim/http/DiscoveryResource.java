package io.roster.scim.http;

import io.roster.scim.error.ScimException;
import io.roster.scim.json.JsonSupport;
import io.roster.scim.schema.ResourceType;
import io.roster.scim.schema.Schema;
import io.roster.scim.schema.SchemaRegistry;
import io.roster.scim.schema.SchemaUrns;
import io.roster.scim.service.RequestContext;
import io.roster.scim.service.ServiceSettings;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;

/**
 * The discovery endpoints of RFC 7644 section 4, generated from the schema registry. They need no
 * authentication, and (RFC 7644 section 4) refuse filtering with 403. Each endpoint is its own root
 * resource with a fully literal path, so JAX-RS prefers it over the {@code scim/v2/{endpoint}} template.
 */
public final class DiscoveryResource {
    private final SchemaRegistry registry;
    private final BaseUrl baseUrl;
    private final ServiceSettings settings;
    private final long maxPayloadSize;

    public DiscoveryResource(SchemaRegistry registry, BaseUrl baseUrl, ServiceSettings settings, long maxPayloadSize) {
        this.registry = registry;
        this.baseUrl = baseUrl;
        this.settings = settings;
        this.maxPayloadSize = maxPayloadSize;
    }

    @Path("scim/v2/ServiceProviderConfig")
    public static final class ServiceProviderConfigEndpoint {
        private final DiscoveryResource discovery;

        public ServiceProviderConfigEndpoint(DiscoveryResource discovery) {
            this.discovery = discovery;
        }

        @GET
        public Response get(@Context UriInfo uri, @QueryParam("filter") String filter) {
            return discovery.serviceProviderConfig(uri, filter);
        }
    }

    @Path("scim/v2/Schemas")
    public static final class SchemasEndpoint {
        private final DiscoveryResource discovery;

        public SchemasEndpoint(DiscoveryResource discovery) {
            this.discovery = discovery;
        }

        @GET
        public Response list(@Context UriInfo uri, @QueryParam("filter") String filter) {
            return discovery.schemas(uri, filter);
        }

        @GET
        @Path("{id}")
        public Response get(@Context UriInfo uri, @PathParam("id") String id) {
            return discovery.schema(uri, id);
        }
    }

    @Path("scim/v2/ResourceTypes")
    public static final class ResourceTypesEndpoint {
        private final DiscoveryResource discovery;

        public ResourceTypesEndpoint(DiscoveryResource discovery) {
            this.discovery = discovery;
        }

        @GET
        public Response list(@Context UriInfo uri, @QueryParam("filter") String filter) {
            return discovery.resourceTypes(uri, filter);
        }

        @GET
        @Path("{name}")
        public Response get(@Context UriInfo uri, @PathParam("name") String name) {
            return discovery.resourceType(uri, name);
        }
    }

    Response serviceProviderConfig(UriInfo uri, String filter) {
        noFilter(filter);
        String location = baseUrl.of(uri).baseUrl() + "/ServiceProviderConfig";
        String json = ErrorResponses.JSONB.toJson(ServiceProviderConfig.of(registry, settings, maxPayloadSize, location));
        return Response.ok(json, ScimMediaType.SCIM_JSON_TYPE).build();
    }

    Response schemas(UriInfo uri, String filter) {
        noFilter(filter);
        RequestContext ctx = baseUrl.of(uri);
        List<JsonObject> all = registry.schemas().stream().map(s -> schema(s, ctx)).toList();
        return list(all);
    }

    Response schema(UriInfo uri, String id) {
        Schema s = registry.schema(id);
        if (s == null) {
            throw ScimException.notFound("No schema " + id + "; GET /Schemas lists them all.");
        }
        return Response.ok(JsonSupport.toText(schema(s, baseUrl.of(uri))), ScimMediaType.SCIM_JSON_TYPE).build();
    }

    Response resourceTypes(UriInfo uri, String filter) {
        noFilter(filter);
        RequestContext ctx = baseUrl.of(uri);
        return list(registry.resourceTypes().stream().map(t -> resourceType(t, ctx)).toList());
    }

    Response resourceType(UriInfo uri, String name) {
        ResourceType t = registry.resourceType(name);
        if (t == null) {
            throw ScimException.notFound("No resource type " + name + "; GET /ResourceTypes lists them all.");
        }
        return Response.ok(JsonSupport.toText(resourceType(t, baseUrl.of(uri))), ScimMediaType.SCIM_JSON_TYPE).build();
    }

    private static JsonObject schema(Schema s, RequestContext ctx) {
        return JsonSupport.object(s.toJson())
                .add("meta", JsonSupport.object().add("resourceType", "Schema").add("location", ctx.location("/Schemas", s.id())))
                .build();
    }

    private static JsonObject resourceType(ResourceType t, RequestContext ctx) {
        return JsonSupport.object(t.toJson())
                .add("meta", JsonSupport.object().add("resourceType", "ResourceType")
                        .add("location", ctx.location("/ResourceTypes", t.name())))
                .build();
    }

    private static Response list(List<JsonObject> resources) {
        JsonArrayBuilder arr = JsonSupport.array();
        resources.forEach(arr::add);
        JsonObject body = JsonSupport.object()
                .add("schemas", JsonSupport.array().add(SchemaUrns.LIST_RESPONSE))
                .add("totalResults", resources.size())
                .add("itemsPerPage", resources.size())
                .add("startIndex", 1)
                .add("Resources", arr)
                .build();
        return Response.ok(JsonSupport.toText(body), ScimMediaType.SCIM_JSON_TYPE).build();
    }

    private static void noFilter(String filter) {
        if (filter != null) {
            throw ScimException.forbidden("Discovery endpoints do not support filtering (RFC 7644 section 4).");
        }
    }
}
