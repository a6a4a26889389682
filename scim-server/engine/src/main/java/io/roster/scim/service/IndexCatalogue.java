package io.roster.scim.service;

import io.roster.scim.schema.AttributeDefinition;
import io.roster.scim.schema.AttributeResolver;
import io.roster.scim.schema.AttributeType;
import io.roster.scim.schema.CommonAttributes;
import io.roster.scim.schema.ResourceType;
import io.roster.scim.schema.Schema;
import io.roster.scim.schema.SchemaRegistry;
import io.roster.scim.schema.Uniqueness;
import io.roster.scim.spi.ResourceTypeNames;
import io.roster.scim.store.IndexDefinition;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The index catalogue: which indexes the store keeps for the registered resource types, derived from
 * the schemas. The store is opened with it, and the query planner plans over it; nothing else decides
 * what is indexed.
 */
public final class IndexCatalogue {
    private IndexCatalogue() {
    }

    /**
     * The indexes the store must maintain: one unique index per single-valued attribute the schemas
     * mark {@code uniqueness: server|global} (userName; Roster also marks Group displayName), a
     * non-unique one on {@code externalId} per resource type (RFC 7643 section 3.1: the value is the
     * provisioning client's and "the server does not enforce uniqueness"; indexed because IdPs match
     * by it), and non-unique ones on the other attributes clients look up or sort by
     * ({@link #SECONDARY_INDEXES}, and {@link #TYPE_INDEXES} for their type) where the type has them. Case-insensitive unless the attribute is
     * caseExact.
     */
    public static List<IndexDefinition> of(SchemaRegistry registry) {
        List<IndexDefinition> out = new ArrayList<>();
        for (ResourceType type : registry.resourceTypes()) {
            out.add(new IndexDefinition(type.name(), "externalId", false, CommonAttributes.EXTERNAL_ID.caseExact(),
                    attrs -> stringValue(attrs, "externalId")));
            Schema core = registry.coreSchema(type);
            Set<String> indexed = new HashSet<>(List.of("externalId"));
            for (AttributeDefinition def : core.attributes()) {
                if (def.uniqueness() != Uniqueness.NONE && !def.multiValued() && def.type() == AttributeType.STRING) {
                    String name = def.name();
                    out.add(new IndexDefinition(type.name(), name, true, def.caseExact(), attrs -> stringValue(attrs, name)));
                    indexed.add(name);
                }
            }
            List<String> secondary = new ArrayList<>(SECONDARY_INDEXES);
            secondary.addAll(TYPE_INDEXES.getOrDefault(type.name(), List.of()));
            for (String path : secondary) {
                int dot = path.indexOf('.');
                AttributeDefinition def = core.attribute(dot < 0 ? path : path.substring(0, dot));
                if (def == null || indexed.contains(def.name())) {
                    continue;
                }
                if (dot < 0 && !def.multiValued() && def.type() == AttributeType.STRING) {
                    String name = def.name();
                    out.add(new IndexDefinition(type.name(), name, false, def.caseExact(), attrs -> stringValue(attrs, name)));
                } else if (dot > 0 && def.multiValued() && def.subAttribute(path.substring(dot + 1)) != null
                        && def.subAttribute(path.substring(dot + 1)).type() == AttributeType.STRING) {
                    AttributeDefinition sub = def.subAttribute(path.substring(dot + 1));
                    String name = def.name();
                    String subName = sub.name();
                    out.add(new IndexDefinition(type.name(), name + "." + subName, false, sub.caseExact(), true,
                            attrs -> subValues(attrs, name, subName)));
                }
            }
        }
        for (SchemaRegistry.IndexedPath p : registry.indexedPaths()) {
            IndexDefinition def = declared(registry, p);
            if (out.stream().noneMatch(d -> d.type().equals(def.type()) && d.name().equalsIgnoreCase(def.name()))) {
                out.add(def);
            }
        }
        return out;
    }

    /**
     * The index a plugin declared (PluginContext.addIndex): a string attribute, or a string sub-attribute
     * of a complex one (single- or multi-valued), of the core schema or of an extension. Its name is the
     * canonical path, URN-qualified for an extension ({@code "principal.value"},
     * {@code "urn:...:User:appRoleAssignments.application"}), which is how the query planner looks it up.
     *
     * @throws IllegalStateException naming the path when it names no such attribute: the start stops
     */
    private static IndexDefinition declared(SchemaRegistry registry, SchemaRegistry.IndexedPath p) {
        ResourceType type = registry.resourceType(p.type());
        String[] split = AttributeResolver.splitUrn(p.path());
        String urn = split[0];
        String rest = split[1];
        int dot = rest.indexOf('.');
        String attrName = dot < 0 ? rest : rest.substring(0, dot);
        String subName = dot < 0 ? null : rest.substring(dot + 1);
        AttributeResolver.Resolved r = new AttributeResolver(registry).resolve(type, urn, attrName);
        AttributeDefinition def = r == null ? null : r.definition();
        AttributeDefinition leaf = def == null ? null : subName == null ? def : def.isComplex() ? def.subAttribute(subName) : null;
        if (leaf == null || leaf.type() != AttributeType.STRING || leaf.multiValued() || (subName == null && def.multiValued())) {
            throw new IllegalStateException("cannot index " + p.path() + " of " + p.type() + ": it must name a single-valued string "
                    + "attribute or a string sub-attribute of a complex attribute");
        }
        String container = r.extension() ? r.schema().id() : null;
        String name = def.name();
        String sub = subName == null ? null : leaf.name();
        String indexName = (container == null ? "" : container + ":") + name + (sub == null ? "" : "." + sub);
        return new IndexDefinition(type.name(), indexName, false, leaf.caseExact(), def.multiValued(),
                attrs -> declaredValues(container == null ? attrs : attrs.get(container) instanceof JsonObject o ? o : null, name, sub));
    }

    private static List<String> declaredValues(JsonObject attrs, String name, String sub) {
        if (attrs == null) {
            return List.of();
        }
        if (sub == null) {
            return stringValue(attrs, name);
        }
        if (attrs.get(name) instanceof JsonObject single) {
            return stringValue(single, sub);
        }
        return subValues(attrs, name, sub);
    }

    /** Non-unique indexes kept where a type's core schema has the attribute: lookups and sorting by them avoid scans. */
    public static final List<String> SECONDARY_INDEXES = List.of("displayName", "emails.value");

    /**
     * Non-unique indexes kept on one type only: a Job's {@code key} and {@code state}, which clients poll
     * by ({@code key eq "<group id>"}), and its {@code plugin} and {@code kind}, which they list by.
     */
    public static final Map<String, List<String>> TYPE_INDEXES = Map.of(ResourceTypeNames.JOB, List.of("plugin", "kind", "key", "state"));

    private static List<String> subValues(JsonObject attrs, String name, String sub) {
        JsonValue v = attrs.get(name);
        if (!(v instanceof JsonArray arr)) {
            return List.of();
        }
        List<String> out = new ArrayList<>(arr.size());
        for (JsonValue item : arr) {
            if (item instanceof JsonObject o && o.get(sub) instanceof JsonString s) {
                out.add(s.getString());
            }
        }
        return out;
    }

    private static List<String> stringValue(JsonObject attrs, String name) {
        JsonValue v = attrs.get(name);
        return v instanceof JsonString s ? List.of(s.getString()) : List.of();
    }
}
