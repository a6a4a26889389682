package io.roster.scim.http;

import io.roster.scim.schema.SchemaUrns;
import io.roster.scim.service.ResourceService;
import io.roster.scim.service.ServiceSettings;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;

/**
 * The service provider configuration of RFC 7643 section 5, as JSON-B records. Every flag states what
 * this build really does; a feature that does not work yet says {@code supported: false}.
 */
@JsonbPropertyOrder({"schemas", "documentationUri", "patch", "bulk", "filter", "changePassword", "sort", "etag",
        "pagination", "authenticationSchemes", "meta"})
public record ServiceProviderConfig(List<String> schemas, String documentationUri, Supported patch, Bulk bulk,
                                    Filter filter, Supported changePassword, Supported sort, Supported etag,
                                    Pagination pagination, List<AuthenticationScheme> authenticationSchemes, Meta meta) {

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

    @JsonbPropertyOrder({"resourceType", "location"})
    public record Meta(String resourceType, String location) {
    }

    static ServiceProviderConfig of(ServiceSettings settings, long maxPayloadSize, String location) {
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
                new Meta("ServiceProviderConfig", location));
    }
}
