package io.roster.conformance;

import static io.roster.conformance.Apps.ACCESS;
import static io.roster.conformance.Apps.APP_SCHEMA;
import static io.roster.conformance.Apps.DEFAULT_ACCESS;
import static io.roster.conformance.Apps.access;
import static io.roster.conformance.Apps.appBody;
import static io.roster.conformance.Apps.assign;
import static io.roster.conformance.Apps.assignmentBody;
import static io.roster.conformance.Apps.roleId;
import static io.roster.conformance.Roles.as;
import static io.roster.conformance.Scim.assertScimError;
import static io.roster.conformance.Scim.create;
import static io.roster.conformance.Scim.createGroup;
import static io.roster.conformance.Scim.createUniqueUser;
import static io.roster.conformance.Scim.q;
import static io.roster.conformance.Scim.scim;
import static io.roster.conformance.Scim.unique;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.response.Response;
import io.roster.conformance.Roles.Role;
import io.roster.conformance.kit.Area;
import io.roster.conformance.kit.Check;
import io.roster.conformance.kit.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Applications and app access as an admin lives them (DOMAIN.md section 4), in plain SCIM: registering an
 * application with app roles, assigning it to groups and users, members seeing it through /Me, dynamic
 * groups granting and revoking it, the three application roles, and deletes taking assignments along.
 */
@Check(level = Level.ROSTER, area = Area.EXTENSIONS, rule = "Roster applications and app access")
class ApplicationsTest {

    @BeforeAll
    static void applicationsAreThere() {
        Apps.assumeApplications();
        Roles.assumeRoles();
    }

    private static Response patch(String endpoint, String id, String op, String path, String valueJson) {
        return scim().body(RoleMatrixTest.patch(op, path, valueJson)).patch(endpoint + "/{id}", id);
    }

    private static List<String> whoMayUse(String appId) {
        Response r = scim().queryParam("filter", ACCESS + "[application eq " + q(appId) + "]").queryParam("attributes", "userName")
                .get("/Users");
        r.then().statusCode(200);
        List<String> ids = r.path("Resources.id");
        assertEquals(((Number) r.path("totalResults")).intValue(), ids.size());
        return ids;
    }

    @Test
    void aGroupMemberSeesTheAppThroughMeUntilItLeavesTheGroup() {
        String app = create("/Applications", appBody(unique("Payroll"), List.of("reader", "approver"), ""));
        String reader = roleId(app, "reader");
        assertNotEquals(roleId(app, "approver"), reader, "each app role gets its own server-set id");
        String ann = createUniqueUser("ann");
        String group = createGroup(unique("payroll-users"), ann);
        String assignment = assign(group, app, reader);
        scim().get("/AppRoleAssignments/{id}", assignment).then().statusCode(200)
                .body("principal.type", equalTo("Group")).body("processingState", equalTo("Complete"));

        // the member, with its own token and no admin role, reads its access through /Me
        String token = Roles.clientFor(ann);
        Response me = as(token).get("/Me");
        me.then().statusCode(200);
        List<Map<String, Object>> entries = access(me);
        assertEquals(1, entries.size(), entries.toString());
        assertEquals(Map.of("application", app, "appRoleId", reader, "appRoleValue", "reader", "assignedByGroup", group), entries.get(0));
        assertEquals(List.of(ann), whoMayUse(app));
        assertScimError(as(token).get("/Applications"), 403);

        // a direct assignment of the same role is a second source: one entry per source
        assign(ann, app, reader);
        assertEquals(2, access(as(token).get("/Me")).size());
        assertScimError(scim().body(assignmentBody(ann, app, reader)).post("/AppRoleAssignments"), 409, "uniqueness");

        scim().body("{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"], \"Operations\": [{\"op\": \"remove\", "
                + "\"path\": \"members[value eq \\\"" + ann + "\\\"]\"}]}").patch("/Groups/{id}", group)
                .then().statusCode(org.hamcrest.Matchers.oneOf(200, 204));
        List<Map<String, Object>> left = access(as(token).get("/Me"));
        assertEquals(1, left.size(), "only the direct assignment is left: " + left);
        assertTrue(!left.get(0).containsKey("assignedByGroup"));
    }

    @Test
    void aDynamicGroupsRuleGrantsAndRevokesAccessAndNestedGroupsGetNothing() {
        String department = unique("dept");
        String user = DynamicGroupsTest.user(department);
        String dynamic = DynamicGroupsTest.dynamicGroup(DynamicGroupsTest.departmentRule(department));
        String app = Apps.createApp();
        assign(dynamic, app, null);
        assertEquals(List.of(user), whoMayUse(app), "a member when assigned");
        assertEquals(DEFAULT_ACCESS, access(Scim.getUser(user)).get(0).get("appRoleId"), "an app without roles gives Default Access");

        DynamicGroupsTest.setDepartment(user, department + "-moved");
        assertEquals(List.of(), whoMayUse(app), "the rule no longer matches: access goes in the same write");
        DynamicGroupsTest.setDepartment(user, department);
        assertEquals(List.of(user), whoMayUse(app), "and comes back with the rule");

        // assignment reaches direct members only (Entra: it does not cascade to nested groups)
        String nestedUser = createUniqueUser("nested");
        String inner = createGroup(unique("inner"), nestedUser);
        String outer = createGroup(unique("outer"), inner);
        String app2 = Apps.createApp();
        assign(outer, app2, null);
        assertEquals(List.of(), whoMayUse(app2));
    }

    @Test
    void deletingTheAppUserOrGroupRemovesTheirAssignmentsInTheSameWrite() {
        String app = create("/Applications", appBody(unique("Wiki"), List.of("editor"), ""));
        String editor = roleId(app, "editor");
        String a = createUniqueUser("a");
        String b = createUniqueUser("b");
        String group = createGroup(unique("wiki"), a, b);
        assign(group, app, editor);
        String direct = assign(b, app, editor);
        scim().queryParam("filter", "application.value eq " + q(app)).get("/AppRoleAssignments").then()
                .body("totalResults", equalTo(2)); // the group's and the direct one, filterable by application

        scim().delete("/Users/{id}", b).then().statusCode(204);
        scim().get("/AppRoleAssignments/{id}", direct).then().statusCode(404);

        scim().delete("/Applications/{id}", app).then().statusCode(204);
        scim().queryParam("filter", "application.value eq " + q(app)).get("/AppRoleAssignments").then().body("totalResults", equalTo(0));
        assertEquals(List.of(), access(Scim.getUser(a)), "the member's access went with the application");

        String app2 = Apps.createApp();
        String viaGroup = assign(group, app2, null);
        scim().delete("/Groups/{id}", group).then().statusCode(204);
        scim().get("/AppRoleAssignments/{id}", viaGroup).then().statusCode(404);
        assertEquals(List.of(), access(Scim.getUser(a)));
    }

    @Test
    void assignmentsAreCheckedAndRolesMustBeDisabledBeforeRemovalWhichEndsAccess() {
        String roled = create("/Applications", appBody(unique("Crm"), List.of("sales", "ops"), ""));
        String user = createUniqueUser("crm");
        String group = createGroup(unique("crm"), user);
        assertScimError(scim().body(assignmentBody(user, roled, null)).post("/AppRoleAssignments"), 400, "invalidValue");
        assertScimError(scim().body(assignmentBody("no-such-id", roled, roleId(roled, "sales"))).post("/AppRoleAssignments"), 400,
                "invalidValue");
        assertScimError(scim().body(assignmentBody(user, "no-such-app", null)).post("/AppRoleAssignments"), 400, "invalidValue");
        assertScimError(scim().body(appBody("dup", List.of(), "\"appRoles\": [{\"value\": \"x\", \"displayName\": \"One\"}, "
                + "{\"value\": \"x\", \"displayName\": \"Two\"}]")).post("/Applications"), 400, "invalidValue");

        String ops = roleId(roled, "ops");
        String assignment = assign(group, roled, ops);
        assertScimError(scim().body(RoleMatrixTest.patch("replace", "appRoleId", q(roleId(roled, "sales"))))
                .patch("/AppRoleAssignments/{id}", assignment), 400, "mutability");

        // removing an enabled role is refused; disabling it ends its access at once; then it may go, with its assignments
        String withoutOps = "[{\"value\": \"sales\", \"displayName\": \"sales\"}]";
        assertScimError(patch("/Applications", roled, "replace", "appRoles", withoutOps), 400, "invalidValue");
        patch("/Applications", roled, "replace", "appRoles[value eq \\\"ops\\\"].isEnabled", "false").then().statusCode(200);
        assertEquals(ops, roleId(roled, "ops"), "a changed role keeps its id");
        assertEquals(List.of(), access(Scim.getUser(user)));
        assertScimError(scim().body(assignmentBody(user, roled, ops)).post("/AppRoleAssignments"), 400, "invalidValue");
        patch("/Applications", roled, "replace", "appRoles[value eq \\\"ops\\\"].isEnabled", "true").then().statusCode(200);
        assertEquals(1, access(Scim.getUser(user)).size(), "enabled again, the assignment gives access again");
        patch("/Applications", roled, "replace", "appRoles[value eq \\\"ops\\\"].isEnabled", "false").then().statusCode(200);
        patch("/Applications", roled, "replace", "appRoles", withoutOps).then().statusCode(200);
        scim().get("/AppRoleAssignments/{id}", assignment).then().statusCode(404);
    }

    @Test
    void applicationsAreDiscoverableFilterableSortableAndPaged() {
        Scim.anonymous().get("/Schemas/{id}", APP_SCHEMA).then().statusCode(200).body("attributes.name", hasItems("appRoles",
                "owners", "proxySettings", "appRoleAssignmentRequired"));
        Scim.anonymous().get("/ResourceTypes/AppRoleAssignment").then().statusCode(200).body("endpoint", equalTo("/AppRoleAssignments"));
        String prefix = unique("sorted");
        List<String> ids = new ArrayList<>();
        for (String suffix : List.of("c", "a", "b")) {
            ids.add(create("/Applications", appBody(prefix + "-" + suffix, List.of(), "")));
        }
        Response page = scim().queryParam("filter", "displayName sw " + q(prefix)).queryParam("sortBy", "displayName")
                .queryParam("count", 2).get("/Applications");
        page.then().statusCode(200).body("totalResults", equalTo(3)).body("Resources.displayName", equalTo(List.of(prefix + "-a", prefix + "-b")));
        Response cursor = scim().queryParam("filter", "displayName sw " + q(prefix)).queryParam("cursor", "").queryParam("count", 2)
                .get("/Applications");
        cursor.then().statusCode(200);
        String next = cursor.path("nextCursor");
        List<String> seen = new ArrayList<>(cursor.path("Resources.id"));
        seen.addAll(scim().queryParam("filter", "displayName sw " + q(prefix)).queryParam("cursor", next).queryParam("count", 2)
                .get("/Applications").path("Resources.id"));
        assertEquals(ids.stream().sorted().toList(), seen.stream().sorted().toList());
    }

    @Test
    void anApplicationDeveloperRegistersAppsItOwnsButCannotAssignThemOrTouchOthers() {
        String developer = Roles.userWithRole(Role.APPLICATION_DEVELOPER);
        String token = Roles.clientFor(developer);
        Response made = as(token).body(appBody(unique("dev-app"), List.of("user"), "")).post("/Applications");
        made.then().statusCode(201).body("owners.value", hasItem(developer));
        String own = made.path("id");
        as(token).body(RoleMatrixTest.patch("replace", "description", q("mine"))).patch("/Applications/{id}", own).then().statusCode(200);
        Response enterprise = as(token).body(RoleMatrixTest.patch("replace", "appRoleAssignmentRequired", "true"))
                .patch("/Applications/{id}", own);
        assertScimError(enterprise, 403);
        assertThat(enterprise.path("detail"), containsString("appRoleAssignmentRequired"));
        assertScimError(as(token).body(assignmentBody(createUniqueUser("x"), own, roleId(own, "user"))).post("/AppRoleAssignments"), 403);
        String others = Apps.createApp();
        assertScimError(as(token).body(RoleMatrixTest.patch("replace", "description", q("theirs"))).patch("/Applications/{id}", others), 403);
        assertScimError(as(token).delete("/Applications/{id}", own), 403);
    }

    /** DOMAIN.md 4.3: "owner of an application (any user)": an owner without an admin role manages its application only. */
    @Test
    void anOwnerWithoutAnAdminRoleManagesItsApplicationAndNothingElse() {
        String owner = createUniqueUser("owner");
        String token = Roles.clientFor(owner);
        assertScimError(as(token).get("/Applications"), 403); // owning nothing yet: /Me only
        String app = Apps.createApp(owner);
        scim().get("/Users/{id}", owner).then().body("'" + Roles.USER_EXT + "'.ownedApplications", hasItem(app));
        String others = Apps.createApp();

        as(token).get("/Applications/{id}", app).then().statusCode(200);
        as(token).body(RoleMatrixTest.patch("replace", "description", q("ours"))).patch("/Applications/{id}", app).then().statusCode(200);
        Response enterprise = as(token).body(RoleMatrixTest.patch("replace", "appRoleAssignmentRequired", "true"))
                .patch("/Applications/{id}", app);
        assertScimError(enterprise, 403);
        assertThat(enterprise.path("detail"), containsString("appRoleAssignmentRequired"));
        String assignment = as(token).body(assignmentBody(createUniqueUser("reached"), app, null)).post("/AppRoleAssignments")
                .then().statusCode(201).extract().path("id");
        as(token).delete("/AppRoleAssignments/{id}", assignment).then().statusCode(204);

        assertScimError(as(token).body(RoleMatrixTest.patch("replace", "description", q("theirs"))).patch("/Applications/{id}", others), 403);
        assertScimError(as(token).body(assignmentBody(createUniqueUser("x"), others, null)).post("/AppRoleAssignments"), 403);
        assertScimError(as(token).body(appBody(unique("mine-too"), List.of(), "")).post("/Applications"), 403);
        assertScimError(as(token).delete("/Applications/{id}", app), 403);
        assertScimError(as(token).get("/Users"), 403);
        assertScimError(as(token).get("/Groups"), 403);

        // no longer an owner: back to /Me only
        scim().body("{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"], \"Operations\": [{\"op\": \"remove\", "
                + "\"path\": \"owners\"}]}").patch("/Applications/{id}", app).then().statusCode(200);
        scim().get("/Users/{id}", owner).then().body("'" + Roles.USER_EXT + "'.ownedApplications", org.hamcrest.Matchers.nullValue());
        assertScimError(as(token).get("/Applications/{id}", app), 403);
        // deleting an owned application ends the ownership in the same write
        String second = Apps.createApp(owner);
        as(token).get("/Applications/{id}", second).then().statusCode(200);
        scim().delete("/Applications/{id}", second).then().statusCode(204);
        scim().get("/Users/{id}", owner).then().body("'" + Roles.USER_EXT + "'.ownedApplications", org.hamcrest.Matchers.nullValue());
        assertScimError(as(token).get("/Applications"), 403);
    }

    @Test
    void aCloudApplicationAdministratorCannotSetTheProxyOnCreatePutOrPatch() {
        String token = Roles.clientFor(Roles.userWithRole(Role.CLOUD_APPLICATION_ADMINISTRATOR));
        String proxy = "\"proxySettings\": {\"externalUrl\": \"https://hr.example.com\", \"internalUrl\": \"http://hr.local\", "
                + "\"preAuthentication\": \"entra\"}";
        Response create = as(token).body(appBody(unique("proxied"), List.of(), proxy)).post("/Applications");
        assertScimError(create, 403);
        assertThat(create.path("detail"), containsString("proxySettings"));
        String app = as(token).body(appBody(unique("cloud"), List.of(), "")).post("/Applications").then().statusCode(201).extract().path("id");
        Response put = as(token).body(appBody("renamed", List.of(), proxy)).put("/Applications/{id}", app);
        assertScimError(put, 403);
        assertThat(put.path("detail"), containsString("proxySettings"));
        Response viaPatch = as(token).body(RoleMatrixTest.patch("add", "proxySettings", "{\"externalUrl\": \"https://x.example.com\"}"))
                .patch("/Applications/{id}", app);
        assertScimError(viaPatch, 403);
        assertThat(viaPatch.path("detail"), containsString("proxySettings"));
        // everything else is theirs: enterprise settings and assignments
        as(token).body(RoleMatrixTest.patch("replace", "appRoleAssignmentRequired", "true")).patch("/Applications/{id}", app)
                .then().statusCode(200);
        as(token).body(assignmentBody(createUniqueUser("cloud"), app, null)).post("/AppRoleAssignments").then().statusCode(201);
        // an Application Administrator may publish it through the proxy
        String admin = Roles.clientFor(Roles.userWithRole(Role.APPLICATION_ADMINISTRATOR));
        as(admin).body(RoleMatrixTest.patch("add", "proxySettings", "{\"externalUrl\": \"https://x.example.com\", \"preAuthentication\": \"Passthrough\"}"))
                .patch("/Applications/{id}", app).then().statusCode(200).body("proxySettings.preAuthentication", equalTo("passthrough"));
        assertThat(scim().get("/Applications/{id}", app).asString(), not(containsString("Exception")));
    }
}
