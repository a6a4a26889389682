package io.roster.conformance;

import static io.roster.conformance.Scim.GROUP_SCHEMA;
import static io.roster.conformance.Scim.USER_SCHEMA;
import static io.roster.conformance.Scim.anonymous;
import static io.roster.conformance.Scim.create;
import static io.roster.conformance.Scim.q;
import static io.roster.conformance.Scim.scim;
import static io.roster.conformance.Scim.unique;
import static io.roster.conformance.Scim.uniqueUserName;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Assumptions;

/** Fixtures of the admin-roles tests: the built-in roles, users holding them, and tokens acting as those users. */
final class Roles {
    static final String ROLE_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Role";
    static final String ROLE_EXT = "urn:ietf:params:scim:schemas:extension:roster:2.0:Role";
    static final String USER_EXT = "urn:ietf:params:scim:schemas:extension:roster:2.0:User";
    static final String GROUP_EXT = "urn:ietf:params:scim:schemas:extension:roster:2.0:Group";
    static final String CLIENT_SCHEMA = "urn:roster:params:scim:schemas:core:2.0:ApiClient";

    /** DOMAIN.md 2.1, by Entra template id. */
    enum Role {
        GLOBAL_ADMINISTRATOR("62e90394-69f5-4237-9190-012177145e10", "Global Administrator"),
        PRIVILEGED_ROLE_ADMINISTRATOR("e8611ab8-c189-46e8-94e1-60213ab1f814", "Privileged Role Administrator"),
        USER_ADMINISTRATOR("fe930be7-5e62-47db-91af-98c3a49a38b1", "User Administrator"),
        GROUPS_ADMINISTRATOR("fdd7a751-b60b-444a-984c-02652fe8fa1c", "Groups Administrator"),
        LICENSE_ADMINISTRATOR("4d6ac14f-3453-41d0-bef9-a3e0c569773a", "License Administrator"),
        HELPDESK_ADMINISTRATOR("729827e3-9c14-49f7-bb1b-9608f156bbb8", "Helpdesk Administrator"),
        APPLICATION_ADMINISTRATOR("9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3", "Application Administrator"),
        CLOUD_APPLICATION_ADMINISTRATOR("158c047a-c907-4556-b7ef-446551a6b5f7", "Cloud Application Administrator"),
        APPLICATION_DEVELOPER("cf1c38e5-3621-4004-a7cb-879624dced7c", "Application Developer"),
        GLOBAL_READER("f2ef992c-3afb-46b9-b7cf-a126ee74c451", "Global Reader");

        final String value;
        final String display;

        Role(String value, String display) {
            this.value = value;
            this.display = display;
        }
    }

    /** How the token's user holds its role. */
    enum Holding {
        DIRECT, THROUGH_GROUP
    }

    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();
    /** The user behind each token of {@link #TOKENS}, by token. */
    private static final Map<String, String> USERS = new ConcurrentHashMap<>();

    private Roles() {
    }

    static void assumeRoles() {
        Assumptions.assumeTrue(anonymous().get("/ResourceTypes/Role").statusCode() == 200, "the server has no Role resource type");
    }

    static RequestSpecification as(String secret) {
        return anonymous().header("Authorization", "Bearer " + secret);
    }

    /** A token acting as a user that holds {@code role} the given way; one per combination, made once. */
    static String tokenFor(Role role, Holding holding) {
        // per server: one JVM may run the kit against several (the standalone runner's callers)
        return TOKENS.computeIfAbsent(ScimTarget.get().scimRoot() + " " + role + "/" + holding, k -> {
            String userId = holding == Holding.DIRECT ? userWithRole(role) : create("/Users", Scim.userBody(uniqueUserName("holder")));
            if (holding == Holding.THROUGH_GROUP) {
                roleGroup(role, userId);
            }
            String secret = clientFor(userId);
            USERS.put(secret, userId);
            return secret;
        });
    }

    /** The id of the user a token of {@link #tokenFor} acts as. */
    static String userOf(String token) {
        return USERS.get(token);
    }

    /** A user holding {@code role} directly. */
    static String userWithRole(Role role) {
        return create("/Users", """
                {"schemas": ["%s"], "userName": %s, "roles": [{"value": "%s"}]}"""
                .formatted(USER_SCHEMA, q(uniqueUserName(role.name().toLowerCase())), role.value));
    }

    /** A role-assignable group giving {@code role} to these members. */
    static String roleGroup(Role role, String... memberIds) {
        StringBuilder members = new StringBuilder();
        for (String id : memberIds) {
            members.append(members.length() == 0 ? "" : ", ").append("{\"value\": ").append(q(id)).append('}');
        }
        return create("/Groups", """
                {"schemas": ["%s", "%s"], "displayName": %s, "members": [%s],
                 "%s": {"isAssignableToRole": true, "roles": [{"value": "%s"}]}}"""
                .formatted(GROUP_SCHEMA, GROUP_EXT, q(unique("role-group")), members, GROUP_EXT, role.value));
    }

    /** A new API client bound to the user; returns its secret. */
    static String clientFor(String userId) {
        Response r = scim().body("{\"schemas\": [\"" + CLIENT_SCHEMA + "\"], \"displayName\": \"roles test\", \"userId\": "
                + q(userId) + "}").post("/ApiClients");
        r.then().statusCode(201);
        return r.path("secret");
    }
}
