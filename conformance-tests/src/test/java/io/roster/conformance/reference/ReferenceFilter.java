package io.roster.conformance.reference;

import io.roster.conformance.reference.ReferenceSchema.Attr;
import io.roster.conformance.reference.ReferenceSchema.Resolved;
import io.roster.conformance.reference.ReferenceSchema.Type;
import groovy.json.JsonSlurper;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The filter language of RFC 7644 3.4.2.2, exactly as its grammar (Figure 1) has it: attrExp, logExp,
 * valuePath and {@code not ( ... )}, with {@code not} before {@code and} before {@code or}, compValue a
 * JSON literal (so an unquoted word is no value), and no sub-attribute after a valuePath. An attribute the
 * resource type does not have matches nothing (the RFC leaves it open; Roster makes the same choice).
 * Ordering a boolean or binary, or comparing a value that does not fit the attribute's type, is
 * invalidFilter. Also parses PATCH paths (RFC 7644 3.5.2: {@code attrPath / valuePath [subAttr]}).
 */
final class ReferenceFilter {

    /** A parsed filter, evaluated against one stored resource (or, in a valuePath, one complex value). */
    sealed interface Node permits And, Or, Not, Compare, Present, ValuePath, Nothing {
    }

    record And(Node left, Node right) implements Node {
    }

    record Or(Node left, Node right) implements Node {
    }

    record Not(Node inner) implements Node {
    }

    /** attr op value, the value a JSON literal (null included). */
    record Compare(Path path, String op, Object value) implements Node {
    }

    record Present(Path path) implements Node {
    }

    record ValuePath(Path path, Node inner) implements Node {
    }

    /** A comparison on an attribute the type does not have. */
    record Nothing() implements Node {
    }

    /**
     * What a comparison reads: an attribute of the resource ({@code resolved}), or inside a valuePath's
     * brackets a sub-attribute of each bracketed value ({@code inValueOf}, {@code resolved} null).
     */
    record Path(Resolved resolved, Attr inValueOf) {
        Attr leaf() {
            return inValueOf != null ? inValueOf : resolved.sub() != null ? resolved.sub() : resolved.attr();
        }
    }

    /** A PATCH path: an attribute, optionally a value filter on it, and a sub-attribute after the filter. */
    record PatchPath(Resolved target, Node valueFilter, Attr subAfterFilter) {
    }

    static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    /** RFC 8259 7: a string's escapes are these, and \\u takes four hex digits. */
    private static final Pattern JSON_STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\[\"\\\\/bfnrt]|\\\\u[0-9A-Fa-f]{4})*\"");
    private static final Set<String> COMPARE = Set.of("eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le");

    private final List<String> tokens;
    private final Type type;
    /** In a PATCH path an unknown attribute is an invalid path (RFC 7644 3.5.2), not a filter matching nothing. */
    private boolean strict;
    private int at;

    private ReferenceFilter(String text, Type type) {
        this.tokens = tokenize(text);
        this.type = type;
    }

    /** Parses a filter on a resource type; throws {@link Invalid} for anything Figure 1 does not allow. */
    static Node parse(String text, Type type) {
        ReferenceFilter p = new ReferenceFilter(text, type);
        if (p.tokens.isEmpty()) {
            throw new Invalid("the filter is empty");
        }
        Node n = p.or(null);
        if (p.at != p.tokens.size()) {
            throw new Invalid("unexpected '" + p.tokens.get(p.at) + "'");
        }
        return n;
    }

    /** Parses a PATCH path; throws {@link Invalid} for a malformed one; null target for an unknown attribute. */
    static PatchPath parsePath(String text, Type type) {
        ReferenceFilter p = new ReferenceFilter(text, type);
        p.strict = true;
        if (p.tokens.isEmpty()) {
            throw new Invalid("the path is empty");
        }
        String name = p.next();
        Resolved target = p.resolve(name);
        if (p.at == p.tokens.size()) {
            return new PatchPath(target, null, null);
        }
        if (!p.peek("[") || target == null || target.sub() != null || !target.attr().multiValued() || !target.attr().complex()) {
            throw new Invalid("'" + text + "' is not a PATCH path");
        }
        p.next();
        Node filter = p.or(target.attr());
        p.expect("]");
        Attr sub = null;
        if (p.at < p.tokens.size()) {
            String rest = p.next();
            if (!rest.startsWith(".") || p.at != p.tokens.size() || (sub = target.attr().sub(rest.substring(1))) == null) {
                throw new Invalid("'" + text + "' is not a PATCH path");
            }
        }
        return new PatchPath(target, filter, sub);
    }

    // ------------------------------------------------------------------ tokens

    private static List<String> tokenize(String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == ' ') {
                i++;
            } else if (c == '(' || c == ')' || c == '[' || c == ']') {
                out.add(String.valueOf(c));
                i++;
            } else if (c == '"') {
                int j = i + 1;
                while (j < s.length() && s.charAt(j) != '"') {
                    j += s.charAt(j) == '\\' ? 2 : 1;
                }
                if (j >= s.length()) {
                    throw new Invalid("a string is not terminated");
                }
                out.add(s.substring(i, j + 1));
                i = j + 1;
            } else if (c < ' ') {
                throw new Invalid("a control character outside a string");
            } else {
                int j = i;
                while (j < s.length() && " ()[]\"".indexOf(s.charAt(j)) < 0) {
                    j++;
                }
                out.add(s.substring(i, j));
                i = j;
            }
        }
        return out;
    }

    private boolean peek(String token) {
        return at < tokens.size() && tokens.get(at).equalsIgnoreCase(token);
    }

    private String next() {
        if (at >= tokens.size()) {
            throw new Invalid("the filter ends too early");
        }
        return tokens.get(at++);
    }

    private void expect(String token) {
        if (!peek(token)) {
            throw new Invalid("expected '" + token + "'");
        }
        at++;
    }

    // ------------------------------------------------------------------ grammar

    /** {@code parent} is the complex attribute whose brackets we are in, or null at the top. */
    private Node or(Attr parent) {
        Node left = and(parent);
        while (peek("or")) {
            at++;
            left = new Or(left, and(parent));
        }
        return left;
    }

    private Node and(Attr parent) {
        Node left = unary(parent);
        while (peek("and")) {
            at++;
            left = new And(left, unary(parent));
        }
        return left;
    }

    private Node unary(Attr parent) {
        if (peek("not")) {
            at++;
            if (!peek("(")) {
                throw new Invalid("'not' must be followed by '('");
            }
            return new Not(unary(parent));
        }
        if (peek("(")) {
            at++;
            Node inner = or(parent);
            expect(")");
            return inner;
        }
        return attrExp(parent);
    }

    private Node attrExp(Attr parent) {
        String name = next();
        if (name.startsWith("\"") || "()[]".contains(name)) {
            throw new Invalid("expected an attribute path, found '" + name + "'");
        }
        Path path;
        if (parent != null) {
            if (!name.matches(ReferenceSchema.ATTRNAME)) {
                throw new Invalid("'" + name + "' is not a sub-attribute name");
            }
            Attr sub = parent.sub(name);
            if (sub == null && strict) {
                throw new Invalid("'" + parent.name() + "' has no sub-attribute '" + name + "'");
            }
            path = sub == null ? null : new Path(null, sub);
        } else {
            Resolved r = resolve(name);
            path = r == null ? null : new Path(r, null);
        }
        if (peek("[")) {
            at++;
            if (parent != null) {
                throw new Invalid("a value filter cannot be nested");
            }
            if (path != null && !(path.resolved().attr().complex() && path.resolved().sub() == null)) {
                throw new Invalid("'" + name + "' has no sub-attributes to filter on");
            }
            Node inner = or(path == null ? ReferenceSchema.string("unknown") : path.resolved().attr());
            expect("]");
            return path == null ? new Nothing() : new ValuePath(path, inner);
        }
        String op = next().toLowerCase(Locale.ROOT);
        if (op.equals("pr")) {
            return path == null ? new Nothing() : new Present(path);
        }
        if (!COMPARE.contains(op)) {
            throw new Invalid("'" + op + "' is not a comparison operator");
        }
        Object value = literal(next());
        if (path == null) {
            return new Nothing();
        }
        check(path, op, value);
        return new Compare(path, op, value);
    }

    private Resolved resolve(String name) {
        try {
            return ReferenceSchema.resolve(type, name);
        } catch (IllegalArgumentException e) {
            throw new Invalid(e.getMessage());
        }
    }

    /** compValue = false / null / true / number / string (RFC 7644 Figure 1, JSON literals per RFC 7159). */
    private static Object literal(String token) {
        switch (token) {
            case "true":
                return Boolean.TRUE;
            case "false":
                return Boolean.FALSE;
            case "null":
                return null;
            default:
                break;
        }
        if (token.startsWith("\"")) {
            return unescape(token);
        }
        if (token.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
            return new BigDecimal(token);
        }
        throw new Invalid("'" + token + "' is not a value (strings are quoted)");
    }

    /** A quoted JSON string's value, read by a JSON parser (RFC 8259 7: its escapes and no raw control characters). */
    private static String unescape(String quoted) {
        if (quoted.chars().anyMatch(c -> c < ' ')) {
            throw new Invalid("a control character in a string");
        }
        if (!JSON_STRING.matcher(quoted).matches()) {
            throw new Invalid("a string with an invalid escape: " + quoted);
        }
        return (String) ((List<?>) new JsonSlurper().parseText("[" + quoted + "]")).get(0);
    }

    /** The comparisons RFC 7644 3.4.2.2 rules out, and values that cannot be of the attribute's type. */
    private static void check(Path path, String op, Object value) {
        Attr leaf = path.leaf();
        Attr target = leaf.complex() ? leaf.sub("value") : leaf;
        if (target == null) {
            throw new Invalid("'" + leaf.name() + "' is complex: compare one of its sub-attributes");
        }
        boolean ordering = op.equals("gt") || op.equals("ge") || op.equals("lt") || op.equals("le");
        boolean substring = op.equals("co") || op.equals("sw") || op.equals("ew");
        if (value == null) {
            if (!op.equals("eq") && !op.equals("ne")) {
                throw new Invalid("null can only be compared with eq or ne");
            }
            return;
        }
        switch (target.type()) {
            case "boolean" -> {
                if (ordering || substring || !(value instanceof Boolean)) {
                    throw new Invalid("'" + target.name() + "' is boolean: compare it with eq or ne and true or false");
                }
            }
            case "binary" -> {
                if (ordering || !(value instanceof String)) {
                    throw new Invalid("'" + target.name() + "' is binary and cannot be ordered");
                }
            }
            case "integer", "decimal" -> {
                if (substring || !(value instanceof BigDecimal)) {
                    throw new Invalid("'" + target.name() + "' is a number: compare it with a number");
                }
            }
            case "dateTime" -> {
                if (!(value instanceof String s) || (!substring && instant(s) == null)) {
                    throw new Invalid("'" + target.name() + "' is a dateTime: compare it with an xsd:dateTime string");
                }
            }
            default -> {
                if (!(value instanceof String)) {
                    throw new Invalid("'" + target.name() + "' is a string: compare it with a quoted string");
                }
            }
        }
    }

    static OffsetDateTime instant(String s) {
        try {
            return OffsetDateTime.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    // ------------------------------------------------------------------ evaluation

    /**
     * Whether a resource of the type, as read, matches; {@code ignoreCaseExact} is a breakage: every string
     * compares ignoring case.
     */
    static boolean matches(Node node, Type type, Map<String, Object> resource, boolean ignoreCaseExact) {
        return eval(node, type, resource, null, ignoreCaseExact);
    }

    /** Whether one value of a multi-valued complex attribute matches a valuePath's filter. */
    static boolean matchesValue(Node node, Type type, Map<?, ?> value) {
        return eval(node, type, null, value, false);
    }

    private static boolean eval(Node node, Type type, Map<String, Object> resource, Map<?, ?> element, boolean lax) {
        if (node instanceof And a) {
            return eval(a.left(), type, resource, element, lax) && eval(a.right(), type, resource, element, lax);
        }
        if (node instanceof Or o) {
            return eval(o.left(), type, resource, element, lax) || eval(o.right(), type, resource, element, lax);
        }
        if (node instanceof Not n) {
            return !eval(n.inner(), type, resource, element, lax);
        }
        if (node instanceof Present p) {
            return present(values(p.path(), type, resource, element));
        }
        if (node instanceof Compare c) {
            return compare(c, values(c.path(), type, resource, element), lax);
        }
        if (node instanceof ValuePath v) {
            Object items = v.path().resolved().read(type, resource);
            for (Object item : items instanceof List<?> l ? l : items == null ? List.of() : List.of(items)) {
                if (item instanceof Map<?, ?> m && eval(v.inner(), type, null, m, lax)) {
                    return true;
                }
            }
        }
        return false; // Nothing, or a valuePath no value matches
    }

    /** The values a path names: each value of a multi-valued attribute, the value sub-attribute of complex ones. */
    private static List<Object> values(Path path, Type type, Map<String, Object> resource, Map<?, ?> element) {
        Object raw = element != null ? element.get(path.inValueOf().name()) : path.resolved().read(type, resource);
        List<Object> out = new ArrayList<>();
        for (Object v : raw instanceof List<?> l ? l : raw == null ? List.of() : List.of(raw)) {
            if (v instanceof Map<?, ?> m && path.leaf().complex()) {
                if (m.get("value") != null) {
                    out.add(m.get("value"));
                } else if (!m.isEmpty()) {
                    out.add(m);
                }
            } else if (v != null) {
                out.add(v);
            }
        }
        return out;
    }

    private static boolean present(List<Object> values) {
        return values.stream().anyMatch(v -> !(v instanceof String s) || !s.isEmpty());
    }

    private static boolean compare(Compare c, List<Object> values, boolean lax) {
        if (c.value() == null) {
            // RFC 7643 2.5: null and unassigned are the same
            return c.op().equals("eq") != present(values);
        }
        if (c.op().equals("ne")) {
            return values.stream().noneMatch(v -> one(c.path().leaf(), "eq", v, c.value(), lax));
        }
        return values.stream().anyMatch(v -> one(c.path().leaf(), c.op(), v, c.value(), lax));
    }

    private static boolean one(Attr leaf, String op, Object actual, Object wanted, boolean lax) {
        Attr attr = leaf.complex() ? leaf.sub("value") : leaf;
        int cmp;
        switch (attr.type()) {
            case "boolean" -> {
                return actual.equals(wanted);
            }
            case "integer", "decimal" -> {
                if (!(actual instanceof Number n)) {
                    return false;
                }
                cmp = new BigDecimal(n.toString()).compareTo((BigDecimal) wanted);
            }
            case "dateTime" -> {
                OffsetDateTime a = instant(String.valueOf(actual));
                OffsetDateTime w = instant((String) wanted);
                if (a == null || w == null) {
                    return false;
                }
                cmp = a.toInstant().compareTo(w.toInstant());
            }
            default -> {
                String a = String.valueOf(actual);
                String w = (String) wanted;
                if (!attr.caseExact() || lax) {
                    a = ReferenceSchema.lower(a);
                    w = ReferenceSchema.lower(w);
                }
                switch (op) {
                    case "co" -> {
                        return a.contains(w);
                    }
                    case "sw" -> {
                        return a.startsWith(w);
                    }
                    case "ew" -> {
                        return a.endsWith(w);
                    }
                    default -> cmp = a.compareTo(w);
                }
            }
        }
        return switch (op) {
            case "eq" -> cmp == 0;
            case "gt" -> cmp > 0;
            case "ge" -> cmp >= 0;
            case "lt" -> cmp < 0;
            case "le" -> cmp <= 0;
            default -> false;
        };
    }
}
