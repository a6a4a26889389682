package io.roster.conformance;

import static io.roster.conformance.DynamicGroupsTest.ENT;
import static io.roster.conformance.DynamicGroupsTest.GROUP_EXT;
import static io.roster.conformance.DynamicGroupsTest.departmentRule;
import static io.roster.conformance.DynamicGroupsTest.groupBody;
import static io.roster.conformance.Scim.USER_SCHEMA;
import static io.roster.conformance.Scim.assertScimError;
import static io.roster.conformance.Scim.create;
import static io.roster.conformance.Scim.memberIds;
import static io.roster.conformance.Scim.q;
import static io.roster.conformance.Scim.scim;
import static io.roster.conformance.Scim.unique;
import static io.roster.conformance.Scim.uniqueUserName;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.roster.conformance.kit.Area;
import io.roster.conformance.kit.Check;
import io.roster.conformance.kit.Level;
import io.restassured.response.Response;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How deep and how long a membershipRule may be (issue 15): nesting is bounded at the SCIM filter limit
 * of 32 levels in both syntaxes, refused with 400 invalidValue before anything recurses into it, and a
 * long list or chain, which is not nesting, works. Skipped on a server without dynamic groups.
 */
@Check(level = Level.ROSTER, area = Area.EXTENSIONS, rule = "Roster dynamic groups")
class DynamicGroupRuleLimitsTest {
    private static final String CITY_RULE = "user.city -eq \"Oslo\"";

    @BeforeAll
    static void dynamicGroupsAreThere() {
        Response r = scim().get("/Schemas/" + GROUP_EXT);
        Assumptions.assumeTrue(r.statusCode() == 200 && r.asString().contains("membershipRule"), "the server has no dynamic groups");
    }

    private static void assertRefusedForDepth(String rule) {
        String body = groupBody(rule, "");
        Response r = scim().body(body).post("/Groups");
        assertScimError(r, 400, "invalidValue");
        assertThat(r.path("detail"), containsString("32"));
        String name = body.substring(body.indexOf("\"displayName\": \"") + 16);
        name = name.substring(0, name.indexOf('"'));
        scim().queryParam("filter", "displayName eq " + q(name)).get("/Groups").then().statusCode(200)
                .body("totalResults", equalTo(0));
    }

    /** The exact rules that overflowed the server's stack (a 500, or a dead writer) before the bound. */
    @Test
    void anEntraRuleOfEightThousandParenthesesIsRefusedWithInvalidValue() {
        assertRefusedForDepth("(".repeat(8000) + CITY_RULE + ")".repeat(8000));
    }

    @Test
    void anEntraRuleOfThreeThousandTwoHundredNotsIsRefusedWithInvalidValue() {
        assertRefusedForDepth("-not ".repeat(3200) + CITY_RULE);
    }

    @Test
    void nestingUpToThirtyTwoLevelsIsAcceptedInBothSyntaxesAndNotBeyond() {
        String dept = unique("Deep");
        String entra = "user.department -eq \"" + dept + "\"";
        create("/Groups", groupBody("(".repeat(32) + entra + ")".repeat(32), ""));
        assertRefusedForDepth("(".repeat(33) + entra + ")".repeat(33));
        String scimRule = departmentRule(dept);
        create("/Groups", groupBody("(".repeat(32) + scimRule + ")".repeat(32), ""));
        assertRefusedForDepth("(".repeat(33) + scimRule + ")".repeat(33));
    }

    /** A long -notIn list is no nesting: 1,500 values (12 KB) work and match as the list says. */
    @Test
    void anEntraRuleWithALongNotInListWorks() {
        String dept = unique("Listed");
        StringBuilder cities = new StringBuilder();
        for (int i = 0; i < 1500; i++) {
            cities.append(i == 0 ? "" : ",").append("\"c").append(i).append('"');
        }
        String inList = create("/Users", userIn(dept, "c1234"));
        String outside = create("/Users", userIn(dept, "Oslo"));
        String group = create("/Groups", groupBody("user.department -eq \"" + dept + "\" -and user.city -notIn [" + cities + "]", ""));
        assertThat(memberIds(group), containsInAnyOrder(outside));
        String another = create("/Users", userIn(dept, "Bergen"));
        assertThat(memberIds(group), containsInAnyOrder(outside, another));
        assertThat(inList, org.hamcrest.Matchers.not(equalTo(outside)));
    }

    private static String userIn(String department, String city) {
        return """
                {"schemas": ["%s", "%s"], "userName": %s, "addresses": [{"type": "work", "locality": %s}], "%s": {"department": %s}}"""
                .formatted(USER_SCHEMA, ENT, q(uniqueUserName("listed")), q(city), ENT, q(department));
    }
}
