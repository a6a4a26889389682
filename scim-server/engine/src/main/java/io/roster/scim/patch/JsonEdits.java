package io.roster.scim.patch;

import io.roster.scim.json.JsonSupport;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.Map;

/** Edits of one complex value (a JSON object of sub-attributes), each giving a new object; the input is never changed. */
final class JsonEdits {
    private JsonEdits() {
    }

    /** {@code base} with {@code subs} merged in; a null or JSON null sub-attribute value removes that sub-attribute. */
    static JsonObject merge(JsonObject base, Map<String, JsonValue> subs) {
        Map<String, JsonValue> m = new LinkedHashMap<>(base);
        subs.forEach((k, v) -> {
            if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
                m.remove(k);
            } else {
                m.put(k, v);
            }
        });
        JsonObjectBuilder b = JsonSupport.object();
        m.forEach(b::add);
        return b.build();
    }

    /** {@code base} with one sub-attribute set, or removed when {@code value} is null. */
    static JsonObject with(JsonObject base, String key, JsonValue value) {
        Map<String, JsonValue> m = new LinkedHashMap<>();
        m.put(key, value == null ? JsonValue.NULL : value);
        return merge(base, m);
    }

    static boolean isPrimary(JsonValue v) {
        return v instanceof JsonObject o && JsonValue.TRUE.equals(o.get("primary"));
    }
}
