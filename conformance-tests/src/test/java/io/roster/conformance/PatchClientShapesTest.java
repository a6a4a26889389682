package io.roster.conformance;

import static io.roster.conformance.Patches.assertNoContentWithCurrentEtag;
import static io.roster.conformance.Patches.assertOkWithCurrentResource;
import static io.roster.conformance.Patches.patchGroup;
import static io.roster.conformance.Patches.patchUser;
import static io.roster.conformance.Scim.ENTERPRISE_SCHEMA;
import static io.roster.conformance.Scim.GROUP_SCHEMA;
import static io.roster.conformance.Scim.USER_SCHEMA;
import static io.roster.conformance.Scim.createUniqueUser;
import static io.roster.conformance.Scim.getGroup;
import static io.roster.conformance.Scim.getUser;
import static io.roster.conformance.Scim.memberIds;
import static io.roster.conformance.Scim.scim;
import static io.roster.conformance.Scim.unique;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.roster.conformance.kit.Capability;
import io.roster.conformance.kit.Area;
import io.roster.conformance.kit.Check;
import io.roster.conformance.kit.Level;
import io.roster.conformance.kit.Requires;
import io.restassured.response.Response;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Every PATCH body CLIENTS.md quotes, sent verbatim (ids filled in), wrapped the way Entra ID and Okta
 * wrap them, with the response and the stored state checked.
 */
@Check(level = Level.CLIENT, area = Area.CLIENTS, rule = "CLIENTS.md")
@Requires(Capability.PATCH)
class PatchClientShapesTest {
    private static final String EXT = "'" + ENTERPRISE_SCHEMA + "'";

    /** Entra's and Okta's envelope: the PatchOp schema and an Operations array. */
    private static String envelope(String... operations) {
        return """
                {
                  "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                  "Operations": [
                    %s
                  ]
                }""".formatted(String.join(",\n    ", operations));
    }

    private static String guid() {
        return UUID.randomUUID().toString();
    }

    /** Entra's user create (as in ClientShapesTest): both schemas, a work email, enterprise attributes. */
    private static String entraUser(String tag) {
        return """
                {
                  "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
                  "externalId": "%1$s",
                  "userName": "Test_User_%1$s@contoso.example",
                  "active": true,
                  "displayName": "Test User",
                  "emails": [{"primary": true, "type": "home", "value": "home_%1$s@contoso.example"}],
                  "name": {"familyName": "familyName", "givenName": "givenName"},
                  "roles": [],
                  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"employeeNumber": "1", "department": "Sales"}
                }""".formatted(tag);
    }

    private static String entraGroup(String name) {
        return """
                {
                  "externalId": "%s",
                  "displayName": "%s",
                  "meta": {"resourceType": "Group"},
                  "members": [],
                  "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group",
                              "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"]
                }""".formatted(guid(), name);
    }

    private static String oktaGroup(String name) {
        return """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "%s", "members": []}""".formatted(name);
    }

    // ---------------------------------------------------------------- Entra ID, users

    @Test
    void entraDeactivationWithStringFalseSetsActiveFalse() {
        String id = Scim.create("/Users", entraUser(guid()));
        Response r = patchUser(id, envelope("""
                {"op":"Replace","path":"active","value":"False"}"""));
        Response get = assertOkWithCurrentResource(r, "/Users", id);
        get.then().body("active", equalTo(false)).body("schemas", hasItems(USER_SCHEMA, ENTERPRISE_SCHEMA));
    }

    @Test
    void entraPathLessReplaceWithDottedAndUrnQualifiedKeysSetsThoseAttributes() {
        String id = Scim.create("/Users", entraUser(guid()));
        Response r = patchUser(id, envelope("""
                {"op":"replace","value":{"name.givenName":"B","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber":"7"}}"""));
        Response get = assertOkWithCurrentResource(r, "/Users", id);
        get.then().body("name.givenName", equalTo("B")).body("name.familyName", equalTo("familyName"))
                .body(EXT + ".employeeNumber", equalTo("7")).body(EXT + ".department", equalTo("Sales"));
    }

    @Test
    void entraManagerAsBareStringSetsManagerValue() {
        String id = Scim.create("/Users", entraUser(guid()));
        String manager = Scim.create("/Users", entraUser(guid()));
        Response r = patchUser(id, envelope("""
                {"op":"Add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":"%s"}""".formatted(manager)));
        Response get = assertOkWithCurrentResource(r, "/Users", id);
        get.then().body(EXT + ".manager.value", equalTo(manager)).body(EXT + ".department", equalTo("Sales"));
    }

    @Test
    void entraRemoveManagerWithoutValueUnassignsIt() {
        String id = Scim.create("/Users", entraUser(guid()));
        String manager = Scim.create("/Users", entraUser(guid()));
        patchUser(id, envelope("""
                {"op":"Add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":"%s"}""".formatted(manager)))
                .then().statusCode(Patches.patchedUser());
        Response r = patchUser(id, envelope("""
                {"op":"Remove","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager"}"""));
        Response get = assertOkWithCurrentResource(r, "/Users", id);
        assertThat(get.<Map<String, Object>>path(EXT), not(hasKey("manager")));
        get.then().body(EXT + ".department", equalTo("Sales"));
    }

    @Test
    void entraRemoveManagerWithValueFilterUnassignsOnlyThatManager() {
        String id = Scim.create("/Users", entraUser(guid()));
        String manager = Scim.create("/Users", entraUser(guid()));
        patchUser(id, envelope("""
                {"op":"Add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":"%s"}""".formatted(manager)))
                .then().statusCode(Patches.patchedUser());
        // Another manager's id: nothing to remove.
        patchUser(id, envelope("""
                {"op":"Remove","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager[value eq \\"%s\\"]"}""".formatted(guid())))
                .then().statusCode(200);
        getUser(id).then().body(EXT + ".manager.value", equalTo(manager));
        Response r = patchUser(id, envelope("""
                {"op":"Remove","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager[value eq \\"%s\\"]"}""".formatted(manager)));
        Response get = assertOkWithCurrentResource(r, "/Users", id);
        assertThat(get.<Map<String, Object>>path(EXT), not(hasKey("manager")));
    }

    @Test
    void entraRemoveManagerWithValueUnassignsIt() {
        String id = Scim.create("/Users", entraUser(guid()));
        String manager = Scim.create("/Users", entraUser(guid()));
        patchUser(id, envelope("""
                {"op":"Add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":"%s"}""".formatted(manager)))
                .then().statusCode(Patches.patchedUser());
        Response r = patchUser(id, envelope("""
                {"op":"Remove","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":[{"value":"%s"}]}""".formatted(manager)));
        Response get = assertOkWithCurrentResource(r, "/Users", id);
        assertThat(get.<Map<String, Object>>path(EXT), not(hasKey("manager")));
    }

    @Test
    void entraFilteredAddCreatesTheWorkEmailAndKeepsTheOthers() {
        String tag = guid();
        String id = Scim.create("/Users", entraUser(tag));
        Response r = patchUser(id, envelope("""
                {"op":"Add","path":"emails[type eq \\"work\\"].value","value":"a@b.c"}"""));
        Response get = assertOkWithCurrentResource(r, "/Users", id);
        get.then().body("emails", hasSize(2))
                .body("emails.find { it.type == 'work' }.value", equalTo("a@b.c"))
                .body("emails.find { it.type == 'home' }.value", equalTo("home_" + tag + "@contoso.example"))
                .body("emails.find { it.type == 'home' }.primary", equalTo(true));
        // Sent again, it updates the work email rather than adding another.
        patchUser(id, envelope("""
                {"op":"Add","path":"emails[type eq \\"work\\"].value","value":"a@b.c"}""")).then().statusCode(200);
        getUser(id).then().body("emails", hasSize(2));
    }

    @Test
    void entraStringifiedAppRoleIsStoredAsValueAndDisplay() {
        String id = Scim.create("/Users", entraUser(guid()));
        Response r = patchUser(id, envelope("""
                {"op":"Add","path":"roles","value":[{"value":"{\\"id\\":\\"%s\\",\\"value\\":\\"Global Reader\\",\\"displayName\\":\\"Global Reader\\"}"}]}""".formatted(guid())));
        Response get = assertOkWithCurrentResource(r, "/Users", id);
        get.then().body("roles", hasSize(1)).body("roles[0].value", equalTo("Global Reader"))
                .body("roles[0].display", equalTo("Global Reader"));
    }

    @Test
    void entraAttributeNamesInAnyCaseAreAccepted() {
        String id = Scim.create("/Users", entraUser(guid()));
        String newName = "Renamed_" + guid() + "@contoso.example";
        Response r = patchUser(id, envelope("""
                {"op":"Replace","path":"UserName","value":"%s"}""".formatted(newName), """
                {"op":"Replace","path":"emails.Value","value":"renamed@contoso.example"}"""));
        Response get = assertOkWithCurrentResource(r, "/Users", id);
        get.then().body("userName", equalTo(newName)).body("emails.value", contains("renamed@contoso.example"));
    }

    // ---------------------------------------------------------------- Entra ID, groups

    @Test
    void entraAddSeveralMembersInOneOperationWithNullRefAnswers204() {
        String groupId = Scim.create("/Groups", entraGroup("Entra PATCH " + guid()));
        String u1 = Scim.create("/Users", entraUser(guid()));
        String u2 = Scim.create("/Users", entraUser(guid()));
        Response r = patchGroup(groupId, envelope("""
                {"op":"Add","path":"members","value":[{"$ref":null,"value":"%s"},{"value":"%s"}]}""".formatted(u1, u2)));
        Response get = assertNoContentWithCurrentEtag(r, groupId);
        assertThat(Scim.values(get, "members"), containsInAnyOrder(u1, u2));
        get.then().body("schemas", hasItems(GROUP_SCHEMA));
    }

    @Test
    void entraManyOperationsPerPatchAndAlreadyPresentMembersAreNotAnError() {
        String groupId = Scim.create("/Groups", entraGroup("Entra Many " + guid()));
        String u1 = Scim.create("/Users", entraUser(guid()));
        String u2 = Scim.create("/Users", entraUser(guid()));
        String u3 = Scim.create("/Users", entraUser(guid()));
        patchGroup(groupId, envelope("""
                {"op":"Add","path":"members","value":[{"$ref":null,"value":"%s"},{"value":"%s"}]}""".formatted(u1, u2)))
                .then().statusCode(Patches.patched());
        Response r = patchGroup(groupId, envelope("""
                {"op":"Add","path":"members","value":[{"$ref":null,"value":"%s"},{"value":"%s"}]}""".formatted(u1, u3), """
                {"op":"Add","path":"members","value":[{"$ref":null,"value":"%s"},{"value":"%s"}]}""".formatted(u2, u3)));
        Response get = assertNoContentWithCurrentEtag(r, groupId);
        assertThat(Scim.values(get, "members"), hasSize(3));
        assertThat(Scim.values(get, "members"), containsInAnyOrder(u1, u2, u3));
    }

    @Test
    void entraRemoveMembersByValueRemovesOnlyTheListedMembers() {
        String u1 = Scim.create("/Users", entraUser(guid()));
        String u2 = Scim.create("/Users", entraUser(guid()));
        String groupId = Scim.createGroup("Entra Remove " + guid(), u1, u2);
        Response r = patchGroup(groupId, envelope("""
                {"op":"Remove","path":"members","value":[{"value":"%s"}]}""".formatted(u1)));
        Response get = assertNoContentWithCurrentEtag(r, groupId);
        assertThat(Scim.values(get, "members"), contains(u2));
        getUser(u1).then().body("groups.value", anyOf(nullValue(), not(hasItem(groupId))));
    }

    @Test
    void entraRemoveMembersWithoutValueClearsAll() {
        String u1 = Scim.create("/Users", entraUser(guid()));
        String u2 = Scim.create("/Users", entraUser(guid()));
        String name = "Entra Clear " + guid();
        String groupId = Scim.createGroup(name, u1, u2);
        Response r = patchGroup(groupId, envelope("""
                {"op":"Remove","path":"members"}"""));
        Response get = assertNoContentWithCurrentEtag(r, groupId);
        assertThat(Scim.values(get, "members"), empty());
        get.then().body("displayName", equalTo(name));
    }

    @Test
    void entraRemoveOneMemberByFilter() {
        String u1 = Scim.create("/Users", entraUser(guid()));
        String u2 = Scim.create("/Users", entraUser(guid()));
        String groupId = Scim.createGroup("Entra Filter " + guid(), u1, u2);
        Response r = patchGroup(groupId, envelope("""
                {"op":"remove","path":"members[value eq \\"%s\\"]"}""".formatted(u2)));
        Response get = assertNoContentWithCurrentEtag(r, groupId);
        assertThat(Scim.values(get, "members"), contains(u1));
    }

    @Test
    void entraGroupPatchWithExcludedMembersAnswers200WithoutMembers() {
        String u1 = Scim.create("/Users", entraUser(guid()));
        String name = "Entra Excl " + guid();
        String groupId = Scim.create("/Groups", entraGroup(name));
        Response r = scim().queryParam("excludedAttributes", "members").body(envelope("""
                {"op":"Add","path":"members","value":[{"$ref":null,"value":"%s"}]}""".formatted(u1))).patch("/Groups/{id}", groupId);
        r.then().statusCode(200).body("displayName", equalTo(name)).body("$", not(hasKey("members")));
        assertThat(memberIds(groupId), contains(u1));
    }

    // ---------------------------------------------------------------- Okta

    @Test
    void oktaPathLessDeactivationSetsActiveFalse() {
        String id = createUniqueUser("okta-deactivate");
        Response r = patchUser(id, envelope("""
                {"op":"replace","value":{"active":false}}"""));
        Response get = assertOkWithCurrentResource(r, "/Users", id);
        get.then().body("active", equalTo(false));
        Response again = patchUser(id, envelope("""
                {"op":"replace","value":{"active":true}}"""));
        assertOkWithCurrentResource(again, "/Users", id).then().body("active", equalTo(true));
    }

    @Test
    void oktaRenameWithItsOwnIdInTheValueRenamesTheGroup() {
        String groupId = Scim.create("/Groups", oktaGroup("Okta Group " + guid()));
        String newName = "Okta Renamed " + guid();
        Response r = patchGroup(groupId, envelope("""
                {"op":"replace","value":{"id":"%s","displayName":"%s"}}""".formatted(groupId, newName)));
        Response get = assertNoContentWithCurrentEtag(r, groupId);
        get.then().body("id", equalTo(groupId)).body("displayName", equalTo(newName));
    }

    @Test
    void oktaMixedRemoveByFilterAndAddByListInOnePatch() {
        String u1 = createUniqueUser("okta-mixed-1");
        String u2 = createUniqueUser("okta-mixed-2");
        String u3 = createUniqueUser("okta-mixed-3");
        String u4 = createUniqueUser("okta-mixed-4");
        String groupId = Scim.create("/Groups", oktaGroup("Okta Mixed " + guid()));
        patchGroup(groupId, envelope("""
                {"op":"add","path":"members","value":[{"value":"%s"},{"value":"%s"}]}""".formatted(u1, u2))).then().statusCode(Patches.patched());
        Response r = patchGroup(groupId, envelope("""
                {"op":"remove","path":"members[value eq \\"%s\\"]"}""".formatted(u1), """
                {"op":"remove","path":"members[value eq \\"%s\\"]"}""".formatted(u2), """
                {"op":"add","path":"members","value":[{"value":"%s","display":"Okta User 3"},{"value":"%s","display":"Okta User 4"}]}"""
                .formatted(u3, u4)));
        Response get = assertNoContentWithCurrentEtag(r, groupId);
        assertThat(Scim.values(get, "members"), containsInAnyOrder(u3, u4));
    }

    @Test
    void oktaReplaceMembersWithTheFullList() {
        String u1 = createUniqueUser("okta-full-1");
        String u2 = createUniqueUser("okta-full-2");
        String u3 = createUniqueUser("okta-full-3");
        String groupId = Scim.createGroup("Okta Full " + guid(), u1, u2);
        Response r = patchGroup(groupId, envelope("""
                {"op":"replace","path":"members","value":[{"value":"%s"},{"value":"%s"}]}""".formatted(u2, u3)));
        Response get = assertNoContentWithCurrentEtag(r, groupId);
        assertThat(Scim.values(get, "members"), containsInAnyOrder(u2, u3));
        getUser(u1).then().body("groups.value", anyOf(nullValue(), not(hasItem(groupId))));
    }

    @Test
    void oktaGroupRenameKeepsMembers() {
        String u1 = createUniqueUser("okta-keep");
        String groupId = Scim.createGroup("Okta Keep " + guid(), u1);
        String newName = unique("Okta Kept");
        patchGroup(groupId, envelope("""
                {"op":"replace","value":{"id":"%s","displayName":"%s"}}""".formatted(groupId, newName))).then().statusCode(Patches.patched());
        getGroup(groupId).then().body("displayName", equalTo(newName)).body("members.value", contains(u1));
        getUser(u1).then().body("groups.find { it.value == '" + groupId + "' }.display", equalTo(newName));
    }
}
