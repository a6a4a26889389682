package io.roster.conformance;

import static io.roster.conformance.Scim.LIST_SCHEMA;
import static io.roster.conformance.Scim.SCIM_JSON;
import static io.roster.conformance.Scim.USER_SCHEMA;
import static io.roster.conformance.Scim.assertScimError;
import static io.roster.conformance.Scim.create;
import static io.roster.conformance.Scim.createGroup;
import static io.roster.conformance.Scim.q;
import static io.roster.conformance.Scim.scim;
import static io.roster.conformance.Scim.unique;
import static io.roster.conformance.Scim.uniqueUserName;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.roster.conformance.kit.Capability;
import io.roster.conformance.kit.Area;
import io.roster.conformance.kit.Check;
import io.roster.conformance.kit.Level;
import io.roster.conformance.kit.Requires;
import io.restassured.response.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** RFC 7644 section 3.4.2: ListResponse, filtering, paging and projection. */
@Check(level = Level.RFC_MUST, area = Area.PAGING, rule = "RFC 7644 3.4.2")
class ListingTest {

    private static String userWith(String userName, String externalId, String displayName) {
        return create("/Users", """
                {"schemas": ["%s"], "userName": %s, "externalId": %s, "displayName": %s}"""
                .formatted(USER_SCHEMA, q(userName), q(externalId), q(displayName)));
    }

    /** Creates n users named prefix-0@..., prefix-1@... concurrently; returns their ids. */
    private static List<String> createPrefixed(String prefix, int n) {
        return Scim.createUsers(IntStream.range(0, n).mapToObj(i -> prefix + "-" + i + "@conformance.example").toList());
    }

    private static Response listUsers(String filter) {
        return scim().queryParam("filter", filter).get("/Users");
    }

    private static List<String> ids(Response r) {
        List<String> ids = r.jsonPath().getList("Resources.id");
        return ids == null ? List.of() : ids;
    }

    @Test
    void listResponseHasTheRfcShape() {
        String userName = uniqueUserName("shape");
        String id = create("/Users", Scim.userBody(userName));
        listUsers("userName eq " + q(userName)).then()
                .statusCode(200)
                .contentType(startsWith(SCIM_JSON))
                .body("schemas", contains(LIST_SCHEMA))
                .body("totalResults", equalTo(1))
                .body("startIndex", equalTo(1))
                .body("itemsPerPage", equalTo(1))
                .body("Resources", hasSize(1))
                .body("Resources[0].id", equalTo(id))
                .body("Resources[0].userName", equalTo(userName))
                .body("Resources[0].schemas", hasItem(USER_SCHEMA))
                .body("Resources[0].meta.resourceType", equalTo("User"));
    }

    /** Entra's connection test: no match is an empty list, never 404. */
    @Check(level = Level.RFC_MUST, area = Area.FILTER, rule = "RFC 7644 3.4.2")
    @Requires(Capability.FILTER)
    @Test
    void filterMatchingNothingReturnsAnEmptyList() {
        listUsers("userName eq \"" + UUID.randomUUID() + "\"").then()
                .statusCode(200)
                .contentType(startsWith(SCIM_JSON))
                .body("schemas", contains(LIST_SCHEMA))
                .body("totalResults", equalTo(0))
                // RFC 7644 3.4.2: Resources is REQUIRED only when totalResults is non-zero (Entra's [] is a client test)
                .body("Resources", anyOf(nullValue(), empty()));
    }

    /** userName is caseExact false (RFC 7643 section 4.1.1). */
    @Check(level = Level.RFC_MUST, area = Area.FILTER, rule = "RFC 7643 4.1.1 (userName caseExact false), RFC 7644 3.4.2.2")
    @Requires(Capability.FILTER)
    @Test
    void userNameEqMatchesCaseInsensitively() {
        String userName = "Mixed.Case." + unique("u") + "@Example.COM";
        String id = create("/Users", Scim.userBody(userName));
        for (String variant : List.of(userName.toLowerCase(Locale.ROOT), userName.toUpperCase(Locale.ROOT))) {
            listUsers("userName eq " + q(variant)).then()
                    .statusCode(200)
                    .body("totalResults", equalTo(1))
                    .body("Resources[0].id", equalTo(id))
                    .body("Resources[0].userName", equalTo(userName));
        }
    }

    @Check(level = Level.RFC_MUST, area = Area.FILTER, rule = "RFC 7644 3.4.2.2")
    @Requires(Capability.FILTER)
    @Test
    void operatorAndAttributeNamesInFiltersAreCaseInsensitive() {
        String userName = uniqueUserName("filter-case");
        String id = create("/Users", Scim.userBody(userName));
        listUsers("USERNAME EQ " + q(userName)).then()
                .statusCode(200)
                .body("totalResults", equalTo(1))
                .body("Resources[0].id", equalTo(id));
    }

    @Check(level = Level.CLIENT, area = Area.CLIENTS, rule = "CLIENTS.md Entra")
    @Requires(Capability.FILTER)
    @Test
    void spacesEncodedAsPlusInTheQueryWork() {
        String userName = uniqueUserName("plus");
        String id = create("/Users", Scim.userBody(userName));
        String query = "filter=" + URLEncoder.encode("userName eq \"" + userName + "\"", StandardCharsets.UTF_8);
        assertThat(query, not(containsString("%20")));
        scim().urlEncodingEnabled(false).get("/Users?" + query).then()
                .statusCode(200)
                .body("totalResults", equalTo(1))
                .body("Resources[0].id", equalTo(id));
    }

    @Check(level = Level.RFC_MUST, area = Area.FILTER, rule = "RFC 7644 3.4.2.2")
    @Requires(Capability.FILTER)
    @Test
    void externalIdEqMatches() {
        String externalId = unique("ext-eq");
        String id = userWith(uniqueUserName("ext-eq"), externalId, "Ext");
        listUsers("externalId eq " + q(externalId)).then()
                .statusCode(200)
                .body("totalResults", equalTo(1))
                .body("Resources[0].id", equalTo(id))
                .body("Resources[0].externalId", equalTo(externalId));
    }

    /** externalId is caseExact (RFC 7643 3.1): eq compares it with its case (RFC 7644 3.4.2.2). */
    @Check(level = Level.RFC_MUST, area = Area.FILTER, rule = "RFC 7643 3.1 (externalId caseExact), RFC 7644 3.4.2.2")
    @Requires(Capability.FILTER)
    @Test
    void externalIdEqHonoursCaseExact() {
        String externalId = unique("Ext-Case");
        String id = userWith(uniqueUserName("ext-case"), externalId, "Ext");
        listUsers("externalId eq " + q(externalId.toUpperCase(Locale.ROOT))).then()
                .statusCode(200)
                .body("totalResults", equalTo(0));
        listUsers("externalId eq " + q(externalId)).then()
                .statusCode(200)
                .body("totalResults", equalTo(1))
                .body("Resources[0].id", equalTo(id));
    }

    @Check(level = Level.RFC_MUST, area = Area.FILTER, rule = "RFC 7644 3.4.2.2")
    @Requires(Capability.FILTER)
    @Test
    void idEqMatches() {
        String id = Scim.createUniqueUser("id-eq");
        listUsers("id eq " + q(id)).then()
                .statusCode(200)
                .body("totalResults", equalTo(1))
                .body("Resources[0].id", equalTo(id));
    }

    @Check(level = Level.RFC_MUST, area = Area.FILTER, rule = "RFC 7644 3.4.2.2")
    @Requires({Capability.FILTER, Capability.GROUPS})
    @Test
    void groupDisplayNameEqMatches() {
        String name = unique("Filter Group");
        String id = createGroup(name);
        scim().queryParam("filter", "displayName eq " + q(name)).get("/Groups").then()
                .statusCode(200)
                .body("schemas", contains(LIST_SCHEMA))
                .body("totalResults", equalTo(1))
                .body("Resources[0].id", equalTo(id))
                .body("Resources[0].displayName", equalTo(name));
    }

    @Check(level = Level.RFC_MUST, area = Area.FILTER, rule = "RFC 7644 3.4.2.2")
    @Requires(Capability.FILTER)
    @Test
    void andCombinationMatchesOnlyWhenBothHold() {
        String userName = uniqueUserName("and");
        String externalId = unique("and-ext");
        String id = userWith(userName, externalId, "And");
        listUsers("userName eq " + q(userName) + " and externalId eq " + q(externalId)).then()
                .statusCode(200)
                .body("totalResults", equalTo(1))
                .body("Resources[0].id", equalTo(id));
        listUsers("userName eq " + q(userName) + " and externalId eq " + q(externalId + "-other")).then()
                .statusCode(200)
                .body("totalResults", equalTo(0));
    }

    @Check(level = Level.RFC_MUST, rule = "RFC 7644 3.4.2.4")
    @Requires(Capability.FILTER)
    @Test
    void startIndexZeroOrNegativeIsTreatedAsOne() {
        String prefix = unique("startidx");
        createPrefixed(prefix, 3);
        String filter = "userName sw " + q(prefix);
        List<String> reference = ids(scim().queryParam("filter", filter).queryParam("startIndex", 1).get("/Users"));
        assertThat(reference, hasSize(3));
        for (int start : new int[] {0, -1, -100}) {
            Response r = scim().queryParam("filter", filter).queryParam("startIndex", start).get("/Users");
            r.then().statusCode(200)
                    .body("startIndex", equalTo(1))
                    .body("totalResults", equalTo(3));
            assertThat(ids(r), equalTo(reference));
        }
    }

    /** RFC 7644 section 3.4.2.4: a negative count is treated as 0. */
    @Check(level = Level.RFC_MUST, rule = "RFC 7644 3.4.2.4")
    @Requires(Capability.FILTER)
    @Test
    void negativeCountReturnsTotalResultsWithoutResources() {
        String prefix = unique("negcount");
        createPrefixed(prefix, 2);
        scim().queryParam("filter", "userName sw " + q(prefix)).queryParam("count", -5).get("/Users").then()
                .statusCode(200)
                .body("totalResults", equalTo(2))
                .body("Resources", anyOf(nullValue(), empty()));
    }

    @Check(level = Level.RFC_MUST, rule = "RFC 7644 3.4.2.4")
    @Requires(Capability.FILTER)
    @Test
    void countZeroReturnsTotalResultsOnly() {
        String prefix = unique("zerocount");
        createPrefixed(prefix, 2);
        scim().queryParam("filter", "userName sw " + q(prefix)).queryParam("count", 0).get("/Users").then()
                .statusCode(200)
                .body("schemas", contains(LIST_SCHEMA))
                .body("totalResults", equalTo(2))
                .body("Resources", anyOf(nullValue(), empty()));
    }

    @Check(level = Level.RFC_MUST, rule = "RFC 7644 3.4.2.4")
    @Requires(Capability.FILTER)
    @Test
    void countAboveTheMaximumIsClamped() {
        Scim.createUniqueUser("clamp");
        Response r = scim().queryParam("count", 5000).get("/Users");
        r.then().statusCode(200)
                .body("totalResults", notNullValue())
                .body("itemsPerPage", lessThanOrEqualTo(1000));
        assertThat(ids(r).size(), lessThanOrEqualTo(1000));
        assertThat(ids(r).size(), equalTo(r.<Integer>path("itemsPerPage")));
    }

    @Check(level = Level.RFC_SHOULD, rule = "RFC 7644 3.4.2.4")
    @Requires(Capability.FILTER)
    @Test
    void pagedWalkReturnsEveryMatchExactlyOnceInAStableOrder() {
        String prefix = unique("walk");
        Set<String> created = new HashSet<>(createPrefixed(prefix, 7));
        List<String> first = walk(prefix);
        assertThat(first, hasSize(7));
        assertThat(new HashSet<>(first), equalTo(created));
        assertThat("the order is stable between walks", walk(prefix), equalTo(first));
    }

    private static List<String> walk(String prefix) {
        List<String> seen = new ArrayList<>();
        for (int start = 1; start <= 7; start += 2) {
            Response page = scim().queryParam("filter", "userName sw " + q(prefix))
                    .queryParam("startIndex", start).queryParam("count", 2).get("/Users");
            page.then().statusCode(200)
                    .body("totalResults", equalTo(7))
                    .body("startIndex", equalTo(start))
                    .body("itemsPerPage", equalTo(start == 7 ? 1 : 2));
            seen.addAll(ids(page));
        }
        return seen;
    }

    @Check(level = Level.RFC_SHOULD, rule = "RFC 7644 3.4.2.4")
    @Requires(Capability.FILTER)
    @Test
    void pagedWalkOverAnOrFilterReturnsEveryMatchOnce() {
        List<String> externalIds = new ArrayList<>();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String ext = unique("or-walk");
            externalIds.add(ext);
            bodies.add("""
                    {"schemas": ["%s"], "userName": %s, "externalId": %s}""".formatted(USER_SCHEMA, q(uniqueUserName("or-walk")), q(ext)));
        }
        Set<String> created = new HashSet<>(Scim.createAll("/Users", bodies));
        String filter = String.join(" or ", externalIds.stream().map(e -> "externalId eq " + q(e)).toList());
        List<String> seen = new ArrayList<>();
        for (int start = 1; start <= 5; start += 2) {
            Response page = scim().queryParam("filter", filter).queryParam("startIndex", start).queryParam("count", 2).get("/Users");
            page.then().statusCode(200).body("totalResults", equalTo(5));
            seen.addAll(ids(page));
        }
        assertThat(seen, hasSize(5));
        assertThat(new HashSet<>(seen), equalTo(created));
    }

    @Check(level = Level.RFC_MUST, area = Area.FILTER, rule = "RFC 7644 3.4.2.2, 3.12")
    @Requires(Capability.FILTER)
    @Test
    void filterWithoutValueIsRejectedWithInvalidFilter() {
        assertScimError(listUsers("userName eq"), 400, "invalidFilter");
    }

    @Check(level = Level.RFC_MUST, area = Area.FILTER, rule = "RFC 7644 3.4.2.2, 3.12")
    @Requires(Capability.FILTER)
    @Test
    void filterWithUnknownOperatorIsRejectedWithInvalidFilter() {
        assertScimError(listUsers("userName equals \"x\""), 400, "invalidFilter");
    }

    @Check(level = Level.RFC_MUST, area = Area.FILTER, rule = "RFC 7644 3.4.2.2, 3.12")
    @Requires(Capability.FILTER)
    @Test
    void filterWithUnbalancedParenthesisIsRejectedWithInvalidFilter() {
        assertScimError(listUsers("(userName eq \"x\""), 400, "invalidFilter");
    }

    @Check(level = Level.RFC_MUST, area = Area.FILTER, rule = "RFC 7644 3.4.2.2, 3.12")
    @Requires(Capability.FILTER)
    @Test
    void filterWithUnterminatedStringIsRejectedWithInvalidFilter() {
        assertScimError(listUsers("userName eq \"x"), 400, "invalidFilter");
    }

    @Check(level = Level.ROSTER, area = Area.FILTER, rule = "Roster: unknown attributes match nothing")
    @Requires(Capability.FILTER)
    @Test
    void filterOnUnknownAttributeMatchesNothing() {
        listUsers("favouriteColour eq \"teal\"").then()
                .statusCode(200)
                .body("totalResults", equalTo(0));
    }

    @Check(level = Level.RFC_MUST, area = Area.CRUD, rule = "RFC 7644 3.4.2.5")
    @Requires(Capability.FILTER)
    @Test
    void attributesParameterProjectsTheResources() {
        String userName = uniqueUserName("projection");
        String id = userWith(userName, unique("proj-ext"), "Projected Away");
        Response r = scim().queryParam("filter", "userName eq " + q(userName)).queryParam("attributes", "userName").get("/Users");
        r.then().statusCode(200).body("totalResults", equalTo(1));
        Map<String, Object> first = r.jsonPath().getMap("Resources[0]");
        assertThat(first.get("id"), equalTo(id));
        assertThat(first.get("userName"), equalTo(userName));
        assertThat(first, hasKey("schemas"));
        assertThat(first, not(hasKey("displayName")));
        assertThat(first, not(hasKey("externalId")));
    }

    @Check(level = Level.RFC_MUST, area = Area.CRUD, rule = "RFC 7644 3.4.2.5")
    @Requires(Capability.FILTER)
    @Test
    void excludedAttributesParameterRemovesAttributesFromResources() {
        String userName = uniqueUserName("excl");
        userWith(userName, unique("excl-ext"), "Excluded Away");
        Response r = scim().queryParam("filter", "userName eq " + q(userName)).queryParam("excludedAttributes", "displayName").get("/Users");
        r.then().statusCode(200).body("totalResults", equalTo(1));
        Map<String, Object> first = r.jsonPath().getMap("Resources[0]");
        assertThat(first, not(hasKey("displayName")));
        assertThat(first.get("userName"), equalTo(userName));
    }

    /** Okta's matching request: filter, startIndex=1 and count=100. */
    /** Group displayName is caseExact false (RFC 7643 section 4.2), and Entra matches groups by it. */
    @Check(level = Level.RFC_MUST, area = Area.FILTER, rule = "RFC 7643 4.2 (displayName caseExact false), RFC 7644 3.4.2.2")
    @Requires({Capability.FILTER, Capability.GROUPS})
    @Test
    void groupDisplayNameEqMatchesCaseInsensitively() {
        String name = "Mixed Group " + unique("g");
        String id = createGroup(name);
        scim().queryParam("filter", "displayName eq " + q(name.toUpperCase(Locale.ROOT))).get("/Groups").then()
                .statusCode(200)
                .body("totalResults", equalTo(1))
                .body("Resources[0].id", equalTo(id));
    }

    @Check(level = Level.RFC_MUST, rule = "RFC 7644 3.4.2.4")
    @Requires(Capability.FILTER)
    @Test
    void startIndexBeyondTheEndReturnsNoResourcesButTheTotal() {
        String prefix = unique("beyond");
        createPrefixed(prefix, 2);
        scim().queryParam("filter", "userName sw " + q(prefix)).queryParam("startIndex", 50).get("/Users").then()
                .statusCode(200)
                .body("totalResults", equalTo(2))
                .body("startIndex", equalTo(50))
                .body("Resources", anyOf(nullValue(), empty()));
    }

    @Check(level = Level.ROSTER, rule = "Roster: liberal input")
    @Test
    void emptyFilterParameterListsWithoutFiltering() {
        Scim.createUniqueUser("no-filter");
        scim().queryParam("count", 1).get("/Users").then()
                .statusCode(200)
                .body("schemas", contains(LIST_SCHEMA))
                .body("itemsPerPage", equalTo(1))
                .body("Resources", hasSize(1));
    }
}
