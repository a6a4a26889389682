package io.roster.scim.patch;

import io.roster.scim.json.JsonSupport;
import io.roster.scim.schema.AttributeResolver;
import io.roster.scim.schema.Schema;
import io.roster.scim.schema.SchemaRegistry;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A resource's attributes while a PATCH runs: one map for the core attributes and one per extension
 * URN. A multi-valued attribute becomes a {@link MultiValue} the first time an operation edits it and
 * stays one until {@link #build}, which turns everything into JSON once; attributes no operation
 * touches are carried over as they were. The stored JSON is never changed.
 */
final class WorkingResource {
    private final Map<String, Object> core = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> extensions = new LinkedHashMap<>();

    WorkingResource(SchemaRegistry registry, JsonObject stored) {
        for (Map.Entry<String, JsonValue> e : stored.entrySet()) {
            Schema schema = registry.schema(e.getKey());
            if (schema != null && e.getValue().getValueType() == JsonValue.ValueType.OBJECT) {
                extensions.put(schema.id(), new LinkedHashMap<>(e.getValue().asJsonObject()));
            } else {
                core.put(e.getKey(), e.getValue());
            }
        }
    }

    /** A singular attribute's value, or null when it has none. */
    JsonValue get(AttributeResolver.Resolved attribute) {
        Map<String, Object> c = container(attribute, false);
        Object v = c == null ? null : c.get(attribute.definition().name());
        return v instanceof MultiValue m ? m.toJson() : (JsonValue) v;
    }

    /** Sets a singular attribute; null or an empty value unassigns it. */
    void set(AttributeResolver.Resolved attribute, JsonValue value) {
        Map<String, Object> c = container(attribute, true);
        if (value == null || JsonSupport.isNullOrEmpty(value)) {
            c.remove(attribute.definition().name());
        } else {
            c.put(attribute.definition().name(), value);
        }
    }

    /** Unassigns an attribute, singular or multi-valued. */
    void remove(AttributeResolver.Resolved attribute) {
        Map<String, Object> c = container(attribute, false);
        if (c != null) {
            c.remove(attribute.definition().name());
        }
    }

    /** The editable values of a multi-valued attribute (empty when it has none). */
    MultiValue values(AttributeResolver.Resolved attribute) {
        Map<String, Object> c = container(attribute, true);
        String name = attribute.definition().name();
        Object v = c.get(name);
        if (v instanceof MultiValue m) {
            return m;
        }
        MultiValue m = new MultiValue(attribute.definition(), v instanceof JsonArray a ? a : null);
        c.put(name, m);
        return m;
    }

    /** The attributes as JSON; multi-valued attributes left without values, and extensions left empty, are gone. */
    JsonObject build() {
        JsonObjectBuilder b = JsonSupport.object();
        add(b, core);
        extensions.forEach((urn, values) -> {
            JsonObjectBuilder e = JsonSupport.object();
            if (add(e, values) > 0) {
                b.add(urn, e);
            }
        });
        return b.build();
    }

    private static int add(JsonObjectBuilder b, Map<String, Object> values) {
        int n = 0;
        for (Map.Entry<String, Object> e : values.entrySet()) {
            JsonValue v = e.getValue() instanceof MultiValue m ? m.toJson() : (JsonValue) e.getValue();
            if (v != null) {
                b.add(e.getKey(), v);
                n++;
            }
        }
        return n;
    }

    private Map<String, Object> container(AttributeResolver.Resolved attribute, boolean create) {
        if (!attribute.extension()) {
            return core;
        }
        String urn = attribute.schema().id();
        return create ? extensions.computeIfAbsent(urn, k -> new LinkedHashMap<>()) : extensions.get(urn);
    }
}
