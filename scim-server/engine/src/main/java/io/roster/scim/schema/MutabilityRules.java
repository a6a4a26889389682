package io.roster.scim.schema;

import io.roster.scim.error.ScimException;
import io.roster.scim.json.JsonSupport;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The mutability and required rules of RFC 7643 section 2.2 and section 7, as every write applies them:
 * what a PATCH may target and remove (RFC 7644 section 3.5.2), and, for the normaliser, which stored
 * values a POST, PUT or PATCH result keeps and which attributes it must hold.
 */
public final class MutabilityRules {
    private MutabilityRules() {
    }

    /**
     * A PATCH may not add, replace or remove a readOnly attribute or sub-attribute (RFC 7644 section
     * 3.5.2: "mutability"); {@code name} names the target in the error (built only then: a PATCH checks
     * every operation), {@code op} the operation.
     */
    public static void checkWritable(AttributeDefinition def, AttributeDefinition sub, Supplier<String> name, String op) {
        if (def.mutability() == Mutability.READ_ONLY || (sub != null && sub.mutability() == Mutability.READ_ONLY)) {
            throw ScimException.mutability("'" + name.get() + "' is readOnly: the server maintains it, clients cannot " + op + " it.");
        }
    }

    /**
     * RFC 7644 section 3.5.2.2: unassigning a required attribute, or changing a set immutable one, is
     * mutability.
     *
     * @param set       whether the target has a value now (removing nothing is never an error)
     * @param unassigns whether the removal leaves the attribute without any value
     */
    public static void checkRemovable(AttributeDefinition def, AttributeDefinition sub, Supplier<String> name, boolean set,
                                      boolean unassigns) {
        if (!set) {
            return;
        }
        if (def.mutability() == Mutability.IMMUTABLE || (sub != null && sub.mutability() == Mutability.IMMUTABLE)) {
            throw ScimException.mutability("'" + name.get() + "' is immutable: once set it cannot be removed.");
        }
        if (unassigns && def.required()) {
            throw ScimException.mutability("'" + def.name() + "' is required, so it cannot be removed; replace it instead.");
        }
    }

    /**
     * The values of one schema's attributes a write stores, from what was sent and what was stored
     * before ({@code before}, empty on create), by mutability: readOnly attributes keep the server's
     * value (client values were dropped); an immutable one may be set once and then only sent again
     * with the same value (RFC 7643 section 7), else 400 mutability; a writeOnly one omitted from a PUT
     * keeps its value, since clients cannot read it back, while after a PATCH omission means removed;
     * readWrite ones are what was sent.
     *
     * @return how many attributes were written into {@code target}
     */
    static int merge(Schema schema, Map<String, JsonValue> sent, JsonObject before, JsonObjectBuilder target, String prefix,
                     boolean omittedWriteOnlyKept) {
        int written = 0;
        for (AttributeDefinition def : schema.attributes()) {
            String name = def.name();
            JsonValue now = sent.get(name);
            JsonValue old = before.get(name);
            JsonValue keep;
            switch (def.mutability()) {
                case READ_ONLY -> keep = old;
                case IMMUTABLE -> {
                    if (now != null && old != null && !sameValue(def, now, old)) {
                        throw ScimException.mutability("Attribute '" + prefix + name + "' is immutable: it is already set and cannot be changed.");
                    }
                    keep = now != null ? now : old;
                }
                case WRITE_ONLY -> keep = now != null || !omittedWriteOnlyKept ? now : old;
                default -> keep = now;
            }
            if (keep != null) {
                target.add(name, keep);
                written++;
            }
        }
        return written;
    }

    private static boolean sameValue(AttributeDefinition def, JsonValue a, JsonValue b) {
        if (def.type() == AttributeType.STRING && !def.caseExact()
                && a.getValueType() == JsonValue.ValueType.STRING && b.getValueType() == JsonValue.ValueType.STRING) {
            return ((JsonString) a).getString().equalsIgnoreCase(((JsonString) b).getString());
        }
        return a.equals(b);
    }

    /**
     * RFC 7643 section 2.2 and 7: every required attribute a client may write has a value (a blank string
     * is none), and a required extension is present; an extension with any value must hold its own
     * required attributes. 400 invalidValue naming the attribute.
     */
    static void checkRequired(SchemaRegistry registry, ResourceType type, JsonObject result) {
        Schema core = registry.coreSchema(type);
        requireIn(core, result, "");
        for (SchemaExtension ext : type.schemaExtensions()) {
            Schema schema = registry.schema(ext.schema());
            JsonObject values = result.get(schema.id()) instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT;
            if (ext.required() && values.isEmpty()) {
                throw ScimException.invalidValue("A " + type.name() + " must carry the extension \"" + schema.id() + "\".");
            }
            if (!values.isEmpty() || ext.required()) {
                requireIn(schema, values, schema.id() + ":");
            }
        }
    }

    private static void requireIn(Schema schema, JsonObject values, String prefix) {
        for (AttributeDefinition def : schema.attributes()) {
            if (def.required() && def.mutability() != Mutability.READ_ONLY) {
                JsonValue v = values.get(def.name());
                if (JsonSupport.isNullOrEmpty(v) || (v.getValueType() == JsonValue.ValueType.STRING
                        && ((JsonString) v).getString().isBlank())) {
                    throw ScimException.invalidValue("Attribute '" + prefix + def.name() + "' is required.");
                }
            }
        }
    }
}
