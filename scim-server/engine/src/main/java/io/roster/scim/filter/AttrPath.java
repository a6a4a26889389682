package io.roster.scim.filter;

import java.util.Objects;

/**
 * An attribute path, {@code [URI ":"] ATTRNAME ["." subAttr]} (RFC 7644 section 3.4.2.2), spelled as
 * the client wrote it; resolution against a schema is case-insensitive and happens in
 * {@link FilterEvaluator}.
 *
 * @param schemaUrn    the schema URN qualifying the attribute, or null
 * @param attribute    the attribute name
 * @param subAttribute the sub-attribute name, or null
 */
public record AttrPath(String schemaUrn, String attribute, String subAttribute) {

    public AttrPath {
        Objects.requireNonNull(attribute, "attribute");
    }

    /** An unqualified attribute without sub-attribute. */
    public AttrPath(String attribute) {
        this(null, attribute, null);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        if (schemaUrn != null) {
            b.append(schemaUrn).append(':');
        }
        b.append(attribute);
        if (subAttribute != null) {
            b.append('.').append(subAttribute);
        }
        return b.toString();
    }
}
