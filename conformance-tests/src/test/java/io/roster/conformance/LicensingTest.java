package io.roster.conformance;

import static io.roster.conformance.Scim.GROUP_SCHEMA;
import static io.roster.conformance.Scim.USER_SCHEMA;
import static io.roster.conformance.Scim.assertScimError;
import static io.roster.conformance.Scim.create;
import static io.roster.conformance.Scim.createUniqueUser;
import static io.roster.conformance.Scim.getGroup;
import static io.roster.conformance.Scim.getUser;
import static io.roster.conformance.Scim.q;
import static io.roster.conformance.Scim.root;
import static io.roster.conformance.Scim.scim;
import static io.roster.conformance.Scim.unique;
import static io.roster.conformance.Scim.uniqueUserName;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

import io.roster.conformance.kit.Area;
import io.roster.conformance.kit.Check;
import io.roster.conformance.kit.Level;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Group-based licensing as an admin lives it (DOMAIN.md section 1): SKUs at /Licenses, licenses put on
 * groups, members gaining and losing them, seats never oversold. Skipped on a server without licensing.
 */
@Check(level = Level.ROSTER, area = Area.EXTENSIONS, rule = "Roster licensing")
class LicensingTest {
    static final String ENTITLEMENT = "urn:ietf:params:scim:schemas:core:2.0:Entitlement";
    static final String USER_EXT = "urn:ietf:params:scim:schemas:extension:roster:2.0:User";
    static final String GROUP_EXT = "urn:ietf:params:scim:schemas:extension:roster:2.0:Group";
    static final String LICENSE_EXT = "urn:ietf:params:scim:schemas:extension:roster:2.0:License";
    static final String PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    @BeforeAll
    static void licensingIsThere() {
        Assumptions.assumeTrue(scim().get("/ResourceTypes/License").statusCode() == 200,
                "the server has no License resource type");
    }

    // ---------------------------------------------------------------- fixtures

    /** A SKU with {@code seats} seats (unlimited when negative); returns its SKU id. */
    static String license(int seats) {
        String sku = UUID.randomUUID().toString();
        String limits = seats < 0 ? "\"limitedAssignmentsPermitted\": false"
                : "\"limitedAssignmentsPermitted\": true, \"totalAssignmentsPermitted\": " + seats;
        create("/Licenses", """
                {"schemas": ["%s"], "value": "%s", "display": "ENTERPRISEPACK", "type": "License", "supported": true, %s}"""
                .formatted(ENTITLEMENT, sku, limits));
        return sku;
    }

    static String licensedGroup(String label, String... skus) {
        return create("/Groups", """
                {"schemas": ["%s", "%s"], "displayName": %s, "%s": {"licenses": [%s]}}"""
                .formatted(GROUP_SCHEMA, GROUP_EXT, q(unique(label)), GROUP_EXT, licenseList(skus)));
    }

    static String licenseList(String... skus) {
        List<String> out = new ArrayList<>();
        for (String sku : skus) {
            out.add("{\"value\": \"" + sku + "\"}");
        }
        return String.join(", ", out);
    }

    static Response patch(String endpoint, String id, String operations) {
        return scim().body("{\"schemas\": [\"" + PATCH + "\"], \"Operations\": [" + operations + "]}")
                .patch(endpoint + "/{id}", id);
    }

    static Response join(String groupId, String userId) {
        return ok(patch("/Groups", groupId, "{\"op\": \"add\", \"path\": \"members\", \"value\": [{\"value\": \"" + userId + "\"}]}"));
    }

    static void leave(String groupId, String userId) {
        ok(patch("/Groups", groupId, "{\"op\": \"remove\", \"path\": \"members[value eq \\\"" + userId + "\\\"]\"}"));
    }

    /** A PATCH that worked: 200 with the resource, or 204 (RFC 7644 section 3.5.2). */
    static Response ok(Response r) {
        r.then().statusCode(anyOf(equalTo(200), equalTo(204)));
        return r;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> ext(Response r, String urn) {
        Object o = root(r).get(urn);
        return o == null ? Map.of() : (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> states(String userId) {
        Response r = getUser(userId);
        r.then().statusCode(200);
        Object states = ext(r, USER_EXT).get("licenseAssignmentStates");
        return states == null ? List.of() : (List<Map<String, Object>>) states;
    }

    static Map<String, Object> state(String userId, String sku, String groupId) {
        return states(userId).stream()
                .filter(s -> sku.equals(s.get("skuId")) && java.util.Objects.equals(groupId, s.get("assignedByGroup")))
                .findFirst().orElseThrow(() -> new AssertionError("no state for " + sku + " from " + groupId + " on " + userId
                        + ": " + states(userId)));
    }

    static int used(String sku) {
        Response r = scim().queryParam("filter", "value eq " + q(sku)).get("/Licenses");
        r.then().statusCode(200).body("totalResults", equalTo(1));
        return r.jsonPath().getInt("Resources[0].totalAssignmentsUsed");
    }

    static String userWithLocation(String label) {
        return create("/Users", """
                {"schemas": ["%s", "%s"], "userName": %s, "%s": {"usageLocation": "NL"}}"""
                .formatted(USER_SCHEMA, USER_EXT, q(uniqueUserName(label)), USER_EXT));
    }

    // ---------------------------------------------------------------- discovery

    @Test
    void theLicenseResourceTypeAndTheExtensionsAreDiscoverable() {
        scim().get("/ResourceTypes/License").then().statusCode(200)
                .body("endpoint", equalTo("/Licenses"))
                .body("schema", equalTo(ENTITLEMENT))
                .body("schemaExtensions.schema", hasItem(LICENSE_EXT));
        List<String> schemas = scim().get("/Schemas").then().statusCode(200).extract().jsonPath().getList("Resources.id");
        assertThat(schemas, hasItems(ENTITLEMENT, LICENSE_EXT, USER_EXT, GROUP_EXT));
        scim().get("/ResourceTypes/User").then().statusCode(200).body("schemaExtensions.schema", hasItem(USER_EXT));
        scim().get("/ResourceTypes/Group").then().statusCode(200).body("schemaExtensions.schema", hasItem(GROUP_EXT));
    }

    // ---------------------------------------------------------------- rules of section 1.4

    @Test
    void rule1_aNewDirectMemberOfALicensedGroupGetsTheGroupsLicenses() {
        String sku = license(5);
        String group = licensedGroup("Sales E3", sku);
        String user = createUniqueUser("rule1");
        join(group, user);

        Map<String, Object> s = state(user, sku, group);
        assertThat(s.get("state"), equalTo("Active"));
        assertThat(s.get("error"), equalTo("None"));
        Response r = getUser(user);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> assigned = (List<Map<String, Object>>) ext(r, USER_EXT).get("assignedLicenses");
        assertThat(assigned.stream().map(a -> a.get("skuId")).toList(), equalTo(List.of(sku)));
        assertThat(used(sku), equalTo(1));
    }

    @Test
    void rule1_nestedGroupsDoNotPassLicensesOn() {
        String sku = license(5);
        String user = createUniqueUser("nested");
        String inner = create("/Groups", Scim.groupBody(unique("inner"), List.of(user)));
        String outer = licensedGroup("outer", sku);
        join(outer, inner);
        assertThat(states(user), empty());
        assertThat(used(sku), equalTo(0));
    }

    @Test
    void rules2and3_oneSeatPerSkuAcrossGroupsFreedOnlyWhenTheLastSourceGoes() {
        String sku = license(5);
        String sales = licensedGroup("Sales", sku);
        String support = licensedGroup("Support", sku);
        String user = createUniqueUser("two-groups");
        join(sales, user);
        join(support, user);
        assertThat(states(user).size(), equalTo(2));
        assertThat(used(sku), equalTo(1));

        leave(sales, user);
        assertThat(states(user).size(), equalTo(1));
        assertThat(state(user, sku, support).get("state"), equalTo("Active"));
        assertThat(used(sku), equalTo(1));

        leave(support, user);
        assertThat(states(user), empty());
        assertThat(used(sku), equalTo(0));
    }

    @Test
    void rule4_aGroupsLicensesAreGrantedAllOrNothing() {
        String plenty = license(100);
        String scarce = license(1);
        String group = licensedGroup("Bundle", plenty, scarce);
        String first = createUniqueUser("bundle-first");
        String second = createUniqueUser("bundle-second");
        join(group, first);
        join(group, second);

        assertThat(state(first, plenty, group).get("state"), equalTo("Active"));
        assertThat(state(first, scarce, group).get("state"), equalTo("Active"));
        for (String sku : List.of(plenty, scarce)) {
            Map<String, Object> s = state(second, sku, group);
            assertThat(s.get("state"), equalTo("Error"));
            assertThat(s.get("error"), equalTo("CountViolation"));
        }
        assertThat("the SKU that had seats was not consumed", used(plenty), equalTo(1));
        assertThat(used(scarce), equalTo(1));
    }

    /**
     * Rule 5 and the seat invariant under concurrency: more users than seats join at once, each with its own
     * PATCH. The store applies the joins one at a time, and each PATCH response carries the group's version
     * after that join, so the joins' order is visible: the earliest joiners hold the seats.
     */
    @Test
    void rule5_concurrentJoinsNeverOversellAndTheEarliestMembersWin() throws Exception {
        int seats = 4;
        int joiners = 16;
        String sku = license(seats);
        String group = licensedGroup("Rush", sku);
        List<String> users = new ArrayList<>();
        for (int i = 0; i < joiners; i++) {
            users.add(createUniqueUser("rush"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(joiners);
        List<CompletableFuture<Long>> versions = new ArrayList<>();
        try {
            for (String u : users) {
                versions.add(CompletableFuture.supplyAsync(() -> version(join(group, u)), pool));
            }
            CompletableFuture.allOf(versions.toArray(CompletableFuture[]::new)).join();
        } finally {
            pool.shutdown();
        }
        List<Integer> byJoinOrder = new ArrayList<>();
        for (int i = 0; i < joiners; i++) {
            byJoinOrder.add(i);
        }
        byJoinOrder.sort(Comparator.comparingLong(i -> versions.get(i).join()));

        assertThat(used(sku), equalTo(seats));
        for (int rank = 0; rank < joiners; rank++) {
            Map<String, Object> s = state(users.get(byJoinOrder.get(rank)), sku, group);
            if (rank < seats) {
                assertThat("joiner #" + rank, s.get("state"), equalTo("Active"));
            } else {
                assertThat("joiner #" + rank, s.get("state"), equalTo("Error"));
                assertThat(s.get("error"), equalTo("CountViolation"));
            }
        }

        // The errored members are found with a filter, and the group says it has some.
        List<String> losers = byJoinOrder.subList(seats, joiners).stream().map(users::get).toList();
        Response found = scim().queryParam("filter", USER_EXT + ":licenseAssignmentStates[error eq \"CountViolation\" and assignedByGroup eq \""
                + group + "\"]").queryParam("count", 100).get("/Users");
        found.then().statusCode(200);
        assertThat(found.jsonPath().getList("Resources.id"), containsInAnyOrder(losers.toArray()));
        getGroup(group).then().statusCode(200); // the flag is returned only on request
        scim().queryParam("attributes", GROUP_EXT + ":hasMembersWithLicenseErrors").get("/Groups/{id}", group)
                .then().statusCode(200);
        assertThat(ext(scim().queryParam("attributes", GROUP_EXT + ":hasMembersWithLicenseErrors").get("/Groups/{id}", group), GROUP_EXT)
                .get("hasMembersWithLicenseErrors"), equalTo(true));
        assertThat(ext(getGroup(group), GROUP_EXT).containsKey("hasMembersWithLicenseErrors"), equalTo(false));
    }

    private static long version(Response r) {
        String etag = r.header("ETag");
        return Long.parseLong(etag.replaceAll("[^0-9]", ""));
    }

    @Test
    void rule5_freeingASeatDoesNotSilentlyGrantItToSomeoneWaiting() {
        String sku = license(1);
        String group = licensedGroup("One seat", sku);
        String holder = createUniqueUser("holder");
        String waiting = createUniqueUser("waiting");
        join(group, holder);
        join(group, waiting);
        leave(group, holder);
        assertThat(used(sku), equalTo(0));
        assertThat(state(waiting, sku, group).get("state"), equalTo("Error"));
    }

    @Test
    void rule8_licensesPutOnAGroupReachItsExistingMembers() {
        String sku = license(5);
        String user = createUniqueUser("existing");
        String group = create("/Groups", Scim.groupBody(unique("Later licensed"), List.of(user)));
        ok(patch("/Groups", group, "{\"op\": \"add\", \"path\": \"" + GROUP_EXT + ":licenses\", \"value\": [{\"value\": \"" + sku + "\"}]}"));
        assertThat(state(user, sku, group).get("state"), equalTo("Active"));
        assertThat(ext(getGroup(group), GROUP_EXT).get("licenseProcessingState"), equalTo("ProcessingComplete"));
        assertThat(used(sku), equalTo(1));
    }

    @Test
    void rule9_aGroupHoldingLicensesCannotBeDeleted() {
        String sku = license(5);
        String user = createUniqueUser("rule9");
        String group = licensedGroup("Keep", sku);
        join(group, user);

        Response refused = scim().delete("/Groups/{id}", group);
        assertScimError(refused, 409);
        assertThat(refused.path("detail"), containsString("licenses"));
        getGroup(group).then().statusCode(200);

        ok(patch("/Groups", group, "{\"op\": \"remove\", \"path\": \"" + GROUP_EXT + ":licenses\"}"));
        assertThat(states(user), empty());
        assertThat(used(sku), equalTo(0));
        scim().delete("/Groups/{id}", group).then().statusCode(204);
    }

    /**
     * A group names its licenses by value, and a group holding licenses cannot be deleted (rule 9): so a
     * license a group still gives cannot be deleted or renamed either, even while no user holds a seat,
     * or the group would point at nothing and could never be deleted.
     */
    @Test
    void rule9_aLicenseAGroupStillGivesCannotBeDeletedOrRenamed() {
        String sku = license(5);
        String group = licensedGroup("Gives", sku);
        String licenseId = scim().queryParam("filter", "value eq " + q(sku)).get("/Licenses").path("Resources[0].id");

        Response refused = scim().delete("/Licenses/{id}", licenseId);
        assertScimError(refused, 409);
        assertThat(refused.path("detail"), containsString(group));
        Response renamed = patch("/Licenses", licenseId, "{\"op\": \"replace\", \"path\": \"value\", \"value\": \"renamed-" + sku + "\"}");
        assertScimError(renamed, 400, "mutability");
        scim().get("/Licenses/{id}", licenseId).then().statusCode(200).body("value", equalTo(sku));

        ok(patch("/Groups", group, "{\"op\": \"remove\", \"path\": \"" + GROUP_EXT + ":licenses\"}"));
        scim().delete("/Licenses/{id}", licenseId).then().statusCode(204);
        scim().delete("/Groups/{id}", group).then().statusCode(204);
    }

    @Test
    void rule10_aDeactivatedUserKeepsItsSeatAndADeletedOneFreesIt() {
        String sku = license(5);
        String group = licensedGroup("Leavers", sku);
        String user = createUniqueUser("rule10");
        join(group, user);
        ok(patch("/Users", user, "{\"op\": \"replace\", \"path\": \"active\", \"value\": false}"));
        assertThat(state(user, sku, group).get("state"), equalTo("Active"));
        assertThat(used(sku), equalTo(1));

        scim().delete("/Users/{id}", user).then().statusCode(204);
        assertThat(used(sku), equalTo(0));
    }

    // ---------------------------------------------------------------- direct assignment (section 1.2)

    @Test
    void aDirectLicenseIsGrantedAtOnceAndSharesTheSeatWithAGroup() {
        String sku = license(5);
        String user = userWithLocation("direct");
        ok(patch("/Users", user, "{\"op\": \"add\", \"path\": \"" + USER_EXT + ":licenses\", \"value\": [{\"value\": \"" + sku + "\"}]}"));
        assertThat(state(user, sku, null).get("state"), equalTo("Active"));
        String group = licensedGroup("Also", sku);
        join(group, user);
        assertThat(states(user).size(), equalTo(2));
        assertThat(used(sku), equalTo(1));
    }

    @Test
    void aDirectLicenseWithoutSeatsIsRefusedAndNothingChanges() {
        String sku = license(1);
        String taker = userWithLocation("taker");
        String user = userWithLocation("refused");
        String add = "{\"op\": \"add\", \"path\": \"" + USER_EXT + ":licenses\", \"value\": [{\"value\": \"" + sku + "\"}]}";
        ok(patch("/Users", taker, add));

        Response refused = patch("/Users", user, add);
        assertScimError(refused, 400, "invalidValue");
        assertThat(refused.path("detail"), containsString(sku));
        assertThat(refused.path("detail"), containsString("CountViolation"));
        assertThat(ext(getUser(user), USER_EXT).containsKey("licenses"), equalTo(false));
        assertThat(used(sku), equalTo(1));
    }

    @Test
    void aDirectLicenseNeedsAUsageLocation() {
        String sku = license(5);
        String user = createUniqueUser("nowhere");
        Response refused = patch("/Users", user,
                "{\"op\": \"add\", \"path\": \"" + USER_EXT + ":licenses\", \"value\": [{\"value\": \"" + sku + "\"}]}");
        assertScimError(refused, 400, "invalidValue");
        assertThat(refused.path("detail"), containsString("usageLocation"));
        assertThat(used(sku), equalTo(0));
    }

    @Test
    void aLicenseThatDoesNotExistIsRefused() {
        String missing = UUID.randomUUID().toString();
        Response refused = scim().body("""
                {"schemas": ["%s", "%s"], "displayName": %s, "%s": {"licenses": [{"value": "%s"}]}}"""
                .formatted(GROUP_SCHEMA, GROUP_EXT, q(unique("ghost")), GROUP_EXT, missing)).post("/Groups");
        assertScimError(refused, 400, "invalidValue");
        assertThat(refused.path("detail"), containsString(missing));
    }
}
