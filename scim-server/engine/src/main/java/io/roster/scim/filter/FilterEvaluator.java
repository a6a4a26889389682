package io.roster.scim.filter;

import io.roster.scim.schema.AttributeDefinition;
import io.roster.scim.schema.ResourceType;
import io.roster.scim.schema.Returned;
import io.roster.scim.schema.SchemaRegistry;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Objects;

/**
 * Checks filters against the schemas of one resource type and evaluates them against resources in
 * their full JSON representation (core attributes at the top level, extension attributes in an object
 * keyed by the extension's schema URN), following RFC 7644 section 3.4.2.2:
 * <ul>
 *   <li>comparisons follow the attribute's type: strings and references case-insensitively unless
 *       caseExact, numbers numerically, dateTimes chronologically, booleans by eq/ne only;</li>
 *   <li>a multi-valued attribute matches when any of its values does;</li>
 *   <li>a complex attribute compared without a sub-attribute compares its "value" sub-attribute;</li>
 *   <li>an absent attribute (null, empty array, or returned "never") matches nothing except
 *       {@code ne}, and {@code eq null} / {@code ne null} test absence / presence;</li>
 *   <li>an attribute no schema defines matches nothing at all (not even {@code ne}); it is not an error;</li>
 *   <li>an attribute returned "never" (password) is refused by {@link #validate} with invalidFilter, and a
 *       filter that was not validated sees it as absent.</li>
 * </ul>
 * Instances are immutable and thread-safe.
 */
public final class FilterEvaluator {
    private final FilterTargets targets;

    public FilterEvaluator(SchemaRegistry registry, ResourceType type) {
        this.targets = new FilterTargets(Objects.requireNonNull(registry, "registry"), Objects.requireNonNull(type, "type"));
    }

    /**
     * Throws invalidFilter when an operator or value does not fit the attribute it is applied to, a
     * value path names something other than a multi-valued complex attribute, or a sub-attribute is
     * asked of a simple attribute. Unknown attributes pass: they are absent when evaluated.
     */
    public void validate(Filter filter) {
        filter.accept(new FilterChecks(targets, null));
    }

    /** Whether {@code resource}, in its full JSON representation, satisfies {@code filter}. Never throws for odd data. */
    public boolean matches(Filter filter, JsonObject resource) {
        return eval(filter, resource, null);
    }

    /**
     * Whether one value of the complex attribute {@code attribute} is selected by {@code attribute[filter]}:
     * the same test {@link #matches} makes per element of a value path, without building a resource
     * around the value (a PATCH tests every element of an attribute with it).
     */
    public boolean matchesValue(AttributeDefinition attribute, Filter filter, JsonObject value) {
        return attribute.isComplex() && attribute.returned() != Returned.NEVER && eval(filter, value, attribute);
    }

    private boolean eval(Filter f, JsonObject scope, AttributeDefinition parent) {
        return f.accept(new Evaluation(scope, parent));
    }

    /** Evaluation against one scope: the resource (parent null), or one element of {@code parent[...]}. */
    private final class Evaluation implements Filter.Visitor<Boolean> {
        private final JsonObject scope;
        private final AttributeDefinition parent;

        Evaluation(JsonObject scope, AttributeDefinition parent) {
            this.scope = scope;
            this.parent = parent;
        }

        @Override
        public Boolean and(And and) {
            return and.left().accept(this) && and.right().accept(this);
        }

        @Override
        public Boolean or(Or or) {
            return or.left().accept(this) || or.right().accept(this);
        }

        @Override
        public Boolean not(Not not) {
            return !not.inner().accept(this);
        }

        @Override
        public Boolean compare(Compare c) {
            FilterTargets.Target t = targets.resolve(c.path(), parent, true, false);
            // An attribute the schemas do not define matches nothing, whatever the operator: a typo in
            // "ne" must not select every resource.
            return t != null && FilterComparison.compare(t.leaf(), c, FilterTargets.values(t, scope));
        }

        @Override
        public Boolean present(Present p) {
            FilterTargets.Target t = targets.resolve(p.path(), parent, false, false);
            return t != null && FilterComparison.isPresent(FilterTargets.values(t, scope));
        }

        @Override
        public Boolean valuePath(ValuePath vp) {
            return evalValuePath(vp, scope, parent);
        }
    }

    private boolean evalValuePath(ValuePath vp, JsonObject scope, AttributeDefinition parent) {
        if (parent != null) {
            return false; // nested value paths are invalid (see checkValuePath); they match nothing
        }
        FilterTargets.Target t = targets.resolve(vp.path(), null, false, false);
        if (t == null || !t.attribute().isComplex()) {
            return false;
        }
        for (JsonValue element : FilterTargets.values(t, scope)) {
            if (element.getValueType() == JsonValue.ValueType.OBJECT && eval(vp.filter(), element.asJsonObject(), t.attribute())) {
                return true;
            }
        }
        return false;
    }
}
