package io.roster.scim.schema;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.util.List;

/**
 * A resource type (RFC 7643 section 6): its name (also its id), endpoint, core schema and extensions.
 * The endpoint is kept with its leading slash, as RFC 7643 writes it ("/Users").
 */
public record ResourceType(String name, String endpoint, String description, String schema,
                           List<SchemaExtension> schemaExtensions) {

    public ResourceType {
        schemaExtensions = List.copyOf(schemaExtensions);
        if (!endpoint.startsWith("/")) {
            throw new IllegalArgumentException("endpoint must start with '/': " + endpoint);
        }
    }

    /** The endpoint's path segment without the slash ("Users"). */
    public String endpointSegment() {
        return endpoint.substring(1);
    }

    public boolean hasExtension(String urn) {
        return schemaExtensions.stream().anyMatch(e -> e.schema().equalsIgnoreCase(urn));
    }

    public JsonObject toJson() {
        JsonArrayBuilder ext = Json.createArrayBuilder();
        for (SchemaExtension e : schemaExtensions) {
            ext.add(Json.createObjectBuilder().add("schema", e.schema()).add("required", e.required()));
        }
        return Json.createObjectBuilder()
                .add("schemas", Json.createArrayBuilder().add(SchemaUrns.RESOURCE_TYPE))
                .add("id", name)
                .add("name", name)
                .add("endpoint", endpoint)
                .add("description", description == null ? "" : description)
                .add("schema", schema)
                .add("schemaExtensions", ext)
                .build();
    }
}
