package io.roster.scim.filter;

import java.util.Objects;

/** {@code left and right}. */
public record And(Filter left, Filter right) implements Filter {

    public And {
        Objects.requireNonNull(left, "left");
        Objects.requireNonNull(right, "right");
    }

    @Override
    public String toString() {
        // "and" binds tighter than "or", so an Or operand needs parentheses; a right-nested And keeps
        // them too so that the text parses back to the same (left-associative) tree.
        return FilterText.operand(left, left instanceof Or) + " and "
                + FilterText.operand(right, right instanceof Or || right instanceof And);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.and(this);
    }
}
