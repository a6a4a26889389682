package io.roster.conformance;

import static io.roster.conformance.LicensingTest.ENTITLEMENT;
import static io.roster.conformance.LicensingTest.GROUP_EXT;
import static io.roster.conformance.LicensingTest.LICENSE_EXT;
import static io.roster.conformance.LicensingTest.USER_EXT;
import static io.roster.conformance.LicensingTest.ext;
import static io.roster.conformance.LicensingTest.join;
import static io.roster.conformance.LicensingTest.license;
import static io.roster.conformance.LicensingTest.licensedGroup;
import static io.roster.conformance.LicensingTest.ok;
import static io.roster.conformance.LicensingTest.patch;
import static io.roster.conformance.LicensingTest.state;
import static io.roster.conformance.LicensingTest.states;
import static io.roster.conformance.LicensingTest.used;
import static io.roster.conformance.LicensingTest.userWithLocation;
import static io.roster.conformance.Scim.USER_SCHEMA;
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
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;

import io.roster.conformance.kit.Area;
import io.roster.conformance.kit.Check;
import io.roster.conformance.kit.Level;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Licensing as an administrator lives it, one scenario per rule of DOMAIN.md section 1 that
 * {@link LicensingTest} does not already walk through: reprocessing, exclusivity, dependencies, usage
 * locations, inherited licenses on a user, the admin's filters, and many joins at once.
 */
@Check(level = Level.ROSTER, area = Area.EXTENSIONS, rule = "Roster licensing")
class LicensingScenariosTest {

    @BeforeAll
    static void licensingIsThere() {
        Assumptions.assumeTrue(scim().get("/ResourceTypes/License").statusCode() == 200,
                "the server has no License resource type");
    }

    /** A SKU with {@code seats} seats and the given License extension attributes (JSON members, may be empty). */
    static String sku(int seats, String extension) {
        String sku = UUID.randomUUID().toString();
        create("/Licenses", """
                {"schemas": ["%s", "%s"], "value": "%s", "display": "SKU", "type": "License", "supported": true,
                 "limitedAssignmentsPermitted": true, "totalAssignmentsPermitted": %d, "%s": {%s}}"""
                .formatted(ENTITLEMENT, LICENSE_EXT, sku, seats, LICENSE_EXT, extension));
        return sku;
    }

    static String plans(String... ids) {
        List<String> out = new ArrayList<>();
        for (String id : ids) {
            out.add("{\"servicePlanId\": \"" + id + "\", \"servicePlanName\": \"PLAN\"}");
        }
        return "\"servicePlans\": [" + String.join(", ", out) + "]";
    }

    static String licenseId(String sku) {
        return scim().queryParam("filter", "value eq " + q(sku)).get("/Licenses").jsonPath().getString("Resources[0].id");
    }

    static void setSeats(String sku, int seats) {
        ok(patch("/Licenses", licenseId(sku), "{\"op\": \"replace\", \"path\": \"totalAssignmentsPermitted\", \"value\": " + seats + "}"));
    }

    static Response addDirect(String user, String... skus) {
        return patch("/Users", user, "{\"op\": \"add\", \"path\": \"" + USER_EXT + ":licenses\", \"value\": ["
                + LicensingTest.licenseList(skus) + "]}");
    }

    static String reprocess() {
        return "{\"op\": \"replace\", \"path\": \"" + GROUP_EXT + ":licenseProcessingState\", \"value\": \"QueuedForProcessing\"}";
    }

    static String userIn(String label, String location) {
        return create("/Users", """
                {"schemas": ["%s", "%s"], "userName": %s, "%s": {"usageLocation": "%s"}}"""
                .formatted(USER_SCHEMA, USER_EXT, q(uniqueUserName(label)), USER_EXT, location));
    }

    static Object errorFlag(String group) {
        return ext(scim().queryParam("attributes", GROUP_EXT + ":hasMembersWithLicenseErrors").get("/Groups/{id}", group), GROUP_EXT)
                .get("hasMembersWithLicenseErrors");
    }

    static List<String> ids(String endpoint, String filter) {
        Response r = scim().queryParam("filter", filter).queryParam("count", 1000).get(endpoint);
        r.then().statusCode(200);
        return r.jsonPath().getList("Resources.id");
    }

    // ---------------------------------------------------------------- seats run out; reprocess (rules 5, 7)

    /**
     * Five users join a two-seat group one after the other; their ids are created in the reverse order, so
     * "earliest membership first" cannot be mistaken for id order. More seats are bought: nobody waiting
     * gets one silently, and a reprocess of the group serves the earliest joiners first.
     */
    @Test
    void seatsRunOutLatecomersGetCountViolationAndAReprocessServesTheEarliestJoinersFirst() {
        String sku = license(2);
        String group = licensedGroup("Two seats", sku);
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            users.add(createUniqueUser("queue"));
        }
        Collections.reverse(users);
        users.forEach(u -> join(group, u));

        for (int i = 0; i < 5; i++) {
            Map<String, Object> s = state(users.get(i), sku, group);
            assertThat("joiner #" + i, s.get("state"), equalTo(i < 2 ? "Active" : "Error"));
            assertThat("joiner #" + i, s.get("error"), equalTo(i < 2 ? "None" : "CountViolation"));
        }
        assertThat(errorFlag(group), equalTo(true));
        assertThat(ids("/Groups", GROUP_EXT + ":hasMembersWithLicenseErrors eq true"), hasItem(group));

        setSeats(sku, 4);
        assertThat("buying seats grants nothing by itself (rule 5)", state(users.get(2), sku, group).get("state"), equalTo("Error"));
        assertThat(used(sku), equalTo(2));

        ok(patch("/Groups", group, reprocess()));
        assertThat(state(users.get(2), sku, group).get("state"), equalTo("Active"));
        assertThat(state(users.get(3), sku, group).get("state"), equalTo("Active"));
        assertThat(state(users.get(4), sku, group).get("error"), equalTo("CountViolation"));
        assertThat(used(sku), equalTo(4));
        assertThat(ext(getGroup(group), GROUP_EXT).get("licenseProcessingState"), equalTo("ProcessingComplete"));

        // The same on one user: its own licenseProcessingState.
        setSeats(sku, 5);
        ok(patch("/Users", users.get(4), "{\"op\": \"replace\", \"path\": \"" + USER_EXT
                + ":licenseProcessingState\", \"value\": \"QueuedForProcessing\"}"));
        assertThat(state(users.get(4), sku, group).get("state"), equalTo("Active"));
        assertThat(ext(getUser(users.get(4)), USER_EXT).get("licenseProcessingState"), equalTo("ProcessingComplete"));
        assertThat(used(sku), equalTo(5));
        assertThat(errorFlag(group), equalTo(false));
    }

    @Test
    void aClientCannotSetAProcessingStateOtherThanQueued() {
        String group = licensedGroup("States", license(3));
        Response refused = patch("/Groups", group, "{\"op\": \"replace\", \"path\": \"" + GROUP_EXT
                + ":licenseProcessingState\", \"value\": \"ProcessingInProgress\"}");
        assertScimError(refused, 400, "mutability");
        assertThat(refused.path("detail"), containsString("QueuedForProcessing"));
        assertThat(ext(getGroup(group), GROUP_EXT).get("licenseProcessingState"), equalTo("ProcessingComplete"));

        String user = createUniqueUser("states");
        assertScimError(patch("/Users", user, "{\"op\": \"replace\", \"path\": \"" + USER_EXT
                + ":licenseProcessingState\", \"value\": \"Done\"}"), 400, "mutability");
    }

    @Test
    void aPutOfTheGroupWithoutTheProcessingStateKeepsIt() {
        String sku = license(3);
        String group = licensedGroup("Put", sku);
        String body = """
                {"schemas": ["%s", "%s"], "displayName": %s, "%s": {"licenses": [{"value": "%s"}]}}"""
                .formatted(Scim.GROUP_SCHEMA, GROUP_EXT, q(unique("Put again")), GROUP_EXT, sku);
        scim().body(body).put("/Groups/{id}", group).then().statusCode(200);
        assertThat(ext(getGroup(group), GROUP_EXT).get("licenseProcessingState"), equalTo("ProcessingComplete"));
    }

    // ---------------------------------------------------------------- exclusivity and dependencies (1.1, rule 4)

    @Test
    void twoMutuallyExclusiveSkusFromAGroupGiveAnErrorAndNothingFromThatGroup() {
        String exchangeA = UUID.randomUUID().toString();
        String skuA = sku(5, plans(exchangeA));
        String skuB = sku(5, plans(UUID.randomUUID().toString()) + ", \"mutuallyExclusive\": [\"" + exchangeA + "\"]");
        String plain = sku(5, plans(UUID.randomUUID().toString()));
        String holdsA = licensedGroup("Has A", skuA);
        String wantsB = licensedGroup("B and more", skuB, plain);
        String user = createUniqueUser("exclusive");
        join(holdsA, user);
        join(wantsB, user);

        for (String sku : List.of(skuB, plain)) {
            assertThat(state(user, sku, wantsB).get("state"), equalTo("Error"));
            assertThat(state(user, sku, wantsB).get("error"), equalTo("MutuallyExclusiveViolation"));
            assertThat("nothing from the failing group consumed a seat", used(sku), equalTo(0));
        }
        assertThat(state(user, skuA, holdsA).get("state"), equalTo("Active"));

        // Symmetric: a user holding B cannot get A, though only B names the other's plan.
        String other = createUniqueUser("exclusive-other");
        String onlyB = licensedGroup("Only B", skuB);
        join(onlyB, other);
        join(holdsA, other);
        assertThat(state(other, skuA, holdsA).get("error"), equalTo("MutuallyExclusiveViolation"));
    }

    @Test
    void directlySwappingTwoExclusiveSkusInOnePatchWorksWhileAddingBothIsRefused() {
        String planA = UUID.randomUUID().toString();
        String skuA = sku(5, plans(planA));
        String skuB = sku(5, plans(UUID.randomUUID().toString()) + ", \"mutuallyExclusive\": [\"" + planA + "\"]");
        String user = userWithLocation("swap");
        ok(addDirect(user, skuA));

        Response refused = addDirect(user, skuB);
        assertScimError(refused, 400, "invalidValue");
        assertThat(refused.path("detail"), containsString(skuB));
        assertThat(refused.path("detail"), containsString("MutuallyExclusiveViolation"));
        assertThat(used(skuB), equalTo(0));

        ok(patch("/Users", user, "{\"op\": \"remove\", \"path\": \"" + USER_EXT + ":licenses[value eq \\\"" + skuA + "\\\"]\"},"
                + "{\"op\": \"add\", \"path\": \"" + USER_EXT + ":licenses\", \"value\": [{\"value\": \"" + skuB + "\"}]}"));
        assertThat(state(user, skuB, null).get("state"), equalTo("Active"));
        assertThat(used(skuA), equalTo(0));
        assertThat(used(skuB), equalTo(1));
    }

    @Test
    void aSkuWhoseDependencyIsMissingGetsDependencyViolationAndWorksOnceItComesAlong() {
        String basePlan = UUID.randomUUID().toString();
        String base = sku(5, plans(basePlan));
        String addOn = sku(5, plans(UUID.randomUUID().toString()) + ", \"dependsOn\": [\"" + basePlan + "\"]");
        String onlyAddOn = licensedGroup("Add-on only", addOn);
        String user = createUniqueUser("dependency");
        join(onlyAddOn, user);
        assertThat(state(user, addOn, onlyAddOn).get("state"), equalTo("Error"));
        assertThat(state(user, addOn, onlyAddOn).get("error"), equalTo("DependencyViolation"));
        assertThat(used(addOn), equalTo(0));

        String bundle = licensedGroup("Base and add-on", base, addOn);
        String other = createUniqueUser("dependency-bundle");
        join(bundle, other);
        assertThat(state(other, base, bundle).get("state"), equalTo("Active"));
        assertThat(state(other, addOn, bundle).get("state"), equalTo("Active"));

        Response refused = addDirect(userWithLocation("dependency-direct"), addOn);
        assertScimError(refused, 400, "invalidValue");
        assertThat(refused.path("detail"), containsString("DependencyViolation"));
    }

    // ---------------------------------------------------------------- usage locations (rule 6)

    @Test
    void aProhibitedUsageLocationBlocksTheGroupsSkusButNoLocationIsNeededForGroups() {
        String blocked = sku(5, plans(UUID.randomUUID().toString()) + ", \"prohibitedUsageLocations\": [\"KP\"]");
        String fine = sku(5, plans(UUID.randomUUID().toString()));
        String group = licensedGroup("Travel", blocked, fine);
        String inKp = userIn("kp", "KP");
        String nowhere = createUniqueUser("no-location");
        join(group, inKp);
        join(group, nowhere);

        for (String sku : List.of(blocked, fine)) {
            assertThat(state(inKp, sku, group).get("state"), equalTo("Error"));
            assertThat(state(inKp, sku, group).get("error"), equalTo("ProhibitedInUsageLocationViolation"));
            assertThat(state(nowhere, sku, group).get("state"), equalTo("Active"));
        }
        assertThat(used(blocked), equalTo(1));

        Response refused = addDirect(userIn("kp-direct", "kp"), blocked);
        assertScimError(refused, 400, "invalidValue");
        assertThat(refused.path("detail"), containsString("ProhibitedInUsageLocationViolation"));
    }

    @Test
    void aSkuThatRequiresNoUsageLocationCanBeAssignedDirectlyWithoutOne() {
        String sku = sku(5, "\"requiresUsageLocation\": false");
        String user = createUniqueUser("anywhere");
        ok(addDirect(user, sku));
        assertThat(state(user, sku, null).get("state"), equalTo("Active"));
    }

    // ---------------------------------------------------------------- direct and inherited (1.2)

    /** CLIENTS.md: Okta updates profiles by PUT with core attributes only; that must not take the seat away. */
    @Test
    void anOktaProfilePutWithoutTheRosterExtensionKeepsDirectLicensesAndLocation() {
        String sku = license(5);
        String user = userWithLocation("okta-put");
        ok(addDirect(user, sku));
        String userName = scim().get("/Users/{id}", user).path("userName");
        ok(scim().body("{\"schemas\": [\"urn:ietf:params:scim:schemas:core:2.0:User\"], \"userName\": \"" + userName
                + "\", \"name\": {\"givenName\": \"Renamed\", \"familyName\": \"ByOkta\"}, \"active\": true}")
                .put("/Users/{id}", user));
        Response after = scim().get("/Users/{id}", user);
        assertThat(after.path("name.givenName"), equalTo("Renamed"));
        assertThat(ext(after, USER_EXT).get("usageLocation"), org.hamcrest.Matchers.notNullValue());
        assertThat(state(user, sku, null).get("state"), equalTo("Active"));
        assertThat(used(sku), equalTo(1));
    }

    @Test
    void removingTheDirectCopyLeavesTheInheritedOneAndRemovingTheInheritedOneIsRefused() {
        String sku = license(5);
        String group = licensedGroup("Inherited", sku);
        String user = userWithLocation("both");
        ok(addDirect(user, sku));
        join(group, user);
        assertThat(states(user).size(), equalTo(2));

        String remove = "{\"op\": \"remove\", \"path\": \"" + USER_EXT + ":licenses[value eq \\\"" + sku + "\\\"]\"}";
        ok(patch("/Users", user, remove));
        assertThat(states(user).size(), equalTo(1));
        assertThat(state(user, sku, group).get("state"), equalTo("Active"));
        assertThat(used(sku), equalTo(1));

        Response refused = patch("/Users", user, remove);
        assertScimError(refused, 400, "invalidValue");
        assertThat(refused.path("detail"), containsString(group));
        // Entra's shape: the value to remove in the operation's value.
        Response refusedToo = patch("/Users", user, "{\"op\": \"Remove\", \"path\": \"" + USER_EXT
                + ":licenses\", \"value\": [{\"value\": \"" + sku.toUpperCase() + "\"}]}");
        assertScimError(refusedToo, 400, "invalidValue");
        assertThat(refusedToo.path("detail"), containsString(group));
        assertThat(state(user, sku, group).get("state"), equalTo("Active"));
        assertThat(used(sku), equalTo(1));
    }

    // ---------------------------------------------------------------- the admin's filters (issue item 4)

    @Test
    void anAdminFindsWhoGotALicenseFromAGroupWhoIsMissingOneAndWhichLicensesAreFull() {
        String sku = license(1);
        String group = licensedGroup("Filters", sku);
        String first = createUniqueUser("filter-first");
        String second = createUniqueUser("filter-second");
        join(group, first);
        join(group, second);

        String prefix = USER_EXT + ":licenseAssignmentStates";
        assertThat(ids("/Users", prefix + "[assignedByGroup eq \"" + group + "\"]"), containsInAnyOrder(first, second));
        assertThat(ids("/Users", prefix + "[assignedByGroup eq \"" + group + "\" and error eq \"CountViolation\"]"),
                containsInAnyOrder(second));
        assertThat(ids("/Users", prefix + "[error eq \"CountViolation\"]"), hasItem(second));
        assertThat(ids("/Users", prefix + "[error eq \"CountViolation\"]"), not(hasItem(first)));
        assertThat(ids("/Groups", GROUP_EXT + ":hasMembersWithLicenseErrors eq true"), hasItem(group));
        // SCIM filters compare an attribute with a literal, so "full" is asked for as used >= the seats bought.
        assertThat(ids("/Licenses", "value eq \"" + sku + "\" and limitedAssignmentsPermitted eq true and totalAssignmentsUsed ge 1"
                + " and totalAssignmentsPermitted le 1"), containsInAnyOrder(licenseId(sku)));
    }

    // ---------------------------------------------------------------- many joins at once (1.1, rule 5)

    /**
     * 60 users join two licensed groups (a SKU each, 12 seats) from 16 threads at once. The store applies
     * joins one at a time and each PATCH answers with the group's new version (ETag), which orders the
     * joins to one group: the 12 earliest joiners of each group hold its seats, the rest have
     * CountViolation, and each SKU's count equals the users holding it.
     */
    @Test
    void concurrentJoinsNeverOversellAndTheEarliestJoinersHoldTheSeats() {
        int seats = 12;
        int joiners = 60;
        String skuA = license(seats);
        String skuB = license(seats);
        String groupA = licensedGroup("Rush A", skuA);
        String groupB = licensedGroup("Rush B", skuB);
        List<String> users = Scim.createUsers(java.util.stream.IntStream.range(0, joiners)
                .mapToObj(i -> uniqueUserName("rush")).toList());
        record Join(String group, String user) {
        }
        List<Join> work = new ArrayList<>();
        for (String u : users) {
            work.add(new Join(groupA, u));
            work.add(new Join(groupB, u));
        }
        Collections.shuffle(work, new java.util.Random(7));
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<CompletableFuture<Long>> versions = new ArrayList<>();
        try {
            for (Join j : work) {
                versions.add(CompletableFuture.supplyAsync(() -> version(join(j.group(), j.user())), pool));
            }
            CompletableFuture.allOf(versions.toArray(CompletableFuture[]::new)).join();
        } finally {
            pool.shutdown();
        }
        for (String[] g : List.of(new String[] {groupA, skuA}, new String[] {groupB, skuB})) {
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < work.size(); i++) {
                if (work.get(i).group().equals(g[0])) {
                    order.add(i);
                }
            }
            order.sort(Comparator.comparingLong(i -> versions.get(i).join()));
            Set<String> winners = new HashSet<>();
            order.subList(0, seats).forEach(i -> winners.add(work.get(i).user()));
            List<String> holders = ids("/Users", USER_EXT + ":licenseAssignmentStates[skuId eq \"" + g[1] + "\" and state eq \"Active\"]");
            int used = used(g[1]);
            assertThat(used, lessThanOrEqualTo(seats));
            assertThat("seats used = distinct users holding the SKU", holders.size(), equalTo(used));
            assertThat("the earliest joiners hold the seats", new HashSet<>(holders), equalTo(winners));
            List<String> waiting = ids("/Users", USER_EXT + ":licenseAssignmentStates[assignedByGroup eq \"" + g[0]
                    + "\" and error eq \"CountViolation\"]");
            assertThat(waiting.size(), equalTo(joiners - seats));
            assertThat(waiting.stream().filter(winners::contains).toList(), empty());
        }
    }

    private static long version(Response r) {
        return Long.parseLong(r.header("ETag").replaceAll("[^0-9]", ""));
    }
}
