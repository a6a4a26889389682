package io.roster.dynamicgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roster.scim.filter.And;
import io.roster.scim.filter.Filter;
import io.roster.scim.filter.FilterEvaluator;
import io.roster.scim.filter.FilterParser;
import io.roster.scim.filter.Not;
import io.roster.scim.filter.Or;
import io.roster.scim.filter.ValuePath;
import io.roster.scim.json.JsonSupport;
import io.roster.scim.schema.SchemaRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BalancedChainsTest {
    private static final FilterParser PARSER = new FilterParser(1_000_000, 64);

    private static String chain(String op, int n) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            parts.add("title eq \"t" + i + "\"");
        }
        return String.join(" " + op + " ", parts);
    }

    /** Depth of the And/Or/Not/value-filter tree, walking iteratively (the input may be deep). */
    static int depth(Filter f) {
        int max = 0;
        java.util.Deque<Object[]> stack = new java.util.ArrayDeque<>();
        stack.push(new Object[] {f, 1});
        while (!stack.isEmpty()) {
            Object[] top = stack.pop();
            int d = (Integer) top[1];
            max = Math.max(max, d);
            if (top[0] instanceof And a) {
                stack.push(new Object[] {a.left(), d + 1});
                stack.push(new Object[] {a.right(), d + 1});
            } else if (top[0] instanceof Or o) {
                stack.push(new Object[] {o.left(), d + 1});
                stack.push(new Object[] {o.right(), d + 1});
            } else if (top[0] instanceof Not n) {
                stack.push(new Object[] {n.inner(), d + 1});
            } else if (top[0] instanceof ValuePath vp) {
                stack.push(new Object[] {vp.filter(), d + 1});
            }
        }
        return max;
    }

    @Test
    void runsUpToTheLimitKeepTheirShapeAndText() {
        for (String text : List.of(chain("or", 32), chain("and", 32), "(" + chain("or", 3) + ") and title pr",
                "title pr or (title pr or title pr)", "not (" + chain("and", 5) + ")")) {
            Filter parsed = PARSER.parse(text);
            assertSame(parsed, BalancedChains.of(parsed), text);
        }
    }

    @Test
    void aLongRunBecomesABalancedTreeOfTheSameOperandsInOrder() {
        Filter deep = PARSER.parse(chain("or", 5000));
        assertEquals(5000, depth(deep));
        Filter shallow = BalancedChains.of(deep);
        assertTrue(depth(shallow) <= 14, "depth " + depth(shallow));
        // the same operands in the same order: the text is the chain with grouping parentheses added
        assertEquals(chain("or", 5000), shallow.toString().replace("(", "").replace(")", ""));
        assertEquals(shallow, PARSER.parse(shallow.toString()), "its text reads back to the same tree");
    }

    @Test
    void longRunsInsideNotParenthesesAndValueFiltersAreBalancedToo() {
        String inner = chain("and", 1000);
        Filter f = PARSER.parse("title pr and not (" + inner + ") and emails[" + chain("or", 1000).replace("title", "value") + "]");
        Filter shallow = BalancedChains.of(f);
        assertTrue(depth(shallow) <= 16, "depth " + depth(shallow));
    }

    @Test
    void theBalancedTreeMeansWhatTheChainMeant() {
        SchemaRegistry registry = SchemaRegistry.withBuiltIns();
        FilterEvaluator evaluator = new FilterEvaluator(registry, registry.resourceType("User"));
        Filter or = BalancedChains.of(PARSER.parse(chain("or", 100)));
        Filter and = BalancedChains.of(PARSER.parse("title pr and " + chain("and", 100).replace(" eq ", " ne ")));
        for (String title : List.of("t0", "t57", "t99", "t100", "x")) {
            var user = JsonSupport.parseTrusted("{\"title\": \"" + title + "\"}");
            boolean listed = title.matches("t\\d+") && Integer.parseInt(title.substring(1)) < 100;
            assertEquals(listed, evaluator.matches(or, user), title);
            assertEquals(!listed, evaluator.matches(and, user), title);
        }
    }
}
