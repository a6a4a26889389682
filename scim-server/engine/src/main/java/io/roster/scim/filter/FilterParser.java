package io.roster.scim.filter;

import io.roster.scim.error.ScimException;
import io.roster.scim.filter.FilterLexer.Kind;
import io.roster.scim.filter.FilterLexer.Token;
import io.roster.scim.json.JsonSupport;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * Parses RFC 7644 section 3.4.2.2 filter text into a {@link Filter}. A hand-written recursive-descent
 * parser over the ABNF of figure 1 with the precedence the section prescribes: grouping first, then
 * "not" over "and" over "or" ("and" and "or" associate to the left). Besides the ABNF it accepts what
 * real clients send:
 * <ul>
 *   <li>keywords and operators in any case, and any amount of whitespace between tokens;</li>
 *   <li>unquoted values ({@code userName eq john@example.com}): a bare word that is neither
 *       true/false/null nor a JSON number is a string;</li>
 *   <li>Entra ID's {@code emails[type eq "work"].value eq "x"}, read as
 *       {@code emails[type eq "work" and value eq "x"]}.</li>
 * </ul>
 * Every malformed input, however odd, ends in {@link ScimException#invalidFilter} with the 1-based
 * position of the problem. Instances are immutable and thread-safe.
 */
public final class FilterParser {
    private static final String OPERATORS = "a comparison operator (eq, ne, co, sw, ew, gt, ge, lt, le) or 'pr'";
    private static final String VALUES = "a value (a quoted string, a number, true, false or null)";
    /** RFC 8259 section 6. */
    private static final Pattern JSON_NUMBER = Pattern.compile("-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?");
    /** A URI scheme and something after it (RFC 3986 section 3.1); schema ids are URNs in practice. */
    private static final Pattern SCHEMA_URI = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:.+");

    private final int maxLength;
    private final int maxDepth;

    /**
     * @param maxLength the longest filter accepted, in characters
     * @param maxDepth  the deepest nesting accepted; each '(', 'not (' and '[' opens one level
     */
    public FilterParser(int maxLength, int maxDepth) {
        if (maxLength < 1 || maxDepth < 1) {
            throw new IllegalArgumentException("maxLength and maxDepth must be positive");
        }
        this.maxLength = maxLength;
        this.maxDepth = maxDepth;
    }

    /** Parses a whole filter; throws {@link ScimException} (invalidFilter) for anything else. */
    public Filter parse(String text) {
        String filter = text == null ? "" : text;
        if (filter.length() > maxLength) {
            throw FilterErrors.at("filter", filter, maxLength, "the filter is " + filter.length()
                    + " characters long, more than the maximum filter length of " + maxLength + " characters");
        }
        return new Run(filter).filter();
    }

    /**
     * Parses a lone attribute path such as {@code name.familyName} or
     * {@code urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value}. Throws
     * {@link ScimException} with scimType invalidFilter; a PATCH path parser rethrows its detail as
     * invalidPath.
     */
    public static AttrPath parseAttrPath(String text) {
        String path = text == null ? "" : text;
        return attrPath(path, 0, (index, message) -> FilterErrors.at("attribute path", path, index, message));
    }

    /**
     * {@code [URI ":"] ATTRNAME ["." ATTRNAME]}. Attribute names never contain ':', so the URI is all
     * before the last ':', which keeps the dots inside the URN ("...:2.0:User") out of the name.
     */
    private static AttrPath attrPath(String token, int offset, FilterLexer.Errors errors) {
        String urn = null;
        int nameStart = 0;
        int colon = token.lastIndexOf(':');
        if (colon >= 0) {
            urn = token.substring(0, colon);
            if (!SCHEMA_URI.matcher(urn).matches()) {
                throw errors.at(offset, "'" + FilterErrors.printable(FilterErrors.abbreviate(urn, 40))
                        + "' is not a schema URN; a qualified attribute is written urn:...:attribute");
            }
            nameStart = colon + 1;
        }
        String rest = token.substring(nameStart);
        int dot = rest.indexOf('.');
        String attribute = dot < 0 ? rest : rest.substring(0, dot);
        checkName(attribute, offset + nameStart, errors);
        if (dot < 0) {
            return new AttrPath(urn, attribute, null);
        }
        String sub = rest.substring(dot + 1);
        int subStart = offset + nameStart + dot + 1;
        int second = sub.indexOf('.');
        if (second >= 0) {
            // RFC 7643 section 2.3.8: sub-attributes are never complex, so one level is all there is.
            throw errors.at(subStart + second, "an attribute path has at most one sub-attribute (attribute.subAttribute)");
        }
        checkName(sub, subStart, errors);
        return new AttrPath(urn, attribute, sub);
    }

    /** ATTRNAME of RFC 7643 section 2.1: a letter, then letters, digits, '-' or '_'; "$ref" is the one name with '$'. */
    private static void checkName(String name, int at, FilterLexer.Errors errors) {
        if (name.isEmpty()) {
            throw errors.at(at, "expected an attribute name");
        }
        char first = name.charAt(0);
        if (!isAsciiLetter(first) && first != '$') {
            throw errors.at(at, "an attribute name starts with a letter, found '" + FilterErrors.printable(String.valueOf(first))
                    + "' in '" + FilterErrors.printable(FilterErrors.abbreviate(name, 40)) + "'");
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isAsciiLetter(c) && !(c >= '0' && c <= '9') && c != '-' && c != '_') {
                throw errors.at(at + i, "unexpected character '" + FilterErrors.printable(String.valueOf(c))
                        + "' in attribute name '" + FilterErrors.printable(FilterErrors.abbreviate(name, 40))
                        + "'; names use letters, digits, '-' and '_'");
            }
        }
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isOperator(Token t) {
        return t.kind() == Kind.WORD && (CompareOp.ofKeyword(t.text()) != null || t.isWord("pr"));
    }

    /** The state of one parse. */
    private final class Run {
        private final String text;
        private final FilterLexer lexer;
        private Token previous;
        private Token bareValue;
        private int depth;
        private boolean inValuePath;

        Run(String text) {
            this.text = text;
            this.lexer = new FilterLexer(text, this::error);
        }

        Filter filter() {
            if (lexer.peek().kind() == Kind.END) {
                throw error(0, "the filter is empty; expected an attribute path, '(' or 'not ('");
            }
            Filter f = or();
            Token t = lexer.peek();
            if (t.kind() == Kind.RPAREN) {
                throw error(t.start(), "found ')' without a matching '('");
            }
            if (t.kind() == Kind.RBRACKET) {
                throw error(t.start(), "found ']' without a matching '['");
            }
            if (t.kind() != Kind.END) {
                throw expectedLogical("end of filter", t);
            }
            return f;
        }

        // FILTER = ... / logExp; logExp = FILTER SP ("and" / "or") SP FILTER, "or" binding loosest.
        private Filter or() {
            Filter left = and();
            while (lexer.peek().isWord("or")) {
                consume();
                left = new Or(left, and());
            }
            return left;
        }

        private Filter and() {
            Filter left = unary();
            while (lexer.peek().isWord("and")) {
                consume();
                left = new And(left, unary());
            }
            return left;
        }

        // "not" "(" FILTER ")" / "(" FILTER ")" / attrExp / valuePath
        private Filter unary() {
            Token t = lexer.peek();
            if (t.kind() == Kind.LPAREN) {
                return group();
            }
            if (t.kind() == Kind.WORD) {
                Token after = lexer.peek(1);
                // A keyword followed by an operator or '[' is an attribute that happens to be called "not", "pr", ...
                boolean attributeFollows = isOperator(after) || after.kind() == Kind.LBRACKET;
                if (t.isWord("not") && after.kind() == Kind.LPAREN) {
                    consume();
                    return new Not(group());
                }
                if (t.isWord("not") && !attributeFollows) {
                    throw error(after.start(), "expected '(' after 'not', found " + FilterErrors.describe(after));
                }
                if (isOperator(t) && !attributeFollows) {
                    throw error(t.start(), "expected an attribute path before the operator " + FilterErrors.describe(t));
                }
                if ((t.isWord("and") || t.isWord("or")) && !attributeFollows) {
                    throw expectedExpression(t);
                }
                return attributeExpression();
            }
            throw expectedExpression(t);
        }

        private Filter group() {
            Token open = consume();
            enter(open);
            Filter inner = or();
            close(open, Kind.RPAREN, "')'");
            depth--;
            return inner;
        }

        private Filter attributeExpression() {
            Token at = consume();
            AttrPath path = attrPath(at.text(), at.start(), this::error);
            if (lexer.peek().kind() == Kind.LBRACKET) {
                return valuePath(path);
            }
            return condition(at, path);
        }

        // attrExp = (attrPath SP "pr") / (attrPath SP compareOp SP compValue)
        private Filter condition(Token at, AttrPath path) {
            Token t = lexer.peek();
            CompareOp op = t.kind() == Kind.WORD ? CompareOp.ofKeyword(t.text()) : null;
            if (op != null) {
                consume();
                return new Compare(path, op, value(t));
            }
            if (t.isWord("pr")) {
                consume();
                Token v = lexer.peek();
                if (v.kind() == Kind.STRING || (v.kind() == Kind.WORD && !v.isWord("and") && !v.isWord("or"))) {
                    throw error(v.start(), "'pr' takes no value, found " + FilterErrors.describe(v) + " after '"
                            + FilterErrors.printable(FilterErrors.abbreviate(path.toString(), 40)) + " pr'");
                }
                return new Present(path);
            }
            throw error(t.start(), "expected " + OPERATORS + " after " + FilterErrors.describe(at)
                    + ", found " + FilterErrors.describe(t));
        }

        // valuePath = attrPath "[" valFilter "]"
        private Filter valuePath(AttrPath path) {
            Token open = consume();
            if (inValuePath) {
                // Errata 4690 of RFC 7644: valFilter was never meant to recurse into another valuePath.
                throw error(open.start(), "a value filter cannot contain another one ('[' inside '[...]')");
            }
            if (path.subAttribute() != null) {
                throw error(open.start(), "'[' follows the sub-attribute '" + FilterErrors.printable(path.toString())
                        + "'; a value filter applies to a multi-valued attribute, as in emails[type eq \"work\"]");
            }
            enter(open);
            inValuePath = true;
            Filter inner = or();
            close(open, Kind.RBRACKET, "']'");
            inValuePath = false;
            depth--;
            Token next = lexer.peek();
            if (next.kind() == Kind.WORD && next.text().startsWith(".")) {
                // Entra ID sends emails[type eq "work"].value eq "x", which the ABNF lacks; it means that one
                // element has both type "work" and value "x".
                consume();
                String sub = next.text().substring(1);
                checkName(sub, next.start() + 1, this::error);
                return new ValuePath(path, new And(inner, condition(next, new AttrPath(sub))));
            }
            return new ValuePath(path, inner);
        }

        // compValue = false / null / true / number / string, plus unquoted strings
        private JsonValue value(Token op) {
            Token t = lexer.peek();
            if (t.kind() == Kind.STRING) {
                consume();
                return JsonSupport.string(t.text());
            }
            if (t.kind() == Kind.WORD && !t.isWord("and") && !t.isWord("or")) {
                bareValue = consume();
                return bare(t);
            }
            throw error(t.start(), "expected " + VALUES + " after " + FilterErrors.describe(op)
                    + ", found " + FilterErrors.describe(t));
        }

        private JsonValue bare(Token t) {
            String word = t.text();
            if (word.equalsIgnoreCase("true")) {
                return JsonValue.TRUE;
            }
            if (word.equalsIgnoreCase("false")) {
                return JsonValue.FALSE;
            }
            if (word.equalsIgnoreCase("null")) {
                return JsonValue.NULL;
            }
            if (!JSON_NUMBER.matcher(word).matches()) {
                return JsonSupport.string(word);
            }
            try {
                boolean integral = word.indexOf('.') < 0 && word.indexOf('e') < 0 && word.indexOf('E') < 0;
                return integral && word.length() <= 18 ? JsonSupport.number(Long.parseLong(word))
                        : JsonSupport.number(new BigDecimal(word));
            } catch (NumberFormatException e) {
                // Only an exponent beyond the range of int gets here.
                throw error(t.start(), "the number " + FilterErrors.describe(t) + " is out of range");
            }
        }

        private void close(Token open, Kind kind, String symbol) {
            Token t = lexer.peek();
            if (t.kind() == kind) {
                consume();
                return;
            }
            String opened = "the '" + open.text() + "' at position " + (open.start() + 1);
            if (t.kind() == Kind.END) {
                throw error(t.start(), "missing " + symbol + " to close " + opened);
            }
            throw expectedLogical(symbol + " (closing " + opened + ")", t);
        }

        private void enter(Token open) {
            if (++depth > maxDepth) {
                throw error(open.start(), "nesting exceeds the maximum filter depth of " + maxDepth
                        + " (each '(', 'not (' and '[' opens a level)");
            }
        }

        private Token consume() {
            previous = lexer.next();
            return previous;
        }

        private ScimException expectedExpression(Token found) {
            return error(found.start(), "expected an attribute path, '(' or 'not ('"
                    + (previous == null ? "" : " after " + FilterErrors.describe(previous))
                    + ", found " + FilterErrors.describe(found));
        }

        private ScimException expectedLogical(String closer, Token found) {
            String hint = previous == bareValue && found.kind() == Kind.WORD
                    ? "; a value containing spaces must be quoted" : "";
            return error(found.start(), "expected 'and', 'or' or " + closer + " after " + FilterErrors.describe(previous)
                    + ", found " + FilterErrors.describe(found) + hint);
        }

        private ScimException error(int index, String message) {
            return FilterErrors.at("filter", text, index, message);
        }
    }
}
