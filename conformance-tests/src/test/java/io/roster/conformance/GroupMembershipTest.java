package io.roster.conformance;

import static io.roster.conformance.Scim.GROUP_SCHEMA;
import static io.roster.conformance.Scim.SCIM_JSON;
import static io.roster.conformance.Scim.assertScimError;
import static io.roster.conformance.Scim.create;
import static io.roster.conformance.Scim.createGroup;
import static io.roster.conformance.Scim.createUniqueUser;
import static io.roster.conformance.Scim.element;
import static io.roster.conformance.Scim.getGroup;
import static io.roster.conformance.Scim.getUser;
import static io.roster.conformance.Scim.groupBody;
import static io.roster.conformance.Scim.memberIds;
import static io.roster.conformance.Scim.q;
import static io.roster.conformance.Scim.root;
import static io.roster.conformance.Scim.scim;
import static io.roster.conformance.Scim.unique;
import static io.roster.conformance.Scim.values;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.blankOrNullString;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Groups, members, nesting and the users' read-only {@code groups} attribute (RFC 7643 sections 4.1.2 and 4.2). */
@Check(level = Level.RFC_MUST, area = Area.CRUD, rule = "RFC 7643 4.2, RFC 7644 3.3")
@Requires(Capability.GROUPS)
class GroupMembershipTest {

    private static int countGroupsNamed(String displayName) {
        return scim().queryParam("filter", "displayName eq " + q(displayName)).get("/Groups").then()
                .statusCode(200).extract().path("totalResults");
    }

    private static void assertGroupRef(Map<String, Object> groupEntry, String type, String displayName) {
        assertThat(groupEntry, notNullValue());
        assertThat(groupEntry.get("type"), equalTo(type));
        assertThat(groupEntry.get("display"), equalTo(displayName));
    }

    @Test
    void createWithEmptyMembersReturns201() {
        String name = unique("Empty Group");
        Response r = scim().body(groupBody(name, List.of())).post("/Groups");
        r.then().statusCode(201)
                .contentType(startsWith(SCIM_JSON))
                .header("ETag", Scim.entityTag())
                .body("id", not(blankOrNullString()))
                .body("displayName", equalTo(name))
                .body("schemas", hasItem(GROUP_SCHEMA))
                .body("meta.resourceType", equalTo("Group"))
                .body("members", anyOf(nullValue(), empty()));
        // RFC 7644 3.3: the Location header and meta.location name the same URI (meta.location may be relative)
        assertThat(Scim.resolved(r.header("Location")), equalTo(Scim.resolved(r.path("meta.location"))));
        assertThat(Scim.resolved(r.path("meta.location")), endsWith("/Groups/" + r.path("id")));
    }

    @Check(level = Level.RFC_MUST, rule = "RFC 7643 4.2 (displayName REQUIRED)")
    @Test
    void missingDisplayNameIsRejected() {
        Response r = scim().body("""
                {"schemas": ["%s"], "members": []}""".formatted(GROUP_SCHEMA)).post("/Groups");
        assertScimError(r, 400, "invalidValue");
    }

    @Check(level = Level.ROSTER, rule = "Roster: unique group names")
    @Test
    void duplicateDisplayNameInAnotherCaseIsRejectedWithUniqueness() {
        String name = unique("Team Dup");
        createGroup(name);
        assertScimError(scim().body(groupBody(name, List.of())).post("/Groups"), 409, "uniqueness");
        assertScimError(scim().body(groupBody(name.toUpperCase(Locale.ROOT), List.of())).post("/Groups"), 409, "uniqueness");
        assertThat(countGroupsNamed(name), equalTo(1));
    }

    @Test
    void membersAreReturnedWithValueRefTypeAndDisplay() {
        String u1 = createUniqueUser("member-a");
        String u2 = createUniqueUser("member-b");
        String id = createGroup(unique("With Members"), u1, u2);
        Response r = getGroup(id);
        r.then().statusCode(200);
        assertThat(values(r, "members"), containsInAnyOrder(u1, u2));
        for (String u : List.of(u1, u2)) {
            Map<String, Object> m = element(r, "members", u);
            assertThat(m, notNullValue());
            assertThat((String) m.get("$ref"), endsWith("/Users/" + u));
            assertThat(m.get("type"), equalTo("User"));
            assertThat((String) m.get("display"), not(blankOrNullString()));
        }
    }

    @Test
    void aGroupCanContainAGroup() {
        String childName = unique("Child");
        String child = createGroup(childName);
        String parent = createGroup(unique("Parent"), child);
        Response r = getGroup(parent);
        r.then().statusCode(200);
        Map<String, Object> m = element(r, "members", child);
        assertThat(m, notNullValue());
        assertThat(m.get("type"), equalTo("Group"));
        assertThat((String) m.get("$ref"), endsWith("/Groups/" + child));
        assertThat(m.get("display"), equalTo(childName));
    }

    @Check(level = Level.ROSTER, rule = "Roster: member validation")
    @Test
    void unknownMemberIdIsRejectedWithInvalidValueAndNoGroupIsCreated() {
        String real = createUniqueUser("real-member");
        String missing = "no-such-member-" + unique("m");
        String name = unique("Bad Members");
        Response r = scim().body(groupBody(name, List.of(real, missing))).post("/Groups");
        assertScimError(r, 400, "invalidValue");
        assertThat(r.<String>path("detail"), containsString(missing));
        assertThat(countGroupsNamed(name), equalTo(0));
    }

    @Check(level = Level.ROSTER, rule = "Roster: no membership cycles")
    @Test
    void groupAsMemberOfItselfIsRejected() {
        String name = unique("Selfish");
        String id = createGroup(name);
        Response r = scim().body(groupBody(name, List.of(id))).put("/Groups/{id}", id);
        assertScimError(r, 400);
        assertThat(memberIds(id), empty());
    }

    @Check(level = Level.ROSTER, rule = "Roster: no membership cycles")
    @Test
    void membershipCycleIsRejected() {
        String bName = unique("Cycle B");
        String b = createGroup(bName);
        String a = createGroup(unique("Cycle A"), b);
        Response r = scim().body(groupBody(bName, List.of(a))).put("/Groups/{id}", b);
        assertScimError(r, 400);
        assertThat(memberIds(b), empty());
        assertThat(memberIds(a), containsInAnyOrder(b));
    }

    @Check(level = Level.ROSTER, rule = "Roster: no membership cycles")
    @Test
    void longerMembershipCycleIsRejected() {
        String cName = unique("Cycle C");
        String c = createGroup(cName);
        String b = createGroup(unique("Cycle B"), c);
        String a = createGroup(unique("Cycle A"), b);
        assertScimError(scim().body(groupBody(cName, List.of(a))).put("/Groups/{id}", c), 400);
        assertThat(memberIds(c), empty());
    }

    @Check(level = Level.RFC_MUST, rule = "RFC 7643 4.1.2")
    @Requires(Capability.USER_GROUPS)
    @Test
    void userGroupsListDirectAndIndirectMemberships() {
        String user = createUniqueUser("nested-user");
        String childName = unique("Direct Group");
        String parentName = unique("Indirect Group");
        String grandName = unique("Grand Group");
        String child = createGroup(childName, user);
        String parent = createGroup(parentName, child);
        String grand = createGroup(grandName, parent);

        Response r = getUser(user);
        r.then().statusCode(200);
        assertThat(values(r, "groups"), containsInAnyOrder(child, parent, grand));
        assertGroupRef(element(r, "groups", child), "direct", childName);
        assertGroupRef(element(r, "groups", parent), "indirect", parentName);
        assertGroupRef(element(r, "groups", grand), "indirect", grandName);
        assertThat((String) element(r, "groups", child).get("$ref"), endsWith("/Groups/" + child));
    }

    @Check(level = Level.ROSTER, rule = "Roster: direct wins")
    @Requires(Capability.USER_GROUPS)
    @Test
    void groupReachedBothDirectlyAndThroughNestingIsListedOnceAsDirect() {
        String user = createUniqueUser("both-ways");
        String childName = unique("Both Child");
        String parentName = unique("Both Parent");
        String child = createGroup(childName, user);
        String parent = createGroup(parentName, child, user);
        Response r = getUser(user);
        r.then().statusCode(200);
        assertThat(values(r, "groups"), containsInAnyOrder(child, parent));
        assertGroupRef(element(r, "groups", parent), "direct", parentName);
    }

    @Check(level = Level.ROSTER, rule = "Roster: delete cascades")
    @Test
    void deletingAUserRemovesItFromItsGroups() {
        String stays = createUniqueUser("stays");
        String leaves = createUniqueUser("leaves");
        String group = createGroup(unique("Shrinking"), stays, leaves);
        scim().delete("/Users/{id}", leaves).then().statusCode(204);
        assertThat(memberIds(group), containsInAnyOrder(stays));
    }

    @Check(level = Level.ROSTER, rule = "Roster: delete cascades")
    @Test
    void deletingAGroupRemovesItFromParentsAndFromUsersGroups() {
        String user = createUniqueUser("orphan");
        String other = createUniqueUser("other");
        String child = createGroup(unique("Doomed Child"), user);
        String parent = createGroup(unique("Surviving Parent"), child, other);
        scim().delete("/Groups/{id}", child).then().statusCode(204);

        assertThat(memberIds(parent), containsInAnyOrder(other));
        Response u = getUser(user);
        u.then().statusCode(200);
        assertThat(values(u, "groups"), not(hasItem(child)));
        assertThat("the parent was reached only through the deleted group", values(u, "groups"), not(hasItem(parent)));
        assertThat(values(getUser(other), "groups"), hasItem(parent));
    }

    /** Documented Roster behaviour: PUT without {@code members} leaves the membership alone. */
    @Check(level = Level.ROSTER, rule = "RFC 7644 3.5.1 leaves it open")
    @Test
    void putWithoutMembersKeepsTheMembers() {
        String u1 = createUniqueUser("keep-a");
        String u2 = createUniqueUser("keep-b");
        String id = createGroup(unique("Keep"), u1, u2);
        String renamed = unique("Keep Renamed");
        scim().body(Scim.groupBodyWithoutMembers(renamed)).put("/Groups/{id}", id).then()
                .statusCode(200)
                .body("displayName", equalTo(renamed));
        assertThat(memberIds(id), containsInAnyOrder(u1, u2));
    }

    @Check(level = Level.RFC_MUST, rule = "RFC 7644 3.5.1")
    @Test
    void putWithEmptyMembersClearsTheMembers() {
        String u1 = createUniqueUser("clear-a");
        String name = unique("Clear");
        String id = createGroup(name, u1);
        scim().body(groupBody(name, List.of())).put("/Groups/{id}", id).then().statusCode(200);
        assertThat(memberIds(id), empty());
        assertThat(values(getUser(u1), "groups"), not(hasItem(id)));
    }

    @Test
    void putWithNewMemberListReplacesTheMembershipExactly() {
        String u1 = createUniqueUser("swap-a");
        String u2 = createUniqueUser("swap-b");
        String u3 = createUniqueUser("swap-c");
        String sub = createGroup(unique("Swap Sub"));
        String name = unique("Swap");
        String id = createGroup(name, u1, u2);
        Response r = scim().body(groupBody(name, List.of(u2, u3, sub))).put("/Groups/{id}", id);
        r.then().statusCode(200);
        assertThat(values(r, "members"), containsInAnyOrder(u2, u3, sub));
        assertThat(memberIds(id), containsInAnyOrder(u2, u3, sub));
        assertThat(values(getUser(u1), "groups"), not(hasItem(id)));
        assertThat(values(getUser(u3), "groups"), hasItem(id));
    }

    @Test
    void excludedAttributesMembersOmitsTheMembersKey() {
        String u1 = createUniqueUser("excluded");
        String name = unique("Excluded");
        String id = createGroup(name, u1);
        Response r = scim().queryParam("excludedAttributes", "members").get("/Groups/{id}", id);
        r.then().statusCode(200)
                .body("id", equalTo(id))
                .body("displayName", equalTo(name));
        assertThat(root(r), not(hasKey("members")));
    }

    @Test
    void getUnknownGroupIsNotFound() {
        assertScimError(getGroup("no-such-group-" + unique("g")), 404);
    }

    @Test
    void deletedGroupIsGone() {
        String id = create("/Groups", groupBody(unique("Deleted"), List.of()));
        scim().delete("/Groups/{id}", id).then().statusCode(204);
        assertScimError(getGroup(id), 404);
        assertScimError(scim().delete("/Groups/{id}", id), 404);
    }

    @Check(level = Level.ROSTER, rule = "Roster: unique group names")
    @Test
    void renamingAGroupToAnotherCaseOfItsOwnNameIsAccepted() {
        String name = "Case Group " + unique("g");
        String id = createGroup(name);
        String upper = name.toUpperCase(Locale.ROOT);
        scim().body(Scim.groupBodyWithoutMembers(upper)).put("/Groups/{id}", id).then()
                .statusCode(200)
                .body("displayName", equalTo(upper));
    }

    @Check(level = Level.ROSTER, rule = "Roster: unique group names")
    @Test
    void renamingAGroupToAnotherGroupsNameIsRejectedWithUniqueness() {
        String taken = unique("Taken Group");
        createGroup(taken);
        String mine = unique("My Group");
        String id = createGroup(mine);
        assertScimError(scim().body(Scim.groupBodyWithoutMembers(taken)).put("/Groups/{id}", id), 409, "uniqueness");
        getGroup(id).then().statusCode(200).body("displayName", equalTo(mine));
    }

    @Check(level = Level.ROSTER, rule = "Roster: unique group names")
    @Test
    void displayNameIsFreeAgainAfterTheGroupIsDeleted() {
        String name = unique("Reused Group");
        String first = createGroup(name);
        scim().delete("/Groups/{id}", first).then().statusCode(204);
        String second = createGroup(name);
        assertThat(second, not(equalTo(first)));
    }

    @Check(level = Level.ROSTER, rule = "Roster: member validation")
    @Test
    void putWithUnknownMemberIsRejectedAndKeepsTheOldMembers() {
        String u1 = createUniqueUser("keep-on-error");
        String name = unique("Keep On Error");
        String id = createGroup(name, u1);
        String missing = "no-such-member-" + unique("m");
        Response r = scim().body(groupBody(name, List.of(missing))).put("/Groups/{id}", id);
        assertScimError(r, 400, "invalidValue");
        assertThat(r.<String>path("detail"), containsString(missing));
        assertThat(memberIds(id), containsInAnyOrder(u1));
    }
}
