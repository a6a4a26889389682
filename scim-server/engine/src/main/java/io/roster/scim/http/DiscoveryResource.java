package io.roster.scim.http;

import io.roster.scim.error.ScimException;
import io.roster.scim.schema.ResourceType;
import io.roster.scim.schema.Schema;
import io.roster.scim.schema.SchemaRegistry;
import io.roster.scim.service.Precondition;
import io.roster.scim.service.ServiceSettings;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * The discovery endpoints of RFC 7644 section 4, served from {@link DiscoveryDocuments} (rendered once
 * at start from the frozen schema registry). They need no authentication, refuse filtering with 403
 * (section 4), answer {@code If-None-Match} with 304, and serve no method but GET ({@link DiscoveryMethods}).
 * Each endpoint is its own root resource with a fully literal path, so JAX-RS prefers it over the
 * {@code scim/v2/{endpoint}} template.
 */
public final class DiscoveryResource {
    private final SchemaRegistry registry;
    private final BaseUrl baseUrl;
    private final DiscoveryDocuments documents;

    public DiscoveryResource(SchemaRegistry registry, BaseUrl baseUrl, ServiceSettings settings, long maxPayloadSize) {
        this.registry = registry;
        this.baseUrl = baseUrl;
        this.documents = new DiscoveryDocuments(registry, settings, maxPayloadSize);
    }

    @Path("scim/v2/ServiceProviderConfig")
    public static final class ServiceProviderConfigEndpoint {
        private final DiscoveryResource discovery;

        public ServiceProviderConfigEndpoint(DiscoveryResource discovery) {
            this.discovery = discovery;
        }

        @GET
        public Response get(@Context UriInfo uri, @Context HttpHeaders headers, @QueryParam("filter") String filter) {
            noFilter(filter);
            return discovery.answer(headers, discovery.documents.serviceProviderConfig(discovery.base(uri)));
        }
    }

    @Path("scim/v2/Schemas")
    public static final class SchemasEndpoint {
        private final DiscoveryResource discovery;

        public SchemasEndpoint(DiscoveryResource discovery) {
            this.discovery = discovery;
        }

        @GET
        public Response list(@Context UriInfo uri, @Context HttpHeaders headers, @QueryParam("filter") String filter) {
            noFilter(filter);
            return discovery.answer(headers, discovery.documents.schemas(discovery.base(uri)));
        }

        @GET
        @Path("{id}")
        public Response get(@Context UriInfo uri, @Context HttpHeaders headers, @PathParam("id") String id) {
            Schema s = discovery.registry.schema(id);
            DiscoveryDocuments.Rendered doc = s == null ? null : discovery.documents.schema(s.id(), discovery.base(uri));
            if (doc == null) {
                throw ScimException.notFound("No schema " + id + "; GET /Schemas lists them all.");
            }
            return discovery.answer(headers, doc);
        }
    }

    @Path("scim/v2/ResourceTypes")
    public static final class ResourceTypesEndpoint {
        private final DiscoveryResource discovery;

        public ResourceTypesEndpoint(DiscoveryResource discovery) {
            this.discovery = discovery;
        }

        @GET
        public Response list(@Context UriInfo uri, @Context HttpHeaders headers, @QueryParam("filter") String filter) {
            noFilter(filter);
            return discovery.answer(headers, discovery.documents.resourceTypes(discovery.base(uri)));
        }

        @GET
        @Path("{name}")
        public Response get(@Context UriInfo uri, @Context HttpHeaders headers, @PathParam("name") String name) {
            ResourceType t = discovery.registry.resourceType(name);
            DiscoveryDocuments.Rendered doc = t == null ? null : discovery.documents.resourceType(t.name(), discovery.base(uri));
            if (doc == null) {
                throw ScimException.notFound("No resource type " + name + "; GET /ResourceTypes lists them all.");
            }
            return discovery.answer(headers, doc);
        }
    }

    private String base(UriInfo uri) {
        return baseUrl.of(uri).baseUrl();
    }

    /**
     * 200 with the document and its ETag, or 304 when If-None-Match names it (RFC 9110 section 13.1.2).
     * The header is read leniently, like the resource endpoints': a malformed tag matches nothing (Jersey's
     * own precondition parser throws on one, which would be a 500 for a client's typo).
     */
    private Response answer(HttpHeaders headers, DiscoveryDocuments.Rendered doc) {
        String opaque = doc.etag().substring(1, doc.etag().length() - 1);
        EntityTag tag = new EntityTag(opaque);
        if (Precondition.noneMatchHits(Precondition.parseTags(headers.getRequestHeader(HttpHeaders.IF_NONE_MATCH)), opaque)) {
            return Response.notModified(tag).build();
        }
        return Response.ok(doc.body(), ScimMediaType.SCIM_JSON_TYPE).tag(tag).build();
    }

    private static void noFilter(String filter) {
        if (filter != null) {
            throw ScimException.forbidden("Discovery endpoints do not support filtering (RFC 7644 section 4).");
        }
    }
}
