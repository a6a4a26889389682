package io.roster.scim.patch;

import io.roster.scim.json.JsonSupport;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Map;

/**
 * Okta renames a pushed group with a path-less replace whose value carries the group's own id (CLIENTS.md):
 * {@code {"op":"replace","value":{"id":"<the group's id>","displayName":"<new name>"}}}. {@code id} is
 * readOnly (RFC 7643 section 3.1), and a PATCH that sets a readOnly attribute is 400 mutability (RFC 7644
 * section 3.5.2 and 3.12), which is what the engine answers for any {@code id} in a value. Okta does not
 * mean to change it, though: it repeats the id it was given. So an {@code id} key (in any case) holding
 * exactly the resource's own id is dropped from the value; any other id still reaches the engine and
 * is refused.
 */
public final class OktaOwnIdInValue implements OperationQuirk {
    @Override
    public EngineOperation rewrite(EngineOperation operation, PatchContext context) {
        if (operation.path() != null || !(operation.value() instanceof JsonObject value)) {
            return operation;
        }
        JsonObjectBuilder without = null;
        for (Map.Entry<String, JsonValue> e : value.entrySet()) {
            if (e.getKey().equalsIgnoreCase("id") && e.getValue() instanceof JsonString s && s.getString().equals(context.id())) {
                without = without == null ? JsonSupport.object(value) : without;
                without.remove(e.getKey());
            }
        }
        return without == null ? operation : operation.withValue(without.build());
    }
}
