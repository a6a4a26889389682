package io.roster.conformance;

import static io.roster.conformance.Patches.assertOkWithCurrentResource;
import static io.roster.conformance.Patches.ops;
import static io.roster.conformance.Patches.patchUser;
import static io.roster.conformance.Scim.ENTERPRISE_SCHEMA;
import static io.roster.conformance.Scim.USER_SCHEMA;
import static io.roster.conformance.Scim.anonymous;
import static io.roster.conformance.Scim.assertScimError;
import static io.roster.conformance.Scim.create;
import static io.roster.conformance.Scim.getUser;
import static io.roster.conformance.Scim.q;
import static io.roster.conformance.Scim.uniqueUserName;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.roster.conformance.kit.Capability;
import io.roster.conformance.kit.Area;
import io.roster.conformance.kit.Check;
import io.roster.conformance.kit.Level;
import io.roster.conformance.kit.Requires;
import io.restassured.response.Response;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A bare extension URN as a PATCH path addresses the extension as a complex attribute (RFC 7644 section
 * 3.5.2, CLIENTS.md "Several client libraries"): add and replace set the sub-attributes given and keep the
 * others, remove clears the extension.
 */
@Check(level = Level.CLIENT, area = Area.CLIENTS, rule = "CLIENTS.md generic clients: the extension URN as path")
@Requires({Capability.PATCH, Capability.ENTERPRISE_USER})
class PatchExtensionPathTest {
    private static final String EXT = "'" + ENTERPRISE_SCHEMA + "'";
    private static final String ROSTER_USER = "urn:ietf:params:scim:schemas:extension:roster:2.0:User";

    private static String enterpriseUser(String label) {
        return create("/Users", """
                {"schemas": ["%s", "%s"], "userName": %s,
                 "%s": {"employeeNumber": "701984", "department": "Tour Operations", "costCenter": "4130"}}"""
                .formatted(USER_SCHEMA, ENTERPRISE_SCHEMA, q(uniqueUserName(label)), ENTERPRISE_SCHEMA));
    }

    @Test
    void replaceWithTheEnterpriseUrnAsPathSetsTheGivenAttributesAndKeepsTheOthers() {
        String id = enterpriseUser("urn-replace");
        Response r = patchUser(id, ops("""
                {"op":"replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User","value":{"department":"X"}}"""));
        assertOkWithCurrentResource(r, "/Users", id).then()
                .body(EXT + ".department", equalTo("X"))
                .body(EXT + ".employeeNumber", equalTo("701984"))
                .body(EXT + ".costCenter", equalTo("4130"));
    }

    @Test
    void addWithTheEnterpriseUrnAsPathSetsTheGivenAttributesAndCreatesTheExtensionIfNeeded() {
        String id = create("/Users", Scim.userBody(uniqueUserName("urn-add")));
        patchUser(id, ops("""
                {"op":"add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User","value":{"department":"X"}}"""))
                .then().statusCode(Patches.patchedUser());
        getUser(id).then().body(EXT + ".department", equalTo("X"));
    }

    @Test
    void capitalisedOpsWorkWithTheUrnPath() {
        String id = enterpriseUser("urn-caps");
        patchUser(id, ops("""
                {"op":"Replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User","value":{"department":"Y"}}""",
                """
                {"op":"Add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User","value":{"division":"Z"}}"""))
                .then().statusCode(Patches.patchedUser());
        getUser(id).then().body(EXT + ".department", equalTo("Y")).body(EXT + ".division", equalTo("Z"))
                .body(EXT + ".employeeNumber", equalTo("701984"));
        patchUser(id, ops("""
                {"op":"Remove","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"}""")).then().statusCode(Patches.patchedUser());
        getUser(id).then().body("$", not(hasKey(ENTERPRISE_SCHEMA)));
    }

    @Test
    void removeWithTheEnterpriseUrnAsPathClearsTheWholeExtension() {
        String id = enterpriseUser("urn-remove");
        Response r = patchUser(id, ops("""
                {"op":"remove","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"}"""));
        assertOkWithCurrentResource(r, "/Users", id).then().body("$", not(hasKey(ENTERPRISE_SCHEMA)));
    }

    @Test
    void readOnlyAttributesInsideTheValueAreIgnored() {
        String id = enterpriseUser("urn-readonly");
        patchUser(id, ops("""
                {"op":"replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
                 "value":{"manager":{"value":"m-1","displayName":"Boss"}}}""")).then().statusCode(Patches.patchedUser());
        getUser(id).then().body(EXT + ".manager.value", equalTo("m-1")).body(EXT + ".department", equalTo("Tour Operations"));
    }

    @Test
    void aValueThatIsNotAnObjectIsInvalidValue() {
        String id = enterpriseUser("urn-bad");
        assertScimError(patchUser(id, ops("""
                {"op":"replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User","value":"X"}""")), 400, "invalidValue");
    }

    /** Roster's own User extension (licensing's usageLocation) the same way; its readOnly attributes are ignored. */
    @Check(level = Level.ROSTER, area = Area.PATCH, rule = "Roster user extension")
    @Test
    void rosterUserExtensionUrnAsPathWorksTheSameWay() {
        List<String> names = anonymous().get("/Schemas/" + ROSTER_USER).then().extract().jsonPath().getList("attributes.name");
        Assumptions.assumeTrue(names != null && names.contains("usageLocation"), "the server has no Roster usageLocation");
        String id = create("/Users", Scim.userBody(uniqueUserName("urn-roster")));
        patchUser(id, ops("""
                {"op":"Add","path":"urn:ietf:params:scim:schemas:extension:roster:2.0:User",
                 "value":{"usageLocation":"US","licenseAssignmentStates":[{"skuId":"forged","state":"Active"}]}}"""))
                .then().statusCode(Patches.patchedUser());
        getUser(id).then().body("'" + ROSTER_USER + "'.usageLocation", equalTo("US"))
                .body("'" + ROSTER_USER + "'.licenseAssignmentStates", nullValue());
        patchUser(id, ops("""
                {"op":"remove","path":"urn:ietf:params:scim:schemas:extension:roster:2.0:User"}""")).then().statusCode(Patches.patchedUser());
        getUser(id).then().body("'" + ROSTER_USER + "'.usageLocation", nullValue());
    }
}
