package io.roster.scim.filter;

import io.roster.scim.error.ScimException;
import io.roster.scim.schema.AttributeDefinition;
import io.roster.scim.schema.AttributeType;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * Validation of a filter against the schemas (RFC 7644 section 3.4.2.2): an operator or value that does
 * not fit its attribute, a value path on anything but a multi-valued complex attribute, a nested value
 * path, a sub-attribute of a simple attribute, or a "never" returned attribute is 400 invalidFilter.
 * One instance checks one level: the top level (parent null) or the inside of {@code parent[...]}.
 */
final class FilterChecks implements Filter.Walk {
    private final FilterTargets targets;
    private final AttributeDefinition parent;

    FilterChecks(FilterTargets targets, AttributeDefinition parent) {
        this.targets = targets;
        this.parent = parent;
    }

    @Override
    public Void compare(Compare c) {
        FilterTargets.Target t = targets.resolve(c.path(), parent, true, true);
        if (t != null) {
            checkComparison(c, t.leaf(), parent);
        }
        return null;
    }

    @Override
    public Void present(Present p) {
        targets.resolve(p.path(), parent, false, true);
        return null;
    }

    @Override
    public Void valuePath(ValuePath vp) {
        checkValuePath(vp);
        return null;
    }

    private void checkValuePath(ValuePath vp) {
        if (parent != null) {
            throw ScimException.invalidFilter("invalid filter: '" + vp + "' is nested inside " + parent.name()
                    + "[...]; value filters cannot be nested");
        }
        FilterTargets.Target t = targets.resolve(vp.path(), null, false, true);
        if (t == null) {
            return; // unknown attribute: absent, so nothing inside the brackets can be resolved either
        }
        AttributeDefinition def = t.attribute();
        if (!def.isComplex() || !def.multiValued()) {
            throw ScimException.invalidFilter("invalid filter: '" + vp.path() + "[...]' needs a multi-valued complex"
                    + " attribute, but '" + def.name() + "' is " + FilterTargets.describe(def));
        }
        vp.filter().accept(new FilterChecks(targets, def));
    }

    private static void checkComparison(Compare c, AttributeDefinition leaf, AttributeDefinition parent) {
        CompareOp op = c.op();
        JsonValue value = c.value();
        AttributeType attrType = leaf.type();
        String expression = parent == null ? c.toString() : parent.name() + "[" + c + "]";
        String subject = "'" + leaf.name() + "', which is " + FilterTargets.describe(leaf);
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
                if (FilterComparison.bool(value) == null) {
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
                if (!op.isSubstring() && FilterComparison.dateTime(((JsonString) value).getString()) == null) {
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
}
