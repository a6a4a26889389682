package io.roster.scim.filter;

import static io.roster.scim.filter.Ast.and;
import static io.roster.scim.filter.Ast.cmp;
import static io.roster.scim.filter.Ast.eq;
import static io.roster.scim.filter.Ast.not;
import static io.roster.scim.filter.Ast.num;
import static io.roster.scim.filter.Ast.or;
import static io.roster.scim.filter.Ast.pr;
import static io.roster.scim.filter.Ast.str;
import static io.roster.scim.filter.Ast.vp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.roster.scim.schema.SchemaUrns;
import jakarta.json.JsonNumber;
import jakarta.json.JsonValue;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class FilterParserTest {
    private static final String ENTERPRISE = SchemaUrns.ENTERPRISE_USER;
    private final FilterParser parser = new FilterParser(4096, 32);

    static Stream<Arguments> wellFormedFilters() {
        return Stream.of(
                // RFC 7644 section 3.4.2.2 examples
                Arguments.of("userName eq \"bjensen\"", eq("userName", "bjensen")),
                Arguments.of("name.familyName co \"O'Malley\"", cmp("name.familyName", CompareOp.CO, str("O'Malley"))),
                Arguments.of("userName sw \"J\"", cmp("userName", CompareOp.SW, str("J"))),
                Arguments.of("urn:ietf:params:scim:schemas:core:2.0:User:userName sw \"J\"",
                        new Compare(new AttrPath(SchemaUrns.USER, "userName", null), CompareOp.SW, str("J"))),
                Arguments.of("title pr", pr("title")),
                Arguments.of("meta.lastModified gt \"2011-05-13T04:42:34Z\"",
                        cmp("meta.lastModified", CompareOp.GT, str("2011-05-13T04:42:34Z"))),
                Arguments.of("title pr and userType eq \"Employee\"", and(pr("title"), eq("userType", "Employee"))),
                Arguments.of("title pr or userType eq \"Intern\"", or(pr("title"), eq("userType", "Intern"))),
                Arguments.of("schemas eq \"" + ENTERPRISE + "\"", eq("schemas", ENTERPRISE)),
                Arguments.of("userType eq \"Employee\" and (emails co \"example.com\" or emails.value co \"example.org\")",
                        and(eq("userType", "Employee"), or(cmp("emails", CompareOp.CO, str("example.com")),
                                cmp("emails.value", CompareOp.CO, str("example.org"))))),
                Arguments.of("userType ne \"Employee\" and not (emails co \"example.com\" or emails.value co \"example.org\")",
                        and(cmp("userType", CompareOp.NE, str("Employee")), not(or(cmp("emails", CompareOp.CO, str("example.com")),
                                cmp("emails.value", CompareOp.CO, str("example.org")))))),
                Arguments.of("userType eq \"Employee\" and emails[type eq \"work\" and value co \"@example.com\"]",
                        and(eq("userType", "Employee"), vp("emails", and(eq("type", "work"),
                                cmp("value", CompareOp.CO, str("@example.com")))))),
                Arguments.of("emails[type eq \"work\" and value co \"@example.com\"] or ims[type eq \"xmpp\" and value co \"@foo.com\"]",
                        or(vp("emails", and(eq("type", "work"), cmp("value", CompareOp.CO, str("@example.com")))),
                                vp("ims", and(eq("type", "xmpp"), cmp("value", CompareOp.CO, str("@foo.com")))))),
                // URN-qualified attributes: the URN keeps its dots ("2.0"), the split is at the last ':'
                Arguments.of(ENTERPRISE + ":department eq \"Sales\"",
                        new Compare(new AttrPath(ENTERPRISE, "department", null), CompareOp.EQ, str("Sales"))),
                Arguments.of(ENTERPRISE + ":manager.value eq \"26118915\"",
                        new Compare(new AttrPath(ENTERPRISE, "manager", "value"), CompareOp.EQ, str("26118915"))),
                // $ref is the one attribute name with '$'
                Arguments.of("members.$ref pr", new Present(new AttrPath(null, "members", "$ref"))),
                Arguments.of("$ref eq \"https://x/Users/1\"", eq("$ref", "https://x/Users/1")),
                // value paths with logic inside, and Entra ID's a[f].sub form
                Arguments.of("emails[not (type eq \"work\")]", vp("emails", not(eq("type", "work")))),
                Arguments.of("emails[(type eq \"a\" or type eq \"b\") and primary eq true]",
                        vp("emails", and(or(eq("type", "a"), eq("type", "b")), cmp("primary", CompareOp.EQ, JsonValue.TRUE)))),
                Arguments.of("emails[type eq \"work\"].value eq \"x\"", vp("emails", and(eq("type", "work"), eq("value", "x")))),
                Arguments.of("emails[type eq \"work\"].primary pr", vp("emails", and(eq("type", "work"), pr("primary")))),
                Arguments.of("emails[type eq \"a\" or type eq \"b\"].value co \"@x\"",
                        vp("emails", and(or(eq("type", "a"), eq("type", "b")), cmp("value", CompareOp.CO, str("@x"))))),
                Arguments.of("addresses[type eq \"work\"].streetAddress eq \"1 Main\" and title pr",
                        and(vp("addresses", and(eq("type", "work"), eq("streetAddress", "1 Main"))), pr("title"))),
                Arguments.of("emails [type eq \"work\"]", vp("emails", eq("type", "work"))),
                // grouping without "not", "not" without a space, redundant parentheses
                Arguments.of("(title pr)", pr("title")),
                Arguments.of("((title pr))", pr("title")),
                Arguments.of("not(title pr)", not(pr("title"))),
                Arguments.of("NOT (title pr)", not(pr("title"))),
                // keywords and operators in any case, any whitespace
                Arguments.of("userName Eq \"x\" AND title PR Or nickName pr",
                        or(and(eq("userName", "x"), pr("title")), pr("nickName"))),
                Arguments.of("  userName\teq \"x\"  ", eq("userName", "x")),
                Arguments.of("(userName eq\"x\")and(title pr)", and(eq("userName", "x"), pr("title"))),
                // an attribute that happens to be spelled like a keyword
                Arguments.of("not eq \"x\"", eq("not", "x")),
                Arguments.of("pr pr", pr("pr")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wellFormedFilters")
    void parsesEveryFormOfTheGrammarIntoTheExpectedTree(String text, Filter expected) {
        assertEquals(expected, parser.parse(text));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wellFormedFilters")
    void toStringPrintsFilterTextThatParsesBackToTheSameTree(String text, Filter expected) {
        Filter parsed = parser.parse(text);
        assertEquals(parsed, parser.parse(parsed.toString()), parsed.toString());
    }

    @ParameterizedTest
    @EnumSource(CompareOp.class)
    void everyComparisonOperatorParsesInAnyCase(CompareOp op) {
        String lower = op.keyword();
        String upper = lower.toUpperCase(Locale.ROOT);
        String mixed = upper.charAt(0) + lower.substring(1);
        for (String spelling : new String[] {lower, upper, mixed}) {
            assertEquals(new Compare(new AttrPath("userName"), op, str("x")), parser.parse("userName " + spelling + " \"x\""));
        }
    }

    @Test
    void notBindsTighterThanAndWhichBindsTighterThanOr() {
        assertEquals(or(pr("a"), and(pr("b"), not(pr("c")))), parser.parse("a pr or b pr and not (c pr)"));
        assertEquals(or(and(pr("a"), pr("b")), pr("c")), parser.parse("a pr and b pr or c pr"));
        assertEquals(or(and(not(pr("a")), pr("b")), pr("c")), parser.parse("not (a pr) and b pr or c pr"));
    }

    @Test
    void andAndOrAssociateToTheLeft() {
        assertEquals(and(and(pr("a"), pr("b")), pr("c")), parser.parse("a pr and b pr and c pr"));
        assertEquals(or(or(pr("a"), pr("b")), pr("c")), parser.parse("a pr or b pr or c pr"));
    }

    @Test
    void parenthesesOverridePrecedence() {
        assertEquals(and(pr("a"), or(pr("b"), pr("c"))), parser.parse("a pr and (b pr or c pr)"));
        assertEquals(not(and(pr("a"), pr("b"))), parser.parse("not (a pr and b pr)"));
    }

    static Stream<Arguments> values() {
        return Stream.of(
                Arguments.of("\"42\"", str("42")),
                Arguments.of("true", JsonValue.TRUE),
                Arguments.of("TRUE", JsonValue.TRUE),
                Arguments.of("False", JsonValue.FALSE),
                Arguments.of("null", JsonValue.NULL),
                Arguments.of("NULL", JsonValue.NULL),
                Arguments.of("42", num("42")),
                Arguments.of("-7", num("-7")),
                Arguments.of("0", num("0")),
                Arguments.of("3.14", num("3.14")),
                Arguments.of("1e5", num("1e5")),
                Arguments.of("1E5", num("1E5")),
                Arguments.of("1e+5", num("1e5")),
                Arguments.of("2.5e-3", num("0.0025")),
                Arguments.of("12345678901234567890123", num("12345678901234567890123")),
                // unquoted strings, as some clients send them
                Arguments.of("john@example.com", str("john@example.com")),
                Arguments.of("2819c223-7f76-453a-919d-413861904646", str("2819c223-7f76-453a-919d-413861904646")),
                Arguments.of("0123", str("0123")),
                Arguments.of("1.", str("1.")),
                Arguments.of("+5", str("+5")),
                Arguments.of("truely", str("truely")),
                // JSON string escapes (RFC 8259 section 7)
                Arguments.of("\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9\\u00C9\"", str("a\"b\\c/d\b\f\n\r\té\u00c9")),
                Arguments.of("\"\"", str("")),
                Arguments.of("\"with (parens) [and] brackets and or not\"", str("with (parens) [and] brackets and or not")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("values")
    void readsJsonValuesAndUnquotedWords(String literal, JsonValue expected) {
        Compare c = assertInstanceOf(Compare.class, parser.parse("x eq " + literal));
        if (expected instanceof JsonNumber n) {
            JsonNumber actual = assertInstanceOf(JsonNumber.class, c.value());
            assertEquals(0, n.bigDecimalValue().compareTo(actual.bigDecimalValue()), literal);
        } else {
            assertEquals(expected, c.value());
        }
    }

    @Test
    void keepsTheClientsSpellingOfNames() {
        Compare c = assertInstanceOf(Compare.class,
                parser.parse("URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER:Manager.VALUE eq \"x\""));
        assertEquals(new AttrPath("URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER", "Manager", "VALUE"), c.path());
    }

    @Test
    void toStringPrintsCanonicalFilterText() {
        assertEquals("userName eq \"x\"", parser.parse("userName  EQ x").toString());
        assertEquals("emails[type eq \"work\" and value eq \"x\"]", parser.parse("emails[type eq \"work\"].value eq \"x\"").toString());
        assertEquals("(a pr or b pr) and c pr", parser.parse("(a pr or b pr) and c pr").toString());
        assertEquals("a pr and (b pr and c pr)", parser.parse("a pr and (b pr and c pr)").toString());
        assertEquals("not (a pr)", parser.parse("not(a pr)").toString());
        assertEquals("x eq \"tab\\there \\\"q\\\" \\u0001\"", parser.parse("x eq \"tab\\there \\\"q\\\" \\u0001\"").toString());
        assertEquals(SchemaUrns.ENTERPRISE_USER + ":manager.value pr", parser.parse(SchemaUrns.ENTERPRISE_USER + ":manager.value pr").toString());
        assertEquals("x eq 1E+5", parser.parse("x eq 1e5").toString());
        assertEquals("x eq null", parser.parse("x eq NULL").toString());
    }

    @Test
    void parseAttrPathSplitsUrnAttributeAndSubAttribute() {
        assertEquals(new AttrPath("userName"), FilterParser.parseAttrPath("userName"));
        assertEquals(new AttrPath(null, "name", "familyName"), FilterParser.parseAttrPath("name.familyName"));
        assertEquals(new AttrPath(ENTERPRISE, "department", null), FilterParser.parseAttrPath(ENTERPRISE + ":department"));
        assertEquals(new AttrPath(ENTERPRISE, "manager", "value"), FilterParser.parseAttrPath(ENTERPRISE + ":manager.value"));
        assertEquals(new AttrPath(SchemaUrns.USER, "name", "givenName"), FilterParser.parseAttrPath(SchemaUrns.USER + ":name.givenName"));
        assertEquals(new AttrPath(null, "groups", "$ref"), FilterParser.parseAttrPath("groups.$ref"));
        assertNull(FilterParser.parseAttrPath("x-y_z9").schemaUrn());
    }

    @Test
    void attrPathToStringIsItsTextualForm() {
        assertEquals(ENTERPRISE + ":manager.value", new AttrPath(ENTERPRISE, "manager", "value").toString());
        assertEquals("name.familyName", new AttrPath(null, "name", "familyName").toString());
        assertEquals("userName", new AttrPath("userName").toString());
    }

    @Test
    void nestingUpToTheDepthLimitIsAccepted() {
        FilterParser shallow = new FilterParser(100, 3);
        assertEquals(not(pr("a")), shallow.parse("((not (a pr)))"));
        assertEquals(vp("emails", pr("value")), shallow.parse("((emails[value pr]))"));
        // siblings do not add up: depth is nesting, not count
        assertEquals(and(pr("a"), pr("b")), shallow.parse("(((a pr))) and (((b pr)))"));
    }

    @Test
    void aFilterOfExactlyTheMaximumLengthIsAccepted() {
        FilterParser shortOnly = new FilterParser(8, 3);
        assertEquals(pr("abcde"), shortOnly.parse("abcde pr"));
    }
}
