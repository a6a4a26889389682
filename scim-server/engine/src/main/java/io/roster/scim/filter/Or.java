package io.roster.scim.filter;

import java.util.Objects;

/** {@code left or right}. */
public record Or(Filter left, Filter right) implements Filter {

    public Or {
        Objects.requireNonNull(left, "left");
        Objects.requireNonNull(right, "right");
    }

    @Override
    public String toString() {
        // "or" binds loosest; only a right-nested Or needs parentheses to keep the tree's shape.
        return left + " or " + FilterText.operand(right, right instanceof Or);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.or(this);
    }
}
