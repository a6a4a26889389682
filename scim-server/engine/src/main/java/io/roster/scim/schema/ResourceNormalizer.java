package io.roster.scim.schema;

import io.roster.scim.json.JsonSupport;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a client's POST or PUT body, or the attribute set a PATCH produced, into the normalised
 * attributes Roster stores, reading every rule from the schemas (RFC 7643 section 2 and 7, RFC 7644
 * section 3.3 and 3.5). This class holds the three entry points and puts the steps together:
 * <ul>
 *   <li>{@link SentAttributes}: what the body gives, per schema, names in schema spelling, unknown,
 *       readOnly, {@code id} and {@code meta} ignored, {@code null} as "no value";</li>
 *   <li>{@link ValueCoercion}: each value checked against its type and canonicalised;</li>
 *   <li>{@link MutabilityRules}: what stored values are kept (readOnly, immutable, writeOnly) and which
 *       attributes must have a value;</li>
 *   <li>{@link UnassertedExtensions}: a PUT keeps an extension it does not mention at all.</li>
 * </ul>
 * The result holds client-writable attributes only, plus (on replace) the stored values the client may
 * not or did not change: readOnly ones the server maintains, immutable and writeOnly ones left out.
 */
public final class ResourceNormalizer {
    private final SchemaRegistry registry;

    public ResourceNormalizer(SchemaRegistry registry) {
        this.registry = registry;
    }

    /** Normalises a POST body. */
    public JsonObject forCreate(ResourceType type, JsonObject body) {
        return normalise(type, body, null, true);
    }

    /** Normalises a PUT body against the stored attributes of the resource it replaces. */
    public JsonObject forReplace(ResourceType type, JsonObject body, JsonObject existing) {
        return normalise(type, body, existing, true);
    }

    /**
     * Normalises the complete attribute set a PATCH produced from {@code existing}. Unlike a PUT body it
     * states every value the resource keeps, so a writeOnly attribute it lacks was removed by the PATCH
     * and is not carried over (a PUT omits it because clients cannot read it back).
     */
    public JsonObject forPatch(ResourceType type, JsonObject patched, JsonObject existing) {
        return normalise(type, patched, existing, false);
    }

    /**
     * One attribute's value checked and coerced exactly as a POST or PUT would store it (a multi-valued
     * attribute's value becomes an array); null when it amounts to "no value". {@code path} names the
     * attribute in error details.
     */
    public JsonValue coerceValue(AttributeDefinition def, JsonValue value, String path) {
        return ValueCoercion.coerce(def, value, path);
    }

    /** @param omittedWriteOnlyKept whether a writeOnly attribute missing from {@code body} keeps its stored value (PUT) */
    private JsonObject normalise(ResourceType type, JsonObject body, JsonObject existing, boolean omittedWriteOnlyKept) {
        SentAttributes sent = SentAttributes.read(registry, type, body);
        JsonObjectBuilder out = JsonSupport.object();
        if (sent.externalId != null) {
            out.add("externalId", sent.externalId); // a common, readWrite attribute: on PUT an omitted externalId is cleared
        }
        UnassertedExtensions unasserted = existing != null && omittedWriteOnlyKept ? UnassertedExtensions.of(body) : null;
        for (Map.Entry<String, Map<String, JsonValue>> e : sent.bySchema.entrySet()) {
            Schema schema = registry.schema(e.getKey());
            boolean isCore = schema.id().equals(sent.core.id());
            JsonObject kept = isCore || unasserted == null ? null : unasserted.kept(schema, existing);
            if (kept != null) {
                out.add(schema.id(), kept);
                continue;
            }
            JsonObject before = existing == null ? JsonValue.EMPTY_JSON_OBJECT
                    : isCore ? existing : existing.get(schema.id()) instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT;
            JsonObjectBuilder target = isCore ? out : JsonSupport.object();
            int written = MutabilityRules.merge(schema, e.getValue(), before, target, isCore ? "" : schema.id() + ":", omittedWriteOnlyKept);
            if (!isCore && written > 0) {
                out.add(schema.id(), target);
            }
        }
        JsonObject result = out.build();
        MutabilityRules.checkRequired(registry, type, result);
        return result;
    }

    /** xsd:dateTime (RFC 7643 section 2.3.5): with an offset or 'Z', or without one (taken as UTC). */
    public static boolean parseDateTime(String s) {
        return ValueCoercion.parseDateTime(s);
    }

    /** Lower-cases for case-insensitive comparison the way the whole server does. */
    public static String fold(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
