package io.roster.conformance;

import static io.roster.conformance.Roles.GROUP_EXT;
import static io.roster.conformance.Roles.USER_EXT;
import static io.roster.conformance.Roles.as;
import static io.roster.conformance.Scim.GROUP_SCHEMA;
import static io.roster.conformance.Scim.assertScimError;
import static io.roster.conformance.Scim.create;
import static io.roster.conformance.Scim.createUniqueUser;
import static io.roster.conformance.Scim.q;
import static io.roster.conformance.Scim.unique;
import static io.roster.conformance.Scim.uniqueUserName;
import static org.hamcrest.Matchers.containsString;

import io.roster.conformance.kit.Area;
import io.roster.conformance.kit.Check;
import io.roster.conformance.kit.Level;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.roster.conformance.Roles.Holding;
import io.roster.conformance.Roles.Role;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every built-in role (DOMAIN.md 2.1), held directly and through a role-assignable group, against every
 * kind of operation (applications' too, DOMAIN.md 4.3, with the case of a caller owning the application): allowed answers 2xx, anything else 403 with a SCIM error naming the permission.
 * Each case gets its own targets, made with the administrator token, so the cases run concurrently
 * (among themselves only: the class as a whole still runs alone, like every other class).
 */
@Check(level = Level.ROSTER, area = Area.EXTENSIONS, rule = "Roster admin roles")
class RoleMatrixTest {

    @BeforeAll
    static void rolesAreThere() {
        Roles.assumeRoles();
    }

    /** One kind of request; {@code run} makes its targets as the administrator and sends it as the caller. */
    enum Operation {
        READ_USER(as -> as.get("/Users/{id}", createUniqueUser("read"))),
        LIST_API_CLIENTS(as -> as.get("/ApiClients")),
        /** Jobs show what the server does to groups: readable by whoever may read Groups (every built-in role). */
        LIST_JOBS(as -> as.get("/Jobs")),
        CREATE_USER(as -> as.body(Scim.userBody(uniqueUserName("made"))).post("/Users")),
        UPDATE_USER_ATTRIBUTE(as -> as.body(patch("replace", "displayName", "\"Renamed\"")).patch("/Users/{id}", createUniqueUser("upd"))),
        UPDATE_PRIVILEGED_USER(as -> as.body(patch("replace", "displayName", "\"Renamed\""))
                .patch("/Users/{id}", Roles.userWithRole(Role.HELPDESK_ADMINISTRATOR))),
        RESET_PASSWORD(as -> as.body(patch("replace", "password", "\"N3w-Passw0rd!\"")).patch("/Users/{id}", createUniqueUser("pw"))),
        DEACTIVATE_USER_HOLDING_A_ROLE(as -> as.body(patch("replace", "active", "false"))
                .patch("/Users/{id}", Roles.userWithRole(Role.LICENSE_ADMINISTRATOR))),
        DELETE_USER(as -> as.delete("/Users/{id}", createUniqueUser("del"))),
        CREATE_GROUP(as -> as.body(Scim.groupBodyWithoutMembers(unique("grp"))).post("/Groups")),
        ADD_GROUP_MEMBER(as -> as.body(patch("add", "members", "[{\"value\": " + q(createUniqueUser("mem")) + "}]"))
                .patch("/Groups/{id}", create("/Groups", Scim.groupBodyWithoutMembers(unique("grp"))))),
        CREATE_ROLE_ASSIGNABLE_GROUP(as -> as.body("""
                {"schemas": ["%s", "%s"], "displayName": %s, "%s": {"isAssignableToRole": true}}"""
                .formatted(GROUP_SCHEMA, GROUP_EXT, q(unique("rag")), GROUP_EXT)).post("/Groups")),
        ADD_ROLE_ASSIGNABLE_GROUP_MEMBER(as -> as.body(patch("add", "members", "[{\"value\": " + q(createUniqueUser("ragm")) + "}]"))
                .patch("/Groups/{id}", Roles.roleGroup(Role.GLOBAL_READER))),
        ASSIGN_ROLE(as -> as.body(patch("add", "roles", "[{\"value\": \"" + Role.GLOBAL_READER.value + "\"}]"))
                .patch("/Users/{id}", createUniqueUser("assign"))),
        CHANGE_LICENSE_ATTRIBUTES(as -> as.body(patch("replace", USER_EXT + ":usageLocation", "\"US\""))
                .patch("/Users/{id}", createUniqueUser("lic"))),
        MANAGE_API_CLIENT(as -> as.body("{\"schemas\": [\"" + Roles.CLIENT_SCHEMA + "\"], \"displayName\": \"made by a role\"}")
                .post("/ApiClients")),
        // applications (DOMAIN.md 4.3), each on an application made for the case
        READ_APPLICATION(as -> as.get("/Applications/{id}", Apps.createApp())),
        CREATE_APPLICATION(as -> as.body(Apps.appBody(unique("app"), List.of("user"), "")).post("/Applications")),
        CREATE_APPLICATION_WITH_PROXY(as -> as.body(Apps.appBody(unique("app"), List.of(), PROXY)).post("/Applications")),
        UPDATE_APPLICATION_REGISTRATION(as -> as.body(patch("replace", "description", "\"new\"")).patch("/Applications/{id}", Apps.createApp())),
        UPDATE_APPLICATION_ENTERPRISE_SETTING(as -> as.body(patch("replace", "appRoleAssignmentRequired", "true"))
                .patch("/Applications/{id}", Apps.createApp())),
        UPDATE_APPLICATION_PROXY(as -> as.body(patch("add", "proxySettings", "{\"externalUrl\": \"https://p.example.com\"}"))
                .patch("/Applications/{id}", Apps.createApp())),
        DELETE_APPLICATION(as -> as.delete("/Applications/{id}", Apps.createApp())),
        ASSIGN_APPLICATION(as -> as.body(Apps.assignmentBody(Scim.createGroup(unique("ag")), Apps.createApp(), null)).post("/AppRoleAssignments")),
        ASSIGN_APPLICATION_TO_ROLE_ASSIGNABLE_GROUP(as -> as.body(Apps.assignmentBody(Roles.roleGroup(Role.GLOBAL_READER), Apps.createApp(), null))
                .post("/AppRoleAssignments")),
        REMOVE_ASSIGNMENT(as -> as.delete("/AppRoleAssignments/{id}", Apps.assign(createUniqueUser("ra"), Apps.createApp(), null))),
        // the owner case: the caller owns the application
        UPDATE_OWNED_APPLICATION_REGISTRATION((as, me) -> as.body(patch("replace", "description", "\"mine\""))
                .patch("/Applications/{id}", Apps.createApp(me))),
        UPDATE_OWNED_APPLICATION_ENTERPRISE_SETTING((as, me) -> as.body(patch("replace", "visibleToUsers", "false"))
                .patch("/Applications/{id}", Apps.createApp(me))),
        ASSIGN_OWNED_APPLICATION((as, me) -> as.body(Apps.assignmentBody(createUniqueUser("oa"), Apps.createApp(me), null))
                .post("/AppRoleAssignments")),
        DELETE_OWNED_APPLICATION((as, me) -> as.delete("/Applications/{id}", Apps.createApp(me)));

        final BiFunction<RequestSpecification, String, Response> run;

        Operation(Function<RequestSpecification, Response> run) {
            this.run = (as, me) -> run.apply(as);
        }

        /** {@code run} gets the caller's user id too (to make it an application's owner). */
        Operation(BiFunction<RequestSpecification, String, Response> run) {
            this.run = run;
        }
    }

    static final String PROXY = "\"proxySettings\": {\"externalUrl\": \"https://p.example.com\", \"preAuthentication\": \"passthrough\"}";

    /** The application operations (DOMAIN.md 4.3): run with the role held directly. */
    static final Set<Operation> APPLICATION_OPERATIONS = EnumSet.range(Operation.READ_APPLICATION, Operation.DELETE_OWNED_APPLICATION);

    /** Every built-in role reads applications, and changes the registration and assignments of one it owns (DOMAIN.md 4.3). */
    static final Set<Operation> EVERY_ROLE = EnumSet.of(Operation.READ_APPLICATION, Operation.UPDATE_OWNED_APPLICATION_REGISTRATION,
            Operation.ASSIGN_OWNED_APPLICATION);
    /** Everything about applications but the proxy, role-assignable groups and what needs no application role. */
    static final Set<Operation> CLOUD_APPLICATIONS = EnumSet.of(Operation.CREATE_APPLICATION, Operation.UPDATE_APPLICATION_REGISTRATION,
            Operation.UPDATE_APPLICATION_ENTERPRISE_SETTING, Operation.DELETE_APPLICATION, Operation.ASSIGN_APPLICATION,
            Operation.REMOVE_ASSIGNMENT, Operation.UPDATE_OWNED_APPLICATION_ENTERPRISE_SETTING, Operation.DELETE_OWNED_APPLICATION);

    private static Set<Operation> with(Set<Operation> base, Set<Operation> more, Operation... also) {
        EnumSet<Operation> out = EnumSet.copyOf(base);
        out.addAll(more);
        out.addAll(List.of(also));
        return out;
    }

    /** What each role may do (DOMAIN.md 2.1); everything else is 403. */
    static final Map<Role, Set<Operation>> ALLOWED = Map.of(
            Role.GLOBAL_ADMINISTRATOR, EnumSet.allOf(Operation.class),
            Role.PRIVILEGED_ROLE_ADMINISTRATOR, with(EVERY_ROLE, EnumSet.of(Operation.READ_USER, Operation.LIST_JOBS, Operation.LIST_API_CLIENTS,
                    Operation.CREATE_ROLE_ASSIGNABLE_GROUP, Operation.ADD_ROLE_ASSIGNABLE_GROUP_MEMBER, Operation.ASSIGN_ROLE,
                    Operation.MANAGE_API_CLIENT), Operation.ASSIGN_APPLICATION_TO_ROLE_ASSIGNABLE_GROUP),
            Role.USER_ADMINISTRATOR, with(EVERY_ROLE, EnumSet.of(Operation.READ_USER, Operation.LIST_JOBS, Operation.CREATE_USER,
                    Operation.UPDATE_USER_ATTRIBUTE, Operation.RESET_PASSWORD, Operation.DEACTIVATE_USER_HOLDING_A_ROLE, Operation.DELETE_USER,
                    Operation.CREATE_GROUP, Operation.ADD_GROUP_MEMBER, Operation.CHANGE_LICENSE_ATTRIBUTES)),
            Role.GROUPS_ADMINISTRATOR, with(EVERY_ROLE, EnumSet.of(Operation.READ_USER, Operation.LIST_JOBS, Operation.CREATE_GROUP,
                    Operation.ADD_GROUP_MEMBER)),
            Role.LICENSE_ADMINISTRATOR, with(EVERY_ROLE, EnumSet.of(Operation.READ_USER, Operation.LIST_JOBS, Operation.CHANGE_LICENSE_ATTRIBUTES)),
            Role.HELPDESK_ADMINISTRATOR, with(EVERY_ROLE, EnumSet.of(Operation.READ_USER, Operation.LIST_JOBS, Operation.RESET_PASSWORD)),
            Role.APPLICATION_ADMINISTRATOR, with(EVERY_ROLE, CLOUD_APPLICATIONS, Operation.READ_USER, Operation.LIST_JOBS,
                    Operation.CREATE_APPLICATION_WITH_PROXY, Operation.UPDATE_APPLICATION_PROXY),
            Role.CLOUD_APPLICATION_ADMINISTRATOR, with(EVERY_ROLE, CLOUD_APPLICATIONS, Operation.READ_USER, Operation.LIST_JOBS),
            // a developer's ownership covers the registration only: not assignments, enterprise settings or deletion
            Role.APPLICATION_DEVELOPER, EnumSet.of(Operation.READ_USER, Operation.LIST_JOBS, Operation.READ_APPLICATION,
                    Operation.CREATE_APPLICATION, Operation.UPDATE_OWNED_APPLICATION_REGISTRATION),
            Role.GLOBAL_READER, with(EVERY_ROLE, EnumSet.of(Operation.READ_USER, Operation.LIST_JOBS, Operation.LIST_API_CLIENTS)));

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Role role : Role.values()) {
            for (Holding holding : Holding.values()) {
                for (Operation op : Operation.values()) {
                    if (holding == Holding.THROUGH_GROUP && APPLICATION_OPERATIONS.contains(op)) {
                        continue; // how a role is held is resolved once for every operation: the directory ones prove it
                    }
                    out.add(Arguments.of(role, holding, op, ALLOWED.get(role).contains(op)));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} ({1}) {2}: allowed={3}")
    @MethodSource("cases")
    @Execution(ExecutionMode.CONCURRENT)
    void eachRoleMayDoExactlyWhatDomainSectionTwoSays(Role role, Holding holding, Operation op, boolean allowed) {
        String token = Roles.tokenFor(role, holding);
        Response r = op.run.apply(as(token), Roles.userOf(token));
        if (allowed) {
            int status = r.statusCode();
            if (status < 200 || status > 299) {
                throw new AssertionError(role + " (" + holding + ") should be allowed to " + op + " but got " + status + ": " + r.asString());
            }
        } else {
            assertScimError(r, 403);
            r.then().body("detail", containsString("Permission denied"));
        }
    }

    static String patch(String op, String path, String valueJson) {
        return "{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"], \"Operations\": [{\"op\": \"" + op
                + "\", \"path\": \"" + path + "\", \"value\": " + valueJson + "}]}";
    }
}
