package io.roster.conformance;

import static io.roster.conformance.Scim.ENTERPRISE_SCHEMA;
import static io.roster.conformance.Scim.GROUP_SCHEMA;
import static io.roster.conformance.Scim.USER_SCHEMA;
import static io.roster.conformance.Scim.assertScimError;
import static io.roster.conformance.Scim.create;
import static io.roster.conformance.Scim.q;
import static io.roster.conformance.Scim.scim;
import static io.roster.conformance.Scim.unique;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.roster.conformance.kit.Capabilities;
import io.roster.conformance.kit.Capability;
import io.roster.conformance.kit.Area;
import io.roster.conformance.kit.Check;
import io.roster.conformance.kit.Level;
import io.roster.conformance.kit.Requires;
import io.restassured.response.Response;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 7644 section 3.4.2.2, table-driven: a fixed data set of five users and two groups under a
 * prefix unique to the run (so it works against a server full of other data), and for each filter the
 * exact users it must select. Filters that could match foreign data are scoped with
 * {@code userName sw "<prefix>" and (...)}. Then every class of malformed filter.
 */
@Check(level = Level.RFC_MUST, area = Area.FILTER, rule = "RFC 7644 3.4.2.2")
@Requires({Capability.FILTER, Capability.GROUPS})
class FilterTableTest {
    private static String p;
    private static final Map<String, String> IDS = new HashMap<>();
    private static final Map<String, String> LABELS = new HashMap<>();

    @BeforeAll
    static void createDataSet() {
        IDS.clear(); // a second run in one JVM (the standalone runner's callers) starts afresh
        LABELS.clear();
        p = unique("ft");
        user("ann", """
                "displayName": "Ann Archer", "title": "Engineer", "active": true, "externalId": "%1$s-ext-1",
                "name": {"givenName": "Ann", "familyName": "Archer"},
                "emails": [{"type": "work", "value": "ann@%1$s.work", "primary": true}, {"type": "home", "value": "ann@%1$s.home"}],
                "%2$s": {"department": "Sales", "employeeNumber": "100"}""");
        user("bob", """
                "displayName": "Bob Baker", "title": "Manager", "active": false,
                "emails": [{"type": "work", "value": "bob@%1$s.work"}],
                "%2$s": {"department": "Engineering"}""");
        user("Cat", """
                "displayName": "cat cooper", "active": true, "emails": [{"type": "home", "value": "cat@%1$s.home"}]""");
        user("dan", """
                "title": "Engineer", "active": true, "externalId": "%1$s-EXT-2\"""");
        user("eve", """
                "displayName": "Eve", "nickName": "evie", "active": true,
                "emails": [{"type": "work", "value": "eve@%1$s.work"}, {"type": "other", "value": "eve2@%1$s.other", "primary": true}]""");
        String admins = create("/Groups", """
                {"schemas": ["%s"], "displayName": %s, "members": [{"value": %s}, {"value": %s}]}"""
                .formatted(GROUP_SCHEMA, q(p + "-Admins"), q(IDS.get("ann")), q(IDS.get("bob"))));
        String ops = create("/Groups", """
                {"schemas": ["%s"], "displayName": %s, "members": [{"value": %s}, {"value": %s}]}"""
                .formatted(GROUP_SCHEMA, q(p + "-Ops"), q(admins), q(IDS.get("dan"))));
        IDS.put("admins", admins);
        IDS.put("ops", ops);
        LABELS.put(admins, "admins");
        LABELS.put(ops, "ops");
    }

    private static void user(String label, String attributes) {
        String body = "{\"schemas\": [\"" + USER_SCHEMA + "\", \"" + ENTERPRISE_SCHEMA + "\"], \"userName\": "
                + q(p + "-" + label + "@ex.org") + ", " + attributes.formatted(p, ENTERPRISE_SCHEMA) + "}";
        String id = create("/Users", body);
        IDS.put(label.toLowerCase(Locale.ROOT), id);
        LABELS.put(id, label.toLowerCase(Locale.ROOT));
    }

    /** Placeholders: {p} the prefix, {id:label} a resource id. */
    private static String expand(String filter) {
        String out = filter.replace("{p}", p);
        for (Map.Entry<String, String> e : IDS.entrySet()) {
            out = out.replace("{id:" + e.getKey() + "}", e.getValue());
        }
        return out;
    }

    /** The labels of everything a filter selects on an endpoint, paging through all of it. */
    private static TreeSet<String> select(String endpoint, String filter) {
        TreeSet<String> out = new TreeSet<>();
        int start = 1;
        while (true) {
            Response r = scim().queryParam("filter", filter).queryParam("startIndex", start).queryParam("count", 200)
                    .queryParam("attributes", "id").get(endpoint);
            r.then().statusCode(200);
            List<String> ids = r.jsonPath().getList("Resources.id");
            if (ids == null || ids.isEmpty()) {
                return out;
            }
            for (String id : ids) {
                out.add(LABELS.getOrDefault(id, "foreign:" + id));
            }
            start += ids.size();
            if (start > r.jsonPath().getInt("totalResults")) {
                return out;
            }
        }
    }

    static Stream<Arguments> userFilters() {
        return Stream.of(
                // unscoped: the values themselves are unique to the run
                row("userName eq \"{p}-ann@ex.org\"", "ann"),
                row("USERNAME Eq \"{p}-CAT@EX.ORG\"", "cat"),
                row("userName sw \"{p}-\"", "ann", "bob", "cat", "dan", "eve"),
                row("userName ge \"{p}-b\" and userName lt \"{p}-d\"", "bob", "cat"),
                row("userName eq \"{p}-ann@ex.org\" or userName eq \"{p}-bob@ex.org\"", "ann", "bob"),
                row("externalId eq \"{p}-ext-1\"", "ann"),
                row("externalId eq \"{p}-EXT-1\""),
                row("emails.value eq \"EVE2@{p}.OTHER\"", "eve"),
                row("emails eq \"bob@{p}.work\"", "bob"),
                row("id eq \"{id:dan}\"", "dan"),
                row("groups.value eq \"{id:admins}\"", "ann", "bob"),
                row("groups.value eq \"{id:ops}\"", "ann", "bob", "dan"),
                // scoped to the data set
                scoped("userName ew \"-dan@ex.org\"", "dan"),
                scoped("userName co \"bob@\"", "bob"),
                scoped("title eq \"Engineer\"", "ann", "dan"),
                scoped("title eq \"engineer\"", "ann", "dan"),
                scoped("title ne \"Engineer\"", "bob", "cat", "eve"),
                scoped("title pr", "ann", "bob", "dan"),
                scoped("not (title pr)", "cat", "eve"),
                scoped("title eq null", "cat", "eve"),
                scoped("displayName sw \"a\"", "ann"),
                scoped("displayName gt \"c\"", "cat", "eve"),
                scoped("displayName le \"bob baker\"", "ann", "bob"),
                scoped("active eq false", "bob"),
                scoped("title eq \"Manager\" or nickName pr", "bob", "eve"),
                scoped("title eq \"Manager\" or title eq \"Engineer\" and active eq false", "bob"),
                scoped("(title eq \"Manager\" or title eq \"Engineer\") and active eq true", "ann", "dan"),
                scoped("not (title eq \"Manager\" or active eq true)"),
                scoped("emails[type eq \"work\" and value ew \"@{p}.work\"]", "ann", "bob", "eve"),
                scoped("emails[type eq \"home\"]", "ann", "cat"),
                scoped("emails[type eq \"home\" or primary eq true]", "ann", "cat", "eve"),
                scoped("emails co \"@{p}.home\"", "ann", "cat"),
                scoped("emails pr", "ann", "bob", "cat", "eve"),
                scoped("emails.type eq \"other\"", "eve"),
                scoped("name.familyName eq \"archer\"", "ann"),
                scoped("name pr", "ann"),
                scoped("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq \"Sales\"", "ann"),
                scoped("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber pr", "ann"),
                scoped("meta.created gt \"2000-01-01T00:00:00Z\"", "ann", "bob", "cat", "dan", "eve"),
                scoped("meta.lastModified lt \"2000-01-01T00:00:00+01:00\""),
                scoped("meta.created ge \"2999-01-01T00:00:00Z\""),
                scoped("meta.resourceType eq \"User\"", "ann", "bob", "cat", "dan", "eve"));
    }

    /**
     * Filters outside RFC 7644's grammar or its attribute notation that Roster accepts for clients that send
     * them: an unquoted value, a sub-attribute after a value filter, a boolean written as a string, an
     * extension attribute without its URN, and attributes it does not have (matching nothing, where a
     * server may as well answer invalidFilter).
     */
    static Stream<Arguments> rosterUserFilters() {
        return Stream.of(
                row("userName eq {p}-bob@ex.org", "bob"),
                row("emails[type eq \"work\"].value eq \"ann@{p}.work\"", "ann"),
                row("emails[type eq \"home\"].value eq \"ann@{p}.work\""),
                row("noSuchAttribute eq \"x\""),
                row("noSuchAttribute ne \"x\""),
                scoped("active eq \"True\" and title eq \"Engineer\"", "ann", "dan"),
                scoped("department eq \"engineering\"", "bob"),
                scoped("noSuchAttribute ne \"x\""));
    }

    private static Arguments row(String filter, String... labels) {
        return Arguments.of(filter, List.of(labels));
    }

    private static Arguments scoped(String filter, String... labels) {
        return row("userName sw \"{p}-\" and (" + filter + ")", labels);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("userFilters")
    void userFilterSelectsExactlyTheExpectedUsers(String filter, List<String> expected) {
        Assumptions.assumeTrue(!filter.startsWith("groups.") || Capabilities.current().has(Capability.USER_GROUPS),
                () -> "needs user_groups: " + Capabilities.current().whyNot(Capability.USER_GROUPS));
        assertThat(expand(filter), select("/Users", expand(filter)), equalTo(new TreeSet<>(expected)));
    }

    @Check(level = Level.ROSTER, rule = "Roster: liberal filters")
    @ParameterizedTest(name = "{0}")
    @MethodSource("rosterUserFilters")
    void filterBeyondTheRfcGrammarSelectsExactlyTheExpectedUsers(String filter, List<String> expected) {
        assertThat(expand(filter), select("/Users", expand(filter)), equalTo(new TreeSet<>(expected)));
    }

    static Stream<Arguments> groupFilters() {
        return Stream.of(
                row("displayName eq \"{p}-ADMINS\"", "admins"),
                row("displayName sw \"{p}-\"", "admins", "ops"),
                row("members.value eq \"{id:ann}\"", "admins"),
                row("members[value eq \"{id:dan}\"]", "ops"),
                row("members.value eq \"{id:admins}\"", "ops"),
                row("displayName sw \"{p}-\" and members pr", "admins", "ops"),
                row("displayName sw \"{p}-\" and members.value eq \"{id:eve}\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("groupFilters")
    void groupFilterSelectsExactlyTheExpectedGroups(String filter, List<String> expected) {
        assertThat(expand(filter), select("/Groups", expand(filter)), equalTo(new TreeSet<>(expected)));
    }

    @Check(level = Level.RFC_MUST, rule = "RFC 7644 3.4.3")
    @Test
    @Requires(Capability.SEARCH)
    void postSearchSelectsWhatGetSelects() {
        String filter = expand("userName sw \"{p}-\" and (title pr or emails[type eq \"home\"])");
        TreeSet<String> viaGet = select("/Users", filter);
        Response r = scim().body("{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:SearchRequest\"], \"filter\": "
                + q(filter) + ", \"count\": 200}").post("/Users/.search");
        r.then().statusCode(200);
        TreeSet<String> viaPost = new TreeSet<>();
        for (String id : r.jsonPath().<String>getList("Resources.id")) {
            viaPost.add(LABELS.get(id));
        }
        assertThat(viaPost, equalTo(viaGet));
        assertThat(viaGet, equalTo(new TreeSet<>(List.of("ann", "bob", "cat", "dan"))));
    }

    // ---------------------------------------------------------------- malformed filters

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("missing operator", "userName \"x\""),
                Arguments.of("unknown operator", "userName equals \"x\""),
                Arguments.of("missing value", "userName eq"),
                Arguments.of("unterminated string", "userName eq \"x"),
                Arguments.of("invalid escape", "userName eq \"a\\qb\""),
                Arguments.of("unclosed parenthesis", "(userName eq \"x\""),
                Arguments.of("unopened parenthesis", "userName eq \"x\")"),
                Arguments.of("unclosed bracket", "emails[type eq \"work\""),
                Arguments.of("unopened bracket", "emails type eq \"work\"]"),
                Arguments.of("dangling and", "userName eq \"x\" and"),
                Arguments.of("leading or", "or userName eq \"x\""),
                Arguments.of("not without parentheses", "not userName eq \"x\""),
                Arguments.of("pr with a value", "userName pr \"x\""),
                Arguments.of("attribute starting with a digit", "1userName eq \"x\""),
                Arguments.of("character not allowed in a name", "user$name eq \"x\""),
                Arguments.of("two sub-attributes", "name.familyName.x eq \"y\""),
                Arguments.of("nested value filter", "emails[type eq \"work\" and emails[value eq \"x\"]]"),
                Arguments.of("unquoted value with a space", "userName eq john smith"),
                Arguments.of("empty parentheses", "()"),
                Arguments.of("control character in a string", "userName eq \"a\u0001b\""));
    }

    @Check(level = Level.ROSTER, rule = "Roster: the detail names the position")
    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedFilterIsInvalidFilterWithThePosition(String what, String filter) {
        Response r = scim().queryParam("filter", filter).get("/Users");
        assertScimError(r, 400, "invalidFilter");
        assertThat(what, r.<String>path("detail"), containsString("position"));
    }

    static Stream<Arguments> illTyped() {
        return Stream.of(
                Arguments.of("ordering a boolean", "active gt true"),
                Arguments.of("not a dateTime", "meta.created gt \"yesterday\""),
                Arguments.of("boolean compared with text", "active eq \"maybe\""),
                Arguments.of("substring of a boolean", "active co \"t\""),
                Arguments.of("null ordered", "title gt null"),
                Arguments.of("value filter on a simple attribute", "userName[value eq \"x\"]"),
                Arguments.of("sub-attribute of a simple attribute", "userName.value eq \"x\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("illTyped")
    void comparisonThatDoesNotFitTheAttributeIsInvalidFilter(String what, String filter) {
        assertScimError(scim().queryParam("filter", filter).get("/Users"), 400, "invalidFilter");
    }

    @Check(level = Level.ROSTER, rule = "Roster: filter limits")
    @Test
    void filterLongerThanTheLimitIsInvalidFilter() {
        StringBuilder f = new StringBuilder("userName eq \"x\"");
        while (f.length() <= 4096) {
            f.append(" or userName eq \"x\"");
        }
        Response r = scim().body("{\"filter\": " + q(f.toString()) + "}").post("/Users/.search");
        assertScimError(r, 400, "invalidFilter");
        assertThat(r.<String>path("detail"), containsString("4096"));
    }

    @Check(level = Level.ROSTER, rule = "Roster: filter limits")
    @Test
    void filterNestedDeeperThanTheLimitIsInvalidFilter() {
        String f = "(".repeat(33) + "userName eq \"x\"" + ")".repeat(33);
        Response r = scim().queryParam("filter", f).get("/Users");
        assertScimError(r, 400, "invalidFilter");
        assertThat(r.<String>path("detail"), containsString("depth of 32"));
        String ok = "(".repeat(32) + "userName eq \"x\"" + ")".repeat(32);
        scim().queryParam("filter", ok).get("/Users").then().statusCode(200);
    }

    @Check(level = Level.ROSTER, rule = "Roster: unknown attributes match nothing")
    @Test
    void unknownAttributeIsNoErrorAndMatchesNothing() {
        for (String f : new String[] {"noSuchAttribute eq \"x\"", "urn:example:unknown:2.0:User:thing pr",
                "emails[noSuchSub eq \"x\"]"}) {
            scim().queryParam("filter", f).get("/Users").then().statusCode(200).body("totalResults", equalTo(0));
        }
    }
}
