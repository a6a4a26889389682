package io.roster.conformance;

import static io.roster.conformance.Scim.GROUP_SCHEMA;
import static io.roster.conformance.Scim.USER_SCHEMA;
import static io.roster.conformance.Scim.assertScimError;
import static io.roster.conformance.Scim.create;
import static io.roster.conformance.Scim.getGroup;
import static io.roster.conformance.Scim.memberIds;
import static io.roster.conformance.Scim.q;
import static io.roster.conformance.Scim.root;
import static io.roster.conformance.Scim.scim;
import static io.roster.conformance.Scim.unique;
import static io.roster.conformance.Scim.uniqueUserName;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

import io.roster.conformance.kit.Area;
import io.roster.conformance.kit.Check;
import io.roster.conformance.kit.Level;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Dynamic groups as an admin lives them (DOMAIN.md section 3): a membershipRule on the Roster group
 * extension makes the members exactly the users who match, through every user change, rule change,
 * pause and resume; licenses on such a group follow (DOMAIN.md 1.4 rule 2). Every rule here matches on
 * a department value unique to the test, so users other tests create never match. Skipped on a server
 * without the dynamic-groups plugin.
 */
@Check(level = Level.ROSTER, area = Area.EXTENSIONS, rule = "Roster dynamic groups")
class DynamicGroupsTest {
    static final String ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    static final String GROUP_EXT = LicensingTest.GROUP_EXT;
    static final String PATCH = LicensingTest.PATCH;

    @BeforeAll
    static void dynamicGroupsAreThere() {
        Response r = scim().get("/Schemas/" + GROUP_EXT);
        Assumptions.assumeTrue(r.statusCode() == 200 && r.asString().contains("membershipRule"),
                "the server has no dynamic groups");
    }

    // ---------------------------------------------------------------- fixtures

    static String user(String department) {
        return create("/Users", """
                {"schemas": ["%s", "%s"], "userName": %s, "active": true, "%s": {"department": %s}}"""
                .formatted(USER_SCHEMA, ENT, q(uniqueUserName("dyn")), ENT, q(department)));
    }

    static String dynamicGroup(String rule) {
        return create("/Groups", groupBody(rule, ""));
    }

    static String groupBody(String rule, String extra) {
        return """
                {"schemas": ["%s", "%s"], "displayName": %s, "%s": {"membershipRule": %s%s}}"""
                .formatted(GROUP_SCHEMA, GROUP_EXT, q(unique("dynamic")), GROUP_EXT, q(rule), extra);
    }

    static String departmentRule(String department) {
        return ENT + ":department eq " + q(department);
    }

    static Response patch(String endpoint, String id, String operations) {
        return scim().body("{\"schemas\": [\"" + PATCH + "\"], \"Operations\": [" + operations + "]}")
                .patch(endpoint + "/{id}", id);
    }

    static void setDepartment(String userId, String department) {
        LicensingTest.ok(patch("/Users", userId, "{\"op\": \"replace\", \"path\": \"" + ENT + ":department\", \"value\": "
                + q(department) + "}"));
    }

    static void setGroupExt(String groupId, String attribute, String value) {
        LicensingTest.ok(patch("/Groups", groupId, "{\"op\": \"replace\", \"path\": \"" + GROUP_EXT + ":" + attribute
                + "\", \"value\": " + q(value) + "}"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> ext(String groupId) {
        Response r = getGroup(groupId);
        r.then().statusCode(200);
        return (Map<String, Object>) root(r).get(GROUP_EXT);
    }

    // ---------------------------------------------------------------- discovery

    @Test
    void theRuleAttributesArePublishedOnTheSharedRosterGroupExtension() {
        List<String> names = scim().get("/Schemas/" + GROUP_EXT).then().statusCode(200)
                .extract().jsonPath().getList("attributes.name");
        assertThat(names, hasItems("membershipRule", "membershipRuleProcessingState", "membershipRuleFilter",
                "membershipProcessingState", "licenses"));
    }

    // ---------------------------------------------------------------- membership follows users

    @Test
    void aSalesGroupGainsAUserWhoMovesToSalesAndLosesThemAndTheirLicenseWhenTheyMoveAway() {
        String sales = unique("Sales");
        String sku = LicensingTest.license(5);
        String group = create("/Groups", groupBody(departmentRule(sales),
                ", \"licenses\": [{\"value\": " + q(sku) + "}]"));
        String ann = user(unique("Ops"));
        assertThat(memberIds(group), empty());

        setDepartment(ann, sales);
        assertThat(memberIds(group), equalTo(List.of(ann)));
        assertThat(LicensingTest.state(ann, sku, group).get("state"), equalTo("Active"));
        assertThat(LicensingTest.used(sku), equalTo(1));

        setDepartment(ann, unique("Marketing"));
        assertThat(memberIds(group), empty());
        assertThat(LicensingTest.states(ann), empty());
        assertThat(LicensingTest.used(sku), equalTo(0));
    }

    @Test
    void aUserCreatedMatchingTheRuleIsAMemberAtOnceAndLeavesWhenDeleted() {
        String dept = unique("Sales");
        String group = dynamicGroup(departmentRule(dept));
        String bob = user(dept);
        assertThat(memberIds(group), equalTo(List.of(bob)));
        scim().delete("/Users/{id}", bob).then().statusCode(204);
        assertThat(memberIds(group), empty());
    }

    @Test
    void aDeactivatedUserLeavesAGroupWhoseRuleAsksForActiveUsers() {
        String dept = unique("Sales");
        String group = dynamicGroup(departmentRule(dept) + " and active eq true");
        String cat = user(dept);
        assertThat(memberIds(group), equalTo(List.of(cat)));
        LicensingTest.ok(patch("/Users", cat, "{\"op\": \"replace\", \"path\": \"active\", \"value\": false}"));
        assertThat(memberIds(group), empty());
    }

    // ---------------------------------------------------------------- membership follows the rule

    @Test
    void aRuleChangeSwapsTheMembers() {
        String a = unique("A");
        String b = unique("B");
        String a1 = user(a);
        String a2 = user(a);
        String b1 = user(b);
        String group = dynamicGroup(departmentRule(a));
        assertThat(memberIds(group), containsInAnyOrder(a1, a2));

        setGroupExt(group, "membershipRule", departmentRule(b));
        assertThat(memberIds(group), equalTo(List.of(b1)));
    }

    @Test
    void pausedFreezesMembershipAndBackToOnReconciles() {
        String dept = unique("Sales");
        String stays = user(dept);
        String leaves = user(dept);
        String group = dynamicGroup(departmentRule(dept));
        assertThat(ext(group).get("membershipRuleProcessingState"), equalTo("On"));

        setGroupExt(group, "membershipRuleProcessingState", "Paused");
        String joins = user(dept);
        setDepartment(leaves, unique("Elsewhere"));
        assertThat(memberIds(group), containsInAnyOrder(stays, leaves));

        setGroupExt(group, "membershipRuleProcessingState", "On");
        assertThat(memberIds(group), containsInAnyOrder(stays, joins));
    }

    @Test
    void entraSyntaxAndScimSyntaxGiveTheSameMembers() {
        String dept = unique("Sales");
        String active = user(dept);
        String inactive = user(dept);
        LicensingTest.ok(patch("/Users", inactive, "{\"op\": \"replace\", \"path\": \"active\", \"value\": false}"));
        user(unique("Other"));

        String entraRule = "user.department -eq " + q(dept) + " -and user.accountEnabled -eq true";
        String entra = dynamicGroup(entraRule);
        String scimGroup = dynamicGroup(departmentRule(dept) + " and active eq true");
        assertThat(memberIds(entra), equalTo(List.of(active)));
        assertThat(memberIds(scimGroup), equalTo(List.of(active)));
        // stored as sent; the filter it means is shown read-only, the same for both
        assertThat(ext(entra).get("membershipRule"), equalTo(entraRule));
        assertThat(ext(entra).get("membershipRuleFilter"), equalTo(ext(scimGroup).get("membershipRuleFilter")));
    }

    // ---------------------------------------------------------------- refusals

    @Test
    void membersOfADynamicGroupCannotBeChangedByHand() {
        String dept = unique("Sales");
        String group = dynamicGroup(departmentRule(dept));
        String outsider = user(unique("Other"));

        assertScimError(patch("/Groups", group, "{\"op\": \"add\", \"path\": \"members\", \"value\": [{\"value\": "
                + q(outsider) + "}]}"), 400, "mutability");
        assertThat(memberIds(group), empty());

        String member = user(dept);
        assertScimError(patch("/Groups", group, "{\"op\": \"remove\", \"path\": \"members[value eq " + q(member).replace("\"", "\\\"")
                + "]\"}"), 400, "mutability");
        assertThat(memberIds(group), equalTo(List.of(member)));

        // a POST of a dynamic group that names members is refused too, and nothing is created
        Response post = scim().body("""
                {"schemas": ["%s", "%s"], "displayName": %s, "members": [{"value": %s}], "%s": {"membershipRule": %s}}"""
                .formatted(GROUP_SCHEMA, GROUP_EXT, q(unique("dyn")), q(outsider), GROUP_EXT, q(departmentRule(dept))))
                .post("/Groups");
        assertScimError(post, 400, "mutability");
    }

    @Test
    void aPutOfADynamicGroupMayRepeatItsMembersButNotChangeThem() {
        String dept = unique("Sales");
        String member = user(dept);
        String outsider = user(unique("Other"));
        String group = dynamicGroup(departmentRule(dept));
        String name = getGroup(group).path("displayName");
        String body = """
                {"schemas": ["%s", "%s"], "displayName": %s, "members": [%%s], "%s": {"membershipRule": %s}}"""
                .formatted(GROUP_SCHEMA, GROUP_EXT, q(name), GROUP_EXT, q(departmentRule(dept)));

        scim().body(body.formatted("{\"value\": " + q(member) + "}")).put("/Groups/{id}", group).then().statusCode(200);
        assertScimError(scim().body(body.formatted("{\"value\": " + q(member) + "}, {\"value\": " + q(outsider) + "}"))
                .put("/Groups/{id}", group), 400, "mutability");
        assertThat(memberIds(group), equalTo(List.of(member)));
    }

    @Test
    void anInvalidRuleIsRefusedWith400AndADetailNamingTheProblem() {
        Response syntax = scim().body(groupBody("department eq", "")).post("/Groups");
        assertScimError(syntax, 400, "invalidValue");
        assertThat(syntax.path("detail"), containsString("membershipRule"));

        Response entraRegex = scim().body(groupBody("user.userPrincipalName -match \".*@contoso.com\"", "")).post("/Groups");
        assertScimError(entraRegex, 400, "invalidValue");
        assertThat(entraRegex.path("detail"), containsString("-match"));

        Response unknown = scim().body(groupBody("user.favouriteColour -eq \"blue\"", "")).post("/Groups");
        assertScimError(unknown, 400, "invalidValue");
        assertThat(unknown.path("detail"), containsString("favouriteColour"));

        Response state = scim().body(groupBody(departmentRule("x"), ", \"membershipRuleProcessingState\": \"Sometimes\""))
                .post("/Groups");
        assertScimError(state, 400, "invalidValue");

        String group = dynamicGroup(departmentRule(unique("Sales")));
        assertScimError(patch("/Groups", group, "{\"op\": \"replace\", \"path\": \"" + GROUP_EXT
                + ":membershipRule\", \"value\": \"title eq\"}"), 400, "invalidValue");
        assertThat(ext(group).get("membershipRule").toString(), containsString("department eq"));
    }

    @Test
    void aDynamicGroupCannotBeRoleAssignable() {
        List<String> names = scim().get("/Schemas/" + GROUP_EXT).then().extract().jsonPath().getList("attributes.name");
        Assumptions.assumeTrue(names.contains("isAssignableToRole"), "the server has no role-assignable groups");
        Response r = scim().body(groupBody(departmentRule(unique("Sales")), ", \"isAssignableToRole\": true")).post("/Groups");
        assertScimError(r, 400, "invalidValue");
        assertThat(r.path("detail"), containsString("role-assignable"));
    }

    @Test
    void removingTheRuleMakesTheGroupStaticWithItsMembersKept() {
        String dept = unique("Sales");
        String dana = user(dept);
        String group = dynamicGroup(departmentRule(dept));
        LicensingTest.ok(patch("/Groups", group, "{\"op\": \"remove\", \"path\": \"" + GROUP_EXT + ":membershipRule\"}"));
        assertThat(memberIds(group), hasItem(dana));
        String eve = user(unique("Other"));
        LicensingTest.join(group, eve);
        assertThat(memberIds(group), containsInAnyOrder(dana, eve));
        assertThat(ext(group) == null || !ext(group).containsKey("membershipRuleProcessingState"), equalTo(true));
    }

    // ---------------------------------------------------------------- staged rule changes

    /** Users in a department, created through Bulk (at most 1,000 operations a request). */
    static void bulkUsers(String department, int count) {
        for (int done = 0; done < count; ) {
            int n = Math.min(1000, count - done);
            StringBuilder ops = new StringBuilder();
            for (int i = 0; i < n; i++) {
                ops.append(i == 0 ? "" : ",").append("""
                        {"method": "POST", "path": "/Users", "bulkId": "u%d", "data": {"schemas": ["%s", "%s"], "userName": %s, \
                        "%s": {"department": %s}}}""".formatted(i, USER_SCHEMA, ENT, q(uniqueUserName("dyn-bulk")), ENT, q(department)));
            }
            Response r = scim().body("{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:BulkRequest\"], \"Operations\": ["
                    + ops + "]}").post("/Bulk");
            r.then().statusCode(200);
            assertThat(r.jsonPath().getList("Operations.status", String.class), everyItem(equalTo("201")));
            done += n;
        }
    }

    /**
     * A rule change that moves more than 1,000 members is applied in the background in chunks: the
     * write that stores the rule answers QueuedForProcessing, and a client polls the readOnly
     * membershipProcessingState until ProcessingComplete; the members and license seats are then exact.
     */
    @Test
    void aRuleMovingMoreThanAThousandMembersIsStagedAndAClientCanPollItToProcessingComplete() throws InterruptedException {
        String dept = unique("Staged");
        bulkUsers(dept, 1001);
        String sku = LicensingTest.license(5);
        Response created = scim().body(groupBody(departmentRule(dept), ", \"licenses\": [{\"value\": " + q(sku) + "}]")).post("/Groups");
        created.then().statusCode(201);
        @SuppressWarnings("unchecked")
        Map<String, Object> ext = (Map<String, Object>) root(created).get(GROUP_EXT);
        assertThat(ext.get("membershipProcessingState"), equalTo("QueuedForProcessing"));
        String group = root(created).get("id").toString();

        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!"ProcessingComplete".equals(ext(group).get("membershipProcessingState"))) {
            assertThat("still " + ext(group).get("membershipProcessingState") + " after 2 minutes",
                    System.nanoTime() < deadline, equalTo(true));
            Thread.sleep(50);
        }
        assertThat(memberIds(group).size(), equalTo(1001));
        assertThat(LicensingTest.used(sku), equalTo(5));
        // the background work is readable as its Job resource, finished in the write that completed the group
        Response job = scim().queryParam("filter", "plugin eq \"dynamic-groups\" and key eq \"" + group + "\"").get("/Jobs");
        job.then().statusCode(200).body("totalResults", equalTo(1)).body("Resources[0].kind", equalTo("reconcile"))
                .body("Resources[0].state", equalTo("completed")).body("Resources[0].run", equalTo(1));
        assertThat("users walked: " + job.path("Resources[0].processed"),
                ((Number) job.path("Resources[0].processed")).longValue() >= 1001, equalTo(true));
        scim().queryParam("filter", departmentRule(dept)).queryParam("count", 0).get("/Users")
                .then().statusCode(200).body("totalResults", equalTo(1001));
    }
}
