package io.roster.scim.filter;

import java.util.Objects;

/** {@code not (inner)}: RFC 7644 section 3.4.2.2 only allows "not" before a parenthesised filter. */
public record Not(Filter inner) implements Filter {

    public Not {
        Objects.requireNonNull(inner, "inner");
    }

    @Override
    public String toString() {
        return "not (" + inner + ")";
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.not(this);
    }
}
