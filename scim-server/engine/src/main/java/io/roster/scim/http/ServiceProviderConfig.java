package io.roster.scim.http;

import io.roster.scim.schema.SchemaUrns;
import io.roster.scim.service.ResourceService;
import io.roster.scim.service.ServiceSettings;
import io.roster.scim.schema.ResourceType;
import io.roster.scim.schema.SchemaRegistry;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;

/**
 * The service provider configuration of RFC 7643 section 5, as JSON-B records. Every flag states what
 * this build really does; a feature that does not work yet says {@code supported: false}.
 */
@JsonbPropertyOrder({"schemas", "documentationUri", "patch", "bulk", "filter", "changePassword", "sort", "etag",
        "pagination", "authenticationSchemes", "rolesAndEntitlements", "meta"})
public record ServiceProviderConfig(List<String> schemas, String documentationUri, Supported patch, Bulk bulk,
                                    Filter filter, Supported changePassword, Supported sort, Supported etag,
                                    Pagination pagination, List<AuthenticationScheme> authenticationSchemes,
                                    @JsonbProperty("RolesAndEntitlements") RolesAndEntitlements rolesAndEntitlements,
                                    Meta meta) {

    public record Supported(boolean supported) {
    }

    @JsonbPropertyOrder({"supported", "maxOperations", "maxPayloadSize"})
    public record Bulk(boolean supported, int maxOperations, long maxPayloadSize) {
    }

    @JsonbPropertyOrder({"supported", "maxResults"})
    public record Filter(boolean supported, int maxResults) {
    }

    /** RFC 9865 section 4: both paging methods, index by default (what existing clients expect). */
    @JsonbPropertyOrder({"cursor", "index", "defaultPaginationMethod", "defaultPageSize", "maxPageSize", "cursorTimeout"})
    public record Pagination(boolean cursor, boolean index, String defaultPaginationMethod, int defaultPageSize,
                             int maxPageSize, long cursorTimeout) {
    }

    @JsonbPropertyOrder({"type", "name", "description", "specUri", "documentationUri", "primary"})
    public record AuthenticationScheme(String type, String name, String description, String specUri,
                                       String documentationUri, boolean primary) {
    }

    /**
     * draft-ietf-scim-roles-entitlements: whether roles and entitlements are published as resources, and
     * where. Derived from the registry (a resource type whose core schema is the draft's Role or
     * Entitlement schema), so the plugin that registers such a type switches it on; absent when neither is.
     */
    @JsonbPropertyOrder({"roles", "entitlements"})
    public record RolesAndEntitlements(Published roles, Published entitlements) {
    }

    @JsonbPropertyOrder({"supported", "resourceType", "endpoint"})
    public record Published(boolean supported, String resourceType, String endpoint) {
    }

    static final String ROLE_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Role";
    static final String ENTITLEMENT_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Entitlement";

    static RolesAndEntitlements rolesAndEntitlements(SchemaRegistry registry) {
        Published roles = published(registry, ROLE_SCHEMA);
        Published entitlements = published(registry, ENTITLEMENT_SCHEMA);
        return roles.supported() || entitlements.supported() ? new RolesAndEntitlements(roles, entitlements) : null;
    }

    private static Published published(SchemaRegistry registry, String schema) {
        for (ResourceType t : registry.resourceTypes()) {
            if (schema.equals(t.schema())) {
                return new Published(true, t.name(), t.endpoint());
            }
        }
        return new Published(false, null, null);
    }

    @JsonbPropertyOrder({"resourceType", "location"})
    public record Meta(String resourceType, String location) {
    }

    static ServiceProviderConfig of(SchemaRegistry registry, ServiceSettings settings, long maxPayloadSize, String location) {
        int maxResults = settings.maxResults();
        return new ServiceProviderConfig(
                List.of(SchemaUrns.SERVICE_PROVIDER_CONFIG),
                null,
                new Supported(true),
                new Bulk(true, io.roster.scim.service.BulkService.MAX_OPERATIONS, maxPayloadSize),
                new Filter(true, maxResults),
                new Supported(true),
                new Supported(true),
                new Supported(true),
                new Pagination(true, true, "index", settings.defaultCount(), maxResults, ResourceService.CURSOR_TIMEOUT_SECONDS),
                List.of(new AuthenticationScheme("oauthbearertoken", "OAuth Bearer Token",
                        "Send 'Authorization: Bearer <token>'. The administrator token is set with ROSTER_ADMIN_TOKEN "
                                + "or generated and printed once at first start.",
                        "https://www.rfc-editor.org/info/rfc6750", null, true)),
                rolesAndEntitlements(registry),
                new Meta("ServiceProviderConfig", location));
    }
}
