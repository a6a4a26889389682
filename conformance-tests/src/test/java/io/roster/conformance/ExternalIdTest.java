package io.roster.conformance;

import static io.roster.conformance.Scim.GROUP_SCHEMA;
import static io.roster.conformance.Scim.LIST_SCHEMA;
import static io.roster.conformance.Scim.USER_SCHEMA;
import static io.roster.conformance.Scim.create;
import static io.roster.conformance.Scim.q;
import static io.roster.conformance.Scim.scim;
import static io.roster.conformance.Scim.unique;
import static io.roster.conformance.Scim.uniqueUserName;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.roster.conformance.kit.Capability;
import io.roster.conformance.kit.Area;
import io.roster.conformance.kit.Check;
import io.roster.conformance.kit.Level;
import io.roster.conformance.kit.Requires;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * RFC 7643 section 3.1: externalId is the provisioning client's identifier, scoped to its provisioning
 * domain; "the server does not enforce uniqueness". Two resources with one externalId are both created,
 * and a filter on it answers every one of them, in a stable order, with paging and cursors.
 */
@Check(level = Level.RFC_SHOULD, area = Area.CRUD, rule = "RFC 7643 3.1")
class ExternalIdTest {

    private static String userBody(String externalId) {
        return """
                {"schemas": ["%s"], "userName": %s, "externalId": %s}""".formatted(USER_SCHEMA, q(uniqueUserName("ext")), q(externalId));
    }

    private static Response listUsers(String filter, Object... params) {
        var spec = scim().queryParam("filter", filter);
        for (int i = 0; i < params.length; i += 2) {
            spec = spec.queryParam((String) params[i], params[i + 1]);
        }
        return spec.get("/Users");
    }

    private static List<String> ids(Response r) {
        List<String> ids = r.jsonPath().getList("Resources.id");
        return ids == null ? List.of() : ids;
    }

    @Test
    void twoUsersWithTheSameExternalIdAreBothCreated() {
        String externalId = unique("shared-ext");
        Response first = scim().body(userBody(externalId)).post("/Users");
        first.then().statusCode(201).body("externalId", equalTo(externalId));
        Response second = scim().body(userBody(externalId)).post("/Users");
        second.then().statusCode(201).body("externalId", equalTo(externalId));
        assertThat(second.path("id"), org.hamcrest.Matchers.not(equalTo(first.path("id"))));
    }

    @Test
    void aPutOrPatchMayGiveAUserAnExternalIdAnotherUserHolds() {
        String externalId = unique("taken-ext");
        create("/Users", userBody(externalId));
        String userName = uniqueUserName("ext-mover");
        String id = create("/Users", Scim.userBody(userName));
        scim().body("""
                {"schemas": ["%s"], "userName": %s, "externalId": %s}""".formatted(USER_SCHEMA, q(userName), q(externalId)))
                .put("/Users/{id}", id).then().statusCode(200).body("externalId", equalTo(externalId));
        String other = create("/Users", Scim.userBody(uniqueUserName("ext-patched")));
        scim().body("""
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations": [{"op": "replace", "path": "externalId", "value": %s}]}""".formatted(q(externalId)))
                .patch("/Users/{id}", other).then().statusCode(Patches.patchedUser());
        Scim.getUser(other).then().body("externalId", equalTo(externalId));
        listUsers("externalId eq " + q(externalId)).then().statusCode(200).body("totalResults", equalTo(3));
    }

    @Test
    @Requires(Capability.GROUPS)
    void twoGroupsWithTheSameExternalIdAreBothCreatedAndBothFound() {
        String externalId = unique("shared-group-ext");
        String body = """
                {"schemas": ["%s"], "displayName": %s, "externalId": %s, "members": []}""";
        String a = create("/Groups", body.formatted(GROUP_SCHEMA, q(unique("Ext Group A")), q(externalId)));
        String b = create("/Groups", body.formatted(GROUP_SCHEMA, q(unique("Ext Group B")), q(externalId)));
        Response r = scim().queryParam("filter", "externalId eq " + q(externalId))
                .queryParam("excludedAttributes", "members").get("/Groups");
        r.then().statusCode(200).body("schemas", contains(LIST_SCHEMA)).body("totalResults", equalTo(2));
        assertThat(ids(r), containsInAnyOrder(a, b));
    }

    @Check(level = Level.RFC_SHOULD, area = Area.FILTER, rule = "RFC 7643 3.1, RFC 7644 3.4.2")
    @Requires(Capability.FILTER)
    @Test
    void externalIdEqAnswersEveryUserSharingItWithStablePagesAndCursors() {
        String externalId = unique("five-ext");
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(create("/Users", userBody(externalId)));
        }
        create("/Users", userBody(externalId + "-other")); // a longer value with the same prefix is no match
        String filter = "externalId eq " + q(externalId);

        Response all = listUsers(filter);
        all.then().statusCode(200).body("totalResults", equalTo(5)).body("Resources", hasSize(5));
        List<String> order = ids(all);
        assertThat(order, containsInAnyOrder(created.toArray()));
        assertThat("the same request answers in the same order", ids(listUsers(filter)), equalTo(order));

        // RFC 7644 section 3.4.2.4: pages of 2 walk the same order, each counting every match
        List<String> paged = new ArrayList<>();
        for (int start = 1; start <= 5; start += 2) {
            Response page = listUsers(filter, "startIndex", start, "count", 2);
            page.then().statusCode(200).body("totalResults", equalTo(5)).body("startIndex", equalTo(start))
                    .body("itemsPerPage", equalTo(Math.min(2, 6 - start)));
            paged.addAll(ids(page));
        }
        assertThat(paged, equalTo(order));

        // RFC 9865 cursors, where the server offers them: every match exactly once
        Response spc = scim().get("/ServiceProviderConfig");
        if (Boolean.TRUE.equals(spc.path("pagination.cursor"))) {
            Set<String> seen = new HashSet<>();
            String cursor = "";
            int pages = 0;
            while (cursor != null) {
                Response page = listUsers(filter, "cursor", cursor, "count", 2);
                page.then().statusCode(200).body("totalResults", equalTo(5));
                for (String id : ids(page)) {
                    assertThat("seen once: " + id, seen.add(id), equalTo(true));
                }
                cursor = page.path("nextCursor");
                assertThat("the walk ends", ++pages <= 5, equalTo(true));
            }
            assertThat(seen, equalTo(new HashSet<>(created)));
        }
    }

    @Check(level = Level.RFC_SHOULD, area = Area.FILTER, rule = "RFC 7643 3.1, RFC 7644 3.4.2.2")
    @Requires(Capability.FILTER)
    @Test
    void externalIdAndUserNameTogetherPickOneOfTheUsersSharingTheExternalId() {
        String externalId = unique("pick-ext");
        create("/Users", userBody(externalId));
        String userName = uniqueUserName("pick");
        String id = create("/Users", """
                {"schemas": ["%s"], "userName": %s, "externalId": %s}""".formatted(USER_SCHEMA, q(userName), q(externalId)));
        Response r = listUsers("externalId eq " + q(externalId) + " and userName eq " + q(userName));
        r.then().statusCode(200).body("totalResults", equalTo(1));
        assertThat(ids(r), contains(id));
    }
}
