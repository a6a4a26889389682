package io.roster.scim.patch;

import io.roster.scim.json.JsonSupport;
import io.roster.scim.schema.AttributeDefinition;
import io.roster.scim.schema.AttributeResolver;
import io.roster.scim.schema.AttributeType;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Map;

/**
 * Entra ID sends booleans as the strings "True" and "False" (CLIENTS.md), most visibly when it
 * deactivates a user: {@code {"op":"Replace","path":"active","value":"False"}}. For an attribute or
 * sub-attribute of type boolean, the string "true" or "false" in any case (surrounding spaces ignored)
 * becomes the JSON boolean; inside a complex value its boolean sub-attributes are converted the same
 * way ({@code "primary": "True"}). Any other string stays as sent and the normaliser refuses it: the
 * engine itself accepts only JSON booleans (RFC 7643 section 2.3.2).
 */
public final class EntraBooleanStrings implements ClientQuirk {
    @Override
    public JsonValue normalise(AttributeResolver.Resolved attribute, String subAttribute, JsonValue value) {
        AttributeDefinition def = attribute.definition();
        if (subAttribute != null) {
            def = def.subAttribute(subAttribute);
        }
        return def == null || value == null ? value : converted(def, value);
    }

    private static JsonValue converted(AttributeDefinition def, JsonValue value) {
        if (value.getValueType() == JsonValue.ValueType.ARRAY) {
            JsonArrayBuilder out = JsonSupport.array();
            boolean changed = false;
            for (JsonValue v : value.asJsonArray()) {
                JsonValue now = converted(def, v);
                changed |= now != v;
                out.add(now);
            }
            return changed ? out.build() : value; // unchanged: the same instance, as ClientQuirk promises
        }
        if (def.type() == AttributeType.BOOLEAN) {
            return bool(value);
        }
        if (def.isComplex() && value instanceof JsonObject object) {
            JsonObjectBuilder out = null;
            for (Map.Entry<String, JsonValue> e : object.entrySet()) {
                AttributeDefinition sub = def.subAttribute(e.getKey());
                JsonValue now = sub == null ? e.getValue() : converted(sub, e.getValue());
                if (now != e.getValue()) {
                    out = out == null ? JsonSupport.object(object) : out;
                    out.add(e.getKey(), now);
                }
            }
            return out == null ? value : out.build();
        }
        return value;
    }

    private static JsonValue bool(JsonValue value) {
        if (value instanceof JsonString s) {
            String text = s.getString().strip();
            if (text.equalsIgnoreCase("true")) {
                return JsonValue.TRUE;
            }
            if (text.equalsIgnoreCase("false")) {
                return JsonValue.FALSE;
            }
        }
        return value;
    }
}
