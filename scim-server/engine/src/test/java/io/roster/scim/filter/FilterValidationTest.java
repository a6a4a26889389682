package io.roster.scim.filter;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
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
import org.junit.jupiter.params.provider.ValueSource;

class FilterValidationTest {
    private final FilterParser parser = new FilterParser(4096, 32);
    private final FilterEvaluator evaluator = TestUsers.evaluator();

    static Stream<Arguments> rejected() {
        return Stream.of(
                // RFC 7644 section 3.4.2.2: gt/ge/lt/le on boolean or binary fail with invalidFilter
                Arguments.of("active gt true", "'gt' has no meaning for 'active', which is a single-valued boolean attribute"),
                Arguments.of("active le false", "'le' has no meaning for 'active'"),
                Arguments.of("emails.primary ge true", "'ge' has no meaning for 'primary'"),
                Arguments.of("x509Certificates.value gt \"MIID\"", "'gt' has no meaning for 'value', which is a single-valued binary attribute"),
                Arguments.of("x509Certificates[value lt \"MIID\"]", "'x509Certificates[value lt \"MIID\"]'"),
                // substring operators on non-text types
                Arguments.of("active co \"t\"", "'co' has no meaning for 'active'"),
                Arguments.of("loginCount sw 4", "'sw' has no meaning for 'loginCount', which is a single-valued integer attribute"),
                Arguments.of("score ew 1", "'ew' has no meaning for 'score', which is a single-valued decimal attribute"),
                Arguments.of("x509Certificates.value co \"M\"", "'co' has no meaning for 'value'"),
                // values of the wrong JSON type
                Arguments.of("active eq \"yes\"", "with true or false"),
                Arguments.of("active eq 1", "with true or false"),
                Arguments.of("loginCount eq \"42\"", "with a number"),
                Arguments.of("score gt high", "with a number"),
                Arguments.of("loginCount eq true", "with a number"),
                Arguments.of("meta.lastModified gt \"yesterday\"", "\"yesterday\" is not an xsd:dateTime"),
                Arguments.of("lastLogin eq \"2024-13-01T00:00:00Z\"", "is not an xsd:dateTime"),
                Arguments.of("lastLogin eq \"2024-03-01\"", "is not an xsd:dateTime"),
                Arguments.of("meta.lastModified gt 20240101", "with a quoted xsd:dateTime"),
                Arguments.of("x509Certificates.value eq 5", "with a quoted base64 string"),
                Arguments.of("title co null", "null can only be compared with eq (absent) or ne (present)"),
                Arguments.of("loginCount gt null", "null can only be compared with eq"),
                // structure that does not fit the schema
                Arguments.of("userName[value eq \"x\"]", "'userName[...]' needs a multi-valued complex attribute, but 'userName' is a single-valued string attribute"),
                Arguments.of("name[givenName eq \"x\"]", "but 'name' is a single-valued complex attribute"),
                Arguments.of("tags[value eq \"x\"]", "but 'tags' is a multi-valued string attribute"),
                Arguments.of("userName.first eq \"x\"", "'userName.first' asks for a sub-attribute of 'userName', which is a single-valued string attribute"),
                Arguments.of("active.value pr", "asks for a sub-attribute of 'active'"),
                Arguments.of("emails[type.x eq \"a\"]", "inside emails[...], 'type.x' must be the plain name of a sub-attribute"),
                Arguments.of("emails[urn:x:y:type eq \"a\"]", "must be the plain name of a sub-attribute"),
                Arguments.of("title pr and (nickName pr or active gt false)", "'active gt false'"),
                Arguments.of("not (emails[primary lt true])", "'emails[primary lt true]'"),
                // RFC 7643 section 7: a "never" attribute is no oracle, whatever the operator
                Arguments.of("password eq \"x\"", "'password' is never returned"),
                Arguments.of("password pr", "'password' is never returned"),
                Arguments.of("password sw \"$pbkdf2\"", "'password' is never returned"),
                Arguments.of("not (password pr)", "'password' is never returned"),
                Arguments.of("userName pr and PASSWORD gt \"a\"", "'PASSWORD' is never returned"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejected")
    void validateRejectsOperatorsAndValuesThatDoNotFitTheAttribute(String text, String expected) {
        Filter filter = parser.parse(text);
        ScimException e = assertThrows(ScimException.class, () -> evaluator.validate(filter));
        assertEquals(400, e.status());
        assertEquals(ScimType.INVALID_FILTER, e.scimType());
        assertTrue(e.detail().startsWith("invalid filter: "), e.detail());
        assertTrue(e.detail().contains(expected), e.detail());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "active eq \"TRUE\"", "active ne \"false\"", "active eq true",
        "noSuchAttribute gt true", "noSuchAttribute co 5", "emails[noSuchSub gt true]", "noSuch[x pr]", "noSuch.sub pr",
        "urn:example:unknown:1.0:Thing:active gt true",
        "nickName eq 123", "employeeNumber eq 701984", "title eq true",
        "meta.created sw \"2024\"", "lastLogin eq \"2024-03-01T09:30:00\"", "lastLogin lt \"2024-03-01T09:30:00.123456+05:30\"",
        "emails co \"x\"", "name eq \"x\"", "name pr", "emails pr",
        "title eq null", "active ne null", "loginCount ge -1.5e3", "score eq 1",
        "profileUrl sw \"https\"", "x509Certificates.value eq \"MIID\"",
        "emails[type eq \"work\"].value eq \"x\"", "emails[not (primary eq true)]"
    })
    void validateAcceptsWellTypedAndUnknownAttributes(String text) {
        Filter filter = parser.parse(text);
        assertDoesNotThrow(() -> evaluator.validate(filter));
    }

    @Test
    void validateRejectsAValuePathNestedInAnotherWhenBuiltInCode() {
        Filter nested = new ValuePath(new AttrPath("emails"), new ValuePath(new AttrPath("type"), new Present(new AttrPath("value"))));
        ScimException e = assertThrows(ScimException.class, () -> evaluator.validate(nested));
        assertTrue(e.detail().contains("value filters cannot be nested"), e.detail());
    }
}
