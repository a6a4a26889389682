package io.roster.scim.patch;

import io.roster.scim.error.ScimException;
import io.roster.scim.filter.And;
import io.roster.scim.filter.Compare;
import io.roster.scim.filter.CompareOp;
import io.roster.scim.filter.Filter;
import io.roster.scim.filter.Not;
import io.roster.scim.filter.Or;
import io.roster.scim.filter.Present;
import io.roster.scim.filter.ValuePath;
import io.roster.scim.json.JsonSupport;
import io.roster.scim.schema.AttributeDefinition;
import io.roster.scim.schema.AttributeType;
import io.roster.scim.schema.MutabilityRules;
import io.roster.scim.schema.ResourceNormalizer;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Add, replace and remove (RFC 7644 sections 3.5.2.1 to 3.5.2.3) applied to one target of the
 * {@link WorkingResource}, values coerced to their attribute's type as a POST or PUT would store them:
 * <ul>
 *   <li>add: a singular attribute is set; a complex one gets the given sub-attributes merged in; a
 *       multi-valued one gets the new values appended unless an equal value is there already. With a
 *       value filter, the matching values are updated, and when none matches a new value is created
 *       from the filter's {@code eq} terms (section 3.5.2.1: a target that does not exist is added).</li>
 *   <li>replace: like add, but a multi-valued attribute without a filter is replaced whole, and filtered
 *       values are replaced (or, with a sub-attribute, that sub-attribute is). A value filter that matches
 *       nothing is 400 noTarget (section 3.5.2.3) unless the operation asks for the value to be created
 *       ({@link EntraFilteredReplaceCreates}).</li>
 *   <li>remove: the target is unassigned; with a filter only the matching values go. When a client
 *       quirk turned the operation's value into the values to remove, only those go
 *       ({@link EntraRemoveByValueList}, {@link EntraRemoveNamedComplexValue}).</li>
 *   <li>Setting {@code primary: true} on a value clears it on the attribute's other values.</li>
 * </ul>
 */
final class AttributeEdits {
    private final WorkingResource values;
    private final ResourceNormalizer normalizer;
    private final PatchTargets targets;

    AttributeEdits(WorkingResource values, ResourceNormalizer normalizer, PatchTargets targets) {
        this.values = values;
        this.normalizer = normalizer;
        this.targets = targets;
    }

    // ------------------------------------------------------------------ add and replace

    /**
     * @param replace           replace rather than add
     * @param createWhenNoMatch whether a value filter that matches no value creates one (add always does)
     */
    void add(PatchTarget t, JsonValue value, boolean replace, boolean createWhenNoMatch) {
        AttributeDefinition def = t.def();
        if (!def.multiValued()) {
            if (!def.isComplex()) {
                values.set(t.attribute(), normalizer.coerceValue(def, value, t.name()));
                return;
            }
            JsonValue current = values.get(t.attribute());
            JsonObject object = current instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT;
            if (t.filter() != null && current != null && !targets.matches(t, object)) {
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
            if (list.at(slot) instanceof JsonObject element && (t.filter() == null || targets.matches(t, element))) {
                JsonObject now = updated(t, element, value, replace);
                list.set(slot, now);
                any = true;
                primary = JsonEdits.isPrimary(now) ? slot : primary;
            }
        }
        if (!any) {
            // Without a filter (a sub-attribute of every value, and there are none) the target does not
            // exist, and a replace is an add (section 3.5.2.3); a filter that matches nothing is noTarget.
            if (replace && t.filter() != null && !createWhenNoMatch) {
                throw ScimException.noTarget("No value of '" + def.name() + "' matches " + t.filter()
                        + ", so there is nothing to replace (RFC 7644 section 3.5.2.3); use add to create it.");
            }
            primary = list.append(updated(t, seed(def, t.filter()), value, false));
        }
        if (primary >= 0) {
            list.keepPrimary(primary);
        }
    }

    /** An element after add/replace: one sub-attribute set, the given sub-attributes merged, or replaced whole. */
    private JsonObject updated(PatchTarget t, JsonObject element, JsonValue value, boolean replaceWhole) {
        if (t.sub() != null) {
            return JsonEdits.with(element, t.sub().name(), normalizer.coerceValue(t.sub(), value, t.name()));
        }
        Map<String, JsonValue> subs = subValues(t.def(), value, t.name());
        return JsonEdits.merge(replaceWhole ? JsonValue.EMPTY_JSON_OBJECT : element, subs);
    }

    // ------------------------------------------------------------------ remove

    /**
     * @param only the values to remove, which a client quirk made of the operation's value; null removes
     *             the target (RFC 7644 section 3.5.2.2 gives remove no value)
     */
    void remove(PatchTarget t, JsonValue only) {
        AttributeDefinition def = t.def();
        if (def.multiValued()) {
            removeValues(t, only);
            return;
        }
        JsonValue current = values.get(t.attribute());
        if (t.sub() == null && t.filter() == null) {
            if (only != null && def.isComplex() && current instanceof JsonObject o && !namesValue(def, o, only, t.name())) {
                return; // only a value that is no longer there was named
            }
            MutabilityRules.checkRemovable(def, t.sub(), t::name, !JsonSupport.isNullOrEmpty(current), true);
            values.remove(t.attribute());
            return;
        }
        if (!(current instanceof JsonObject object) || (t.filter() != null && !targets.matches(t, object))) {
            return; // nothing there, or not the value the filter names: nothing to remove
        }
        if (t.sub() == null) {
            MutabilityRules.checkRemovable(def, null, t::name, true, true);
            values.remove(t.attribute());
        } else {
            JsonObject rest = JsonEdits.with(object, t.sub().name(), null);
            MutabilityRules.checkRemovable(def, t.sub(), t::name, true, rest.isEmpty());
            values.set(t.attribute(), rest.isEmpty() ? null : rest);
        }
    }

    /**
     * Whether the values to remove name the current value of a singular complex attribute: the value, or
     * a list of values as for a multi-valued attribute ({@code [{"value": <id>}]}), one of which has the
     * same {@code value}.
     */
    private boolean namesValue(AttributeDefinition def, JsonObject current, JsonValue only, String path) {
        List<JsonValue> given = only.getValueType() == JsonValue.ValueType.ARRAY ? only.asJsonArray() : List.of(only);
        for (JsonValue v : given) {
            if (!(normalizer.coerceValue(def, v, path) instanceof JsonObject g) || sameValue(def, current, g)) {
                return true;
            }
        }
        return given.isEmpty();
    }

    private void removeValues(PatchTarget t, JsonValue only) {
        MultiValue list = values.values(t.attribute());
        boolean wasSet = !list.isEmpty();
        if (t.sub() == null && t.filter() == null) {
            if (only == null) {
                MutabilityRules.checkRemovable(t.def(), null, t::name, wasSet, true);
                list.clear();
                return;
            }
            JsonValue coerced = normalizer.coerceValue(t.def(), only, t.name());
            list.removeListed(coerced == null ? List.of() : coerced.asJsonArray());
            MutabilityRules.checkRemovable(t.def(), null, t::name, wasSet, list.isEmpty());
            return;
        }
        for (int slot = 0; slot < list.slotCount(); slot++) {
            if (list.at(slot) instanceof JsonObject element && (t.filter() == null || targets.matches(t, element))) {
                JsonObject rest = t.sub() == null ? JsonValue.EMPTY_JSON_OBJECT : JsonEdits.with(element, t.sub().name(), null);
                if (rest.isEmpty()) {
                    list.remove(slot);
                } else {
                    list.set(slot, rest);
                }
            }
        }
        MutabilityRules.checkRemovable(t.def(), t.sub(), t::name, wasSet, list.isEmpty());
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

    /**
     * A new element holding the sub-attributes a filter pins with {@code eq} ({@code type eq "work"} gives
     * {"type": "work"}); empty without a filter.
     */
    private JsonObject seed(AttributeDefinition def, Filter filter) {
        Map<String, JsonValue> subs = new LinkedHashMap<>();
        if (filter != null) {
            collectEquals(def, filter, subs);
        }
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
