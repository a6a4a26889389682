package io.roster.scim.schema;

import io.roster.scim.error.ScimException;
import io.roster.scim.json.JsonSupport;
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
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One attribute's value checked against its type and brought into the form Roster stores (RFC 7643
 * section 2.3 and 2.4): a string attribute takes a string, never a number, boolean or array; a boolean
 * takes true or false; numbers take JSON numbers; a dateTime an xsd:dateTime; binary base64; a complex
 * value its known, client-writable sub-attributes. Canonical values are stored in their canonical
 * spelling. Entra's "True"/"False" strings are a client quirk, turned into booleans before this runs
 * ({@code io.roster.scim.patch.EntraBooleanStrings}). The one documented leniency is that a lone value
 * for a multi-valued attribute becomes a one-element array (RFC 7644 section 3.5.2.1 adds "a new value"
 * to a multi-valued attribute, and POST and PUT read it the same way).
 */
final class ValueCoercion {
    private ValueCoercion() {
    }

    /** The value in normalised form, or null when it amounts to "no value". */
    static JsonValue coerce(AttributeDefinition def, JsonValue value, String path) {
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

    private static JsonValue coerceSingle(AttributeDefinition def, JsonValue value, String path) {
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

    private static JsonValue coerceComplex(AttributeDefinition def, JsonValue value, String path) {
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

    private static JsonValue coerceString(AttributeDefinition def, JsonValue value, String path) {
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
    static boolean parseDateTime(String s) {
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
}
