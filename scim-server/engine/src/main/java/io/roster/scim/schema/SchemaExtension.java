package io.roster.scim.schema;

/** An extension schema attached to a resource type (RFC 7643 section 6, "schemaExtensions"). */
public record SchemaExtension(String schema, boolean required) {
}
