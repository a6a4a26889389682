package io.roster.scim.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roster.scim.error.ScimException;
import io.roster.scim.error.ScimType;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FilterParserErrorTest {
    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private final FilterParser parser = new FilterParser(4096, 32);

    static Stream<Arguments> malformedFilters() {
        return Stream.of(
                // empty
                Arguments.of("", 1, "the filter is empty"),
                Arguments.of("   ", 1, "the filter is empty"),
                // unknown operator
                Arguments.of("userName equals \"x\"", 10,
                        "expected a comparison operator (eq, ne, co, sw, ew, gt, ge, lt, le) or 'pr' after 'userName', found 'equals'"),
                Arguments.of("userName", 9, "or 'pr' after 'userName', found end of filter"),
                // unbalanced parentheses and brackets
                Arguments.of("(userName eq \"x\"", 17, "missing ')' to close the '(' at position 1"),
                Arguments.of("((a pr) and (b pr)", 19, "missing ')' to close the '(' at position 1"),
                Arguments.of("userName eq \"x\")", 16, "found ')' without a matching '('"),
                Arguments.of("emails[type eq \"work\"", 22, "missing ']' to close the '[' at position 7"),
                Arguments.of("emails[type eq \"work\")", 22, "expected 'and', 'or' or ']' (closing the '[' at position 7) after '\"work\"', found ')'"),
                Arguments.of("(emails[type eq \"work\")]", 23, "or ']' (closing the '[' at position 8)"),
                Arguments.of("userName eq \"x\"]", 16, "found ']' without a matching '['"),
                Arguments.of("()", 2, "expected an attribute path, '(' or 'not (' after '(', found ')'"),
                Arguments.of("emails[]", 8, "expected an attribute path, '(' or 'not (' after '[', found ']'"),
                // missing value
                Arguments.of("userName eq", 12, "expected a value (a quoted string, a number, true, false or null) after 'eq', found end of filter"),
                Arguments.of("userName eq and title pr", 13, "after 'eq', found 'and'"),
                Arguments.of("(userName eq)", 13, "after 'eq', found ')'"),
                // strings
                Arguments.of("userName eq \"bjensen", 13, "unterminated string"),
                Arguments.of("userName eq \"bjensen\\", 21, "unterminated string"),
                Arguments.of("userName eq \"a\\qb\"", 15, "invalid escape '\\q'"),
                Arguments.of("userName eq \"\\u12\"", 14, "'\\u' needs four hex digits"),
                Arguments.of("x eq \"\\u00\u0664\u0661\"", 7, "'\\u' needs four hex digits"),
                Arguments.of("userName eq \"a\nb\"", 15, "control character U+000A must be escaped"),
                Arguments.of("x eq 1e99999999999", 6, "the number '1e99999999999' is out of range"),
                // trailing garbage
                Arguments.of("userName eq \"x\" title pr", 17, "expected 'and', 'or' or end of filter after '\"x\"', found 'title'"),
                Arguments.of("displayName eq Babs Jensen", 21, "found 'Jensen'; a value containing spaces must be quoted"),
                Arguments.of("title pr and", 13, "after 'and', found end of filter"),
                Arguments.of("title pr or or nickName pr", 13, "after 'or', found 'or'"),
                // operator without attribute
                Arguments.of("eq \"bjensen\"", 1, "expected an attribute path before the operator 'eq'"),
                Arguments.of("title pr and co \"x\"", 14, "expected an attribute path before the operator 'co'"),
                Arguments.of("and title pr", 1, "expected an attribute path, '(' or 'not (', found 'and'"),
                Arguments.of("\"x\" eq userName", 1, "expected an attribute path, '(' or 'not (', found '\"x\"'"),
                // pr with a value
                Arguments.of("title pr \"x\"", 10, "'pr' takes no value, found '\"x\"' after 'title pr'"),
                Arguments.of("title pr true", 10, "'pr' takes no value"),
                // not without parentheses
                Arguments.of("not title pr", 5, "expected '(' after 'not', found 'title'"),
                Arguments.of("not", 4, "expected '(' after 'not', found end of filter"),
                // value paths
                Arguments.of("emails[type eq \"work\" and addresses[type eq \"home\"]]", 36,
                        "a value filter cannot contain another one ('[' inside '[...]')"),
                Arguments.of("emails[(addresses[type pr])]", 18, "cannot contain another one"),
                Arguments.of("name.familyName[value eq \"x\"]", 16, "'[' follows the sub-attribute 'name.familyName'"),
                Arguments.of("emails[type eq \"work\"].value", 29, "or 'pr' after '.value', found end of filter"),
                Arguments.of("emails[type eq \"work\"].", 24, "expected an attribute name"),
                Arguments.of("emails[type eq \"work\"].value.x eq \"a\"", 29, "unexpected character '.' in attribute name 'value.x'"),
                Arguments.of("emails[type eq \"work\"][value pr]", 23, "expected 'and', 'or' or end of filter after ']', found '['"),
                // attribute names
                Arguments.of("a.b.c eq \"x\"", 4, "an attribute path has at most one sub-attribute"),
                Arguments.of("1abc eq \"x\"", 1, "an attribute name starts with a letter, found '1'"),
                Arguments.of("user$name pr", 5, "unexpected character '$' in attribute name 'user$name'"),
                Arguments.of("userName=\"x\"", 9, "unexpected character '=' in attribute name 'userName='"),
                Arguments.of("name. pr", 6, "expected an attribute name"),
                Arguments.of("foo:bar eq \"x\"", 1, "'foo' is not a schema URN"),
                Arguments.of(ENTERPRISE + ": eq \"x\"", ENTERPRISE.length() + 2, "expected an attribute name"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedFilters")
    void malformedFiltersFailWithInvalidFilterNamingThePositionAndWhatWasExpected(String text, int position, String expected) {
        ScimException e = assertThrows(ScimException.class, () -> parser.parse(text));
        assertEquals(400, e.status());
        assertEquals(ScimType.INVALID_FILTER, e.scimType());
        assertTrue(e.detail().startsWith("invalid filter at position " + position + ": "), e.detail());
        assertTrue(e.detail().contains(expected), e.detail());
    }

    @Test
    void theDetailQuotesTheFilter() {
        ScimException e = assertThrows(ScimException.class, () -> parser.parse("userName equals \"x\""));
        assertEquals("invalid filter at position 10: expected a comparison operator (eq, ne, co, sw, ew, gt, ge, lt, le)"
                + " or 'pr' after 'userName', found 'equals' (filter: userName equals \"x\")", e.detail());
    }

    @Test
    void controlCharactersInTheQuotedFilterAreEscaped() {
        ScimException e = assertThrows(ScimException.class, () -> parser.parse("a\u0000 pr"));
        assertTrue(e.detail().contains("(filter: a\\u0000 pr)"), e.detail());
    }

    @Test
    void aNullFilterIsAnEmptyOne() {
        ScimException e = assertThrows(ScimException.class, () -> parser.parse(null));
        assertTrue(e.detail().contains("the filter is empty"), e.detail());
    }

    @Test
    void aFilterLongerThanTheLimitIsRejectedNamingTheLimit() {
        FilterParser limited = new FilterParser(20, 5);
        String text = "userName eq \"abcdefghijk\"";
        ScimException e = assertThrows(ScimException.class, () -> limited.parse(text));
        assertEquals(ScimType.INVALID_FILTER, e.scimType());
        assertTrue(e.detail().startsWith("invalid filter at position 21: the filter is 25 characters long,"
                + " more than the maximum filter length of 20 characters"), e.detail());
    }

    @Test
    void nestingDeeperThanTheLimitIsRejectedNamingTheLimit() {
        FilterParser limited = new FilterParser(1000, 3);
        assertDepthError(limited, "((((a pr))))", 4);
        assertDepthError(limited, "not (not (not (not (a pr))))", 20);
        assertDepthError(limited, "((a pr) and ((emails[type pr])))", 21);
    }

    @Test
    void fiftyThousandOpeningParenthesesFailOnDepthNotOnTheStack() {
        FilterParser parser32 = new FilterParser(200_000, 32);
        assertDepthError(parser32, "(".repeat(50_000) + "a pr" + ")".repeat(50_000), 33);
    }

    @Test
    void parseAttrPathRejectsAnythingButOnePathWithItsPosition() {
        assertPathError("", 1, "expected an attribute name");
        assertPathError("a.b.c", 4, "at most one sub-attribute");
        assertPathError("emails[type eq \"work\"]", 7, "unexpected character '['");
        assertPathError(" userName", 1, "starts with a letter");
        assertPathError(ENTERPRISE + ":", ENTERPRISE.length() + 2, "expected an attribute name");
    }

    private static void assertPathError(String text, int position, String expected) {
        ScimException e = assertThrows(ScimException.class, () -> FilterParser.parseAttrPath(text));
        assertEquals(ScimType.INVALID_FILTER, e.scimType());
        assertTrue(e.detail().startsWith("invalid attribute path at position " + position + ": "), e.detail());
        assertTrue(e.detail().contains(expected), e.detail());
    }

    private static void assertDepthError(FilterParser p, String text, int position) {
        ScimException e = assertThrows(ScimException.class, () -> p.parse(text));
        assertTrue(e.detail().startsWith("invalid filter at position " + position + ": nesting exceeds the maximum filter depth of "), e.detail());
    }
}
