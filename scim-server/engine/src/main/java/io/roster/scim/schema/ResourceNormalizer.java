package io.roster.scim.schema;

import io.roster.scim.error.ScimException;
import io.roster.scim.json.JsonSupport;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns a client's POST or PUT body into the normalised attributes Roster stores, reading every rule
 * from the schemas (RFC 7643 section 2 and 7, RFC 7644 section 3.3 and 3.5.1):
 * <ul>
 *   <li>names are matched case-insensitively and stored in their schema spelling; extension attributes
 *       go in the object keyed by the extension URN (also accepted as URN-qualified top-level keys);</li>
 *   <li>values must have their attribute's JSON type (RFC 7643 section 2.3): a string attribute takes a
 *       string, never a number, boolean or array; a boolean takes true or false; numbers take numbers.
 *       Entra's "True"/"False" strings are a client quirk, turned into booleans before this class runs
 *       ({@code io.roster.scim.patch.EntraBooleanStrings}). The one documented leniency is that a lone value
 *       for a multi-valued attribute becomes a one-element array;</li>
 *   <li>{@code id}, {@code meta}, readOnly attributes and unknown attributes are ignored;
 *       {@code null} means "no value" (RFC 7644 section 3.5.1);</li>
 *   <li>immutable values cannot change once set, required attributes must end up with a value, and
 *       canonical values are matched case-insensitively and stored in their canonical spelling.</li>
 * </ul>
 * The result holds client-writable attributes only, plus (on replace) the stored values the client may
 * not or did not change: readOnly ones the server maintains, immutable and writeOnly ones left out.
 */
public final class ResourceNormalizer {
    private final SchemaRegistry registry;

    public ResourceNormalizer(SchemaRegistry registry) {
        this.registry = registry;
    }

    /** Normalises a POST body. */
    public JsonObject forCreate(ResourceType type, JsonObject body) {
        return normalise(type, body, null, true);
    }

    /** Normalises a PUT body against the stored attributes of the resource it replaces. */
    public JsonObject forReplace(ResourceType type, JsonObject body, JsonObject existing) {
        return normalise(type, body, existing, true);
    }

    /**
     * Normalises the complete attribute set a PATCH produced from {@code existing}. Unlike a PUT body it
     * states every value the resource keeps, so a writeOnly attribute it lacks was removed by the PATCH
     * and is not carried over (a PUT omits it because clients cannot read it back).
     */
    public JsonObject forPatch(ResourceType type, JsonObject patched, JsonObject existing) {
        return normalise(type, patched, existing, false);
    }

    /** @param omittedWriteOnlyKept whether a writeOnly attribute missing from {@code body} keeps its stored value (PUT) */
    private JsonObject normalise(ResourceType type, JsonObject body, JsonObject existing, boolean omittedWriteOnlyKept) {
        Schema core = registry.coreSchema(type);
        checkSchemas(type, body);

        // Gather what the client sent, per schema, keyed by canonical attribute name.
        Map<String, Map<String, JsonValue>> bySchema = new LinkedHashMap<>();
        bySchema.put(core.id(), new LinkedHashMap<>());
        type.schemaExtensions().forEach(e -> bySchema.put(registry.schema(e.schema()).id(), new LinkedHashMap<>()));
        Set<String> seen = new java.util.HashSet<>();
        JsonValue externalId = null;

        for (Map.Entry<String, JsonValue> entry : body.entrySet()) {
            String key = entry.getKey();
            JsonValue value = entry.getValue();
            if (key.equalsIgnoreCase("schemas") || key.equalsIgnoreCase("id") || key.equalsIgnoreCase("meta")) {
                continue; // schemas checked above; id and meta are the server's (RFC 7643 section 3.1)
            }
            if (key.equalsIgnoreCase("externalId")) {
                if (!seen.add("externalId")) {
                    throw ScimException.invalidSyntax("Attribute 'externalId' is given more than once (names are case-insensitive).");
                }
                externalId = coerce(CommonAttributes.EXTERNAL_ID, value, "externalId");
                continue;
            }
            Schema schema = registry.schema(key);
            if (schema != null) {
                if (!bySchema.containsKey(schema.id())) {
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
                    collect(schema, inner.getKey(), inner.getValue(), bySchema.get(schema.id()), seen, schema.id() + ":");
                }
                continue;
            }
            String[] split = AttributeResolver.splitUrn(key);
            if (split[0] != null) {
                Schema qualified = registry.schema(split[0]);
                if (qualified != null && bySchema.containsKey(qualified.id()) && !split[1].contains(".")) {
                    collect(qualified, split[1], value, bySchema.get(qualified.id()), seen, qualified.id() + ":");
                }
                continue; // unknown URN-qualified key, e.g. another vendor's extension: ignored
            }
            collect(core, key, value, bySchema.get(core.id()), seen, "");
        }

        JsonObjectBuilder out = JsonSupport.object();
        // externalId: a common, readWrite attribute
        if (externalId != null) {
            out.add("externalId", externalId); // readWrite: on PUT an omitted externalId is cleared
        }
        Set<String> mentioned = existing != null && omittedWriteOnlyKept ? mentionedSchemas(body) : Set.of();
        for (Map.Entry<String, Map<String, JsonValue>> e : bySchema.entrySet()) {
            Schema schema = registry.schema(e.getKey());
            boolean isCore = schema.id().equals(core.id());
            if (!isCore && existing != null && omittedWriteOnlyKept && !mentioned.contains(key(schema.id()))
                    && existing.get(schema.id()) instanceof JsonObject kept) {
                // A PUT that neither lists an extension in "schemas" nor sends any of its attributes does not
                // assert it (RFC 7644 section 3.5.1 lets the provider keep omitted values): an IdP that knows only
                // core and enterprise attributes (Okta's profile PUT) must not wipe licenses, roles or rules
                // an administrator set in Roster's own extension.
                out.add(schema.id(), kept);
                continue;
            }
            JsonObject before = existing == null ? JsonValue.EMPTY_JSON_OBJECT
                    : isCore ? existing : objectOrEmpty(existing.get(schema.id()));
            JsonObjectBuilder target = isCore ? out : JsonSupport.object();
            int written = merge(schema, e.getValue(), before, target, isCore ? "" : schema.id() + ":", omittedWriteOnlyKept);
            if (!isCore && written > 0) {
                out.add(schema.id(), target);
            }
        }
        JsonObject result = out.build();
        checkRequired(type, result);
        return result;
    }

    /** The schema URNs a body names (lower case): in "schemas", as an extension object key, or as a URN-qualified attribute. */
    private static Set<String> mentionedSchemas(JsonObject body) {
        Set<String> out = new java.util.HashSet<>();
        for (Map.Entry<String, JsonValue> entry : body.entrySet()) {
            String k = entry.getKey();
            if (k.equalsIgnoreCase("schemas") && entry.getValue() instanceof jakarta.json.JsonArray schemas) {
                for (JsonValue v : schemas) {
                    if (v instanceof jakarta.json.JsonString str) {
                        out.add(key(str.getString()));
                    }
                }
            } else if (k.regionMatches(true, 0, "urn:", 0, 4)) {
                out.add(key(k));
                String[] split = AttributeResolver.splitUrn(k);
                if (split[0] != null) {
                    out.add(key(split[0]));
                }
            }
        }
        return out;
    }

    private static String key(String urn) {
        return urn.toLowerCase(java.util.Locale.ROOT);
    }

    /** Applies mutability against the previous values; returns how many attributes were written. */
    private int merge(Schema schema, Map<String, JsonValue> sent, JsonObject before, JsonObjectBuilder target, String prefix,
                      boolean omittedWriteOnlyKept) {
        int written = 0;
        for (AttributeDefinition def : schema.attributes()) {
            String name = def.name();
            JsonValue now = sent.get(name);
            JsonValue old = before.get(name);
            JsonValue keep;
            switch (def.mutability()) {
                case READ_ONLY -> keep = old; // maintained by the server; client values were dropped
                case IMMUTABLE -> {
                    if (now != null && old != null && !sameValue(def, now, old)) {
                        throw ScimException.mutability("Attribute '" + prefix + name + "' is immutable: it is already set and cannot be changed.");
                    }
                    keep = now != null ? now : old;
                }
                // On PUT clients cannot read it back, so omission keeps it; after a PATCH omission means removed.
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

    /** Records one sent attribute; {@code seen} holds "schema:name" of every attribute met so far. */
    private void collect(Schema schema, String rawName, JsonValue value, Map<String, JsonValue> into,
                         Set<String> seen, String prefix) {
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
        JsonValue coerced = coerce(def, value, prefix + def.name());
        if (coerced != null) {
            into.put(def.name(), coerced);
        }
    }

    /**
     * One attribute's value checked and coerced exactly as a POST or PUT would store it (a multi-valued
     * attribute's value becomes an array); null when it amounts to "no value". {@code path} names the
     * attribute in error details.
     */
    public JsonValue coerceValue(AttributeDefinition def, JsonValue value, String path) {
        return coerce(def, value, path);
    }

    /** The value in normalised form, or null when it amounts to "no value". */
    JsonValue coerce(AttributeDefinition def, JsonValue value, String path) {
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (def.multiValued()) {
            List<JsonValue> items = value.getValueType() == JsonValue.ValueType.ARRAY
                    ? value.asJsonArray() : List.of(value);
            Set<JsonValue> seen = new LinkedHashSet<>();
            int primaries = 0;
            for (JsonValue item : items) {
                JsonValue c = coerceSingle(def, item, path);
                if (c == null) {
                    continue;
                }
                if (c.getValueType() == JsonValue.ValueType.OBJECT
                        && c.asJsonObject().getBoolean(primaryKey(def), false)) {
                    primaries++;
                }
                seen.add(c);
            }
            if (primaries > 1) {
                throw ScimException.invalidValue("Attribute '" + path + "' has more than one value with \"primary\": true; "
                        + "RFC 7643 section 2.4 allows at most one.");
            }
            if (seen.isEmpty()) {
                return null;
            }
            JsonArrayBuilder arr = JsonSupport.array();
            seen.forEach(arr::add);
            return arr.build();
        }
        if (value.getValueType() == JsonValue.ValueType.ARRAY) {
            // RFC 7643 section 2.4: only multi-valued attributes take arrays. Taking ["a"] as "a" would
            // also hide a client bug that drops every value but the first.
            throw ScimException.invalidValue("Attribute '" + path + "' is single-valued: give one " + typeName(def)
                    + ", not an array" + (value.asJsonArray().isEmpty() ? " (to clear it, send null)" : "") + ".");
        }
        return coerceSingle(def, value, path);
    }

    private static String primaryKey(AttributeDefinition def) {
        AttributeDefinition p = def.subAttribute("primary");
        return p == null ? "primary" : p.name();
    }

    private JsonValue coerceSingle(AttributeDefinition def, JsonValue value, String path) {
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        return switch (def.type()) {
            case COMPLEX -> coerceComplex(def, value, path);
            case STRING, REFERENCE -> coerceString(def, value, path);
            case BOOLEAN -> coerceBoolean(value, path);
            case INTEGER -> coerceNumber(value, path, true);
            case DECIMAL -> coerceNumber(value, path, false);
            case DATE_TIME -> coerceDateTime(value, path);
            case BINARY -> coerceBinary(value, path);
        };
    }

    private JsonValue coerceComplex(AttributeDefinition def, JsonValue value, String path) {
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw ScimException.invalidValue("Attribute '" + path + "' is complex and needs an object with sub-attributes ("
                    + String.join(", ", def.subAttributes().stream().map(AttributeDefinition::name).toList())
                    + "), not " + JsonSupport.describe(value) + ".");
        }
        JsonObjectBuilder b = JsonSupport.object();
        Set<String> seen = new LinkedHashSet<>();
        int n = 0;
        for (Map.Entry<String, JsonValue> e : value.asJsonObject().entrySet()) {
            AttributeDefinition sub = def.subAttribute(e.getKey());
            if (sub == null) {
                continue;
            }
            if (!seen.add(sub.name())) {
                throw ScimException.invalidSyntax("Sub-attribute '" + path + "." + sub.name() + "' is given more than once.");
            }
            if (!sub.mutability().clientWritable()) {
                continue;
            }
            // a sub-attribute may itself be multi-valued (RFC 7643 section 2.4 forbids only nested complex ones)
            JsonValue c = sub.multiValued() ? coerce(sub, e.getValue(), path + "." + sub.name())
                    : coerceSingle(sub, e.getValue(), path + "." + sub.name());
            if (c != null) {
                b.add(sub.name(), c);
                n++;
            }
        }
        if (n == 0) {
            return null;
        }
        JsonObject result = b.build();
        for (AttributeDefinition sub : def.subAttributes()) {
            if (sub.required() && sub.mutability().clientWritable() && !result.containsKey(sub.name())) {
                throw ScimException.invalidValue("Attribute '" + path + "' needs its sub-attribute '" + sub.name() + "'.");
            }
        }
        return result;
    }

    private JsonValue coerceString(AttributeDefinition def, JsonValue value, String path) {
        if (value.getValueType() != JsonValue.ValueType.STRING) {
            // RFC 7643 section 2.3.1: a string attribute holds a JSON string. A number or boolean is not
            // stringified: "userType": true is a client bug to report, not a value to store as "true".
            throw ScimException.invalidValue("Attribute '" + path + "' must be a string, not " + describe(value) + ".");
        }
        String s = ((JsonString) value).getString();
        // Canonical values are "suggested" (RFC 7643 section 2.3.1) and clients may use others (section
        // 4.1.2): a canonical value in another case is stored in its canonical spelling ("Work" -> "work"),
        // anything else is kept as sent.
        String canonical = def.canonicalValue(s);
        if (canonical != null) {
            s = canonical;
        }
        return JsonSupport.string(s);
    }

    /** RFC 7643 section 2.3.2; Entra's "True"/"False" strings were turned into booleans by its named quirk. */
    private static JsonValue coerceBoolean(JsonValue value, String path) {
        if (value.getValueType() == JsonValue.ValueType.TRUE || value.getValueType() == JsonValue.ValueType.FALSE) {
            return value;
        }
        throw ScimException.invalidValue("Attribute '" + path + "' must be a boolean (true or false), not " + describe(value) + ".");
    }

    private static JsonValue coerceNumber(JsonValue value, String path, boolean integer) {
        // RFC 7643 sections 2.3.3 and 2.3.4: a JSON number; "5" is a string, whatever it spells.
        BigDecimal n = value.getValueType() == JsonValue.ValueType.NUMBER ? ((JsonNumber) value).bigDecimalValue() : null;
        if (n == null) {
            throw ScimException.invalidValue("Attribute '" + path + "' must be " + (integer ? "an integer" : "a decimal number")
                    + ", not " + describe(value) + ".");
        }
        if (integer) {
            try {
                return JsonSupport.number(n.stripTrailingZeros().toBigIntegerExact().longValueExact());
            } catch (ArithmeticException e) {
                throw ScimException.invalidValue("Attribute '" + path + "' must be an integer (64-bit), not " + n.toPlainString() + ".");
            }
        }
        return JsonSupport.number(n);
    }

    private static JsonValue coerceDateTime(JsonValue value, String path) {
        if (value.getValueType() == JsonValue.ValueType.STRING) {
            String s = ((JsonString) value).getString().trim();
            if (parseDateTime(s)) {
                return JsonSupport.string(s);
            }
        }
        throw ScimException.invalidValue("Attribute '" + path + "' must be an xsd:dateTime such as \"2024-05-13T04:42:34Z\", not "
                + describe(value) + ".");
    }

    /** xsd:dateTime (RFC 7643 section 2.3.5): with an offset or 'Z', or without one (taken as UTC). */
    public static boolean parseDateTime(String s) {
        try {
            OffsetDateTime.parse(s);
            return true;
        } catch (DateTimeParseException e) {
            try {
                LocalDateTime.parse(s);
                return true;
            } catch (DateTimeParseException e2) {
                return false;
            }
        }
    }

    private static JsonValue coerceBinary(JsonValue value, String path) {
        if (value.getValueType() == JsonValue.ValueType.STRING) {
            String s = ((JsonString) value).getString().replaceAll("\\s", "");
            try {
                Base64.getDecoder().decode(s);
                return JsonSupport.string(s);
            } catch (IllegalArgumentException e) {
                throw ScimException.invalidValue("Attribute '" + path + "' must be base64 (RFC 4648): " + e.getMessage() + ".");
            }
        }
        throw ScimException.invalidValue("Attribute '" + path + "' must be a base64 string, not " + describe(value) + ".");
    }

    /** The value's kind and, for a scalar, the value itself: a number (123), a boolean (true), "text". */
    private static String describe(JsonValue v) {
        return switch (v.getValueType()) {
            case STRING -> "\"" + ((JsonString) v).getString() + "\"";
            case NUMBER, TRUE, FALSE -> JsonSupport.describe(v) + " (" + v + ")";
            default -> JsonSupport.describe(v);
        };
    }

    private static String typeName(AttributeDefinition def) {
        return switch (def.type()) {
            case STRING, REFERENCE -> "string";
            case BOOLEAN -> "boolean";
            case INTEGER -> "integer";
            case DECIMAL -> "number";
            case DATE_TIME -> "dateTime string";
            case BINARY -> "base64 string";
            case COMPLEX -> "object";
        };
    }

    private boolean sameValue(AttributeDefinition def, JsonValue a, JsonValue b) {
        if (def.type() == AttributeType.STRING && !def.caseExact()
                && a.getValueType() == JsonValue.ValueType.STRING && b.getValueType() == JsonValue.ValueType.STRING) {
            return ((JsonString) a).getString().equalsIgnoreCase(((JsonString) b).getString());
        }
        return a.equals(b);
    }

    private void checkSchemas(ResourceType type, JsonObject body) {
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

    private void checkRequired(ResourceType type, JsonObject result) {
        Schema core = registry.coreSchema(type);
        requireIn(core, result, "");
        for (SchemaExtension ext : type.schemaExtensions()) {
            Schema schema = registry.schema(ext.schema());
            JsonObject values = objectOrEmpty(result.get(schema.id()));
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

    private static JsonObject objectOrEmpty(JsonValue v) {
        return v != null && v.getValueType() == JsonValue.ValueType.OBJECT ? v.asJsonObject() : JsonValue.EMPTY_JSON_OBJECT;
    }

    /** Lower-cases for case-insensitive comparison the way the whole server does. */
    public static String fold(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
