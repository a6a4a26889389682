package io.roster.scim.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roster.scim.query.QueryPlan;
import io.roster.scim.schema.ResourceType;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The plan is inspectable: representative filters are answered from an index, the rest scan. */
class QueryPlanTest {
    @TempDir
    static Path dir;
    private static QueryTestSupport s;

    @BeforeAll
    static void open() {
        s = new QueryTestSupport(dir);
    }

    @AfterAll
    static void close() {
        s.close();
    }

    static Stream<Arguments> indexed() {
        ResourceType u = QueryTestSupport.USER;
        ResourceType g = QueryTestSupport.GROUP;
        String id = "01890a5d-ac96-774b-bcce-b302099a8057";
        return Stream.of(
                // filter, type, plan text it must contain, exact
                Arguments.of("userName eq \"bjensen@example.com\"", u, "index User.userName = \"bjensen@example.com\"", true),
                Arguments.of("UserName EQ \"BJensen@Example.com\"", u, "index User.userName = \"bjensen@example.com\"", true),
                Arguments.of("externalId eq \"00uA\"", u, "index User.externalId = \"00uA\"", true),
                Arguments.of("userName sw \"bj\"", u, "index User.userName [\"bj\", \"bk\")", true),
                Arguments.of("userName gt \"m\"", u, "index User.userName (\"m\", +inf)", true),
                Arguments.of("userName ge \"a\" and userName lt \"c\"", u, "index User.userName [\"a\", \"c\")", true),
                Arguments.of("displayName eq \"Babs Jensen\"", u, "index User.displayName = \"babs jensen\"", true),
                Arguments.of("emails.value eq \"b@x.org\"", u, "index User.emails.value = \"b@x.org\"", true),
                Arguments.of("emails eq \"b@x.org\"", u, "index User.emails.value = \"b@x.org\"", true),
                Arguments.of("emails[value eq \"b@x.org\"]", u, "index User.emails.value = \"b@x.org\"", true),
                Arguments.of("emails[type eq \"work\"].value eq \"b@x.org\"", u, "index User.emails.value = \"b@x.org\"", false),
                Arguments.of("userName eq \"a\" or emails.value eq \"b\"", u, "union(index User.userName", true),
                Arguments.of("userName eq \"a\" and displayName sw \"b\"", u, "intersect(index User.userName", true),
                Arguments.of("userName sw \"a\" and title eq \"x\"", u, "index User.userName", false),
                Arguments.of("externalId pr", u, "index User.externalId (-inf, +inf)", true),
                Arguments.of("id eq \"" + id + "\"", u, "id = \"" + id + "\"", true),
                Arguments.of("displayName eq \"Sales\"", g, "index Group.displayName = \"sales\"", true),
                Arguments.of("members.value eq \"" + id + "\"", g, "groups of member \"" + id + "\"", true),
                Arguments.of("members[value eq \"" + id.toUpperCase() + "\"]", g, "groups of member \"" + id + "\"", true),
                Arguments.of("noSuchAttribute eq \"x\"", u, "none", true),
                Arguments.of("noSuchAttribute eq \"x\" and title pr", u, "none", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("indexed")
    void representativeFiltersAreAnsweredFromAnIndexNotAScan(String filter, ResourceType type, String expected, boolean exact) {
        QueryPlan plan = s.service.plan(type, filter);
        assertTrue(plan.usesIndex(), plan.describe());
        assertTrue(plan.describe().contains(expected), plan.describe());
        assertEquals(exact, plan.exact(), plan.describe());
    }

    static Stream<String> scanned() {
        return Stream.of("title eq \"x\"", "not (userName eq \"x\")", "userName co \"x\"", "userName ew \"x\"",
                "userName ne \"x\"", "userName eq \"a\" or title eq \"b\"", "active eq true",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq \"x\"", "meta.lastModified gt \"2024-01-01T00:00:00Z\"");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scanned")
    void filtersNoIndexCanAnswerScanAndEvaluate(String filter) {
        QueryPlan plan = s.service.plan(QueryTestSupport.USER, filter);
        assertFalse(plan.usesIndex(), plan.describe());
        assertTrue(plan.describe().startsWith("scan"), plan.describe());
    }
}
