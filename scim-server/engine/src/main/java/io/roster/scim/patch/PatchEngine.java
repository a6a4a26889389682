package io.roster.scim.patch;

import io.roster.scim.error.ScimException;
import io.roster.scim.filter.And;
import io.roster.scim.filter.AttrPath;
import io.roster.scim.filter.Compare;
import io.roster.scim.filter.CompareOp;
import io.roster.scim.filter.Filter;
import io.roster.scim.filter.FilterEvaluator;
import io.roster.scim.filter.FilterParser;
import io.roster.scim.filter.Not;
import io.roster.scim.filter.Or;
import io.roster.scim.filter.Present;
import io.roster.scim.filter.ValuePath;
import io.roster.scim.json.JsonSupport;
import io.roster.scim.schema.AttributeDefinition;
import io.roster.scim.schema.AttributeResolver;
import io.roster.scim.schema.AttributeType;
import io.roster.scim.schema.Mutability;
import io.roster.scim.schema.ResourceNormalizer;
import io.roster.scim.schema.ResourceType;
import io.roster.scim.schema.Schema;
import io.roster.scim.schema.SchemaRegistry;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies PATCH operations (RFC 7644 section 3.5.2) to a stored resource's attributes. The result is
 * the whole new attribute set, which the caller still passes through {@link ResourceNormalizer#forPatch} (types,
 * immutability, required attributes) before storing it, plus the membership changes, which never touch
 * the group's record. Nothing is written here: a failing operation leaves the stored resource as it was.
 *
 * <p>Cost: the operations work on a {@link WorkingResource} built once from the stored attributes and
 * turned into JSON once at the end; multi-valued attributes find equal values through a hash index
 * ({@link MultiValue}), so a PATCH costs in proportion to its operations plus the values it touches.
 * Only a value filter, or a sub-attribute path without one, looks at every value of its attribute.
 *
 * <p>Semantics, per operation:
 * <ul>
 *   <li>{@code add}: a singular attribute is set; a complex one gets the given sub-attributes merged in;
 *       a multi-valued one gets the new values appended unless an equal value is there already. With a
 *       value filter, the matching values are updated, and when none matches a new value is created
 *       from the filter's {@code eq} terms (Entra's {@code emails[type eq "work"].value}).</li>
 *   <li>{@code replace}: like add, but a multi-valued attribute without a filter is replaced whole, and
 *       filtered values are replaced (or, with a sub-attribute, that sub-attribute is).</li>
 *   <li>{@code remove}: the target is unassigned; with a filter only the matching values go; with a
 *       value list and no filter only the listed values go (Entra's remove-members-by-value).</li>
 *   <li>Without a path the value is an object whose keys are attribute paths (dotted or URN-qualified)
 *       or extension URNs; each key is one operation.</li>
 *   <li>A bare extension URN as the path addresses the extension as one complex attribute: add and
 *       replace set the attributes given, remove clears the extension.</li>
 *   <li>Setting {@code primary: true} on a value clears it on the attribute's other values.</li>
 *   <li>readOnly targets, and removing a required attribute or a set immutable one, are 400 mutability.</li>
 * </ul>
 */
public final class PatchEngine {
    private final SchemaRegistry registry;
    private final AttributeResolver resolver;
    private final ResourceNormalizer normalizer;
    private final ClientQuirks quirks;

    public PatchEngine(SchemaRegistry registry, ResourceNormalizer normalizer, ClientQuirks quirks) {
        this.registry = registry;
        this.resolver = new AttributeResolver(registry);
        this.normalizer = normalizer;
        this.quirks = quirks;
    }

    /**
     * @param attributes        the new attributes (not yet normalised)
     * @param attributesTouched whether any operation targeted the record (false: only membership changed)
     * @param memberChanges     membership changes in request order
     */
    public record Result(JsonObject attributes, boolean attributesTouched, List<MemberChange> memberChanges) {
    }

    /**
     * @param membersInIndex true for Groups, whose {@code members} are index entries handed back as
     *                       {@link MemberChange}s rather than edited in the record
     */
    public Result apply(ResourceType type, String id, JsonObject stored, List<PatchOperation> operations, boolean membersInIndex) {
        Run run = new Run(type, id, stored, membersInIndex);
        for (PatchOperation op : operations) {
            try {
                run.operation(op);
            } catch (ScimException e) {
                if (e.detail() != null && e.detail().startsWith("Operation ")) {
                    throw e;
                }
                throw new ScimException(e.status(), e.scimType(), "Operation " + op.index() + " (" + op.op().keyword()
                        + (op.path() == null ? "" : " " + op.path()) + "): " + e.detail());
            }
        }
        return new Result(run.build(), run.touched, run.members);
    }

    /** One target inside the resource: an attribute, maybe a value filter, maybe a sub-attribute. */
    private record Target(AttributeResolver.Resolved attribute, Filter filter, AttributeDefinition sub) {
        AttributeDefinition def() {
            return attribute.definition();
        }

        String name() {
            String base = attribute.extension() ? attribute.schema().id() + ":" + def().name() : def().name();
            return base + (filter == null ? "" : "[" + filter + "]") + (sub == null ? "" : "." + sub.name());
        }
    }

    private final class Run {
        private final ResourceType type;
        private final String id;
        private final boolean membersInIndex;
        private final WorkingResource values;
        private final List<MemberChange> members = new ArrayList<>();
        private FilterEvaluator evaluator;
        private boolean touched;

        Run(ResourceType type, String id, JsonObject stored, boolean membersInIndex) {
            this.type = type;
            this.id = id;
            this.membersInIndex = membersInIndex;
            this.values = new WorkingResource(registry, stored);
        }

        void operation(PatchOperation op) {
            if (op.path() != null) {
                Schema extension = extensionNamed(op.path());
                if (extension != null) {
                    extension(op.op(), extension, op.value());
                } else {
                    apply(op.op(), target(op.path()), op.value());
                }
                return;
            }
            // No path: the value's keys are the targets (RFC 7644 section 3.5.2.1 and 3.5.2.3).
            for (Map.Entry<String, JsonValue> e : op.value().asJsonObject().entrySet()) {
                String key = e.getKey();
                if (key.equalsIgnoreCase("schemas")) {
                    continue;
                }
                if (key.equalsIgnoreCase("id")) {
                    // Okta renames a group with {"id": <its own id>, "displayName": ...}: harmless when it is the same id.
                    if (e.getValue() instanceof JsonString s && s.getString().equals(id)) {
                        continue;
                    }
                    throw ScimException.mutability("'id' is readOnly: the value carries \"id\": " + JsonSupport.toText(e.getValue())
                            + ", but this resource's id is \"" + id + "\".");
                }
                Schema schema = registry.schema(key);
                if (schema != null && e.getValue().getValueType() == JsonValue.ValueType.OBJECT) {
                    for (Map.Entry<String, JsonValue> inner : e.getValue().asJsonObject().entrySet()) {
                        Target t = keyTarget(schema.id(), inner.getKey());
                        if (t != null) {
                            apply(op.op(), t, inner.getValue());
                        }
                    }
                    continue;
                }
                Target t = keyTarget(null, key);
                if (t != null) {
                    apply(op.op(), t, e.getValue());
                }
            }
        }

        /**
         * The extension a path names by its bare schema URN
         * ({@code "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"}), or null when the path
         * is an attribute path. Such a path parses as attribute "User" of schema "urn:...:2.0", which no
         * schema has, so an attribute of that name always wins.
         */
        private Schema extensionNamed(PatchPath path) {
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

        /**
         * An extension addressed as one complex attribute (RFC 7644 section 3.5.2): add and replace set the
         * attributes the value gives and leave the others as they are, exactly as a path-less value keyed by
         * the URN does (readOnly and unknown ones are ignored); remove, or a null value, unassigns every
         * attribute a client may write, under remove's rules (required and set immutable ones are
         * mutability). The server's readOnly attributes stay.
         */
        private void extension(PatchOperation.Op op, Schema schema, JsonValue value) {
            if (op == PatchOperation.Op.REMOVE || value == null || value.getValueType() == JsonValue.ValueType.NULL) {
                for (AttributeDefinition def : schema.attributes()) {
                    if (def.mutability() != Mutability.READ_ONLY) {
                        apply(PatchOperation.Op.REMOVE, new Target(new AttributeResolver.Resolved(schema, def, true), null, null), null);
                    }
                }
                return;
            }
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw ScimException.invalidValue("The path names the extension " + schema.id() + ", so the value must be an object of"
                        + " its attributes (" + String.join(", ", schema.attributes().stream().map(AttributeDefinition::name).toList())
                        + "), not " + JsonSupport.describe(value) + ".");
            }
            for (Map.Entry<String, JsonValue> inner : value.asJsonObject().entrySet()) {
                Target t = keyTarget(schema.id(), inner.getKey());
                if (t != null) {
                    apply(op, t, inner.getValue());
                }
            }
        }

        /**
         * A path-less value's key as a target; null for what a POST or PUT body would ignore too
         * (CLIENTS.md): attributes and sub-attributes this resource type does not have, and readOnly ones.
         */
        private Target keyTarget(String schemaUrn, String key) {
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

        private Target target(PatchPath path) {
            AttrPath a = path.attribute();
            AttributeResolver.Resolved r = resolver.resolve(type, a.schemaUrn(), a.attribute());
            if (r == null) {
                throw ScimException.invalidPath("A " + type.name() + " has no attribute '" + a
                        + "'; see /Schemas for the attributes it has.");
            }
            return withSub(r, path.filter(), path.targetSubAttribute());
        }

        private Target withSub(AttributeResolver.Resolved r, Filter filter, String subName) {
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
            return new Target(r, filter, sub);
        }

        /**
         * Every name inside {@code attr[...]} must be a sub-attribute of attr. Query filters treat unknown
         * names as absent, but in a PATCH path such a filter would silently match nothing and, for add and
         * replace, create a new value: a typo must be a 400 invalidPath instead.
         */
        private void checkFilterNames(AttributeDefinition def, Filter f) {
            f.accept(new Filter.Visitor<Void>() {
                @Override
                public Void and(And and) {
                    and.left().accept(this);
                    and.right().accept(this);
                    return null;
                }

                @Override
                public Void or(Or or) {
                    or.left().accept(this);
                    or.right().accept(this);
                    return null;
                }

                @Override
                public Void not(Not not) {
                    not.inner().accept(this);
                    return null;
                }

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

        private void checkFilterName(AttributeDefinition def, AttrPath path) {
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

        // -------------------------------------------------------------- dispatch

        private void apply(PatchOperation.Op requested, Target t, JsonValue given) {
            AttributeDefinition def = t.def();
            PatchOperation.Op op = requested;
            JsonValue rawValue = given;
            if (op != PatchOperation.Op.REMOVE && (given == null || given.getValueType() == JsonValue.ValueType.NULL)) {
                // Setting null unassigns (RFC 7643 section 2.5), under remove's rules (required, immutable).
                op = PatchOperation.Op.REMOVE;
                rawValue = null;
            }
            if (def.mutability() == Mutability.READ_ONLY || (t.sub() != null && t.sub().mutability() == Mutability.READ_ONLY)) {
                throw ScimException.mutability("'" + t.name() + "' is readOnly: the server maintains it, clients cannot "
                        + requested.keyword() + " it.");
            }
            JsonValue value = rawValue == null ? null : quirks.value(t.attribute(), t.sub() == null ? null : t.sub().name(), rawValue);
            if (membersInIndex && !t.attribute().extension() && def.name().equals("members")) {
                members(op, t, value);
                return;
            }
            touched = true;
            switch (op) {
                case ADD -> add(t, value, false);
                case REPLACE -> add(t, value, true);
                case REMOVE -> remove(t, value);
            }
        }

        // -------------------------------------------------------------- add and replace

        private void add(Target t, JsonValue value, boolean replace) {
            AttributeDefinition def = t.def();
            if (!def.multiValued()) {
                if (!def.isComplex()) {
                    values.set(t.attribute(), normalizer.coerceValue(def, value, t.name()));
                    return;
                }
                JsonValue current = values.get(t.attribute());
                JsonObject object = current instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT;
                if (t.filter() != null && current != null && !matches(t, object)) {
                    throw ScimException.noTarget("The value of '" + t.def().name() + "' does not match " + t.filter() + ".");
                }
                if (t.sub() != null) {
                    values.set(t.attribute(), JsonEdits.with(object, t.sub().name(), normalizer.coerceValue(t.sub(), value, t.name())));
                } else {
                    values.set(t.attribute(), JsonEdits.merge(object, subValues(def, value, t.name())));
                }
                return;
            }
            MultiValue list = values.values(t.attribute());
            if (t.filter() == null && t.sub() == null) {
                JsonValue coerced = normalizer.coerceValue(def, value, t.name());
                List<JsonValue> given = coerced == null ? List.of() : coerced.asJsonArray();
                if (replace) {
                    list.clear();
                    given.forEach(list::append);
                } else {
                    given.forEach(list::add);
                }
                return;
            }
            if (!def.isComplex()) {
                throw ScimException.invalidPath("'" + def.name() + "' holds simple values; it has no sub-attributes or values to select.");
            }
            boolean any = false;
            int primary = -1;
            for (int slot = 0; slot < list.slotCount(); slot++) {
                if (list.at(slot) instanceof JsonObject element && (t.filter() == null || matches(t, element))) {
                    JsonObject now = updated(t, element, value, replace);
                    list.set(slot, now);
                    any = true;
                    primary = JsonEdits.isPrimary(now) ? slot : primary;
                }
            }
            if (!any) {
                // Entra adds to emails[type eq "work"].value before any work email exists: create it (CLIENTS.md).
                primary = list.append(updated(t, seed(def, t.filter()), value, false));
            }
            if (primary >= 0) {
                list.keepPrimary(primary);
            }
        }

        /** An element after add/replace: one sub-attribute set, the given sub-attributes merged, or replaced whole. */
        private JsonObject updated(Target t, JsonObject element, JsonValue value, boolean replaceWhole) {
            if (t.sub() != null) {
                return JsonEdits.with(element, t.sub().name(), normalizer.coerceValue(t.sub(), value, t.name()));
            }
            Map<String, JsonValue> subs = subValues(t.def(), value, t.name());
            return JsonEdits.merge(replaceWhole ? JsonValue.EMPTY_JSON_OBJECT : element, subs);
        }

        // -------------------------------------------------------------- remove

        private void remove(Target t, JsonValue value) {
            AttributeDefinition def = t.def();
            if (def.multiValued()) {
                removeValues(t, value);
                return;
            }
            JsonValue current = values.get(t.attribute());
            if (t.sub() == null && t.filter() == null) {
                if (value != null && def.isComplex() && current instanceof JsonObject o && !namesValue(def, o, value, t.name())) {
                    return; // Entra removes the manager with {"value": <id>}: only if it is still that manager
                }
                checkRemovable(t, !JsonSupport.isNullOrEmpty(current), true);
                values.remove(t.attribute());
                return;
            }
            if (!(current instanceof JsonObject object) || (t.filter() != null && !matches(t, object))) {
                return; // nothing there, or not the value the filter names: nothing to remove
            }
            if (t.sub() == null) {
                checkRemovable(t, true, true);
                values.remove(t.attribute());
            } else {
                JsonObject rest = JsonEdits.with(object, t.sub().name(), null);
                checkRemovable(t, true, rest.isEmpty());
                values.set(t.attribute(), rest.isEmpty() ? null : rest);
            }
        }

        /**
         * Whether a remove's value names the current value of a singular complex attribute: the value, or a
         * list of values to remove as for a multi-valued attribute ({@code [{"value": <id>}]}), one of which
         * has the same {@code value}.
         */
        private boolean namesValue(AttributeDefinition def, JsonObject current, JsonValue value, String path) {
            List<JsonValue> given = value.getValueType() == JsonValue.ValueType.ARRAY ? value.asJsonArray() : List.of(value);
            for (JsonValue v : given) {
                if (!(normalizer.coerceValue(def, v, path) instanceof JsonObject g) || sameValue(def, current, g)) {
                    return true;
                }
            }
            return given.isEmpty();
        }

        private void removeValues(Target t, JsonValue value) {
            MultiValue list = values.values(t.attribute());
            boolean wasSet = !list.isEmpty();
            if (t.sub() == null && t.filter() == null) {
                if (value == null) {
                    checkRemovable(t, wasSet, true);
                    list.clear();
                    return;
                }
                // Only the listed values go (Entra's remove by value); the attribute may end up empty.
                JsonValue coerced = normalizer.coerceValue(t.def(), value, t.name());
                list.removeListed(coerced == null ? List.of() : coerced.asJsonArray());
                checkRemovable(t, wasSet, list.isEmpty());
                return;
            }
            for (int slot = 0; slot < list.slotCount(); slot++) {
                if (list.at(slot) instanceof JsonObject element && (t.filter() == null || matches(t, element))) {
                    JsonObject rest = t.sub() == null ? JsonValue.EMPTY_JSON_OBJECT : JsonEdits.with(element, t.sub().name(), null);
                    if (rest.isEmpty()) {
                        list.remove(slot);
                    } else {
                        list.set(slot, rest);
                    }
                }
            }
            checkRemovable(t, wasSet, list.isEmpty());
        }

        /** RFC 7644 section 3.5.2.2: unassigning a required attribute, or changing a set immutable one, is mutability. */
        private void checkRemovable(Target t, boolean set, boolean unassigns) {
            if (!set) {
                return;
            }
            AttributeDefinition def = t.def();
            if (def.mutability() == Mutability.IMMUTABLE || (t.sub() != null && t.sub().mutability() == Mutability.IMMUTABLE)) {
                throw ScimException.mutability("'" + t.name() + "' is immutable: once set it cannot be removed.");
            }
            if (unassigns && def.required()) {
                throw ScimException.mutability("'" + def.name() + "' is required, so it cannot be removed; replace it instead.");
            }
        }

        // -------------------------------------------------------------- members

        private void members(PatchOperation.Op op, Target t, JsonValue value) {
            if (t.sub() != null) {
                throw ScimException.invalidPath("Members are added, removed or replaced whole; a path cannot reach into "
                        + "'members." + t.sub().name() + "'. Use \"members\" or members[value eq \"<id>\"].");
            }
            JsonArray given = value == null ? null : memberArray(value);
            switch (op) {
                case ADD -> {
                    if (t.filter() != null) {
                        throw ScimException.invalidPath("Add members with \"path\": \"members\" and a list of {\"value\": <id>}; "
                                + "a value filter selects existing members.");
                    }
                    members.add(new MemberChange.Add(given));
                }
                case REPLACE -> {
                    if (t.filter() == null) {
                        members.add(new MemberChange.Replace(given));
                    } else {
                        members.add(removal(t.filter()));
                        members.add(new MemberChange.Add(given));
                    }
                }
                case REMOVE -> {
                    if (t.filter() != null) {
                        members.add(removal(t.filter()));
                    } else if (given == null) {
                        members.add(new MemberChange.RemoveAll());
                    } else {
                        List<String> ids = new ArrayList<>();
                        for (JsonValue m : given) {
                            ids.add(memberId(m));
                        }
                        members.add(new MemberChange.Remove(ids));
                    }
                }
            }
        }

        /** {@code members[value eq "a"]} and {@code or}s of such name ids directly; anything else is evaluated per member. */
        private MemberChange removal(Filter filter) {
            List<String> ids = new ArrayList<>();
            return idsOf(filter, ids) ? new MemberChange.Remove(ids) : new MemberChange.RemoveMatching(filter);
        }

        /**
         * Adds the ids {@code f} names to {@code ids} and answers true when {@code f} is nothing but
         * {@code value eq "<id>"} terms joined by {@code or}; any other node means the filter must be
         * evaluated per member (false; {@code ids} is then of no use).
         */
        private static boolean idsOf(Filter f, List<String> ids) {
            return f.accept(new Filter.Visitor<Boolean>() {
                @Override
                public Boolean and(And and) {
                    return false; // value eq "a" and value eq "b" names no member, not both
                }

                @Override
                public Boolean or(Or or) {
                    return or.left().accept(this) && or.right().accept(this);
                }

                @Override
                public Boolean not(Not not) {
                    return false; // every member but some: only evaluation can tell which
                }

                @Override
                public Boolean compare(Compare c) {
                    if (c.op() == CompareOp.EQ && c.path().schemaUrn() == null && c.path().subAttribute() == null
                            && c.path().attribute().equalsIgnoreCase("value") && c.value() instanceof JsonString s) {
                        ids.add(s.getString());
                        return true;
                    }
                    return false;
                }

                @Override
                public Boolean present(Present present) {
                    return false;
                }

                @Override
                public Boolean valuePath(ValuePath valuePath) {
                    return false;
                }
            });
        }

        private static JsonArray memberArray(JsonValue value) {
            JsonArray arr = value.getValueType() == JsonValue.ValueType.ARRAY
                    ? value.asJsonArray() : JsonSupport.array().add(value).build();
            JsonArrayBuilder out = JsonSupport.array();
            for (JsonValue m : arr) {
                if (m.getValueType() == JsonValue.ValueType.OBJECT) {
                    out.add(m);
                } else if (m.getValueType() == JsonValue.ValueType.STRING) {
                    out.add(JsonSupport.object().add("value", m)); // a bare id
                } else if (m.getValueType() != JsonValue.ValueType.NULL) {
                    throw ScimException.invalidValue("Each member is an object {\"value\": <id of a User or Group>}, not "
                            + JsonSupport.describe(m) + ".");
                }
            }
            return out.build();
        }

        private static String memberId(JsonValue m) {
            for (Map.Entry<String, JsonValue> e : m.asJsonObject().entrySet()) {
                if (e.getKey().equalsIgnoreCase("value") && e.getValue() instanceof JsonString s && !s.getString().isBlank()) {
                    return s.getString().strip();
                }
            }
            throw ScimException.invalidValue("Each member to remove needs a \"value\" holding its id; got " + JsonSupport.toText(m) + ".");
        }

        // -------------------------------------------------------------- the tree

        JsonObject build() {
            return values.build();
        }

        private boolean matches(Target t, JsonObject element) {
            return evaluator().matchesValue(t.def(), t.filter(), element);
        }
    }

    // ------------------------------------------------------------------ values

    /** The sub-attributes a value object gives, by canonical name, coerced; JSON null marks one to clear. */
    private Map<String, JsonValue> subValues(AttributeDefinition def, JsonValue value, String path) {
        if (value == null || value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw ScimException.invalidValue("'" + path + "' is complex: the value must be an object with its sub-attributes ("
                    + String.join(", ", def.subAttributes().stream().map(AttributeDefinition::name).toList()) + "), not "
                    + (value == null ? "nothing" : JsonSupport.describe(value)) + ".");
        }
        Map<String, JsonValue> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonValue> e : value.asJsonObject().entrySet()) {
            AttributeDefinition sub = def.subAttribute(e.getKey());
            if (sub == null || !sub.mutability().clientWritable()) {
                continue; // unknown and readOnly sub-attributes are ignored, as on POST and PUT
            }
            JsonValue c = normalizer.coerceValue(sub, e.getValue(), path + "." + sub.name());
            out.put(sub.name(), c == null ? JsonValue.NULL : c);
        }
        return out;
    }

    /** A new element holding the sub-attributes a filter pins with {@code eq} ({@code type eq "work"} gives {"type": "work"}). */
    private JsonObject seed(AttributeDefinition def, Filter filter) {
        Map<String, JsonValue> subs = new LinkedHashMap<>();
        collectEquals(def, filter, subs);
        return JsonEdits.merge(JsonValue.EMPTY_JSON_OBJECT, subs);
    }

    /**
     * The sub-attributes every value selected by {@code f} must hold: the {@code eq} terms joined by
     * {@code and}. An {@code or}, a {@code not}, {@code pr} or another operator pins nothing, since a
     * value may satisfy it in more than one way.
     */
    private void collectEquals(AttributeDefinition def, Filter f, Map<String, JsonValue> into) {
        f.accept(new Filter.Visitor<Void>() {
            @Override
            public Void and(And and) {
                and.left().accept(this);
                and.right().accept(this);
                return null;
            }

            @Override
            public Void or(Or or) {
                return null;
            }

            @Override
            public Void not(Not not) {
                return null;
            }

            @Override
            public Void compare(Compare c) {
                if (c.op() == CompareOp.EQ && c.path().subAttribute() == null && c.value().getValueType() != JsonValue.ValueType.NULL) {
                    AttributeDefinition sub = def.subAttribute(c.path().attribute());
                    if (sub != null && sub.mutability().clientWritable()) {
                        JsonValue v = normalizer.coerceValue(sub, c.value(), def.name() + "." + sub.name());
                        if (v != null) {
                            into.put(sub.name(), v);
                        }
                    }
                }
                return null;
            }

            @Override
            public Void present(Present present) {
                return null;
            }

            @Override
            public Void valuePath(ValuePath valuePath) {
                return null;
            }
        });
    }

    /** Whether two complex values have the same {@code value} sub-attribute (false when either has none). */
    private static boolean sameValue(AttributeDefinition def, JsonObject a, JsonObject b) {
        return a.get("value") != null && b.get("value") != null && sameSub(def, "value", a, b);
    }

    private static boolean sameSub(AttributeDefinition def, String name, JsonObject a, JsonObject b) {
        JsonValue x = a.get(name);
        JsonValue y = b.get(name);
        if (x == null || y == null) {
            return x == y;
        }
        AttributeDefinition sub = def.subAttribute(name);
        if (sub != null && !sub.caseExact() && sub.type() == AttributeType.STRING && x instanceof JsonString s && y instanceof JsonString t) {
            return s.getString().equalsIgnoreCase(t.getString());
        }
        return x.equals(y);
    }
}
