package io.roster.scim.service;

import io.roster.scim.error.ScimException;
import io.roster.scim.schema.AttributeDefinition;
import io.roster.scim.schema.Mutability;
import io.roster.scim.schema.ResourceType;
import io.roster.scim.schema.Schema;
import io.roster.scim.schema.SchemaExtension;
import io.roster.scim.schema.SchemaRegistry;
import io.roster.scim.spi.ResourceTypeNames;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Locale;

/**
 * The most values one multi-valued attribute of a resource may hold ({@link ServiceSettings#maxValuesPerAttribute},
 * advertised in {@code /ServiceProviderConfig}). A resource is one record, read, rewritten, journaled and
 * sent whole on every change, so an unbounded {@code emails} would make every write to that user, and
 * every read of it, grow without end. RFC 7644 leaves such limits to the provider.
 *
 * <p>Checked on every client write (POST, PUT, PATCH, and each of them inside Bulk) after normalisation,
 * on client-writable attributes and on the multi-valued sub-attributes of complex ones. A Group's
 * {@code members} are index entries, never part of the record, and are not counted: the PATCH operation
 * limit and the body size bound them. Only growth beyond the limit is refused: a write that leaves an
 * attribute no larger than it was (data stored under a higher limit) goes through.
 */
final class ValueLimit {
    private final SchemaRegistry registry;
    private final int max;

    ValueLimit(SchemaRegistry registry, int max) {
        this.registry = registry;
        this.max = max;
    }

    /**
     * @param attrs  the normalised attributes about to be stored
     * @param before the attributes stored now, or null for a new resource
     * @throws ScimException 400 invalidValue naming the attribute and the limit
     */
    void check(ResourceType type, JsonObject attrs, JsonObject before) {
        JsonObject old = before == null ? JsonValue.EMPTY_JSON_OBJECT : before;
        boolean group = ResourceTypeNames.GROUP.equals(type.name());
        check(type, registry.coreSchema(type), attrs, old, "", group);
        for (SchemaExtension ext : type.schemaExtensions()) {
            Schema schema = registry.schema(ext.schema());
            check(type, schema, object(attrs.get(schema.id())), object(old.get(schema.id())), schema.id() + ":", false);
        }
    }

    private void check(ResourceType type, Schema schema, JsonObject attrs, JsonObject before, String prefix, boolean group) {
        for (AttributeDefinition def : schema.attributes()) {
            if (def.mutability() == Mutability.READ_ONLY || (group && def.name().equals("members"))) {
                continue; // readOnly: the server's own values; members: index entries (see above)
            }
            JsonValue now = attrs.get(def.name());
            if (now == null) {
                continue;
            }
            JsonValue was = before.get(def.name());
            if (def.multiValued()) {
                refuseGrowth(type, prefix + def.name(), size(now), size(was));
            }
            if (def.isComplex()) {
                for (AttributeDefinition sub : def.subAttributes()) {
                    if (sub.multiValued() && sub.mutability() != Mutability.READ_ONLY) {
                        refuseGrowth(type, prefix + def.name() + "." + sub.name(), largest(now, sub), largest(was, sub));
                    }
                }
            }
        }
    }

    private void refuseGrowth(ResourceType type, String attribute, int now, int was) {
        if (now > max && now > was) {
            throw ScimException.invalidValue(String.format(Locale.ROOT, "Attribute '%s' would hold %,d values; a %s may hold at most "
                    + "%,d values in one multi-valued attribute (maxValuesPerAttribute in /ServiceProviderConfig).",
                    attribute, now, type.name(), max));
        }
    }

    private static int size(JsonValue v) {
        return v instanceof JsonArray a ? a.size() : v == null ? 0 : 1;
    }

    /** The most values {@code sub} has in any one element of a complex attribute's value(s). */
    private static int largest(JsonValue value, AttributeDefinition sub) {
        if (value == null) {
            return 0;
        }
        int most = 0;
        for (JsonValue element : value instanceof JsonArray a ? a : List.of(value)) {
            if (element instanceof JsonObject o) {
                most = Math.max(most, size(o.get(sub.name())));
            }
        }
        return most;
    }

    private static JsonObject object(JsonValue v) {
        return v instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT;
    }
}
