package io.roster.conformance;

import static io.roster.conformance.Scim.ENTERPRISE_SCHEMA;
import static io.roster.conformance.Scim.LIST_SCHEMA;
import static io.roster.conformance.Scim.USER_SCHEMA;
import static io.roster.conformance.Scim.anonymous;
import static io.roster.conformance.Scim.assertScimError;
import static io.roster.conformance.Scim.create;
import static io.roster.conformance.Scim.q;
import static io.roster.conformance.Scim.scim;
import static io.roster.conformance.Scim.unique;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.roster.conformance.kit.Capabilities;
import io.roster.conformance.kit.Capability;
import io.roster.conformance.kit.Area;
import io.roster.conformance.kit.Check;
import io.roster.conformance.kit.Level;
import io.roster.conformance.kit.Requires;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sorting (RFC 7644 section 3.4.2.3), index paging (3.4.2.4), cursor paging (RFC 9865), POST /.search
 * (3.4.3) per type and at the root, and projection on every response, over users created under a
 * run-unique prefix.
 */
@Check(level = Level.RFC_MUST, area = Area.PAGING, rule = "RFC 7644 3.4.2.3, 3.4.2.4")
class SortAndPagingTest {
    private static final String SEARCH_REQUEST = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";
    private static String p;
    private static String filter;
    /** Ids in the order of their displayName; the last has none. */
    private static final List<String> BY_DISPLAY = new ArrayList<>();

    @BeforeAll
    static void createUsers() {
        BY_DISPLAY.clear(); // a second run in one JVM (the standalone runner's callers) starts afresh
        p = unique("sp");
        filter = "userName sw " + q(p + "-");
        // created in an order unrelated to displayName order
        String[][] users = {{"u4", "delta"}, {"u1", "Alpha"}, {"u6", null}, {"u3", "charlie"}, {"u2", "Bravo"}, {"u5", "Echo"}};
        String[] ids = new String[users.length];
        for (int i = 0; i < users.length; i++) {
            String dn = users[i][1] == null ? "" : ", \"displayName\": " + q(users[i][1]);
            ids[i] = create("/Users", "{\"schemas\": [\"" + USER_SCHEMA + "\", \"" + ENTERPRISE_SCHEMA + "\"], \"userName\": "
                    + q(p + "-" + users[i][0] + "@ex.org") + dn + ", \"emails\": [{\"type\": \"work\", \"value\": "
                    + q(users[i][0] + "@" + p + ".work") + "}], \"" + ENTERPRISE_SCHEMA + "\": {\"department\": \"D"
                    + i + "\"}}");
        }
        BY_DISPLAY.addAll(List.of(ids[1], ids[4], ids[3], ids[0], ids[5], ids[2]));
    }

    private static List<String> ids(Response r) {
        List<String> ids = r.jsonPath().getList("Resources.id");
        return ids == null ? List.of() : ids;
    }

    private static RequestSpecification list() {
        return scim().queryParam("filter", filter);
    }

    @Check(level = Level.RFC_MUST, rule = "RFC 7644 3.4.2.3")
    @Requires({Capability.SORT, Capability.FILTER})
    @Test
    void sortByDisplayNameIgnoresCaseWithMissingValuesLastAscendingAndFirstDescending() {
        Response asc = list().queryParam("sortBy", "displayName").get("/Users");
        asc.then().statusCode(200).body("totalResults", equalTo(6));
        assertThat(ids(asc), equalTo(BY_DISPLAY));
        // RFC 7644 3.4.2.3: without a value, "ordered last if ascending and first if descending"
        List<String> expectedDesc = new ArrayList<>(BY_DISPLAY);
        java.util.Collections.reverse(expectedDesc);
        assertThat(ids(list().queryParam("sortBy", "displayName").queryParam("sortOrder", "descending").get("/Users")),
                equalTo(expectedDesc));
    }

    @Check(level = Level.RFC_MUST, rule = "RFC 7644 3.4.2.3")
    @Requires({Capability.SORT, Capability.FILTER, Capability.ENTERPRISE_USER})
    @Test
    void sortByUserNameAndByAnExtensionAttributeAndByAMultiValuedAttribute() {
        Response byUserName = list().queryParam("sortBy", "userName").queryParam("attributes", "userName").get("/Users");
        List<String> names = byUserName.jsonPath().getList("Resources.userName");
        List<String> sorted = new ArrayList<>(names);
        sorted.sort(String.CASE_INSENSITIVE_ORDER);
        assertThat(names, equalTo(sorted));
        Response byDepartment = list().queryParam("sortBy", ENTERPRISE_SCHEMA + ":department").queryParam("sortOrder", "descending")
                .get("/Users");
        List<String> departments = byDepartment.jsonPath().getList("Resources.'" + ENTERPRISE_SCHEMA + "'.department");
        assertThat(departments, contains("D5", "D4", "D3", "D2", "D1", "D0"));
        Response byEmail = list().queryParam("sortBy", "emails.value").queryParam("attributes", "userName").get("/Users");
        List<String> emailOrder = byEmail.jsonPath().getList("Resources.userName");
        assertThat(emailOrder, equalTo(sorted));
    }

    @Check(level = Level.ROSTER, rule = "Roster: sort validation")
    @Requires(Capability.SORT)
    @Test
    void invalidSortParametersAreInvalidValue() {
        assertScimError(list().queryParam("sortBy", "displayName").queryParam("sortOrder", "sideways").get("/Users"), 400, "invalidValue");
        assertScimError(list().queryParam("sortBy", "name").get("/Users"), 400, "invalidValue");
        assertScimError(list().queryParam("sortBy", "user name").get("/Users"), 400, "invalidValue");
    }

    @Check(level = Level.RFC_MUST, rule = "RFC 7644 3.4.2.4")
    @Requires({Capability.SORT, Capability.FILTER})
    @Test
    void indexPagesOfASortedListTileIt() {
        List<String> seen = new ArrayList<>();
        for (int start = 1; start <= 6; start += 4) {
            Response r = list().queryParam("sortBy", "displayName").queryParam("startIndex", start).queryParam("count", 4).get("/Users");
            r.then().statusCode(200).body("totalResults", equalTo(6)).body("startIndex", equalTo(start));
            seen.addAll(ids(r));
        }
        assertThat(seen, equalTo(BY_DISPLAY));
        Response countOnly = list().queryParam("count", 0).get("/Users");
        countOnly.then().statusCode(200).body("totalResults", equalTo(6)).body("itemsPerPage", equalTo(0));
        assertThat(ids(countOnly), empty());
        list().queryParam("count", 1_000_000).get("/Users").then().statusCode(200).body("itemsPerPage", equalTo(6));
    }

    /** Follows nextCursor from an empty cursor; returns the pages. */
    private static List<Response> cursorWalk(Function<RequestSpecification, RequestSpecification> query, int count) {
        List<Response> pages = new ArrayList<>();
        String cursor = "";
        while (cursor != null) {
            Response r = query.apply(scim()).queryParam("cursor", cursor).queryParam("count", count).get("/Users");
            r.then().statusCode(200).body("schemas", contains(LIST_SCHEMA)).body("totalResults", equalTo(6))
                    .body("$", not(hasKey("startIndex")));
            pages.add(r);
            cursor = r.path("nextCursor");
            assertThat(pages.size() < 20, equalTo(true));
        }
        return pages;
    }

    @Check(level = Level.RFC_MUST, rule = "RFC 9865 2")
    @Requires({Capability.CURSOR, Capability.SORT, Capability.FILTER})
    @Test
    void cursorPagingWalksEveryMatchOnceInSortOrderAndBack() {
        List<Response> pages = cursorWalk(s -> s.queryParam("filter", filter).queryParam("sortBy", "displayName"), 4);
        assertThat(pages.size(), equalTo(2));
        assertThat(pages.get(0).path("previousCursor"), nullValue());
        List<String> seen = new ArrayList<>();
        pages.forEach(r -> seen.addAll(ids(r)));
        assertThat(seen, equalTo(BY_DISPLAY));
        String previous = pages.get(1).path("previousCursor");
        assertThat(previous, matchesPattern("[A-Za-z0-9._~-]+"));
        Response back = list().queryParam("sortBy", "displayName").queryParam("cursor", previous).queryParam("count", 4).get("/Users");
        back.then().statusCode(200);
        assertThat(ids(back), equalTo(BY_DISPLAY.subList(0, 4)));
        assertThat(back.path("previousCursor"), nullValue());
        assertThat(back.path("nextCursor"), notNullValue());
    }

    @Check(level = Level.RFC_MUST, rule = "RFC 9865 2")
    @Requires({Capability.CURSOR, Capability.FILTER})
    @Test
    void cursorWalkWithoutSortReturnsEachUserOnceWhileUsersComeAndGo() {
        String prefix = unique("cw");
        List<String> stable = Scim.createUsers(List.of(prefix + "-a@ex.org", prefix + "-b@ex.org", prefix + "-c@ex.org",
                prefix + "-d@ex.org", prefix + "-e@ex.org", prefix + "-f@ex.org", prefix + "-g@ex.org"));
        String doomed = Scim.createUser(prefix + "-z@ex.org");
        String f = "userName sw " + q(prefix + "-");
        Set<String> seen = new HashSet<>();
        List<String> order = new ArrayList<>();
        String cursor = "";
        int page = 0;
        while (cursor != null) {
            Response r = scim().queryParam("filter", f).queryParam("cursor", cursor).queryParam("count", 2).get("/Users");
            r.then().statusCode(200);
            for (String id : ids(r)) {
                assertThat("seen once: " + id, seen.add(id), equalTo(true));
                order.add(id);
            }
            if (page++ == 0) {
                scim().delete("/Users/{id}", doomed).then().statusCode(204);
                Scim.createUser(prefix + "-new" + page + "@ex.org");
            }
            cursor = r.path("nextCursor");
        }
        assertThat(seen.containsAll(stable), equalTo(true));
    }

    @Check(level = Level.RFC_MUST, rule = "RFC 9865 2.4")
    @Requires(Capability.CURSOR)
    @Test
    void cursorErrorsAreTheRfc9865Ones() {
        assertScimError(list().queryParam("cursor", "not-a-cursor").get("/Users"), 400, "invalidCursor");
        String next = list().queryParam("cursor", "").queryParam("count", 2).get("/Users").path("nextCursor");
        assertThat(next, notNullValue());
        assertScimError(list().queryParam("cursor", next).queryParam("sortBy", "displayName").get("/Users"), 400, "invalidCursor");
        String tampered = next.substring(0, 5) + (next.charAt(5) == 'x' ? 'y' : 'x') + next.substring(6);
        assertScimError(list().queryParam("cursor", tampered).get("/Users"), 400, "invalidCursor");
        assertScimError(list().queryParam("cursor", next).queryParam("startIndex", 3).get("/Users"), 400, "invalidValue");
    }

    @Check(level = Level.RFC_MUST, rule = "RFC 7644 3.4.3")
    @Requires({Capability.FILTER, Capability.SEARCH})
    @Test
    void searchByPostHasTheSameSemanticsAsGet() {
        Response get = list().queryParam("sortBy", "displayName").queryParam("startIndex", 2).queryParam("count", 3)
                .queryParam("attributes", "displayName").get("/Users");
        Response post = scim().body("""
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"], "filter": %s, "sortBy": "displayName",
                 "startIndex": 2, "count": 3, "attributes": ["displayName"]}""".formatted(q(filter))).post("/Users/.search");
        post.then().statusCode(200).body("schemas", contains(LIST_SCHEMA)).body("totalResults", equalTo(6));
        assertThat(ids(post), equalTo(ids(get)));
        assertThat(post.jsonPath().getList("Resources.displayName"), equalTo(get.jsonPath().getList("Resources.displayName")));
        assertThat(post.jsonPath().getList("Resources.userName"), everyNull());
        String search = "{\"schemas\": [\"" + SEARCH_REQUEST + "\"], ";
        if (Capabilities.current().has(Capability.CURSOR)) {
            // RFC 9865 2: cursors in the body
            Response first = scim().body(search + "\"filter\": " + q(filter) + ", \"cursor\": \"\", \"count\": 4}").post("/Users/.search");
            first.then().statusCode(200);
            String next = first.path("nextCursor");
            assertThat("nextCursor", next, notNullValue());
            Response second = scim().body(search + "\"filter\": " + q(filter) + ", \"cursor\": " + q(next) + ", \"count\": 4}")
                    .post("/Users/.search");
            assertThat(ids(second).size(), equalTo(2));
        }
        assertScimError(scim().body("{\"schemas\": [\"urn:ietf:params:scim:schemas:core:2.0:User\"], \"filter\": \"userName pr\"}")
                .post("/Users/.search"), 400, "invalidSyntax");
        assertScimError(scim().body(search + "\"filter\": \"userName eq\"}").post("/Users/.search"), 400, "invalidFilter");
        assertScimError(scim().body(search + "\"count\": \"many\"}").post("/Users/.search"), 400, "invalidValue");
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <T> org.hamcrest.Matcher<T> everyNull() {
        return (org.hamcrest.Matcher) org.hamcrest.Matchers.everyItem(nullValue());
    }

    @Check(level = Level.RFC_MUST, rule = "RFC 7644 3.4.3")
    @Requires({Capability.ROOT_SEARCH, Capability.FILTER})
    @Test
    void searchAtTheRootSpansResourceTypes() {
        String groupId = Scim.createGroup(p + "-group");
        Response r = scim().body("""
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
                 "filter": %s, "attributes": ["displayName", "userName"], "sortBy": "displayName"}"""
                .formatted(q("userName sw " + q(p + "-") + " or displayName eq " + q(p + "-group")))).post("/.search");
        r.then().statusCode(200).body("totalResults", equalTo(7));
        assertThat(ids(r), hasItem(groupId));
        assertThat(r.jsonPath().getList("Resources.meta"), everyNull());
        List<Map<String, Object>> resources = r.jsonPath().getList("Resources");
        assertThat(resources.stream().filter(m -> groupId.equals(m.get("id"))).findFirst().orElseThrow().get("schemas"),
                equalTo(List.of("urn:ietf:params:scim:schemas:core:2.0:Group")));
        assertThat(resources.get(resources.size() - 1).get("displayName"), nullValue());
    }

    @Check(level = Level.RFC_MUST, area = Area.CRUD, rule = "RFC 7644 3.4.2.5, 3.9")
    @Requires({Capability.FILTER, Capability.SEARCH})
    @Test
    void projectionAppliesToGetListSearchPostAndPut() {
        String id = BY_DISPLAY.get(0);
        scim().queryParam("attributes", "userName," + ENTERPRISE_SCHEMA + ":department").get("/Users/{id}", id).then()
                .statusCode(200)
                .body("id", equalTo(id))
                .body("$", not(hasKey("displayName")))
                .body("$", not(hasKey("emails")))
                .body("'" + ENTERPRISE_SCHEMA + "'.department", equalTo("D1"));
        scim().queryParam("attributes", "emails.value").get("/Users/{id}", id).then()
                .body("emails[0].value", notNullValue())
                .body("emails[0]", not(hasKey("type")));
        scim().queryParam("excludedAttributes", "emails,meta," + ENTERPRISE_SCHEMA).get("/Users/{id}", id).then()
                .body("userName", notNullValue())
                .body("$", not(hasKey("emails")))
                .body("$", not(hasKey("meta")))
                .body("$", not(hasKey(ENTERPRISE_SCHEMA)))
                .body("id", equalTo(id));
        list().queryParam("excludedAttributes", "emails").get("/Users").then()
                .body("Resources.emails", everyNull());
        String userName = unique("proj") + "@ex.org";
        Response created = scim().queryParam("attributes", "userName").body(Scim.userBody(userName, "Projected")).post("/Users");
        created.then().statusCode(201).body("userName", equalTo(userName)).body("$", not(hasKey("displayName")));
        String newId = created.path("id");
        scim().queryParam("excludedAttributes", "displayName").body(Scim.userBody(userName, "Renamed")).put("/Users/{id}", newId)
                .then().statusCode(200).body("$", not(hasKey("displayName"))).body("userName", equalTo(userName));
    }

    @Check(level = Level.ROSTER, area = Area.DISCOVERY, rule = "Roster: its features")
    @Test
    void serviceProviderConfigAdvertisesSortFilterLimitsAndCursorPagination() {
        anonymous().get("/ServiceProviderConfig").then()
                .statusCode(200)
                .body("sort.supported", equalTo(true))
                .body("filter.supported", equalTo(true))
                .body("filter.maxResults", equalTo(1000))
                .body("pagination.cursor", equalTo(true))
                .body("pagination.index", equalTo(true))
                .body("pagination.defaultPaginationMethod", equalTo("index"))
                .body("pagination.defaultPageSize", equalTo(100))
                .body("pagination.maxPageSize", equalTo(1000))
                .body("pagination.cursorTimeout", equalTo(3600));
    }

    @Check(level = Level.RFC_MUST, area = Area.CRUD, rule = "RFC 7644 3.4.2.5")
    @Test
    @Requires(Capability.GROUPS)
    void groupsListedWithoutMembersCarryNoMembers() {
        String member = BY_DISPLAY.get(1);
        String name = p + "-withmembers";
        String groupId = Scim.createGroup(name, member);
        scim().queryParam("filter", "displayName eq " + q(name)).queryParam("excludedAttributes", "members").get("/Groups").then()
                .statusCode(200)
                .body("totalResults", equalTo(1))
                .body("Resources[0].id", equalTo(groupId))
                .body("Resources[0]", not(hasKey("members")));
        scim().queryParam("filter", "displayName eq " + q(name)).get("/Groups").then()
                .body("Resources[0].members.value", containsInAnyOrder(member));
    }
}
