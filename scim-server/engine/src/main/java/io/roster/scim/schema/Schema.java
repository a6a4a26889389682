package io.roster.scim.schema;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.util.List;

/** A schema (RFC 7643 section 7): a URN and its attributes. */
public record Schema(String id, String name, String description, List<AttributeDefinition> attributes) {

    public Schema {
        attributes = List.copyOf(attributes);
    }

    /** Case-insensitive lookup (RFC 7643 section 2.1); null when absent. */
    public AttributeDefinition attribute(String attributeName) {
        for (AttributeDefinition a : attributes) {
            if (a.name().equalsIgnoreCase(attributeName)) {
                return a;
            }
        }
        return null;
    }

    /** The schema's own representation without {@code meta}; the discovery endpoint adds that. */
    public JsonObject toJson() {
        JsonArrayBuilder attrs = Json.createArrayBuilder();
        attributes.forEach(a -> attrs.add(a.toJson()));
        return Json.createObjectBuilder()
                .add("schemas", Json.createArrayBuilder().add(SchemaUrns.SCHEMA))
                .add("id", id)
                .add("name", name == null ? "" : name)
                .add("description", description == null ? "" : description)
                .add("attributes", attrs)
                .build();
    }
}
