package io.roster.scim.patch;

import io.roster.scim.json.JsonSupport;
import io.roster.scim.schema.AttributeResolver;
import io.roster.scim.schema.SchemaUrns;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Map;

/**
 * Entra ID sends a User's app roles with each {@code roles[].value} holding a stringified JSON object
 * (CLIENTS.md): {@code {"value":"{\"id\":\"...\",\"value\":\"Admin\",\"displayName\":\"Admin\"}"}}.
 * The role is that object's {@code value} (its {@code displayName} when it has none), and its
 * {@code displayName} becomes the role's {@code display}.
 */
public final class StringifiedRoleValues implements ClientQuirk {
    @Override
    public JsonValue normalise(AttributeResolver.Resolved attribute, String subAttribute, JsonValue value) {
        if (value == null || attribute.schema() == null || !SchemaUrns.USER.equals(attribute.schema().id())
                || !attribute.definition().name().equals("roles")) {
            return value;
        }
        if (subAttribute != null) {
            if (!subAttribute.equalsIgnoreCase("value")) {
                return value;
            }
            JsonObject role = embedded(value);
            return role == null ? value : roleValue(role, value);
        }
        if (value.getValueType() == JsonValue.ValueType.ARRAY) {
            JsonArrayBuilder out = JsonSupport.array();
            boolean changed = false;
            for (JsonValue v : value.asJsonArray()) {
                JsonValue now = element(v);
                changed |= now != v;
                out.add(now);
            }
            return changed ? out.build() : value; // unchanged: the same instance, as ClientQuirk promises
        }
        return element(value);
    }

    private static JsonValue element(JsonValue v) {
        if (v.getValueType() != JsonValue.ValueType.OBJECT) {
            JsonObject role = embedded(v);
            return role == null ? v : fromRole(JsonValue.EMPTY_JSON_OBJECT, role, v);
        }
        JsonObject element = v.asJsonObject();
        for (Map.Entry<String, JsonValue> e : element.entrySet()) {
            if (e.getKey().equalsIgnoreCase("value")) {
                JsonObject role = embedded(e.getValue());
                return role == null ? v : fromRole(element, role, e.getValue());
            }
        }
        return v;
    }

    private static JsonValue fromRole(JsonObject element, JsonObject role, JsonValue original) {
        JsonObjectBuilder b = JsonSupport.object();
        element.forEach((k, val) -> {
            if (!k.equalsIgnoreCase("value")) {
                b.add(k, val);
            }
        });
        b.add("value", roleValue(role, original));
        JsonValue display = role.get("displayName");
        if (display instanceof JsonString && element.keySet().stream().noneMatch(k -> k.equalsIgnoreCase("display"))) {
            b.add("display", display);
        }
        return b.build();
    }

    private static JsonValue roleValue(JsonObject role, JsonValue original) {
        JsonValue v = role.get("value");
        if (v instanceof JsonString s && !s.getString().isBlank()) {
            return v;
        }
        JsonValue display = role.get("displayName");
        return display instanceof JsonString d && !d.getString().isBlank() ? display : original;
    }

    /** The JSON object a string holds, or null when it is not one. */
    private static JsonObject embedded(JsonValue v) {
        if (!(v instanceof JsonString s)) {
            return null;
        }
        String text = s.getString().strip();
        if (!text.startsWith("{") || !text.endsWith("}")) {
            return null;
        }
        try {
            return JsonSupport.parseObject(text); // client input: bounded like a body
        } catch (RuntimeException e) {
            return null; // not JSON after all: an ordinary role value that happens to use braces
        }
    }
}
