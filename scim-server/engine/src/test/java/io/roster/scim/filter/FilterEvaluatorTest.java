package io.roster.scim.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roster.scim.json.JsonSupport;
import io.roster.scim.schema.ResourceType;
import io.roster.scim.schema.SchemaRegistry;
import jakarta.json.JsonObject;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FilterEvaluatorTest {
    private static final String ENTERPRISE = TestUsers.ENTERPRISE;
    private final FilterParser parser = new FilterParser(4096, 32);
    private final FilterEvaluator evaluator = TestUsers.evaluator();

    /** Which of the two test users (by userName) each filter selects. */
    static Stream<Arguments> filters() {
        return Stream.of(
                // strings: case-insensitive unless caseExact, lexicographic ordering
                row("userName eq \"BJensen@Example.COM\"", "bjensen@example.com"),
                row("userName sw \"J\"", "jsmith"),
                row("userName ew \"@EXAMPLE.COM\"", "bjensen@example.com"),
                row("userName co \"SMI\"", "jsmith"),
                row("userName gt \"c\"", "jsmith"),
                row("userName lt \"c\"", "bjensen@example.com"),
                row("userName ge \"jsmith\"", "jsmith"),
                row("userName le \"BJENSEN@example.com\"", "bjensen@example.com"),
                row("userName ne \"jsmith\"", "bjensen@example.com"),
                row("userName eq jsmith", "jsmith"),
                row("title eq \"tour guide\"", "bjensen@example.com"),
                row("badge eq \"AbC-123\"", "bjensen@example.com"),
                row("badge eq \"abc-123\""),
                row("badge co \"C-1\"", "bjensen@example.com"),
                row("badge co \"c-1\""),
                row("id eq \"2819c223-7f76-453a-919d-413861904646\"", "bjensen@example.com"),
                row("id eq 2819C223-7F76-453A-919D-413861904646"),
                row("externalId eq \"bjensen-ext\""),
                row("externalId eq \"BJensen-EXT\"", "bjensen@example.com"),
                row("profileUrl sw \"HTTPS://login.\"", "bjensen@example.com"),
                // booleans, also written as strings
                row("active eq true", "bjensen@example.com"),
                row("active eq false", "jsmith"),
                row("active ne true", "jsmith"),
                row("active eq \"TRUE\"", "bjensen@example.com"),
                // integers and decimals compare numerically
                row("loginCount gt 10", "bjensen@example.com"),
                row("loginCount eq 42.0", "bjensen@example.com"),
                row("loginCount le 3", "jsmith"),
                row("loginCount lt 4e1", "jsmith"),
                row("score ge 7.5", "bjensen@example.com", "jsmith"),
                row("score lt 1e1", "bjensen@example.com"),
                row("score eq 10.00", "jsmith"),
                // dateTime compares as instants; no offset means UTC
                row("meta.lastModified gt \"2024-01-01T00:00:00Z\"", "bjensen@example.com"),
                row("meta.lastModified lt \"2024-01-01T00:00:00+00:00\"", "jsmith"),
                row("meta.lastModified ge \"2024-06-01T14:00:00+02:00\"", "bjensen@example.com"),
                row("meta.lastModified gt \"2024-06-01T12:00:00\""),
                row("meta.lastModified le \"2024-06-01T12:00:00.000Z\"", "bjensen@example.com", "jsmith"),
                row("meta.created lt \"2024-01-10T08:00:00.001Z\"", "bjensen@example.com", "jsmith"),
                row("lastLogin eq \"2024-03-01T08:30:00Z\"", "bjensen@example.com", "jsmith"),
                row("meta.created sw \"2024-01\"", "bjensen@example.com"),
                row("meta.resourceType eq \"User\"", "bjensen@example.com", "jsmith"),
                // multi-valued: any value matching is enough
                row("emails.value ew \"jensen.org\"", "bjensen@example.com"),
                row("emails.type eq \"home\"", "bjensen@example.com"),
                row("emails.type ne \"work\"", "bjensen@example.com"),
                row("emails co \"example.org\"", "jsmith"),
                row("emails eq \"BABS@jensen.org\"", "bjensen@example.com"),
                row("emails.primary eq true", "bjensen@example.com"),
                row("tags eq \"green\"", "bjensen@example.com"),
                row("x509Certificates.value eq \"MIIDQzCCAqygAwIBAgICEAAwDQYJ\"", "bjensen@example.com"),
                row("x509Certificates.value eq \"miidqzccaqygawibagicEaawdqyj\""),
                // absent attributes: nothing matches them but ne; eq null is "absent", ne null "present"
                row("nickName pr"),
                row("nickName eq \"x\""),
                row("nickName ne \"x\"", "bjensen@example.com", "jsmith"),
                row("nickName gt \"a\""),
                row("nickName eq null", "bjensen@example.com", "jsmith"),
                row("nickName ne null"),
                row("title pr", "bjensen@example.com"),
                row("title eq null", "jsmith"),
                row("title ne null", "bjensen@example.com"),
                row("title ne \"Tour Guide\"", "jsmith"),
                row("tags pr", "bjensen@example.com"),
                row("tags ne \"blue\"", "bjensen@example.com", "jsmith"),
                row("name.middleName pr"),
                row("name pr", "bjensen@example.com", "jsmith"),
                row("name.givenName sw \"b\"", "bjensen@example.com"),
                row("emails pr", "bjensen@example.com", "jsmith"),
                row("noSuchAttribute eq \"x\""),
                // an attribute no schema defines matches nothing at all, not even ne (issue 3)
                row("noSuchAttribute ne \"x\""),
                row("noSuchAttribute eq null"),
                row("not (noSuchAttribute pr)", "bjensen@example.com", "jsmith"),
                row("name eq \"Jensen\""),
                // enterprise extension, qualified or not; URN and names case-insensitive
                row(ENTERPRISE + ":department eq \"tour operations\"", "bjensen@example.com"),
                row("department sw \"Tour\"", "bjensen@example.com"),
                row(ENTERPRISE.toUpperCase(java.util.Locale.ROOT) + ":EMPLOYEENUMBER eq \"701984\"", "bjensen@example.com"),
                row(ENTERPRISE + ":manager.value eq \"26118915-6090-4610-87e4-49d8ca9f808d\"", "bjensen@example.com"),
                row(ENTERPRISE + ":manager.displayName co \"smith\"", "bjensen@example.com"),
                row(ENTERPRISE + ":manager eq \"26118915-6090-4610-87e4-49d8ca9f808d\"", "bjensen@example.com"),
                row(ENTERPRISE + ":department ne \"Sales\"", "bjensen@example.com", "jsmith"),
                row("urn:ietf:params:scim:schemas:core:2.0:User:userName eq \"jsmith\"", "jsmith"),
                row("urn:ietf:params:scim:schemas:core:2.0:User:department pr"),
                row("urn:example:unknown:1.0:User:department pr"),
                // value paths: one element has to satisfy the whole inner filter
                row("emails[type eq \"work\" and value co \"@example.com\"]", "bjensen@example.com"),
                row("emails[type eq \"home\" and value co \"@example.com\"]"),
                row("emails[type eq \"home\" or primary eq true]", "bjensen@example.com"),
                row("emails[type eq \"work\"].value eq \"john@example.org\"", "jsmith"),
                row("emails[type eq \"home\"].value eq \"john@example.org\""),
                row("emails[not (type eq \"work\")]", "bjensen@example.com"),
                row("emails[primary pr]", "bjensen@example.com"),
                row("emails[type eq \"work\" and not (value ew \".com\")]", "jsmith"),
                row("emails[noSuchSub eq \"x\"]"),
                row("emails[noSuchSub ne \"x\"]"),
                row("x509Certificates[value pr]", "bjensen@example.com"),
                // logic and precedence
                row("userType eq \"Employee\" and (emails co \"example.com\" or emails.value co \"example.org\")", "bjensen@example.com"),
                row("not (active eq true) or loginCount gt 40", "bjensen@example.com", "jsmith"),
                row("active eq true and loginCount gt 100 or userName eq \"jsmith\"", "jsmith"),
                row("active eq true and (loginCount gt 100 or userName eq \"jsmith\")"),
                row("not (not (active eq true))", "bjensen@example.com"),
                // attribute names are case-insensitive
                row("USERNAME EQ \"jsmith\"", "jsmith"),
                row("Emails[TYPE eq \"home\"]", "bjensen@example.com"),
                row("META.LASTMODIFIED gt \"2024-01-01T00:00:00Z\"", "bjensen@example.com"));
    }

    private static Arguments row(String filter, String... userNames) {
        return Arguments.of(filter, List.of(userNames));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("filters")
    void selectsExactlyTheUsersTheRfcSemanticsSelect(String text, List<String> expected) {
        Filter filter = parser.parse(text);
        evaluator.validate(filter);
        List<String> selected = TestUsers.USERS.stream()
                .filter(u -> evaluator.matches(filter, u))
                .map(u -> u.getString("userName"))
                .toList();
        assertEquals(expected, selected);
    }

    /** validate refuses "never" attributes (FilterValidationTest); code that skips it still learns nothing. */
    @Test
    void aNeverReturnedAttributeInAFilterThatSkippedValidationIsAbsent() {
        java.util.Map<String, List<String>> cases = new java.util.LinkedHashMap<>();
        cases.put("password eq \"t1meMa$heen\"", List.of());
        cases.put("password co \"t\"", List.of());
        cases.put("password pr", List.of());
        cases.put("password ne \"x\"", List.of("bjensen@example.com", "jsmith"));
        cases.forEach((text, expected) -> {
            Filter filter = parser.parse(text);
            assertEquals(expected, TestUsers.USERS.stream().filter(u -> evaluator.matches(filter, u))
                    .map(u -> u.getString("userName")).toList(), text);
        });
    }

    @Test
    void resourceKeysAreMatchedCaseInsensitivelyWhenNotCanonical() {
        JsonObject odd = JsonSupport.parseTrusted("""
                {"USERNAME": "x", "Emails": [{"Value": "a@b.c", "TYPE": "work"}],
                 "URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER": {"Department": "Sales"}}
                """);
        assertTrue(evaluator.matches(parser.parse("userName eq \"x\""), odd));
        assertTrue(evaluator.matches(parser.parse("emails[type eq \"work\" and value eq \"a@b.c\"]"), odd));
        assertTrue(evaluator.matches(parser.parse("department eq \"sales\""), odd));
    }

    @Test
    void aSingleValueWhereAnArrayWasExpectedStillCounts() {
        JsonObject odd = JsonSupport.parseTrusted("{\"emails\": {\"value\": \"a@b.c\", \"type\": \"work\"}}");
        assertTrue(evaluator.matches(parser.parse("emails.value eq \"a@b.c\""), odd));
        assertTrue(evaluator.matches(parser.parse("emails[type eq \"work\"]"), odd));
    }

    @Test
    void valuesOfTheWrongJsonTypeInTheResourceMatchNothingButNe() {
        JsonObject odd = JsonSupport.parseTrusted("""
                {"active": "maybe", "loginCount": "many", "lastLogin": "yesterday", "userName": {"x": 1}, "emails": ["bare"]}
                """);
        for (String text : List.of("active eq true", "loginCount gt 1", "lastLogin gt \"2020-01-01T00:00:00Z\"",
                "userName eq \"x\"", "emails.value pr", "emails[value pr]")) {
            assertFalse(evaluator.matches(parser.parse(text), odd), text);
        }
        for (String text : List.of("active ne true", "loginCount ne 1", "lastLogin ne \"2020-01-01T00:00:00Z\"", "userName ne \"x\"")) {
            assertTrue(evaluator.matches(parser.parse(text), odd), text);
        }
    }

    @Test
    void filtersThatFailValidationMatchNothingInsteadOfThrowing() {
        for (String text : List.of("active gt true", "loginCount co 4", "userName.x eq \"y\"", "userName[value pr]",
                "active eq \"yes\"", "meta.created gt \"soon\"", "title co null")) {
            Filter f = parser.parse(text);
            assertFalse(evaluator.matches(f, TestUsers.BJENSEN), text);
        }
    }

    @Test
    void aNestedValuePathBuiltInCodeMatchesNothing() {
        Filter nested = new ValuePath(new AttrPath("emails"), new ValuePath(new AttrPath("type"), new Present(new AttrPath("value"))));
        assertFalse(evaluator.matches(nested, TestUsers.BJENSEN));
    }

    @Test
    void worksWithTheBuiltInUserSchema() {
        SchemaRegistry builtIns = SchemaRegistry.withBuiltIns();
        ResourceType user = builtIns.resourceType("User");
        FilterEvaluator e = new FilterEvaluator(builtIns, user);
        List<String> filters = Arrays.asList(
                ENTERPRISE + ":department eq \"Tour Operations\"",
                "emails[type eq \"work\"].value eq \"BJENSEN@example.com\"",
                "name.familyName eq \"jensen\" and active eq true",
                "meta.lastModified gt \"2024-01-01T00:00:00Z\"");
        for (String text : filters) {
            Filter f = parser.parse(text);
            e.validate(f);
            assertTrue(e.matches(f, TestUsers.BJENSEN), text);
            assertFalse(e.matches(f, TestUsers.JSMITH), text);
        }
        assertFalse(e.matches(parser.parse("password pr"), TestUsers.BJENSEN));
    }
}
