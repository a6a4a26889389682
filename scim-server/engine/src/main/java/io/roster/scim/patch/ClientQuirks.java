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

/**
 * The client quirks Roster normalises (CLIENTS.md), each a named class, applied in order before the
 * standard engine runs: {@link RequestQuirk}s to a PatchOp body's operation objects before they are read
 * ({@link PatchRequest}), {@link OperationQuirk}s to each PATCH operation before the engine applies it,
 * and {@link ClientQuirk}s to the value a request gives one attribute, in PATCH operations and in POST
 * and PUT bodies alike.
 */
public final class ClientQuirks {
    /** Stateless, so one list serves every request. */
    static final List<RequestQuirk> REQUEST_QUIRKS = List.of(new EntraCapitalisedOps());

    private final List<ClientQuirk> quirks;
    private final List<OperationQuirk> operationQuirks;
    private final SchemaRegistry registry;
    private final AttributeResolver resolver;

    public ClientQuirks(SchemaRegistry registry, List<ClientQuirk> quirks) {
        this(registry, quirks, List.of());
    }

    public ClientQuirks(SchemaRegistry registry, List<ClientQuirk> quirks, List<OperationQuirk> operationQuirks) {
        this.registry = registry;
        this.resolver = new AttributeResolver(registry);
        this.quirks = List.copyOf(quirks);
        this.operationQuirks = List.copyOf(operationQuirks);
    }

    /**
     * Values: Entra ID's bare-string manager, stringified-JSON role values and "True"/"False" booleans, and
     * an ApiClient's userId given as a URI. Operations: Okta's own id in a rename, Entra's removes by value
     * list and of a named manager, and Entra's filtered replace of a value not there yet.
     */
    public static ClientQuirks standard(SchemaRegistry registry) {
        return new ClientQuirks(registry,
                List.of(new BareStringManager(), new StringifiedRoleValues(), new EntraBooleanStrings(), new UserUriAsUserId()),
                List.of(new OktaOwnIdInValue(), new EntraRemoveByValueList(), new EntraRemoveNamedComplexValue(),
                        new EntraFilteredReplaceCreates()));
    }

    /** A PATCH operation with every operation quirk applied, in order. */
    public EngineOperation operation(EngineOperation operation, PatchContext context) {
        EngineOperation op = operation;
        for (OperationQuirk q : operationQuirks) {
            op = q.rewrite(op, context);
        }
        return op;
    }

    /** The value a request gives {@code attribute} (or its {@code subAttribute}) with every value quirk applied, in order. */
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
