package io.roster.dynamicgroups;

import io.roster.scim.error.ScimException;
import io.roster.scim.filter.And;
import io.roster.scim.filter.AttrPath;
import io.roster.scim.filter.Compare;
import io.roster.scim.filter.CompareOp;
import io.roster.scim.filter.Filter;
import io.roster.scim.filter.Not;
import io.roster.scim.filter.Or;
import io.roster.scim.filter.Present;
import io.roster.scim.json.JsonSupport;
import io.roster.scim.spi.RosterUrns;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Translates a Microsoft Entra ID dynamic membership rule for users ({@code user.department -eq "Sales"
 * -and user.accountEnabled -eq true}) into the equivalent SCIM filter over Users (RFC 7644 section
 * 3.4.2.2), so that one evaluator and one query planner answer both syntaxes (DOMAIN.md section 3).
 *
 * <p>Grammar accepted (operators and property names are case-insensitive; the leading hyphen of an
 * operator is optional, as in Entra):
 * <pre>
 *   rule    := or
 *   or      := and ( -or and )*
 *   and     := unary ( -and unary )*
 *   unary   := -not unary | "(" rule ")" | user.PROPERTY OP value
 *   OP      := -eq -ne -startsWith -notStartsWith -contains -notContains -in -notIn -ge -le
 *   value   := "text" | 'text' | true | false | null | number | [ value, ... ]   (lists only after -in/-notIn)
 * </pre>
 * {@code -eq null} tests absence ({@code not (attr pr)}), {@code -ne null} presence ({@code attr pr}).
 * Nesting is bounded before it is followed, as the SCIM filter parser bounds it ({@link MembershipRule#MAX_DEPTH},
 * 32 levels): each {@code (} and each {@code -not} opens a level, {@code -not (} one, as SCIM's {@code not (}
 * does; a deeper rule is refused with 400 invalidValue rather than overflowing the stack. Chains of
 * {@code -and}/{@code -or} and {@code -in} lists are built without recursion.
 * What has no SCIM equivalent ({@code -match}, {@code -any}/{@code -all}, {@code memberOf}, directory
 * extension attributes, device rules, unknown properties) is refused with 400 invalidValue naming the
 * part that cannot be translated.
 */
public final class EntraRuleTranslator {
    static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    /** Entra user property (lower case) to SCIM attribute path; the README documents this table. */
    static final Map<String, AttrPath> PROPERTIES = new LinkedHashMap<>();
    /** The property names as Entra spells them, for error details. */
    private static final List<String> NAMES = new ArrayList<>();

    static {
        core("accountEnabled", "active", null);
        core("userPrincipalName", "userName", null);
        core("displayName", "displayName", null);
        core("givenName", "name", "givenName");
        core("surname", "name", "familyName");
        core("mail", "emails", "value");
        core("otherMails", "emails", "value");
        core("mailNickname", "nickName", null);
        core("jobTitle", "title", null);
        core("userType", "userType", null);
        core("preferredLanguage", "preferredLanguage", null);
        core("telephoneNumber", "phoneNumbers", "value");
        core("mobile", "phoneNumbers", "value");
        core("streetAddress", "addresses", "streetAddress");
        core("city", "addresses", "locality");
        core("state", "addresses", "region");
        core("postalCode", "addresses", "postalCode");
        core("country", "addresses", "country");
        core("objectId", "id", null);
        core("employeeType", "userType", null);
        ext("department", ENTERPRISE, "department", null);
        ext("companyName", ENTERPRISE, "organization", null);
        ext("employeeId", ENTERPRISE, "employeeNumber", null);
        ext("costCenter", ENTERPRISE, "costCenter", null);
        ext("division", ENTERPRISE, "division", null);
        ext("manager", ENTERPRISE, "manager", "value");
        ext("usageLocation", RosterUrns.USER_EXTENSION, "usageLocation", null);
    }

    private static void core(String entra, String attribute, String sub) {
        NAMES.add(entra);
        PROPERTIES.put(entra.toLowerCase(Locale.ROOT), new AttrPath(null, attribute, sub));
    }

    private static void ext(String entra, String urn, String attribute, String sub) {
        NAMES.add(entra);
        PROPERTIES.put(entra.toLowerCase(Locale.ROOT), new AttrPath(urn, attribute, sub));
    }

    /** Entra rules name properties as {@code user.x}; a SCIM filter never does. */
    private static final Pattern ENTRA = Pattern.compile("(?i)(^|[\\s(!])(user|device)\\.[A-Za-z_]");

    private EntraRuleTranslator() {
    }

    /** Whether {@code rule} is written in Entra's syntax rather than as a SCIM filter. */
    public static boolean isEntra(String rule) {
        return rule != null && ENTRA.matcher(rule).find();
    }

    /** The SCIM filter equivalent to an Entra rule; 400 invalidValue naming what cannot be translated. */
    public static Filter translate(String rule) {
        return translate(rule, MembershipRule.MAX_DEPTH);
    }

    /** As {@link #translate(String)}, refusing nesting deeper than {@code maxDepth} levels. */
    static Filter translate(String rule, int maxDepth) {
        Parser p = new Parser(rule, maxDepth);
        Filter f = p.or();
        p.skipSpace();
        if (p.pos < rule.length()) {
            throw p.error("unexpected '" + p.rest() + "'");
        }
        return BalancedChains.of(f);
    }

    // ------------------------------------------------------------------ parsing

    private static final class Parser {
        private final String text;
        private final int maxDepth;
        private int pos;
        /** Open levels: '(' and '-not' not yet closed; checked before each is followed. */
        private int depth;

        Parser(String text, int maxDepth) {
            this.text = text;
            this.maxDepth = maxDepth;
        }

        Filter or() {
            Filter left = and();
            while (keyword("or")) {
                left = new Or(left, and());
            }
            return left;
        }

        Filter and() {
            Filter left = unary();
            while (keyword("and")) {
                left = new And(left, unary());
            }
            return left;
        }

        Filter unary() {
            skipSpace();
            int at = pos;
            if (keyword("not")) {
                skipSpace();
                if (peek() == '(') {
                    return new Not(group()); // "-not (" is one level, as SCIM's "not (" is
                }
                enter(at);
                Filter inner = unary();
                depth--;
                return new Not(inner);
            }
            if (peek() == '(') {
                return group();
            }
            return condition();
        }

        /** "(" rule ")", at the opening parenthesis. */
        private Filter group() {
            enter(pos);
            pos++;
            Filter inner = or();
            skipSpace();
            if (peek() != ')') {
                throw error("a ')' is missing");
            }
            pos++;
            depth--;
            return inner;
        }

        /** Opens a nesting level at {@code at}, refusing one level too many before anything recurses into it. */
        private void enter(int at) {
            if (++depth > maxDepth) {
                pos = at;
                throw error("the rule nests deeper than " + maxDepth + " levels (each '(' and each -not opens one; "
                        + "SCIM filters have the same limit); write it with fewer nested parentheses and -not");
            }
        }

        Filter condition() {
            skipSpace();
            int start = pos;
            String property = word();
            if (property.isEmpty()) {
                throw error(pos >= text.length() ? "the rule ends where a condition was expected" : "expected user.<property> at '" + rest() + "'");
            }
            int dot = property.indexOf('.');
            String object = dot < 0 ? property : property.substring(0, dot);
            if (!object.equalsIgnoreCase("user")) {
                throw error("'" + property + "' is not a user property; only user rules (user.<property>) can be translated");
            }
            String name = property.substring(dot + 1);
            if (name.toLowerCase(Locale.ROOT).startsWith("extension_") || name.toLowerCase(Locale.ROOT).startsWith("extensionattribute")) {
                throw error("directory extension attribute '" + property + "' has no SCIM attribute in Roster");
            }
            AttrPath path = PROPERTIES.get(name.toLowerCase(Locale.ROOT));
            if (path == null) {
                throw error("user property '" + name + "' has no SCIM equivalent in Roster (supported: "
                        + String.join(", ", names()) + ")");
            }
            skipSpace();
            int opStart = pos;
            String op = operator();
            if (op == null) {
                throw error("expected an operator (-eq, -ne, -startsWith, -notStartsWith, -contains, -notContains, -in, -notIn) after '"
                        + text.substring(start, opStart).trim() + "'");
            }
            switch (op) {
                case "in", "notin" -> {
                    List<JsonValue> values = list();
                    Filter any = null;
                    for (JsonValue v : values) {
                        Filter one = eq(path, v);
                        any = any == null ? one : new Or(any, one);
                    }
                    return op.equals("in") ? any : new Not(any);
                }
                case "match", "notmatch" -> throw error("-" + op + " (regular expressions) has no SCIM filter equivalent");
                case "any", "all" -> throw error("-" + op + " over multi-valued properties has no SCIM filter equivalent");
                default -> {
                }
            }
            JsonValue value = value();
            return switch (op) {
                case "eq" -> eq(path, value);
                case "ne" -> value == JsonValue.NULL ? new Present(path) : new Compare(path, CompareOp.NE, value);
                case "startswith" -> new Compare(path, CompareOp.SW, string(op, value));
                case "notstartswith" -> new Not(new Compare(path, CompareOp.SW, string(op, value)));
                case "contains" -> new Compare(path, CompareOp.CO, string(op, value));
                case "notcontains" -> new Not(new Compare(path, CompareOp.CO, string(op, value)));
                case "ge" -> new Compare(path, CompareOp.GE, notNull(op, value));
                case "le" -> new Compare(path, CompareOp.LE, notNull(op, value));
                default -> throw error("operator -" + op + " has no SCIM filter equivalent");
            };
        }

        private Filter eq(AttrPath path, JsonValue value) {
            return value == JsonValue.NULL ? new Not(new Present(path)) : new Compare(path, CompareOp.EQ, value);
        }

        private JsonValue string(String op, JsonValue v) {
            if (v.getValueType() != JsonValue.ValueType.STRING) {
                throw error("-" + op + " needs a quoted string");
            }
            return v;
        }

        private JsonValue notNull(String op, JsonValue v) {
            if (v == JsonValue.NULL) {
                throw error("-" + op + " cannot compare with null");
            }
            return v;
        }

        /** An operator keyword: a hyphen (optional, as Entra allows) and letters. */
        private String operator() {
            int save = pos;
            if (peek() == '-') {
                pos++;
            }
            String w = word();
            String op = w.toLowerCase(Locale.ROOT);
            if (!w.isEmpty() && OPERATORS.contains(op)) {
                return op;
            }
            pos = save;
            return null;
        }

        private static final List<String> OPERATORS = List.of("eq", "ne", "startswith", "notstartswith", "contains",
                "notcontains", "in", "notin", "match", "notmatch", "any", "all", "ge", "le");

        private List<JsonValue> list() {
            skipSpace();
            if (peek() != '[') {
                throw error("-in and -notIn need a list such as [\"a\", \"b\"]");
            }
            pos++;
            List<JsonValue> out = new ArrayList<>();
            while (true) {
                skipSpace();
                if (peek() == ']' && out.isEmpty()) {
                    throw error("the list after -in / -notIn is empty");
                }
                out.add(value());
                skipSpace();
                char c = peek();
                pos++;
                if (c == ']') {
                    return out;
                }
                if (c != ',') {
                    pos--;
                    throw error("expected ',' or ']' in the list");
                }
            }
        }

        private JsonValue value() {
            skipSpace();
            char c = peek();
            if (c == '"' || c == '\'') {
                return JsonSupport.string(quoted(c));
            }
            int start = pos;
            while (pos < text.length() && !Character.isWhitespace(text.charAt(pos)) && "()[],".indexOf(text.charAt(pos)) < 0) {
                pos++;
            }
            String token = text.substring(start, pos);
            switch (token.toLowerCase(Locale.ROOT)) {
                case "true":
                    return JsonValue.TRUE;
                case "false":
                    return JsonValue.FALSE;
                case "null":
                    return JsonValue.NULL;
                default:
                    break;
            }
            try {
                return JsonSupport.number(new BigDecimal(token));
            } catch (NumberFormatException e) {
                pos = start;
                throw error(token.isEmpty() ? "a value is missing" : "value '" + token + "' must be quoted");
            }
        }

        /** A quoted string; a backslash or Entra's backtick escapes the next character. */
        private String quoted(char quote) {
            pos++;
            StringBuilder b = new StringBuilder();
            while (pos < text.length()) {
                char c = text.charAt(pos++);
                if (c == quote) {
                    return b.toString();
                }
                if ((c == '\\' || c == '`') && pos < text.length()) {
                    c = text.charAt(pos++);
                }
                b.append(c);
            }
            throw error("a string is not closed");
        }

        /** A keyword operator such as {@code -and}; consumed only when it is one. */
        private boolean keyword(String kw) {
            skipSpace();
            int save = pos;
            if (peek() == '-') {
                pos++;
            }
            String w = word();
            if (w.equalsIgnoreCase(kw)) {
                return true;
            }
            pos = save;
            return false;
        }

        private String word() {
            int start = pos;
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '.'
                    || text.charAt(pos) == '_')) {
                pos++;
            }
            return text.substring(start, pos);
        }

        void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        private char peek() {
            return pos < text.length() ? text.charAt(pos) : '\0';
        }

        String rest() {
            String r = text.substring(Math.min(pos, text.length()));
            return r.length() > 40 ? r.substring(0, 40) + "..." : r;
        }

        ScimException error(String message) {
            return ScimException.invalidValue("membershipRule cannot be translated from Entra syntax at position " + (pos + 1)
                    + ": " + message + ".");
        }
    }

    private static List<String> names() {
        return NAMES;
    }

}
