package io.roster.scim.schema;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads schema and resource type definitions in their RFC 7643 section 7 / section 6 JSON form.
 * Characteristics left out take the defaults of RFC 7643 section 2.2.
 */
public final class SchemaLoader {

    private SchemaLoader() {
    }

    /** A classpath resource holding one schema object or an array of them. */
    public static List<Schema> schemasFromResource(Class<?> anchor, String resource) {
        JsonValue root = readResource(anchor, resource);
        List<Schema> out = new ArrayList<>();
        for (JsonObject o : objects(root, resource)) {
            out.add(schema(o));
        }
        return out;
    }

    /** A classpath resource holding one resource type object or an array of them. */
    public static List<ResourceType> resourceTypesFromResource(Class<?> anchor, String resource) {
        JsonValue root = readResource(anchor, resource);
        List<ResourceType> out = new ArrayList<>();
        for (JsonObject o : objects(root, resource)) {
            out.add(resourceType(o));
        }
        return out;
    }

    public static Schema schema(JsonObject o) {
        List<AttributeDefinition> attrs = new ArrayList<>();
        for (JsonValue v : o.getJsonArray("attributes")) {
            attrs.add(attribute(v.asJsonObject()));
        }
        return new Schema(o.getString("id"), o.getString("name", ""), o.getString("description", ""), attrs);
    }

    public static AttributeDefinition attribute(JsonObject o) {
        String name = o.getString("name");
        try {
            List<AttributeDefinition> subs = new ArrayList<>();
            if (o.containsKey("subAttributes")) {
                for (JsonValue v : o.getJsonArray("subAttributes")) {
                    subs.add(attribute(v.asJsonObject()));
                }
            }
            return new AttributeDefinition(
                    name,
                    AttributeType.fromJson(o.getString("type", "string")),
                    o.getBoolean("multiValued", false),
                    o.getString("description", ""),
                    o.getBoolean("required", false),
                    o.getBoolean("caseExact", false),
                    Mutability.fromJson(o.getString("mutability", "readWrite")),
                    Returned.fromJson(o.getString("returned", "default")),
                    Uniqueness.fromJson(o.getString("uniqueness", "none")),
                    strings(o.getJsonArray("canonicalValues")),
                    strings(o.getJsonArray("referenceTypes")),
                    subs);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("attribute '" + name + "': " + e.getMessage(), e);
        }
    }

    public static ResourceType resourceType(JsonObject o) {
        List<SchemaExtension> ext = new ArrayList<>();
        JsonArray exts = o.getJsonArray("schemaExtensions");
        if (exts != null) {
            for (JsonValue v : exts) {
                JsonObject e = v.asJsonObject();
                ext.add(new SchemaExtension(e.getString("schema"), e.getBoolean("required", false)));
            }
        }
        return new ResourceType(o.getString("name"), o.getString("endpoint"), o.getString("description", ""),
                o.getString("schema"), ext);
    }

    private static List<String> strings(JsonArray array) {
        if (array == null) {
            return List.of();
        }
        return array.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    private static List<JsonObject> objects(JsonValue root, String resource) {
        if (root.getValueType() == JsonValue.ValueType.ARRAY) {
            return root.asJsonArray().getValuesAs(JsonObject.class);
        }
        if (root.getValueType() == JsonValue.ValueType.OBJECT) {
            return List.of(root.asJsonObject());
        }
        throw new IllegalArgumentException(resource + ": expected a JSON object or array");
    }

    private static JsonValue readResource(Class<?> anchor, String resource) {
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("schema resource not found: " + resource);
            }
            try (JsonReader r = Json.createReader(in)) {
                return r.readValue();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
