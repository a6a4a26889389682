package io.roster.scim.schema;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every schema and resource type the server knows. Built at start-up by a {@link Builder} (built-ins
 * first, then each plugin as it registers) and immutable from {@link Builder#build()} on: nothing can add
 * a schema once the server runs, so lookups need no locking and what the store, the planner and the
 * discovery documents were built from stays true. URNs and names are matched case-insensitively.
 */
public final class SchemaRegistry {
    private final Map<String, Schema> schemas;
    private final Map<String, ResourceType> resourceTypes;
    private final Map<String, ResourceType> byEndpoint;
    private final List<IndexedPath> indexedPaths;

    private SchemaRegistry(Builder b) {
        this.schemas = Collections.unmodifiableMap(new LinkedHashMap<>(b.schemas));
        this.resourceTypes = Collections.unmodifiableMap(new LinkedHashMap<>(b.resourceTypes));
        this.byEndpoint = Collections.unmodifiableMap(new LinkedHashMap<>(b.byEndpoint));
        this.indexedPaths = List.copyOf(b.indexedPaths);
    }

    /**
     * An attribute a plugin asked to have indexed (see {@code PluginContext.addIndex}): a resource type's
     * name and an attribute path, URN-qualified for an extension attribute. Resolved and checked by the
     * index catalogue when the store opens.
     */
    public record IndexedPath(String type, String path) {
    }

    /** The registry with RFC 7643's User, Group and enterprise User definitions, and Roster's ApiClient and Job. */
    public static SchemaRegistry withBuiltIns() {
        return builderWithBuiltIns().build();
    }

    /** A builder holding the built-ins, for plugins to add to. */
    public static Builder builderWithBuiltIns() {
        Builder r = new Builder();
        SchemaLoader.schemasFromResource(SchemaRegistry.class, "core-user.json").forEach(r::addSchema);
        SchemaLoader.schemasFromResource(SchemaRegistry.class, "core-group.json").forEach(r::addSchema);
        SchemaLoader.schemasFromResource(SchemaRegistry.class, "enterprise-user.json").forEach(r::addSchema);
        SchemaLoader.schemasFromResource(SchemaRegistry.class, "api-client.json").forEach(r::addSchema);
        SchemaLoader.schemasFromResource(SchemaRegistry.class, "job.json").forEach(r::addSchema);
        SchemaLoader.resourceTypesFromResource(SchemaRegistry.class, "resource-types.json").forEach(r::addResourceType);
        return r;
    }

    /** An empty builder (tests build small registries of their own). */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects schemas, resource types and extensions; {@link #build()} freezes them into a registry. */
    public static final class Builder {
        private final Map<String, Schema> schemas = new LinkedHashMap<>();
        private final Map<String, ResourceType> resourceTypes = new LinkedHashMap<>();
        private final Map<String, ResourceType> byEndpoint = new LinkedHashMap<>();
        private final List<IndexedPath> indexedPaths = new ArrayList<>();
        private boolean built;

        private Builder() {
        }

        /** The immutable registry; the builder cannot be used afterwards. */
        public SchemaRegistry build() {
            open();
            built = true;
            return new SchemaRegistry(this);
        }

        private void open() {
            if (built) {
                throw new IllegalStateException("the schema registry is frozen: schemas are registered only at start, by plugins as they register");
            }
        }

        /** A resource type registered so far, or null. */
        public ResourceType resourceType(String name) {
            return name == null ? null : resourceTypes.get(key(name));
        }

        public Schema schema(String urn) {
            return urn == null ? null : schemas.get(key(urn));
        }

        /**
         * Adds a schema. A schema whose id is already registered is merged into it: its attributes are added
         * to the existing ones. That is how several plugins each contribute their attributes to one shared
         * extension (Roster's User and Group extensions); an attribute defined twice is an error.
         */
        public Builder addSchema(Schema schema) {
            open();
            String key = key(schema.id());
            Schema old = schemas.get(key);
            if (old == null) {
                schemas.put(key, schema);
                return this;
            }
            List<AttributeDefinition> merged = new ArrayList<>(old.attributes());
            for (AttributeDefinition a : schema.attributes()) {
                if (old.attribute(a.name()) != null) {
                    throw new IllegalStateException("schema " + schema.id() + " defines the attribute " + a.name() + " twice");
                }
                merged.add(a);
            }
            String description = old.description() == null || old.description().isBlank() ? schema.description() : old.description();
            schemas.put(key, new Schema(old.id(), old.name() == null || old.name().isBlank() ? schema.name() : old.name(),
                    description, merged));
            return this;
        }

        public Builder addResourceType(ResourceType type) {
            open();
            requireSchema(type.schema(), type.name());
            type.schemaExtensions().forEach(e -> requireSchema(e.schema(), type.name()));
            if (resourceTypes.containsKey(key(type.name())) || byEndpoint.containsKey(key(type.endpointSegment()))) {
                throw new IllegalStateException("resource type " + type.name() + " (" + type.endpoint() + ") is registered twice");
            }
            resourceTypes.put(key(type.name()), type);
            byEndpoint.put(key(type.endpointSegment()), type);
            return this;
        }

        /** Attaches an extension schema to an existing resource type (how plugins extend User and Group). */
        public Builder addExtension(String resourceTypeName, SchemaExtension extension) {
            open();
            ResourceType old = resourceType(resourceTypeName);
            if (old == null) {
                throw new IllegalStateException("no resource type " + resourceTypeName + " to extend");
            }
            requireSchema(extension.schema(), resourceTypeName);
            List<SchemaExtension> ext = new ArrayList<>(old.schemaExtensions());
            for (int i = 0; i < ext.size(); i++) {
                SchemaExtension e = ext.get(i);
                if (e.schema().equalsIgnoreCase(extension.schema())) { // attached already (a shared extension): required if either says so
                    ext.set(i, new SchemaExtension(e.schema(), e.required() || extension.required()));
                    extension = null;
                    break;
                }
            }
            if (extension != null) {
                ext.add(extension);
            }
            ResourceType updated = new ResourceType(old.name(), old.endpoint(), old.description(), old.schema(), ext);
            resourceTypes.put(key(old.name()), updated);
            byEndpoint.put(key(old.endpointSegment()), updated);
            return this;
        }

        /** Asks for an index on an attribute path of a resource type (checked when the catalogue is made). */
        public Builder addIndex(String resourceTypeName, String path) {
            open();
            if (resourceType(resourceTypeName) == null) {
                throw new IllegalStateException("no resource type " + resourceTypeName + " to index " + path + " of");
            }
            IndexedPath p = new IndexedPath(resourceType(resourceTypeName).name(), path);
            if (!indexedPaths.contains(p)) {
                indexedPaths.add(p);
            }
            return this;
        }

        private void requireSchema(String urn, String owner) {
            if (schema(urn) == null) {
                throw new IllegalStateException(owner + " refers to schema " + urn + ", which is not registered");
            }
        }
    }

    public Schema schema(String urn) {
        return urn == null ? null : schemas.get(key(urn));
    }

    /** The attribute paths plugins asked to have indexed, in the order they asked. */
    public List<IndexedPath> indexedPaths() {
        return indexedPaths;
    }

    public Collection<Schema> schemas() {
        return Collections.unmodifiableCollection(schemas.values());
    }

    public ResourceType resourceType(String name) {
        return name == null ? null : resourceTypes.get(key(name));
    }

    /** By endpoint segment, with or without the leading slash. Endpoint paths are matched case-insensitively. */
    public ResourceType resourceTypeByEndpoint(String endpoint) {
        if (endpoint == null) {
            return null;
        }
        return byEndpoint.get(key(endpoint.startsWith("/") ? endpoint.substring(1) : endpoint));
    }

    public Collection<ResourceType> resourceTypes() {
        return Collections.unmodifiableCollection(resourceTypes.values());
    }

    public Schema coreSchema(ResourceType type) {
        return schema(type.schema());
    }

    /** The core schema first, then each extension in declaration order. */
    public List<Schema> schemasOf(ResourceType type) {
        List<Schema> out = new ArrayList<>();
        out.add(schema(type.schema()));
        type.schemaExtensions().forEach(e -> out.add(schema(e.schema())));
        return out;
    }

    private static String key(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
