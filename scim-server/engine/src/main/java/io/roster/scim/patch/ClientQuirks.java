package io.roster.scim.patch;

import io.roster.scim.json.JsonSupport;
import io.roster.scim.schema.AttributeResolver;
import io.roster.scim.schema.ResourceType;
import io.roster.scim.schema.Schema;
import io.roster.scim.schema.SchemaRegistry;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Map;

/** The client quirks Roster normalises, applied in order to PATCH values and to POST/PUT bodies alike. */
public final class ClientQuirks {
    private final List<ClientQuirk> quirks;
    private final SchemaRegistry registry;
    private final AttributeResolver resolver;

    public ClientQuirks(SchemaRegistry registry, List<ClientQuirk> quirks) {
        this.registry = registry;
        this.resolver = new AttributeResolver(registry);
        this.quirks = List.copyOf(quirks);
    }

    /**
     * Entra ID's bare-string manager, stringified-JSON role values and "True"/"False" booleans, and an
     * ApiClient's userId given as a URI.
     */
    public static ClientQuirks standard(SchemaRegistry registry) {
        return new ClientQuirks(registry, List.of(new BareStringManager(), new StringifiedRoleValues(), new EntraBooleanStrings(),
                new UserUriAsUserId()));
    }

    public JsonValue value(AttributeResolver.Resolved attribute, String subAttribute, JsonValue value) {
        JsonValue v = value;
        for (ClientQuirk q : quirks) {
            v = q.normalise(attribute, subAttribute, v);
        }
        return v;
    }

    /**
     * A POST or PUT body with every quirk applied to its attributes: top-level ones, URN-qualified ones
     * and those inside extension objects. The body itself when nothing applied.
     */
    public JsonObject body(ResourceType type, JsonObject body) {
        JsonObjectBuilder out = null;
        for (Map.Entry<String, JsonValue> e : body.entrySet()) {
            JsonValue now = e.getValue();
            Schema schema = registry.schema(e.getKey());
            if (schema != null && now.getValueType() == JsonValue.ValueType.OBJECT) {
                now = container(type, schema, now.asJsonObject());
            } else {
                String[] split = AttributeResolver.splitUrn(e.getKey());
                AttributeResolver.Resolved r = split[1].contains(".") ? null : resolver.resolve(type, split[0], split[1]);
                if (r != null) {
                    now = value(r, null, now);
                }
            }
            if (now != e.getValue()) {
                if (out == null) {
                    out = JsonSupport.object(body);
                }
                out.add(e.getKey(), now);
            }
        }
        return out == null ? body : out.build();
    }

    private JsonValue container(ResourceType type, Schema schema, JsonObject values) {
        JsonObjectBuilder out = null;
        for (Map.Entry<String, JsonValue> e : values.entrySet()) {
            AttributeResolver.Resolved r = resolver.resolve(type, schema.id(), e.getKey());
            JsonValue now = r == null ? e.getValue() : value(r, null, e.getValue());
            if (now != e.getValue()) {
                if (out == null) {
                    out = JsonSupport.object(values);
                }
                out.add(e.getKey(), now);
            }
        }
        return out == null ? values : out.build();
    }
}
