package io.roster.scim.filter;

import io.roster.scim.error.ScimException;
import io.roster.scim.json.JsonSupport;
import io.roster.scim.schema.AttributeDefinition;
import io.roster.scim.schema.AttributeResolver;
import io.roster.scim.schema.ResourceType;
import io.roster.scim.schema.Returned;
import io.roster.scim.schema.SchemaRegistry;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;

/**
 * What a filter's attribute paths designate in one resource type (RFC 7644 section 3.4.2.2 attrPath,
 * resolved case-insensitively against the schemas), and the values they have in a resource or in one
 * element of a value path. Validation and evaluation both resolve through here, so they cannot read a
 * path differently.
 */
final class FilterTargets {
    private final ResourceType type;
    private final AttributeResolver resolver;

    FilterTargets(SchemaRegistry registry, ResourceType type) {
        this.type = type;
        this.resolver = new AttributeResolver(registry);
    }

    /**
     * What a path designates. At the top level, {@code attribute} is read from the resource (or from
     * the extension object named by {@code container}) and then, when {@code sub} is set, {@code sub}
     * from each of its values. Inside a value filter, {@code attribute} is the sub-attribute read from
     * one element.
     */
    record Target(AttributeDefinition attribute, AttributeDefinition sub, String container) {
        AttributeDefinition leaf() {
            return sub != null ? sub : attribute;
        }

        /** RFC 7643 section 7: a "never" returned attribute (password) is not to be probed through filters either. */
        boolean hidden() {
            return attribute.returned() == Returned.NEVER || (sub != null && sub.returned() == Returned.NEVER);
        }
    }

    /**
     * @param parent    null at the top level; inside {@code parent[...]}, the multi-valued complex attribute
     * @param compare   whether a complex attribute without sub-attribute stands for its "value"
     * @param strict    throw invalidFilter on paths that cannot make sense, instead of treating them as absent
     * @return null when the path names no attribute (absent)
     */
    Target resolve(AttrPath path, AttributeDefinition parent, boolean compare, boolean strict) {
        if (parent != null) {
            if (path.schemaUrn() != null || path.subAttribute() != null) {
                if (strict) {
                    throw ScimException.invalidFilter("invalid filter: inside " + parent.name() + "[...], '" + path
                            + "' must be the plain name of a sub-attribute of " + parent.name());
                }
                return null;
            }
            AttributeDefinition sub = parent.subAttribute(path.attribute());
            if (strict && sub != null && sub.returned() == Returned.NEVER) {
                throw hiddenInFilter(path);
            }
            return sub == null ? null : new Target(sub, null, null);
        }
        AttributeResolver.Resolved r = resolver.resolve(type, path.schemaUrn(), path.attribute());
        if (r == null) {
            return null;
        }
        AttributeDefinition def = r.definition();
        AttributeDefinition sub = null;
        if (path.subAttribute() != null) {
            if (!def.isComplex()) {
                if (strict) {
                    throw ScimException.invalidFilter("invalid filter: '" + path + "' asks for a sub-attribute of '"
                            + def.name() + "', which is " + describe(def) + " and has none");
                }
                return null;
            }
            sub = def.subAttribute(path.subAttribute());
            if (sub == null) {
                return null;
            }
        } else if (compare && def.isComplex()) {
            // RFC 7644 section 3.4.2.2's example 'emails co "example.com"': the filter applies to "value".
            sub = def.subAttribute("value");
            if (sub == null) {
                return null;
            }
        }
        Target target = new Target(def, sub, r.container());
        if (strict && target.hidden()) {
            throw hiddenInFilter(path);
        }
        return target;
    }

    /**
     * RFC 7643 section 7 lets a provider allow "never" attributes in filters ("MAY"); Roster does not. The
     * stored value is a salted hash nobody can meaningfully compare with, and any answer (even "pr") would
     * tell a reader something about a value it may never see. 400 invalidFilter: RFC 7644 section 3.12,
     * "the specified attribute and filter comparison combination is not supported".
     */
    static ScimException hiddenInFilter(AttrPath path) {
        return ScimException.invalidFilter("invalid filter: '" + path + "' is never returned (RFC 7643 section 7), "
                + "so it cannot be used in a filter either");
    }

    static String describe(AttributeDefinition def) {
        return (def.multiValued() ? "a multi-valued " : "a single-valued ") + def.type().json() + " attribute";
    }

    /** The values a target has in {@code scope}, flattened over multi-valued attributes, JSON nulls dropped. */
    static List<JsonValue> values(Target t, JsonObject scope) {
        if (t.hidden()) {
            return List.of();
        }
        JsonValue holder = t.container() == null ? scope : JsonSupport.member(scope, t.container());
        if (holder == null || holder.getValueType() != JsonValue.ValueType.OBJECT) {
            return List.of();
        }
        List<JsonValue> out = new ArrayList<>();
        for (JsonValue v : elements(JsonSupport.member(holder.asJsonObject(), t.attribute().name()))) {
            if (t.sub() == null) {
                out.add(v);
            } else if (v.getValueType() == JsonValue.ValueType.OBJECT) {
                out.addAll(elements(JsonSupport.member(v.asJsonObject(), t.sub().name())));
            }
        }
        out.removeIf(v -> v.getValueType() == JsonValue.ValueType.NULL);
        return out;
    }

    private static List<JsonValue> elements(JsonValue node) {
        if (node == null) {
            return List.of();
        }
        return node.getValueType() == JsonValue.ValueType.ARRAY ? node.asJsonArray() : List.of(node);
    }

}
