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
 * kind of operation: allowed answers 2xx, anything else 403 with a SCIM error naming the permission.
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
                .post("/ApiClients"));

        final Function<RequestSpecification, Response> run;

        Operation(Function<RequestSpecification, Response> run) {
            this.run = run;
        }
    }

    /** What each role may do (DOMAIN.md 2.1); everything else is 403. */
    static final Map<Role, Set<Operation>> ALLOWED = Map.of(
            Role.GLOBAL_ADMINISTRATOR, EnumSet.allOf(Operation.class),
            Role.PRIVILEGED_ROLE_ADMINISTRATOR, EnumSet.of(Operation.READ_USER, Operation.LIST_JOBS, Operation.LIST_API_CLIENTS,
                    Operation.CREATE_ROLE_ASSIGNABLE_GROUP, Operation.ADD_ROLE_ASSIGNABLE_GROUP_MEMBER, Operation.ASSIGN_ROLE,
                    Operation.MANAGE_API_CLIENT),
            Role.USER_ADMINISTRATOR, EnumSet.of(Operation.READ_USER, Operation.LIST_JOBS, Operation.CREATE_USER,
                    Operation.UPDATE_USER_ATTRIBUTE, Operation.RESET_PASSWORD, Operation.DEACTIVATE_USER_HOLDING_A_ROLE, Operation.DELETE_USER,
                    Operation.CREATE_GROUP, Operation.ADD_GROUP_MEMBER, Operation.CHANGE_LICENSE_ATTRIBUTES),
            Role.GROUPS_ADMINISTRATOR, EnumSet.of(Operation.READ_USER, Operation.LIST_JOBS, Operation.CREATE_GROUP, Operation.ADD_GROUP_MEMBER),
            Role.LICENSE_ADMINISTRATOR, EnumSet.of(Operation.READ_USER, Operation.LIST_JOBS, Operation.CHANGE_LICENSE_ATTRIBUTES),
            Role.HELPDESK_ADMINISTRATOR, EnumSet.of(Operation.READ_USER, Operation.LIST_JOBS, Operation.RESET_PASSWORD),
            Role.APPLICATION_ADMINISTRATOR, EnumSet.of(Operation.READ_USER, Operation.LIST_JOBS),
            Role.CLOUD_APPLICATION_ADMINISTRATOR, EnumSet.of(Operation.READ_USER, Operation.LIST_JOBS),
            Role.APPLICATION_DEVELOPER, EnumSet.of(Operation.READ_USER, Operation.LIST_JOBS),
            Role.GLOBAL_READER, EnumSet.of(Operation.READ_USER, Operation.LIST_JOBS, Operation.LIST_API_CLIENTS));

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Role role : Role.values()) {
            for (Holding holding : Holding.values()) {
                for (Operation op : Operation.values()) {
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
        Response r = op.run.apply(as(Roles.tokenFor(role, holding)));
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
