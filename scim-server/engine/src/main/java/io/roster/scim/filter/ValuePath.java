package io.roster.scim.filter;

import java.util.Objects;

/**
 * {@code path[filter]}: some element of the multi-valued complex attribute {@code path} satisfies
 * {@code filter}, whose attribute paths name sub-attributes of that element (RFC 7644 section 3.4.2.2,
 * "valuePath").
 */
public record ValuePath(AttrPath path, Filter filter) implements Filter {

    public ValuePath {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(filter, "filter");
        if (path.subAttribute() != null) {
            throw new IllegalArgumentException("a value path names an attribute, not a sub-attribute: " + path);
        }
    }

    @Override
    public String toString() {
        return path + "[" + filter + "]";
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.valuePath(this);
    }
}
