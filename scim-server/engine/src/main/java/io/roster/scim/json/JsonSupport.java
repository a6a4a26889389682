package io.roster.scim.json;

import io.roster.scim.error.ScimException;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonGeneratorFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Map;

/** JSON-P helpers over a single cached provider. */
public final class JsonSupport {
    /** Looked up once: {@code Json.createXxx} runs a ServiceLoader lookup on every call. */
    public static final JsonProvider PROVIDER = JsonProvider.provider();
    private static final JsonGeneratorFactory GENERATORS = PROVIDER.createGeneratorFactory(Map.of());

    private JsonSupport() {
    }

    public static JsonObjectBuilder object() {
        return PROVIDER.createObjectBuilder();
    }

    public static JsonObjectBuilder object(JsonObject copy) {
        return PROVIDER.createObjectBuilder(copy);
    }

    public static JsonArrayBuilder array() {
        return PROVIDER.createArrayBuilder();
    }

    public static JsonArrayBuilder array(Collection<?> values) {
        return PROVIDER.createArrayBuilder(values);
    }

    public static JsonString string(String s) {
        return PROVIDER.createValue(s);
    }

    public static JsonNumber number(BigDecimal n) {
        return PROVIDER.createValue(n);
    }

    public static JsonNumber number(long n) {
        return PROVIDER.createValue(n);
    }

    public static JsonGenerator generator(OutputStream out) {
        return GENERATORS.createGenerator(out);
    }

    /**
     * Parses a request body that must be a JSON object; anything else is a 400 invalidSyntax. Client
     * input goes through {@link BoundedJsonReader}: too deep a nesting or too large a number is refused
     * before it costs anything.
     */
    public static JsonObject parseObject(InputStream in) {
        return asObject(BoundedJsonReader.read(in));
    }

    /** {@link #parseObject(InputStream)} for JSON text a client sent inside a value (Entra's stringified roles). */
    public static JsonObject parseObject(String text) {
        return asObject(BoundedJsonReader.read(new StringReader(text)));
    }

    private static JsonObject asObject(JsonValue value) {
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw ScimException.invalidSyntax("The request body must be a JSON object, not " + describe(value));
        }
        return value.asJsonObject();
    }

    /** Parses stored JSON known to be well-formed. */
    public static JsonObject parseTrusted(byte[] bytes, int offset, int length) {
        try (JsonReader reader = PROVIDER.createReader(new ByteArrayInputStream(bytes, offset, length))) {
            return reader.readObject();
        }
    }

    public static JsonObject parseTrusted(String text) {
        try (JsonReader reader = PROVIDER.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    public static byte[] toBytes(JsonValue value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonWriter w = PROVIDER.createWriter(out)) {
            w.write(value);
        }
        return out.toByteArray();
    }

    public static String toText(JsonValue value) {
        return new String(toBytes(value), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** "a string", "a number", ... for error details. */
    public static String describe(JsonValue value) {
        return switch (value.getValueType()) {
            case OBJECT -> "an object";
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case TRUE, FALSE -> "a boolean";
            case NULL -> "null";
        };
    }

    public static boolean isNullOrEmpty(JsonValue v) {
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return true;
        }
        if (v.getValueType() == JsonValue.ValueType.ARRAY) {
            return ((JsonArray) v).isEmpty();
        }
        if (v.getValueType() == JsonValue.ValueType.OBJECT) {
            return ((JsonObject) v).isEmpty();
        }
        return false;
    }

    /**
     * The member {@code name} of {@code o}: the canonical name first, then any spelling in another case
     * (attribute names are case-insensitive, RFC 7643 section 2.1). Null when absent.
     */
    public static JsonValue member(JsonObject o, String name) {
        JsonValue v = o.get(name);
        if (v != null) {
            return v;
        }
        for (java.util.Map.Entry<String, JsonValue> e : o.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }
}
