package io.roster.scim.schema;

/**
 * Finds the definition behind an attribute name as clients write it: case-insensitive (RFC 7643
 * section 2.1), unqualified names searched in the common attributes, the core schema, then each
 * extension; URN-qualified names only in the named schema.
 */
public final class AttributeResolver {
    private final SchemaRegistry registry;

    public AttributeResolver(SchemaRegistry registry) {
        this.registry = registry;
    }

    /**
     * Where an attribute lives. {@code schema} is null for the common attributes (id, externalId, meta);
     * {@code extension} tells whether its values sit in the URN-keyed extension object.
     */
    public record Resolved(Schema schema, AttributeDefinition definition, boolean extension) {
        /** The key under which the value sits in a resource: the URN for extensions, else null (top level). */
        public String container() {
            return extension ? schema.id() : null;
        }
    }

    /** Null when the resource type has no such attribute. */
    public Resolved resolve(ResourceType type, String schemaUrn, String name) {
        if (schemaUrn != null) {
            Schema schema = registry.schema(schemaUrn);
            if (schema == null) {
                return null;
            }
            boolean core = schema.id().equalsIgnoreCase(type.schema());
            if (!core && !type.hasExtension(schema.id())) {
                return null;
            }
            AttributeDefinition def = schema.attribute(name);
            return def == null ? null : new Resolved(schema, def, !core);
        }
        AttributeDefinition common = CommonAttributes.find(name);
        if (common != null) {
            return new Resolved(null, common, false);
        }
        Schema core = registry.schema(type.schema());
        AttributeDefinition def = core.attribute(name);
        if (def != null) {
            return new Resolved(core, def, false);
        }
        for (SchemaExtension ext : type.schemaExtensions()) {
            Schema schema = registry.schema(ext.schema());
            def = schema.attribute(name);
            if (def != null) {
                return new Resolved(schema, def, true);
            }
        }
        return null;
    }

    /**
     * Splits a possibly URN-qualified name ("urn:...:User:manager.value") into URN and the rest. The URN
     * is everything before the last ':' that precedes the attribute; returns {null, name} when unqualified.
     */
    public static String[] splitUrn(String name) {
        if (!name.regionMatches(true, 0, "urn:", 0, 4)) {
            return new String[] {null, name};
        }
        int dot = name.indexOf('.', name.lastIndexOf(':'));
        String head = dot < 0 ? name : name.substring(0, dot);
        int colon = head.lastIndexOf(':');
        return new String[] {name.substring(0, colon), name.substring(colon + 1)};
    }
}
