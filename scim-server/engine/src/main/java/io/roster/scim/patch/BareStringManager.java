package io.roster.scim.patch;

import io.roster.scim.json.JsonSupport;
import io.roster.scim.schema.AttributeResolver;
import io.roster.scim.schema.SchemaUrns;
import jakarta.json.JsonValue;

/**
 * Entra ID sets the enterprise manager with the manager's id as a bare string,
 * {@code {"op":"Add","path":"urn:...:enterprise:2.0:User:manager","value":"<id>"}}, which means
 * {@code manager.value = <id>} (CLIENTS.md).
 */
public final class BareStringManager implements ClientQuirk {
    @Override
    public JsonValue normalise(AttributeResolver.Resolved attribute, String subAttribute, JsonValue value) {
        if (subAttribute == null && value != null && value.getValueType() == JsonValue.ValueType.STRING
                && attribute.schema() != null && SchemaUrns.ENTERPRISE_USER.equals(attribute.schema().id())
                && attribute.definition().name().equals("manager")) {
            return JsonSupport.object().add("value", value).build();
        }
        return value;
    }
}
