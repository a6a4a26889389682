package io.roster.scim.http;

import io.roster.scim.schema.AttributeDefinition;
import io.roster.scim.schema.SchemaUrns;
import io.roster.scim.service.ResourceService;
import io.roster.scim.service.ServiceSettings;
import io.roster.scim.schema.ResourceType;
import io.roster.scim.schema.SchemaRegistry;
import io.roster.scim.spi.ResourceTypeNames;
import io.roster.scim.spi.RosterUrns;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;

/**
 * The service provider configuration of RFC 7643 section 5, as JSON-B records. Every flag states what
 * this build really does; a feature that does not work yet says {@code supported: false}.
 */
@JsonbPropertyOrder({"schemas", "documentationUri", "patch", "bulk", "filter", "changePassword", "sort", "etag",
        "pagination", "authenticationSchemes", "rolesAndEntitlements", "roster", "meta"})
public record ServiceProviderConfig(List<String> schemas, String documentationUri, Supported patch, Bulk bulk,
                                    Filter filter, Supported changePassword, Supported sort, Supported etag,
                                    Pagination pagination, List<AuthenticationScheme> authenticationSchemes,
                                    @JsonbProperty("RolesAndEntitlements") RolesAndEntitlements rolesAndEntitlements,
                                    @JsonbProperty(ROSTER_EXTENSION) RosterLimits roster,
                                    Meta meta) {

    /**
     * Roster's limits that RFC 7643 section 5 has no field for, in an extension object under its own URN
     * (listed in {@code schemas}, RFC 7643 section 3), so the RFC fields keep their meaning.
     */
    public static final String ROSTER_EXTENSION = RosterUrns.SERVICE_PROVIDER_CONFIG_EXTENSION;

    /** @param maxValuesPerAttribute the most values one multi-valued attribute of a resource may hold (Group members excepted) */
    public record RosterLimits(int maxValuesPerAttribute) {
    }

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
     * draft-ietf-scim-roles-entitlements section 3.1: whether roles and entitlements are published as
     * resources, and how the User's {@code roles} and {@code entitlements} attributes behave. Derived from
     * the registry (a resource type whose core schema is the draft's Role or Entitlement schema; the User
     * schema's definitions), so the plugin that registers such a type switches it on; absent when neither
     * is. {@code resourceType} and {@code endpoint} are Roster's additions: Roster publishes entitlements as
     * {@code /Licenses}, the draft's own example, rather than {@code /Entitlements}.
     */
    @JsonbPropertyOrder({"roles", "entitlements"})
    public record RolesAndEntitlements(Roles roles, Entitlements entitlements) {
    }

    @JsonbPropertyOrder({"supported", "multipleRolesSupported", "primarySupported", "typeSupported", "resourceType", "endpoint"})
    public record Roles(boolean supported, boolean multipleRolesSupported, boolean primarySupported, boolean typeSupported,
                        String resourceType, String endpoint) {
    }

    @JsonbPropertyOrder({"supported", "multipleEntitlementsSupported", "primarySupported", "typeSupported", "resourceType",
            "endpoint"})
    public record Entitlements(boolean supported, boolean multipleEntitlementsSupported, boolean primarySupported,
                               boolean typeSupported, String resourceType, String endpoint) {
    }

    static final String ROLE_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Role";
    static final String ENTITLEMENT_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Entitlement";

    static RolesAndEntitlements rolesAndEntitlements(SchemaRegistry registry) {
        ResourceType roles = publishing(registry, ROLE_SCHEMA);
        ResourceType entitlements = publishing(registry, ENTITLEMENT_SCHEMA);
        if (roles == null && entitlements == null) {
            return null;
        }
        AttributeDefinition userRoles = userAttribute(registry, "roles");
        AttributeDefinition userEntitlements = userAttribute(registry, "entitlements");
        return new RolesAndEntitlements(
                new Roles(roles != null, multiValued(userRoles), hasSub(userRoles, "primary"), hasSub(userRoles, "type"),
                        roles == null ? null : roles.name(), roles == null ? null : roles.endpoint()),
                new Entitlements(entitlements != null, multiValued(userEntitlements), hasSub(userEntitlements, "primary"),
                        hasSub(userEntitlements, "type"), entitlements == null ? null : entitlements.name(),
                        entitlements == null ? null : entitlements.endpoint()));
    }

    private static ResourceType publishing(SchemaRegistry registry, String schema) {
        for (ResourceType t : registry.resourceTypes()) {
            if (schema.equals(t.schema())) {
                return t;
            }
        }
        return null;
    }

    private static AttributeDefinition userAttribute(SchemaRegistry registry, String name) {
        ResourceType user = registry.resourceType(ResourceTypeNames.USER);
        return user == null ? null : registry.coreSchema(user).attribute(name);
    }

    private static boolean multiValued(AttributeDefinition a) {
        return a != null && a.multiValued();
    }

    private static boolean hasSub(AttributeDefinition a, String name) {
        return a != null && a.subAttributes().stream().anyMatch(s -> s.name().equalsIgnoreCase(name));
    }

    @JsonbPropertyOrder({"resourceType", "location"})
    public record Meta(String resourceType, String location) {
    }

    static ServiceProviderConfig of(SchemaRegistry registry, ServiceSettings settings, long maxPayloadSize, String location) {
        int maxResults = settings.maxResults();
        return new ServiceProviderConfig(
                List.of(SchemaUrns.SERVICE_PROVIDER_CONFIG, ROSTER_EXTENSION),
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
                new RosterLimits(settings.maxValuesPerAttribute()),
                new Meta("ServiceProviderConfig", location));
    }
}
