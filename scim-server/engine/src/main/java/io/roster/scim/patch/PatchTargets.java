package io.roster.scim.patch;

import io.roster.scim.error.ScimException;
import io.roster.scim.filter.AttrPath;
import io.roster.scim.filter.Compare;
import io.roster.scim.filter.Filter;
import io.roster.scim.filter.FilterEvaluator;
import io.roster.scim.filter.FilterParser;
import io.roster.scim.filter.Present;
import io.roster.scim.filter.ValuePath;
import io.roster.scim.schema.AttributeDefinition;
import io.roster.scim.schema.AttributeResolver;
import io.roster.scim.schema.Mutability;
import io.roster.scim.schema.ResourceType;
import io.roster.scim.schema.Schema;
import io.roster.scim.schema.SchemaRegistry;
import jakarta.json.JsonObject;

/**
 * Resolves what a PATCH operation targets in one resource type (RFC 7644 section 3.5.2): a path
 * ({@code name.givenName}, {@code emails[type eq "work"].value}, URN-qualified extension attributes), a
 * bare extension URN addressing the whole extension, or the keys of a path-less value. Names are
 * matched case-insensitively (RFC 7643 section 2.1). A path naming nothing is 400 invalidPath; a
 * path-less key naming nothing is ignored, as the same key in a POST or PUT body would be.
 *
 * <p>Path-less keys are read in RFC 7644 section 3.10's attribute notation, the "common scheme" every
 * operation uses to reference attributes: {@code name.givenName} names a sub-attribute and
 * {@code urn:...:enterprise:2.0:User:employeeNumber} an extension attribute. Entra sends such keys
 * ({@code {"op":"replace","value":{"name.givenName":"B"}}}, in its RFC-compliant mode too), but since
 * the RFC's notation covers them this is read as RFC behaviour, not a client quirk.
 */
final class PatchTargets {
    private final SchemaRegistry registry;
    private final AttributeResolver resolver;
    private final ResourceType type;
    private FilterEvaluator evaluator;

    PatchTargets(SchemaRegistry registry, ResourceType type) {
        this.registry = registry;
        this.resolver = new AttributeResolver(registry);
        this.type = type;
    }

    /**
     * The extension a path names by its bare schema URN
     * ({@code "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"}), or null when the path
     * is an attribute path. Such a path parses as attribute "User" of schema "urn:...:2.0", which no
     * schema has, so an attribute of that name always wins.
     */
    Schema extensionNamed(PatchPath path) {
        AttrPath a = path.attribute();
        if (path.filter() != null || a.schemaUrn() == null || a.subAttribute() != null
                || resolver.resolve(type, a.schemaUrn(), a.attribute()) != null) {
            return null;
        }
        Schema schema = registry.schema(a.schemaUrn() + ":" + a.attribute());
        if (schema == null || schema.id().equalsIgnoreCase(type.schema())) {
            return null;
        }
        if (!type.hasExtension(schema.id())) {
            throw ScimException.invalidPath("'" + schema.id() + "' is not an extension of a " + type.name()
                    + "; see /ResourceTypes/" + type.name() + " for the extensions it has.");
        }
        return schema;
    }

    /** The target of an operation's path; 400 invalidPath when the path names nothing this resource type has. */
    PatchTarget target(PatchPath path) {
        AttrPath a = path.attribute();
        AttributeResolver.Resolved r = resolver.resolve(type, a.schemaUrn(), a.attribute());
        if (r == null) {
            throw ScimException.invalidPath("A " + type.name() + " has no attribute '" + a
                    + "'; see /Schemas for the attributes it has.");
        }
        return withSub(r, path.filter(), path.targetSubAttribute());
    }

    /**
     * A path-less value's key as a target (within the extension {@code schemaUrn} when the key sits in
     * an extension object, else null); null for what a POST or PUT body would ignore too (CLIENTS.md):
     * attributes and sub-attributes this resource type does not have, and readOnly ones.
     */
    PatchTarget keyTarget(String schemaUrn, String key) {
        AttrPath path;
        try {
            path = FilterParser.parseAttrPath(schemaUrn == null ? key : schemaUrn + ":" + key);
        } catch (ScimException e) {
            throw ScimException.invalidPath("'" + key + "' in the value is not an attribute path: " + e.detail());
        }
        AttributeResolver.Resolved r = resolver.resolve(type, path.schemaUrn(), path.attribute());
        if (r == null || r.definition().mutability() == Mutability.READ_ONLY) {
            return null;
        }
        if (path.subAttribute() != null) {
            AttributeDefinition sub = r.definition().isComplex() ? r.definition().subAttribute(path.subAttribute()) : null;
            if (sub == null || sub.mutability() == Mutability.READ_ONLY) {
                return null;
            }
        }
        return withSub(r, null, path.subAttribute());
    }

    /** Every attribute of an extension as a target, for removing the whole extension. */
    PatchTarget whole(Schema extension, AttributeDefinition attribute) {
        return new PatchTarget(new AttributeResolver.Resolved(extension, attribute, true), null, null);
    }

    /** Whether {@code element}, one value of the target's attribute, is selected by the target's value filter. */
    boolean matches(PatchTarget t, JsonObject element) {
        return evaluator().matchesValue(t.def(), t.filter(), element);
    }

    private PatchTarget withSub(AttributeResolver.Resolved r, Filter filter, String subName) {
        AttributeDefinition def = r.definition();
        if (filter != null && !def.isComplex()) {
            throw ScimException.invalidPath("'" + def.name() + "' is not complex, so it has no values to select with [...].");
        }
        AttributeDefinition sub = null;
        if (subName != null) {
            sub = def.isComplex() ? def.subAttribute(subName) : null;
            if (sub == null) {
                throw ScimException.invalidPath("'" + def.name() + "' has no sub-attribute '" + subName + "'"
                        + (def.isComplex() ? "; it has " + String.join(", ", def.subAttributes().stream()
                        .map(AttributeDefinition::name).toList()) : "") + ".");
            }
        }
        if (filter != null) {
            checkFilterNames(def, filter);
        }
        if (filter != null && def.multiValued()) {
            try {
                evaluator().validate(new ValuePath(new AttrPath(r.extension() ? r.schema().id() : null, def.name(), null), filter));
            } catch (ScimException e) {
                throw ScimException.invalidPath(e.detail());
            }
        }
        return new PatchTarget(r, filter, sub);
    }

    /**
     * Every name inside {@code attr[...]} must be a sub-attribute of attr. Query filters treat unknown
     * names as absent, but in a PATCH path such a filter would silently match nothing and, for add and
     * replace, create a new value: a typo must be a 400 invalidPath instead.
     */
    private static void checkFilterNames(AttributeDefinition def, Filter f) {
        f.accept(new Filter.Walk() {
            @Override
            public Void compare(Compare compare) {
                checkFilterName(def, compare.path());
                return null;
            }

            @Override
            public Void present(Present present) {
                checkFilterName(def, present.path());
                return null;
            }

            /** RFC 7644 section 3.5.2's PATH has one valuePath; a second one inside the brackets names nothing. */
            @Override
            public Void valuePath(ValuePath valuePath) {
                throw ScimException.invalidPath("'" + valuePath + "' is inside " + def.name() + "[...]; value filters do not nest.");
            }
        });
    }

    private static void checkFilterName(AttributeDefinition def, AttrPath path) {
        if (path.schemaUrn() == null && path.subAttribute() == null && def.subAttribute(path.attribute()) != null) {
            return;
        }
        throw ScimException.invalidPath("'" + path + "' in " + def.name() + "[...] is not a sub-attribute of '" + def.name()
                + "'; it has " + String.join(", ", def.subAttributes().stream().map(AttributeDefinition::name).toList()) + ".");
    }

    private FilterEvaluator evaluator() {
        if (evaluator == null) {
            evaluator = new FilterEvaluator(registry, type);
        }
        return evaluator;
    }
}
