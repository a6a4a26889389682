package io.roster.scim.schema;

import io.roster.scim.error.ScimException;
import io.roster.scim.json.JsonSupport;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a POST or PUT body (or a PATCH's result) gives, read per schema: names matched case-insensitively
 * and keyed by their schema spelling (RFC 7643 section 2.1), extension attributes taken from the object
 * keyed by the extension URN or from URN-qualified top-level keys, values coerced to their type
 * ({@link ValueCoercion}). {@code id} and {@code meta} are the server's (RFC 7643 section 3.1), readOnly
 * and unknown attributes are ignored, {@code null} means "no value" (RFC 7644 section 3.5.1); an
 * attribute given twice is 400 invalidSyntax.
 */
final class SentAttributes {
    /** Per schema id (core first, then the resource type's extensions), canonical name to coerced value. */
    final Map<String, Map<String, JsonValue>> bySchema = new LinkedHashMap<>();
    final Schema core;
    JsonValue externalId;
    private final Set<String> seen = new HashSet<>();

    private SentAttributes(SchemaRegistry registry, ResourceType type) {
        this.core = registry.coreSchema(type);
        bySchema.put(core.id(), new LinkedHashMap<>());
        type.schemaExtensions().forEach(e -> bySchema.put(registry.schema(e.schema()).id(), new LinkedHashMap<>()));
    }

    static SentAttributes read(SchemaRegistry registry, ResourceType type, JsonObject body) {
        checkSchemas(type, body);
        SentAttributes sent = new SentAttributes(registry, type);
        for (Map.Entry<String, JsonValue> entry : body.entrySet()) {
            String key = entry.getKey();
            JsonValue value = entry.getValue();
            if (key.equalsIgnoreCase("schemas") || key.equalsIgnoreCase("id") || key.equalsIgnoreCase("meta")) {
                continue; // schemas checked above; id and meta are the server's (RFC 7643 section 3.1)
            }
            if (key.equalsIgnoreCase("externalId")) {
                if (!sent.seen.add("externalId")) {
                    throw ScimException.invalidSyntax("Attribute 'externalId' is given more than once (names are case-insensitive).");
                }
                sent.externalId = ValueCoercion.coerce(CommonAttributes.EXTERNAL_ID, value, "externalId");
                continue;
            }
            Schema schema = registry.schema(key);
            if (schema != null) {
                if (!sent.bySchema.containsKey(schema.id())) {
                    continue; // a schema this resource type does not carry: not ours to judge
                }
                if (value.getValueType() == JsonValue.ValueType.NULL) {
                    continue;
                }
                if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                    throw ScimException.invalidSyntax("\"" + schema.id() + "\" must be an object holding that schema's attributes, not "
                            + JsonSupport.describe(value) + ".");
                }
                for (Map.Entry<String, JsonValue> inner : value.asJsonObject().entrySet()) {
                    sent.collect(schema, inner.getKey(), inner.getValue(), schema.id() + ":");
                }
                continue;
            }
            String[] split = AttributeResolver.splitUrn(key);
            if (split[0] != null) {
                Schema qualified = registry.schema(split[0]);
                if (qualified != null && sent.bySchema.containsKey(qualified.id()) && !split[1].contains(".")) {
                    sent.collect(qualified, split[1], value, qualified.id() + ":");
                }
                continue; // unknown URN-qualified key, e.g. another vendor's extension: ignored
            }
            sent.collect(sent.core, key, value, "");
        }
        return sent;
    }

    /** Records one sent attribute; {@code seen} holds "schema:name" of every attribute met so far. */
    private void collect(Schema schema, String rawName, JsonValue value, String prefix) {
        AttributeDefinition def = schema.attribute(rawName);
        if (def == null) {
            return; // unknown attributes are ignored (CLIENTS.md: be liberal)
        }
        if (!seen.add(schema.id() + ":" + def.name())) {
            throw ScimException.invalidSyntax("Attribute '" + prefix + def.name() + "' is given more than once (names are case-insensitive).");
        }
        if (!def.mutability().clientWritable()) {
            return; // readOnly: the server's to set (RFC 7643 section 2.2), silently ignored
        }
        JsonValue coerced = ValueCoercion.coerce(def, value, prefix + def.name());
        if (coerced != null) {
            bySchema.get(schema.id()).put(def.name(), coerced);
        }
    }

    /**
     * "schemas", when given, must list the resource type's core schema; other URIs are not ours to judge
     * (Entra adds {@code http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group}).
     */
    private static void checkSchemas(ResourceType type, JsonObject body) {
        JsonValue schemas = null;
        for (Map.Entry<String, JsonValue> e : body.entrySet()) {
            if (e.getKey().equalsIgnoreCase("schemas")) {
                schemas = e.getValue();
            }
        }
        if (schemas == null || schemas.getValueType() == JsonValue.ValueType.NULL) {
            return; // liberal: the endpoint already says which resource type this is
        }
        List<String> urns = new ArrayList<>();
        if (schemas.getValueType() == JsonValue.ValueType.ARRAY) {
            for (JsonValue v : schemas.asJsonArray()) {
                if (v.getValueType() != JsonValue.ValueType.STRING) {
                    throw ScimException.invalidSyntax("\"schemas\" must be an array of schema URNs (strings).");
                }
                urns.add(((JsonString) v).getString());
            }
        } else if (schemas.getValueType() == JsonValue.ValueType.STRING) {
            urns.add(((JsonString) schemas).getString());
        } else {
            throw ScimException.invalidSyntax("\"schemas\" must be an array of schema URNs.");
        }
        if (urns.isEmpty()) {
            return;
        }
        boolean hasCore = urns.stream().anyMatch(u -> u.equalsIgnoreCase(type.schema()));
        if (!hasCore) {
            throw ScimException.invalidValue("\"schemas\" must include \"" + type.schema() + "\" for a " + type.name()
                    + " (it lists " + urns + ").");
        }
    }
}
