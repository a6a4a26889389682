package io.roster.conformance;

import static io.roster.conformance.Roles.CLIENT_SCHEMA;
import static io.roster.conformance.Roles.GROUP_EXT;
import static io.roster.conformance.Roles.ROLE_EXT;
import static io.roster.conformance.Roles.USER_EXT;
import static io.roster.conformance.Roles.as;
import static io.roster.conformance.RoleMatrixTest.patch;
import static io.roster.conformance.Scim.GROUP_SCHEMA;
import static io.roster.conformance.Scim.USER_SCHEMA;
import static io.roster.conformance.Scim.anonymous;
import static io.roster.conformance.Scim.assertScimError;
import static io.roster.conformance.Scim.create;
import static io.roster.conformance.Scim.createUniqueUser;
import static io.roster.conformance.Scim.getGroup;
import static io.roster.conformance.Scim.getUser;
import static io.roster.conformance.Scim.q;
import static io.roster.conformance.Scim.scim;
import static io.roster.conformance.Scim.unique;
import static io.roster.conformance.Scim.uniqueUserName;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import io.roster.conformance.kit.Area;
import io.roster.conformance.kit.Check;
import io.roster.conformance.kit.Level;
import io.restassured.response.Response;
import io.roster.conformance.Roles.Holding;
import io.roster.conformance.Roles.Role;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Admin roles (DOMAIN.md section 2) beyond the matrix: /Roles, assignment directly and through
 * role-assignable groups, effective roles and counts, API clients with roles, secret rotation, and
 * refusals that change nothing.
 */
@Check(level = Level.ROSTER, area = Area.EXTENSIONS, rule = "Roster admin roles")
class RolesTest {

    @BeforeAll
    static void rolesAreThere() {
        Roles.assumeRoles();
    }

    private static Response role(Role role) {
        return scim().get("/Roles/{id}", role.value);
    }

    private static long used(Role role) {
        return ((Number) role(role).path("totalAssignmentsUsed")).longValue();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> effectiveRoles(String userId) {
        Response r = getUser(userId);
        r.then().statusCode(200);
        Map<String, Object> ext = r.jsonPath().getMap("'" + USER_EXT + "'");
        Object list = ext == null ? null : ext.get("effectiveRoles");
        return list == null ? List.of() : (List<Map<String, Object>>) list;
    }

    private static String removeMember(String userId) {
        return "{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"], \"Operations\": [{\"op\": \"remove\", "
                + "\"path\": \"members[value eq \\\"" + userId + "\\\"]\"}]}";
    }

    // ---------------------------------------------------------------- /Roles

    @Test
    void everyBuiltInRoleIsPublishedWithItsEntraTemplateIdAndPermissions() {
        Response list = scim().get("/Roles?count=100");
        list.then().statusCode(200);
        List<String> values = list.jsonPath().getList("Resources.value");
        for (Role r : Role.values()) {
            assertThat(values, hasItem(r.value));
        }
        role(Role.GLOBAL_ADMINISTRATOR).then().statusCode(200)
                .body("display", equalTo("Global Administrator"))
                .body("schemas", containsInAnyOrder(Roles.ROLE_SCHEMA, ROLE_EXT))
                .body("'" + ROLE_EXT + "'.privileged", equalTo(true))
                .body("'" + ROLE_EXT + "'.builtIn", equalTo(true));
        role(Role.GROUPS_ADMINISTRATOR).then().body("'" + ROLE_EXT + "'.privileged", equalTo(false))
                .body("'" + ROLE_EXT + "'.permissions", hasItem("groups.manage"));
        role(Role.LICENSE_ADMINISTRATOR).then().body("'" + ROLE_EXT + "'.privileged", equalTo(false));
        role(Role.HELPDESK_ADMINISTRATOR).then().body("'" + ROLE_EXT + "'.privileged", equalTo(true));
        scim().get("/Roles?filter=" + "display eq \"User Administrator\"").then().statusCode(200)
                .body("Resources.value", contains(Role.USER_ADMINISTRATOR.value));
    }

    @Test
    void builtInRolesAreReadOnly() {
        String id = Role.GLOBAL_READER.value;
        assertScimError(scim().body(patch("replace", "display", "\"Reader\"")).patch("/Roles/{id}", id), 400, "mutability");
        assertScimError(scim().body(patch("replace", ROLE_EXT + ":description", "\"x\"")).patch("/Roles/{id}", id), 400, "mutability");
        assertScimError(scim().body("{\"schemas\": [\"" + Roles.ROLE_SCHEMA + "\"], \"value\": \"x\", \"display\": \"Reader\"}")
                .put("/Roles/{id}", id), 400, "mutability");
        assertScimError(scim().delete("/Roles/{id}", id), 400, "mutability");
        assertScimError(scim().body("{\"schemas\": [\"" + Roles.ROLE_SCHEMA + "\"], \"value\": \"custom\", \"display\": \"Custom\"}")
                .post("/Roles"), 400);
        role(Role.GLOBAL_READER).then().statusCode(200).body("display", equalTo("Global Reader"));
    }

    /** draft-ietf-scim-roles-entitlements section 3.1, with the draft's field names. */
    @Test
    void serviceProviderConfigAdvertisesRolesAndEntitlements() {
        anonymous().get("/ServiceProviderConfig").then().statusCode(200)
                .body("RolesAndEntitlements.roles.supported", equalTo(true))
                .body("RolesAndEntitlements.roles.multipleRolesSupported", equalTo(true))
                .body("RolesAndEntitlements.roles.primarySupported", equalTo(true))
                .body("RolesAndEntitlements.roles.typeSupported", equalTo(true))
                .body("RolesAndEntitlements.roles.endpoint", equalTo("/Roles"))
                .body("RolesAndEntitlements.entitlements.supported", equalTo(true))
                .body("RolesAndEntitlements.entitlements.multipleEntitlementsSupported", equalTo(true))
                .body("RolesAndEntitlements.entitlements.endpoint", equalTo("/Licenses"));
    }

    // ---------------------------------------------------------------- assignment and effective roles

    @Test
    void effectiveRolesAppearAndDisappearWithGroupMembershipAndCountDistinctHolders() {
        Role role = Role.APPLICATION_DEVELOPER;
        String user = createUniqueUser("eff");
        String group = Roles.roleGroup(role);
        long before = used(role);

        scim().body(patch("add", "members", "[{\"value\": " + q(user) + "}]")).patch("/Groups/{id}", group).then().statusCode(204);
        assertThat(effectiveRoles(user), contains(Map.of("value", role.value, "display", role.display, "assignedByGroup", group)));
        assertThat(used(role), equalTo(before + 1));

        // The same role directly as well: two sources, one holder.
        scim().body(patch("add", "roles", "[{\"value\": \"" + role.value + "\"}]")).patch("/Users/{id}", user).then().statusCode(200);
        assertThat(effectiveRoles(user).size(), equalTo(2));
        assertThat(used(role), equalTo(before + 1));

        scim().body(removeMember(user)).patch("/Groups/{id}", group)
                .then().statusCode(204);
        assertThat(effectiveRoles(user), contains(Map.of("value", role.value, "display", role.display)));
        assertThat(used(role), equalTo(before + 1));

        scim().body("{\"Operations\": [{\"op\": \"remove\", \"path\": \"roles\"}]}").patch("/Users/{id}", user).then().statusCode(200);
        assertThat(effectiveRoles(user), empty());
        assertThat(used(role), equalTo(before));
    }

    @Test
    void deletingARoleAssignableGroupOrAHolderReleasesTheRole() {
        Role role = Role.CLOUD_APPLICATION_ADMINISTRATOR;
        String a = createUniqueUser("del-a");
        String b = createUniqueUser("del-b");
        long before = used(role);
        String group = Roles.roleGroup(role, a, b);
        assertThat(used(role), equalTo(before + 2));
        scim().delete("/Users/{id}", b).then().statusCode(204);
        assertThat(used(role), equalTo(before + 1));
        scim().delete("/Groups/{id}", group).then().statusCode(204);
        assertThat(effectiveRoles(a), empty());
        assertThat(used(role), equalTo(before));
    }

    @Test
    void changingAGroupsRolesUpdatesEveryMember() {
        String a = createUniqueUser("gr-a");
        String b = createUniqueUser("gr-b");
        String group = Roles.roleGroup(Role.GLOBAL_READER, a, b);
        scim().body(patch("replace", GROUP_EXT + ":roles", "[{\"value\": \"" + Role.APPLICATION_ADMINISTRATOR.value + "\"}]"))
                .patch("/Groups/{id}", group).then().statusCode(204);
        for (String u : List.of(a, b)) {
            assertThat(effectiveRoles(u), contains(Map.of("value", Role.APPLICATION_ADMINISTRATOR.value,
                    "display", Role.APPLICATION_ADMINISTRATOR.display, "assignedByGroup", group)));
        }
    }

    @Test
    void entraStringifiedRoleIsMappedByDisplayName() {
        String user = createUniqueUser("entra-role");
        scim().body(patch("add", "roles", "[{\"value\": \"{\\\"id\\\":\\\"0b2e6f44-1d4a-4c1e-9d7a-5f7c1c1a2b3c\\\","
                        + "\\\"value\\\":\\\"Global Reader\\\",\\\"displayName\\\":\\\"Global Reader\\\"}\"}]"))
                .patch("/Users/{id}", user).then().statusCode(200);
        assertThat(effectiveRoles(user), contains(Map.of("value", Role.GLOBAL_READER.value, "display", "Global Reader")));
    }

    @Test
    void entrasAppRoleNamingNoAdminRoleIsKeptAsAPlainRoleThatGrantsNothing() {
        String user = createUniqueUser("entra-app-role");
        // CLIENTS.md: Entra's exact shape; "Admin" is an app role of the Roster app, not an admin role's name
        scim().body("""
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op":"Add","path":"roles","value":[{"value":"{\\"id\\":\\"5b8f9c1e-6d2a-4f3b-8c7d-0e1f2a3b4c5d\\",\\"value\\":\\"Admin\\",\\"displayName\\":\\"Admin\\"}"}]}]}""")
                .patch("/Users/{id}", user).then().statusCode(200).body("roles[0].value", equalTo("Admin"))
                .body("roles[0].display", equalTo("Admin"));
        assertThat(effectiveRoles(user), empty());
        Response created = scim().body("""
                {"schemas": ["%s"], "userName": %s, "roles": [{"value": "Reader"}, {"value": "%s"}]}"""
                .formatted(USER_SCHEMA, q(uniqueUserName("idp-reader")), Role.GLOBAL_READER.value)).post("/Users");
        created.then().statusCode(201).body("roles.value", contains("Reader", Role.GLOBAL_READER.value));
        assertThat(effectiveRoles(created.path("id")), contains(Map.of("value", Role.GLOBAL_READER.value, "display", "Global Reader")));
        // A token of a user holding only plain roles has no admin role: /Me only.
        assertScimError(as(Roles.clientFor(user)).get("/Users"), 403);
    }

    @Test
    void anUnknownRoleOnAGroupOrAClientIsRefused() {
        assertScimError(scim().body("""
                {"schemas": ["%s", "%s"], "displayName": %s, "%s": {"isAssignableToRole": true, "roles": [{"value": "nope"}]}}"""
                .formatted(GROUP_SCHEMA, GROUP_EXT, q(unique("bad-role")), GROUP_EXT)).post("/Groups"), 400, "invalidValue");
    }

    @Test
    void onlyARoleAssignableGroupMayHoldRolesAndTheFlagIsSetOnlyAtCreation() {
        String plain = create("/Groups", Scim.groupBodyWithoutMembers(unique("plain")));
        assertScimError(scim().body(patch("add", GROUP_EXT + ":roles", "[{\"value\": \"" + Role.GLOBAL_READER.value + "\"}]"))
                .patch("/Groups/{id}", plain), 400, "invalidValue");
        assertScimError(scim().body(patch("replace", GROUP_EXT + ":isAssignableToRole", "true")).patch("/Groups/{id}", plain),
                400, "mutability");
        String assignable = Roles.roleGroup(Role.GLOBAL_READER);
        assertScimError(scim().body(patch("replace", GROUP_EXT + ":isAssignableToRole", "false")).patch("/Groups/{id}", assignable),
                400, "mutability");
        // A PUT that leaves the flag out keeps it (immutable), and the group stays role-assignable.
        scim().body("{\"schemas\": [\"" + GROUP_SCHEMA + "\"], \"displayName\": " + q(unique("renamed")) + "}")
                .put("/Groups/{id}", assignable).then().statusCode(200);
        getGroup(assignable).then().body("'" + GROUP_EXT + "'.isAssignableToRole", equalTo(true));
    }

    /** RFC 7643 section 7: a PUT may carry an immutable attribute with the value in effect; absent means false. */
    @Test
    void aPutCarryingTheRoleAssignableFlagInEffectSucceeds() {
        String name = unique("flag-false");
        String plain = create("/Groups", Scim.groupBodyWithoutMembers(name));
        scim().body("""
                {"schemas": ["%s", "%s"], "displayName": %s, "%s": {"isAssignableToRole": false}}"""
                .formatted(GROUP_SCHEMA, GROUP_EXT, q(name), GROUP_EXT)).put("/Groups/{id}", plain).then().statusCode(200);
        scim().body(patch("replace", GROUP_EXT + ":isAssignableToRole", "false")).patch("/Groups/{id}", plain).then().statusCode(204);
        String assignable = Roles.roleGroup(Role.GLOBAL_READER);
        scim().body("""
                {"schemas": ["%s", "%s"], "displayName": %s, "%s": {"isAssignableToRole": true}}"""
                .formatted(GROUP_SCHEMA, GROUP_EXT, q(unique("flag-true")), GROUP_EXT)).put("/Groups/{id}", assignable).then().statusCode(200);
        getGroup(assignable).then().body("'" + GROUP_EXT + "'.isAssignableToRole", equalTo(true));
        assertScimError(scim().body("""
                {"schemas": ["%s", "%s"], "displayName": %s, "%s": {"isAssignableToRole": true}}"""
                .formatted(GROUP_SCHEMA, GROUP_EXT, q(name), GROUP_EXT)).put("/Groups/{id}", plain), 400, "mutability");
    }

    @Test
    void aRoleAssignableGroupCannotContainGroups() {
        String inner = create("/Groups", Scim.groupBodyWithoutMembers(unique("inner")));
        String assignable = Roles.roleGroup(Role.GLOBAL_READER);
        assertScimError(scim().body(patch("add", "members", "[{\"value\": " + q(inner) + "}]")).patch("/Groups/{id}", assignable),
                400, "invalidValue");
        assertThat(Scim.memberIds(assignable), empty());
    }

    // ---------------------------------------------------------------- enforcement

    @Test
    void aUserBoundTokenGetsItsUsersRolesAndLosesThemWhenTheUserLeavesTheGroup() {
        String user = createUniqueUser("lose");
        String group = Roles.roleGroup(Role.USER_ADMINISTRATOR, user);
        String secret = Roles.clientFor(user);
        as(secret).body(Scim.userBody(uniqueUserName("by-ua"))).post("/Users").then().statusCode(201);

        scim().body(removeMember(user)).patch("/Groups/{id}", group).then().statusCode(204);
        assertScimError(as(secret).body(Scim.userBody(uniqueUserName("by-ex-ua"))).post("/Users"), 403);
        as(secret).get("/Me").then().statusCode(200).body("id", equalTo(user)); // still itself
    }

    @Test
    void aUserWithoutRolesKeepsItsOwnProfileButCannotGiveItselfARole() {
        String user = createUniqueUser("self");
        String secret = Roles.clientFor(user);
        as(secret).body(patch("replace", "nickName", "\"Engineer\"")).patch("/Me").then().statusCode(200).body("nickName", equalTo("Engineer"));
        Response r = as(secret).body(patch("add", "roles", "[{\"value\": \"" + Role.GLOBAL_ADMINISTRATOR.value + "\"}]")).patch("/Me");
        assertScimError(r, 403);
        r.then().body("detail", containsString("\"roles\""));
        assertThat(effectiveRoles(user), empty());
        assertScimError(as(secret).get("/Users/{id}", user), 403);
    }

    @Test
    void aGlobalAdministratorsClientStopsWhenTheUserIsDeactivatedOrDeleted() {
        String admin = Roles.userWithRole(Role.GLOBAL_ADMINISTRATOR);
        String secret = Roles.clientFor(admin);
        as(secret).body(Scim.userBody(uniqueUserName("by-ga"))).post("/Users").then().statusCode(201);
        scim().body(patch("Replace", "active", "\"False\"")).patch("/Users/{id}", admin).then().statusCode(200);
        Response refused = as(secret).body(Scim.userBody(uniqueUserName("by-inactive-ga"))).post("/Users");
        assertScimError(refused, 401);
        refused.then().header("WWW-Authenticate", containsString("invalid_token")).body("detail", containsString("deactivated"));
        assertScimError(as(secret).get("/ApiClients"), 401);
        scim().delete("/Users/{id}", admin).then().statusCode(204);
        assertScimError(as(secret).get("/Users?count=1"), 401);
    }

    @Test
    void aCallerThatMayNotWriteApiClientsGets403BeforeExistenceOrVersion() {
        String client = create("/ApiClients", "{\"schemas\": [\"" + CLIENT_SCHEMA + "\"], \"displayName\": \"guarded\"}");
        for (Role role : List.of(Role.USER_ADMINISTRATOR, Role.GLOBAL_READER)) {
            String secret = Roles.tokenFor(role, Holding.DIRECT);
            for (String id : List.of(client, "00000000-0000-7000-8000-000000000000")) {
                List<Response> answers = List.of(
                        as(secret).header("If-Match", "W/\"999\"").body("{\"displayName\": \"x\"}").put("/ApiClients/{id}", id),
                        as(secret).header("If-Match", "W/\"999\"").body(patch("replace", "displayName", "\"x\"")).patch("/ApiClients/{id}", id),
                        as(secret).header("If-Match", "W/\"999\"").delete("/ApiClients/{id}", id),
                        as(secret).body("{ not json").put("/ApiClients/{id}", id));
                for (Response r : answers) {
                    assertScimError(r, 403);
                    r.then().body("detail", containsString("Permission denied")).body("detail", not(containsString("999")));
                }
            }
        }
        scim().get("/ApiClients/{id}", client).then().statusCode(200).body("displayName", equalTo("guarded"));
    }

    @Test
    void aDeniedChangeChangesNothing() {
        String target = createUniqueUser("untouched");
        String before = getUser(target).path("displayName");
        String secret = Roles.tokenFor(Role.GROUPS_ADMINISTRATOR, Holding.DIRECT);
        Response r = as(secret).body(patch("replace", "displayName", "\"Hacked\"")).patch("/Users/{id}", target);
        assertScimError(r, 403);
        r.then().body("detail", containsString("users.manage"));
        getUser(target).then().body("displayName", equalTo(before)).body("meta.version", equalTo(getUser(target).path("meta.version")));
    }

    @Test
    void bulkChecksEachOperation() {
        String secret = Roles.tokenFor(Role.USER_ADMINISTRATOR, Holding.THROUGH_GROUP);
        String userName = uniqueUserName("bulk-ua");
        String groupName = unique("bulk-rag");
        Response r = as(secret).body("""
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"], "Operations": [
                  {"method": "POST", "path": "/Users", "bulkId": "u", "data": %s},
                  {"method": "POST", "path": "/Groups", "bulkId": "g", "data":
                    {"schemas": ["%s", "%s"], "displayName": %s, "%s": {"isAssignableToRole": true}}}]}"""
                .formatted(Scim.userBody(userName), GROUP_SCHEMA, GROUP_EXT, q(groupName), GROUP_EXT)).post("/Bulk");
        r.then().statusCode(200).body("Operations.status", contains("201", "403"))
                .body("Operations[1].response.detail", containsString("roleAssignableGroups.manage"));
        scim().get("/Groups?filter=displayName eq \"" + groupName + "\"").then().body("totalResults", equalTo(0));
    }

    @Test
    void listsAndSearchesNeverRevealWhatTheCallerMayNotRead() {
        String secret = Roles.tokenFor(Role.USER_ADMINISTRATOR, Holding.DIRECT);
        String label = unique("hidden");
        create("/ApiClients", "{\"schemas\": [\"" + CLIENT_SCHEMA + "\"], \"displayName\": " + q(label) + "}");
        assertScimError(as(secret).get("/ApiClients"), 403);
        assertScimError(as(secret).body("{\"filter\": \"displayName eq \\\"" + label + "\\\"\"}").post("/ApiClients/.search"), 403);
        as(secret).body("{\"filter\": \"displayName eq \\\"" + label + "\\\"\"}").post("/.search")
                .then().statusCode(200).body("totalResults", equalTo(0));
        scim().body("{\"filter\": \"displayName eq \\\"" + label + "\\\"\"}").post("/.search")
                .then().statusCode(200).body("totalResults", equalTo(1));
    }

    // ---------------------------------------------------------------- API clients

    @Test
    void anApiClientWithRolesActsWithExactlyThoseRoles() {
        Response created = scim().body("{\"schemas\": [\"" + CLIENT_SCHEMA + "\"], \"displayName\": \"reader job\", \"roles\": [{\"value\": \""
                + Role.GLOBAL_READER.value + "\"}]}").post("/ApiClients");
        created.then().statusCode(201).body("roles[0].value", equalTo(Role.GLOBAL_READER.value));
        String secret = created.path("secret");
        as(secret).get("/Users?count=1").then().statusCode(200);
        as(secret).get("/ApiClients?count=1").then().statusCode(200);
        assertScimError(as(secret).body(Scim.userBody(uniqueUserName("by-reader"))).post("/Users"), 403);
        // RFC 7644 3.11: /Me is the resource of the authenticated subject; a client bound to no user reads its own record
        as(secret).get("/Me").then().statusCode(200).body("displayName", equalTo("reader job"))
                .body("roles[0].value", equalTo(Role.GLOBAL_READER.value)).body("secret", org.hamcrest.Matchers.nullValue());
        Response grant = as(secret).body("{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"], \"Operations\": [{\"op\": "
                + "\"add\", \"path\": \"roles\", \"value\": [{\"value\": \"" + Role.GLOBAL_ADMINISTRATOR.value + "\"}]}]}").patch("/Me");
        assertScimError(grant, 403); // a client never changes itself, least of all its roles
        assertScimError(as(secret).delete("/Me"), 403);
        as(secret).get("/Me").then().body("roles.size()", equalTo(1));
    }

    @Test
    void anApiClientHasEitherAUserOrRolesAndOnlyKnownRoles() {
        String user = createUniqueUser("both");
        assertScimError(scim().body("{\"schemas\": [\"" + CLIENT_SCHEMA + "\"], \"displayName\": \"both\", \"userId\": " + q(user)
                + ", \"roles\": [{\"value\": \"" + Role.GLOBAL_READER.value + "\"}]}").post("/ApiClients"), 400, "invalidValue");
        assertScimError(scim().body("{\"schemas\": [\"" + CLIENT_SCHEMA + "\"], \"displayName\": \"bad\", \"roles\": [{\"value\": \"Emperor\"}]}")
                .post("/ApiClients"), 400, "invalidValue");
    }

    @Test
    void aRotatedSecretIsReturnedOnceAndTheOldOneFailsAtOnce() {
        Response created = scim().body("{\"schemas\": [\"" + CLIENT_SCHEMA + "\"], \"displayName\": \"rotating\", \"roles\": [{\"value\": \""
                + Role.GLOBAL_READER.value + "\"}]}").post("/ApiClients");
        String id = created.path("id");
        String old = created.path("secret");
        as(old).get("/Users?count=1").then().statusCode(200);

        Response rotated = scim().body(patch("replace", "rotateSecret", "true")).patch("/ApiClients/{id}", id);
        rotated.then().statusCode(200).body("secret", startsWith("roster_")).body("meta.version", notNullValue());
        String fresh = rotated.path("secret");
        assertThat(fresh, not(equalTo(old)));
        assertScimError(as(old).get("/Users?count=1"), 401);
        as(fresh).get("/Users?count=1").then().statusCode(200);
        Map<String, Object> read = scim().get("/ApiClients/{id}", id).jsonPath().getMap("$");
        assertThat(read, not(hasKey("secret")));
        assertThat(read, not(hasKey("rotateSecret")));

        // Only a caller allowed to manage API clients may rotate.
        assertScimError(as(fresh).body(patch("replace", "rotateSecret", "true")).patch("/ApiClients/{id}", id), 403);
        as(fresh).get("/Users?count=1").then().statusCode(200);
    }

    @Test
    void aRevokedClientFailsAtOnce() {
        Response created = scim().body("{\"schemas\": [\"" + CLIENT_SCHEMA + "\"], \"displayName\": \"revoked\", \"roles\": [{\"value\": \""
                + Role.USER_ADMINISTRATOR.value + "\"}]}").post("/ApiClients");
        String id = created.path("id");
        String secret = created.path("secret");
        as(secret).get("/Users?count=1").then().statusCode(200);
        scim().body(patch("replace", "active", "false")).patch("/ApiClients/{id}", id).then().statusCode(200);
        assertScimError(as(secret).get("/Users?count=1"), 401);
    }

    @Test
    void theAdministratorTokenIsAGlobalAdministratorBoundToNoUser() {
        scim().body(patch("add", "roles", "[{\"value\": \"" + Role.GLOBAL_READER.value + "\"}]"))
                .patch("/Users/{id}", createUniqueUser("by-admin")).then().statusCode(200);
        assertScimError(scim().get("/Me"), 404);
    }
}
