package io.roster.scim.filter;

/**
 * A parsed RFC 7644 section 3.4.2.2 filter. Nodes are immutable records; {@code toString()} prints
 * filter text that parses back to an equal tree, which is what error details and logs show.
 *
 * <p>Walk a tree with a {@link Visitor}: it has one method per kind of node, so a walk that forgets a
 * kind does not compile, where a chain of {@code instanceof} tests would silently answer null or false
 * for the node it missed.
 */
public sealed interface Filter permits And, Or, Not, Compare, Present, ValuePath {

    /** Calls the visitor's method for this node's kind. */
    <R> R accept(Visitor<R> visitor);

    /** One method per kind of filter node; {@link #accept} picks the one that applies. */
    interface Visitor<R> {
        R and(And and);

        R or(Or or);

        R not(Not not);

        R compare(Compare compare);

        R present(Present present);

        R valuePath(ValuePath valuePath);
    }

    /**
     * A walk over every condition of a filter for its side effects: {@code and}, {@code or} and {@code not}
     * visit what they join, so a walk writes only the leaves (comparisons, {@code pr}, value paths), and
     * still must write every one of them.
     */
    interface Walk extends Visitor<Void> {
        @Override
        default Void and(And and) {
            and.left().accept(this);
            return and.right().accept(this);
        }

        @Override
        default Void or(Or or) {
            or.left().accept(this);
            return or.right().accept(this);
        }

        @Override
        default Void not(Not not) {
            return not.inner().accept(this);
        }
    }
}
