package io.roster.scim.filter;

import io.roster.scim.error.ScimException;
import io.roster.scim.schema.AttributeDefinition;
import io.roster.scim.schema.AttributeResolver;
import io.roster.scim.schema.AttributeType;
import io.roster.scim.schema.ResourceType;
import io.roster.scim.schema.Returned;
import io.roster.scim.schema.SchemaRegistry;
import io.roster.scim.json.JsonSupport;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

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
    /** xsd:dateTime (RFC 7643 section 2.3.5): seconds required, fraction and offset optional. */
    private static final Pattern XSD_DATE_TIME =
            Pattern.compile("-?\\d{4,}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})?");

    private final ResourceType type;
    private final AttributeResolver resolver;

    public FilterEvaluator(SchemaRegistry registry, ResourceType type) {
        this.type = Objects.requireNonNull(type, "type");
        this.resolver = new AttributeResolver(Objects.requireNonNull(registry, "registry"));
    }

    /**
     * Throws invalidFilter when an operator or value does not fit the attribute it is applied to, a
     * value path names something other than a multi-valued complex attribute, or a sub-attribute is
     * asked of a simple attribute. Unknown attributes pass: they are absent when evaluated.
     */
    public void validate(Filter filter) {
        check(filter, null);
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

    // ------------------------------------------------------------------ resolution

    /**
     * What a path designates. At the top level, {@code attribute} is read from the resource (or from
     * the extension object named by {@code container}) and then, when {@code sub} is set, {@code sub}
     * from each of its values. Inside a value filter, {@code attribute} is the sub-attribute read from
     * one element.
     */
    private record Target(AttributeDefinition attribute, AttributeDefinition sub, String container) {
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
    private Target resolve(AttrPath path, AttributeDefinition parent, boolean compare, boolean strict) {
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
    private static ScimException hiddenInFilter(AttrPath path) {
        return ScimException.invalidFilter("invalid filter: '" + path + "' is never returned (RFC 7643 section 7), "
                + "so it cannot be used in a filter either");
    }

    // ------------------------------------------------------------------ validation

    private void check(Filter f, AttributeDefinition parent) {
        f.accept(new Check(parent));
    }

    /** Validation of one level: the top level (parent null) or the inside of {@code parent[...]}. */
    private final class Check implements Filter.Visitor<Void> {
        private final AttributeDefinition parent;

        Check(AttributeDefinition parent) {
            this.parent = parent;
        }

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
        public Void compare(Compare c) {
            Target t = resolve(c.path(), parent, true, true);
            if (t != null) {
                checkComparison(c, t.leaf(), parent);
            }
            return null;
        }

        @Override
        public Void present(Present p) {
            resolve(p.path(), parent, false, true);
            return null;
        }

        @Override
        public Void valuePath(ValuePath vp) {
            checkValuePath(vp, parent);
            return null;
        }
    }

    private void checkValuePath(ValuePath vp, AttributeDefinition parent) {
        if (parent != null) {
            throw ScimException.invalidFilter("invalid filter: '" + vp + "' is nested inside " + parent.name()
                    + "[...]; value filters cannot be nested");
        }
        Target t = resolve(vp.path(), null, false, true);
        if (t == null) {
            return; // unknown attribute: absent, so nothing inside the brackets can be resolved either
        }
        AttributeDefinition def = t.attribute();
        if (!def.isComplex() || !def.multiValued()) {
            throw ScimException.invalidFilter("invalid filter: '" + vp.path() + "[...]' needs a multi-valued complex"
                    + " attribute, but '" + def.name() + "' is " + describe(def));
        }
        check(vp.filter(), def);
    }

    private static void checkComparison(Compare c, AttributeDefinition leaf, AttributeDefinition parent) {
        CompareOp op = c.op();
        JsonValue value = c.value();
        AttributeType attrType = leaf.type();
        String expression = parent == null ? c.toString() : parent.name() + "[" + c + "]";
        String subject = "'" + leaf.name() + "', which is " + describe(leaf);
        if (value.getValueType() == JsonValue.ValueType.NULL) {
            if (op != CompareOp.EQ && op != CompareOp.NE) {
                throw invalid(expression, "null can only be compared with eq (absent) or ne (present)");
            }
            return;
        }
        // RFC 7644 section 3.4.2.2: gt, ge, lt and le on boolean or binary attributes fail with invalidFilter.
        if (op.isOrdering() && !attrType.isOrdered()) {
            throw invalid(expression, "'" + op.keyword() + "' has no meaning for " + subject);
        }
        // co, sw and ew are substring matches, defined for text only.
        if (op.isSubstring() && (attrType == AttributeType.BOOLEAN || attrType == AttributeType.INTEGER
                || attrType == AttributeType.DECIMAL || attrType == AttributeType.BINARY)) {
            throw invalid(expression, "'" + op.keyword() + "' has no meaning for " + subject);
        }
        switch (attrType) {
            case BOOLEAN -> {
                if (bool(value) == null) {
                    throw invalid(expression, "compare " + subject + ", with true or false");
                }
            }
            case INTEGER, DECIMAL -> {
                if (value.getValueType() != JsonValue.ValueType.NUMBER) {
                    throw invalid(expression, "compare " + subject + ", with a number");
                }
            }
            case DATE_TIME -> {
                if (value.getValueType() != JsonValue.ValueType.STRING) {
                    throw invalid(expression, "compare " + subject + ", with a quoted xsd:dateTime such as \"2024-01-31T12:00:00Z\"");
                }
                if (!op.isSubstring() && dateTime(((JsonString) value).getString()) == null) {
                    throw invalid(expression, FilterText.json(value) + " is not an xsd:dateTime such as \"2024-01-31T12:00:00Z\"");
                }
            }
            case BINARY -> {
                if (value.getValueType() != JsonValue.ValueType.STRING) {
                    throw invalid(expression, "compare " + subject + ", with a quoted base64 string");
                }
            }
            default -> {
                // string and reference: a number or boolean is compared by its text (clients send
                // employeeNumber eq 12345 unquoted), so every compValue fits.
            }
        }
    }

    private static ScimException invalid(String expression, String message) {
        return ScimException.invalidFilter("invalid filter: '" + expression + "': " + message + " (RFC 7644 section 3.4.2.2)");
    }

    private static String describe(AttributeDefinition def) {
        return (def.multiValued() ? "a multi-valued " : "a single-valued ") + def.type().json() + " attribute";
    }

    // ------------------------------------------------------------------ evaluation

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
            Target t = resolve(c.path(), parent, true, false);
            // An attribute the schemas do not define matches nothing, whatever the operator: a typo in
            // "ne" must not select every resource.
            return t != null && FilterEvaluator.compare(t.leaf(), c, values(t, scope));
        }

        @Override
        public Boolean present(Present p) {
            Target t = resolve(p.path(), parent, false, false);
            return t != null && isPresent(values(t, scope));
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
        Target t = resolve(vp.path(), null, false, false);
        if (t == null || !t.attribute().isComplex()) {
            return false;
        }
        for (JsonValue element : values(t, scope)) {
            if (element.getValueType() == JsonValue.ValueType.OBJECT && eval(vp.filter(), element.asJsonObject(), t.attribute())) {
                return true;
            }
        }
        return false;
    }

    /** The values a target has in {@code scope}, flattened over multi-valued attributes, JSON nulls dropped. */
    private static List<JsonValue> values(Target t, JsonObject scope) {
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

    /** "pr": a non-empty value, or a complex value with a non-empty member (RFC 7644 section 3.4.2.2). */
    private static boolean isPresent(List<JsonValue> values) {
        for (JsonValue v : values) {
            if (isNonEmpty(v)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isNonEmpty(JsonValue v) {
        return switch (v.getValueType()) {
            case NULL -> false;
            case STRING -> !((JsonString) v).getString().isEmpty();
            case ARRAY -> v.asJsonArray().stream().anyMatch(FilterEvaluator::isNonEmpty);
            case OBJECT -> v.asJsonObject().values().stream().anyMatch(FilterEvaluator::isNonEmpty);
            default -> true;
        };
    }

    private static boolean compare(AttributeDefinition leaf, Compare c, List<JsonValue> values) {
        CompareOp op = c.op();
        if (c.value().getValueType() == JsonValue.ValueType.NULL) {
            boolean present = isPresent(values);
            return op == CompareOp.EQ ? !present : op == CompareOp.NE && present;
        }
        if (values.isEmpty()) {
            return op == CompareOp.NE; // an absent attribute equals nothing, so "ne" anything holds
        }
        for (JsonValue actual : values) {
            if (test(leaf, op, c.value(), actual)) {
                return true; // multi-valued: any value matching is enough
            }
        }
        return false;
    }

    /** One value against the operator. Values that cannot be compared are unequal to everything. */
    private static boolean test(AttributeDefinition leaf, CompareOp op, JsonValue expected, JsonValue actual) {
        switch (leaf.type()) {
            case BOOLEAN -> {
                Boolean e = bool(expected);
                Boolean a = bool(actual);
                if (e == null || a == null) {
                    return op == CompareOp.NE;
                }
                return op == CompareOp.EQ ? a.equals(e) : op == CompareOp.NE && !a.equals(e);
            }
            case INTEGER, DECIMAL -> {
                BigDecimal e = decimal(expected);
                BigDecimal a = decimal(actual);
                if (e == null || a == null) {
                    return op == CompareOp.NE;
                }
                return order(op, a.compareTo(e));
            }
            case DATE_TIME -> {
                String e = text(expected);
                String a = text(actual);
                if (e != null && a != null && op.isSubstring()) {
                    return substring(op, fold(a), fold(e));
                }
                Instant ei = e == null ? null : dateTime(e);
                Instant ai = a == null ? null : dateTime(a);
                if (ei == null || ai == null) {
                    return op == CompareOp.NE;
                }
                return order(op, ai.compareTo(ei));
            }
            case BINARY -> {
                // base64 is case-sensitive whatever caseExact says (RFC 7643 section 2.3.6).
                String e = text(expected);
                String a = text(actual);
                if (e == null || a == null) {
                    return op == CompareOp.NE;
                }
                return op == CompareOp.EQ ? a.equals(e) : op == CompareOp.NE && !a.equals(e);
            }
            default -> {
                String e = text(expected);
                String a = text(actual);
                if (e == null || a == null) {
                    return op == CompareOp.NE;
                }
                // RFC 7644 section 3.4.2.2: string comparison follows the attribute's caseExact.
                if (!leaf.caseExact()) {
                    e = fold(e);
                    a = fold(a);
                }
                return op.isSubstring() ? substring(op, a, e) : order(op, a.compareTo(e));
            }
        }
    }

    private static boolean order(CompareOp op, int cmp) {
        return switch (op) {
            case EQ -> cmp == 0;
            case NE -> cmp != 0;
            case GT -> cmp > 0;
            case GE -> cmp >= 0;
            case LT -> cmp < 0;
            case LE -> cmp <= 0;
            case CO, SW, EW -> false;
        };
    }

    private static boolean substring(CompareOp op, String actual, String expected) {
        return switch (op) {
            case CO -> actual.contains(expected);
            case SW -> actual.startsWith(expected);
            case EW -> actual.endsWith(expected);
            default -> false;
        };
    }

    private static String fold(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /** Text of a string, or the JSON text of a number or boolean. */
    private static String text(JsonValue v) {
        return switch (v.getValueType()) {
            case STRING -> ((JsonString) v).getString();
            case NUMBER, TRUE, FALSE -> FilterText.json(v);
            default -> null;
        };
    }

    /** true/false, also as the strings "true"/"false" in any case, which clients send for booleans. */
    private static Boolean bool(JsonValue v) {
        if (v.getValueType() == JsonValue.ValueType.TRUE) {
            return Boolean.TRUE;
        }
        if (v.getValueType() == JsonValue.ValueType.FALSE) {
            return Boolean.FALSE;
        }
        if (v.getValueType() == JsonValue.ValueType.STRING) {
            String s = ((JsonString) v).getString();
            if (s.equalsIgnoreCase("true")) {
                return Boolean.TRUE;
            }
            if (s.equalsIgnoreCase("false")) {
                return Boolean.FALSE;
            }
        }
        return null;
    }

    private static BigDecimal decimal(JsonValue v) {
        return v.getValueType() == JsonValue.ValueType.NUMBER ? ((JsonNumber) v).bigDecimalValue() : null;
    }

    /** An xsd:dateTime as an instant; one without offset is taken as UTC. Null when {@code s} is not one. */
    static Instant dateTime(String s) {
        if (!XSD_DATE_TIME.matcher(s).matches()) {
            return null;
        }
        try {
            TemporalAccessor t = DateTimeFormatter.ISO_DATE_TIME.parseBest(s, OffsetDateTime::from, LocalDateTime::from);
            return t instanceof OffsetDateTime odt ? odt.toInstant() : ((LocalDateTime) t).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return null;
        }
    }
}
