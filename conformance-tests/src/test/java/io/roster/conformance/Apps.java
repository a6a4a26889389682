package io.roster.conformance;

import static io.roster.conformance.Scim.anonymous;
import static io.roster.conformance.Scim.create;
import static io.roster.conformance.Scim.q;
import static io.roster.conformance.Scim.scim;
import static io.roster.conformance.Scim.unique;

import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/** Applications and assignments (DOMAIN.md section 4) as plain SCIM bodies, for the scenario and role tests. */
final class Apps {
    static final String APP_SCHEMA = "urn:roster:params:scim:schemas:core:2.0:Application";
    static final String ASSIGNMENT_SCHEMA = "urn:roster:params:scim:schemas:core:2.0:AppRoleAssignment";
    static final String DEFAULT_ACCESS = "00000000-0000-0000-0000-000000000000";
    static final String ACCESS = Roles.USER_EXT + ":appRoleAssignments";

    private Apps() {
    }

    static void assumeApplications() {
        Assumptions.assumeTrue(anonymous().get("/ResourceTypes/Application").statusCode() == 200,
                "the server has no Application resource type");
    }

    /** An application body with these app role values (none: Default Access only) and extra top-level JSON. */
    static String appBody(String displayName, List<String> roleValues, String extra) {
        StringBuilder roles = new StringBuilder();
        for (String v : roleValues) {
            roles.append(roles.isEmpty() ? "" : ", ").append("{\"value\": ").append(q(v)).append(", \"displayName\": ").append(q(v)).append('}');
        }
        return """
                {"schemas": ["%s"], "displayName": %s%s%s}"""
                .formatted(APP_SCHEMA, q(displayName), roleValues.isEmpty() ? "" : ", \"appRoles\": [" + roles + "]",
                        extra.isEmpty() ? "" : ", " + extra);
    }

    /** A new application made by the administrator, owned by these users. */
    static String createApp(String... ownerIds) {
        StringBuilder owners = new StringBuilder();
        for (String id : ownerIds) {
            owners.append(owners.isEmpty() ? "" : ", ").append("{\"value\": ").append(q(id)).append('}');
        }
        return create("/Applications", appBody(unique("app"), List.of(), ownerIds.length == 0 ? "" : "\"owners\": [" + owners + "]"));
    }

    static String assignmentBody(String principalId, String appId, String roleId) {
        return """
                {"schemas": ["%s"], "principal": {"value": %s}, "application": {"value": %s}%s}"""
                .formatted(ASSIGNMENT_SCHEMA, q(principalId), q(appId), roleId == null ? "" : ", \"appRoleId\": " + q(roleId));
    }

    static String assign(String principalId, String appId, String roleId) {
        return create("/AppRoleAssignments", assignmentBody(principalId, appId, roleId));
    }

    /** The id of the app role with this value. */
    static String roleId(String appId, String value) {
        return Scim.element(scim().get("/Applications/{id}", appId), "appRoles", value).get("id").toString();
    }

    /** A user's appRoleAssignments entries as the response shows them (empty when it has none). */
    static List<Map<String, Object>> access(Response user) {
        List<Map<String, Object>> entries = user.path("'" + Roles.USER_EXT + "'.appRoleAssignments");
        return entries == null ? List.of() : entries;
    }
}
