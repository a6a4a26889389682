package io.roster.dynamicgroups;

import io.roster.scim.filter.And;
import io.roster.scim.filter.Compare;
import io.roster.scim.filter.Filter;
import io.roster.scim.filter.Not;
import io.roster.scim.filter.Or;
import io.roster.scim.filter.Present;
import io.roster.scim.filter.ValuePath;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.BinaryOperator;

/**
 * Keeps a rule's filter shallow. Both parsers build a chain {@code a or b or c ...} (and an Entra
 * {@code -in [...]} list) as a left-deep tree, as deep as the chain is long, and everything that walks a
 * rule recurses over it: the filter evaluator, the query planner and its candidates, the list of
 * attributes a rule reads, its text. A 16 KB rule of short conditions (an Entra {@code -notIn} list of
 * 5,000 numbers) overflowed the stack of the store's writer. A run of more than {@link #MAX_RUN} operands
 * of one {@code and} or {@code or} is rebuilt as a balanced tree of the same operands in the same order:
 * the same meaning ({@code and} and {@code or} are associative and side-effect free), depth log2(n).
 * Shorter runs keep their shape, and so their text. Nesting (parentheses, {@code not}, value filters) is
 * bounded by the parsers ({@link MembershipRule#MAX_DEPTH}), so the walk here recurses at most that deep
 * (runs themselves are flattened with an explicit stack).
 */
final class BalancedChains {
    /** Runs up to this long stay as parsed; the same figure as the nesting limit. */
    static final int MAX_RUN = MembershipRule.MAX_DEPTH;

    private BalancedChains() {
    }

    /** The filter with every run longer than {@link #MAX_RUN} balanced; {@code f} itself when nothing changed. */
    static Filter of(Filter f) {
        return f.accept(new Filter.Visitor<Filter>() {
            @Override
            public Filter and(And and) {
                return chain(f, true);
            }

            @Override
            public Filter or(Or or) {
                return chain(f, false);
            }

            @Override
            public Filter not(Not n) {
                Filter inner = of(n.inner());
                return inner == n.inner() ? n : new Not(inner);
            }

            @Override
            public Filter compare(Compare compare) {
                return compare;
            }

            @Override
            public Filter present(Present present) {
                return present;
            }

            @Override
            public Filter valuePath(ValuePath vp) {
                Filter inner = of(vp.filter());
                return inner == vp.filter() ? vp : new ValuePath(vp.path(), inner);
            }
        });
    }

    /** A run of {@code and}s (or {@code or}s) headed by {@code f}, its operands balanced and rebuilt if needed. */
    private static Filter chain(Filter f, boolean and) {
        List<Filter> operands = run(f, and);
        boolean changed = operands.size() > MAX_RUN;
        for (int i = 0; i < operands.size(); i++) {
            Filter before = operands.get(i);
            Filter after = of(before);
            if (after != before) {
                operands.set(i, after);
                changed = true;
            }
        }
        if (!changed) {
            return f;
        }
        BinaryOperator<Filter> join = and ? And::new : Or::new;
        if (operands.size() <= MAX_RUN) {
            Filter out = operands.get(0); // left-deep, as the parsers build it
            for (int i = 1; i < operands.size(); i++) {
                out = join.apply(out, operands.get(i));
            }
            return out;
        }
        return balanced(operands, 0, operands.size(), join);
    }

    /** The operands of the run of {@code and}s (or {@code or}s) that {@code f} heads, left to right, without recursion. */
    private static List<Filter> run(Filter f, boolean and) {
        List<Filter> out = new ArrayList<>();
        Deque<Filter> stack = new ArrayDeque<>();
        stack.push(f);
        while (!stack.isEmpty()) {
            Filter n = stack.pop();
            Filter[] parts = n.accept(new Operands(and));
            if (parts == null) {
                out.add(n);
            } else {
                stack.push(parts[1]);
                stack.push(parts[0]);
            }
        }
        return out;
    }

    /** The two operands of a node of the run's kind ({@code and} or {@code or}); null for any other node. */
    private record Operands(boolean and) implements Filter.Visitor<Filter[]> {
        @Override
        public Filter[] and(And a) {
            return and ? new Filter[] {a.left(), a.right()} : null;
        }

        @Override
        public Filter[] or(Or o) {
            return and ? null : new Filter[] {o.left(), o.right()};
        }

        @Override
        public Filter[] not(Not not) {
            return null;
        }

        @Override
        public Filter[] compare(Compare compare) {
            return null;
        }

        @Override
        public Filter[] present(Present present) {
            return null;
        }

        @Override
        public Filter[] valuePath(ValuePath valuePath) {
            return null;
        }
    }

    /** Operands {@code [from, to)} as a balanced tree; recursion depth log2(to - from). */
    private static Filter balanced(List<Filter> operands, int from, int to, BinaryOperator<Filter> join) {
        if (to - from == 1) {
            return operands.get(from);
        }
        int mid = from + (to - from + 1) / 2;
        return join.apply(balanced(operands, from, mid, join), balanced(operands, mid, to, join));
    }
}
