package io.roster.conformance;

import static io.roster.conformance.Patches.assertNoContentWithCurrentEtag;
import static io.roster.conformance.Patches.memberList;
import static io.roster.conformance.Patches.ops;
import static io.roster.conformance.Patches.patchGroup;
import static io.roster.conformance.Scim.assertScimError;
import static io.roster.conformance.Scim.createGroup;
import static io.roster.conformance.Scim.createUniqueUser;
import static io.roster.conformance.Scim.createUsers;
import static io.roster.conformance.Scim.getGroup;
import static io.roster.conformance.Scim.memberIds;
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
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.roster.conformance.kit.Capability;
import io.roster.conformance.kit.Area;
import io.roster.conformance.kit.Check;
import io.roster.conformance.kit.Level;
import io.roster.conformance.kit.Requires;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** PATCH on Groups: membership as index entries, 204 answers, atomicity, concurrency and size. */
@Check(level = Level.RFC_MUST, area = Area.PATCH, rule = "RFC 7644 3.5.2")
@Requires({Capability.PATCH, Capability.GROUPS})
class PatchGroupTest {

    private record Group(String id, String name, String etag, Map<String, Object> body) {
    }

    private static Group group(String label, String... members) {
        String name = unique(label);
        String id = createGroup(name, members);
        Response get = getGroup(id);
        get.then().statusCode(200);
        return new Group(id, name, get.header("ETag"), root(get));
    }

    private static List<String> users(String label, int n) {
        return createUsers(IntStream.range(0, n).mapToObj(i -> uniqueUserName(label)).toList());
    }

    private static void assertUnchanged(Group g) {
        Response now = getGroup(g.id());
        now.then().statusCode(200);
        assertThat("ETag unchanged", now.header("ETag"), equalTo(g.etag()));
        assertThat("group unchanged", root(now), equalTo(g.body()));
    }

    @Test
    void patchAddMembersReturns204WithEtagAndAddsThem() {
        List<String> u = users("pg-add", 2);
        Group g = group("PG Add");
        Response r = patchGroup(g.id(), ops("{\"op\": \"add\", \"path\": \"members\", \"value\": " + memberList(u) + "}"));
        Response get = assertNoContentWithCurrentEtag(r, g.id());
        assertThat(Scim.values(get, "members"), containsInAnyOrder(u.toArray()));
        assertThat(r.header("ETag"), not(equalTo(g.etag())));
    }

    /** RFC 7644 3.5.2 lets a server answer 200 with the group; Roster answers 204 with the new ETag. */
    @Check(level = Level.ROSTER, rule = "Roster: 204 on a Group PATCH")
    @Test
    void aGroupPatchIsAnsweredWith204AndTheNewETag() {
        List<String> u = users("pg-roster-204", 1);
        Group g = group("PG Roster 204");
        Response r = patchGroup(g.id(), ops("{\"op\": \"add\", \"path\": \"members\", \"value\": " + memberList(u) + "}"));
        assertNoContentWithCurrentEtag(r, g.id());
        assertThat(r.header("ETag"), not(equalTo(g.etag())));
    }

    @Test
    void patchAddOfAnExistingMemberIsNoErrorAndAddsNoDuplicate() {
        List<String> u = users("pg-dup", 2);
        Group g = group("PG Dup", u.get(0));
        Response r = patchGroup(g.id(), ops("{\"op\": \"add\", \"path\": \"members\", \"value\": " + memberList(u) + "}"));
        assertNoContentWithCurrentEtag(r, g.id());
        List<String> members = memberIds(g.id());
        assertThat(members, hasSize(2));
        assertThat(members, containsInAnyOrder(u.toArray()));
    }

    @Check(level = Level.RFC_SHOULD, rule = "RFC 7644 3.5.2.1")
    @Test
    void patchAddOfOnlyExistingMembersKeepsTheVersion() {
        String u = createUniqueUser("pg-same");
        Group g = group("PG Same", u);
        Response r = patchGroup(g.id(), ops("{\"op\": \"add\", \"path\": \"members\", \"value\": [{\"value\": " + q(u) + "}]}"));
        r.then().statusCode(Patches.patched()).header("ETag", equalTo(g.etag()));
        assertUnchanged(g);
    }

    @Test
    void patchRemoveMembersWithValueRemovesOnlyThoseMembers() {
        List<String> u = users("pg-rm-list", 3);
        Group g = group("PG Rm List", u.toArray(String[]::new));
        patchGroup(g.id(), ops("{\"op\": \"remove\", \"path\": \"members\", \"value\": [{\"value\": " + q(u.get(1)) + "}]}"))
                .then().statusCode(Patches.patched());
        assertThat(memberIds(g.id()), containsInAnyOrder(u.get(0), u.get(2)));
    }

    @Test
    void patchRemoveMembersWithoutValueRemovesAllMembers() {
        List<String> u = users("pg-rm-all", 3);
        Group g = group("PG Rm All", u.toArray(String[]::new));
        patchGroup(g.id(), ops("{\"op\": \"remove\", \"path\": \"members\"}")).then().statusCode(Patches.patched());
        assertThat(memberIds(g.id()), empty());
        getGroup(g.id()).then().body("displayName", equalTo(g.name()));
    }

    @Test
    void patchRemoveMemberByValueFilterRemovesThatMember() {
        List<String> u = users("pg-rm-filter", 2);
        Group g = group("PG Rm Filter", u.toArray(String[]::new));
        patchGroup(g.id(), ops("{\"op\": \"remove\", \"path\": \"members[value eq " + q(u.get(0)).replace("\"", "\\\"") + "]\"}"))
                .then().statusCode(Patches.patched());
        assertThat(memberIds(g.id()), containsInAnyOrder(u.get(1)));
    }

    @Check(level = Level.RFC_MUST, rule = "RFC 7644 3.5.2.2")
    @Test
    void patchRemoveMembersByTypeFilterRemovesNestedGroupsOnly() {
        String user = createUniqueUser("pg-rm-type");
        Group child = group("PG Child");
        Group g = group("PG Rm Type", user, child.id());
        patchGroup(g.id(), ops("{\"op\": \"remove\", \"path\": \"members[type eq \\\"Group\\\"]\"}")).then().statusCode(Patches.patched());
        assertThat(memberIds(g.id()), containsInAnyOrder(user));
    }

    @Test
    void patchRemoveOfANonMemberChangesNothing() {
        String member = createUniqueUser("pg-rm-non");
        String other = createUniqueUser("pg-rm-other");
        Group g = group("PG Rm Non", member);
        patchGroup(g.id(), ops("{\"op\": \"remove\", \"path\": \"members\", \"value\": [{\"value\": " + q(other) + "}]}"))
                .then().statusCode(Patches.patched()).header("ETag", equalTo(g.etag()));
        assertUnchanged(g);
    }

    @Test
    void patchReplaceMembersSetsTheExactList() {
        List<String> u = users("pg-replace", 4);
        Group g = group("PG Replace", u.get(0), u.get(1));
        patchGroup(g.id(), ops("{\"op\": \"replace\", \"path\": \"members\", \"value\": " + memberList(u.subList(1, 4)) + "}"))
                .then().statusCode(Patches.patched());
        assertThat(memberIds(g.id()), containsInAnyOrder(u.get(1), u.get(2), u.get(3)));
    }

    @Test
    void patchPathLessMembersAddsThem() {
        List<String> u = users("pg-pathless", 2);
        Group g = group("PG Pathless", u.get(0));
        patchGroup(g.id(), ops("{\"op\": \"add\", \"value\": {\"members\": " + memberList(u.subList(1, 2)) + "}}")).then().statusCode(Patches.patched());
        assertThat(memberIds(g.id()), containsInAnyOrder(u.toArray()));
    }

    @Test
    void patchRenameAndMembershipInOneRequestApplyTogether() {
        String u = createUniqueUser("pg-rename");
        Group g = group("PG Rename");
        String newName = unique("PG Renamed");
        patchGroup(g.id(), ops("{\"op\": \"replace\", \"path\": \"displayName\", \"value\": " + q(newName) + "}",
                "{\"op\": \"add\", \"path\": \"members\", \"value\": [{\"value\": " + q(u) + "}]}")).then().statusCode(Patches.patched());
        getGroup(g.id()).then().body("displayName", equalTo(newName)).body("members.value", containsInAnyOrder(u));
        scim().queryParam("filter", "displayName eq " + q(newName)).get("/Groups").then().body("totalResults", equalTo(1));
    }

    @Check(level = Level.RFC_MUST, rule = "RFC 7643 4.1.2")
    @Requires(Capability.USER_GROUPS)
    @Test
    void patchNestsAGroupAndTheMemberSeesItInGroups() {
        String u = createUniqueUser("pg-nest");
        Group child = group("PG Nest Child", u);
        Group parent = group("PG Nest Parent");
        patchGroup(parent.id(), ops("{\"op\": \"add\", \"path\": \"members\", \"value\": [{\"value\": " + q(child.id()) + ", \"type\": \"Group\"}]}"))
                .then().statusCode(Patches.patched());
        getGroup(parent.id()).then().body("members.type", containsInAnyOrder("Group"));
        Scim.getUser(u).then().body("groups.value", hasItem(parent.id()));
    }

    @Check(level = Level.ROSTER, rule = "Roster: no membership cycles")
    @Test
    void patchAddingAGroupToItselfIsInvalidValue() {
        Group g = group("PG Self");
        assertScimError(patchGroup(g.id(), ops("{\"op\": \"add\", \"path\": \"members\", \"value\": [{\"value\": " + q(g.id()) + "}]}")),
                400, "invalidValue");
        assertUnchanged(g);
    }

    @Check(level = Level.ROSTER, rule = "Roster: member validation")
    @Test
    void patchAddingAMemberThatDoesNotExistIsInvalidValueNamingItAndAppliesNothing() {
        String real = createUniqueUser("pg-missing-real");
        String kept = createUniqueUser("pg-missing-kept");
        Group g = group("PG Missing", kept);
        String missing = UUID.randomUUID().toString();
        Response r = patchGroup(g.id(), ops(
                "{\"op\": \"replace\", \"path\": \"displayName\", \"value\": " + q(unique("PG Never")) + "}",
                "{\"op\": \"remove\", \"path\": \"members\", \"value\": [{\"value\": " + q(kept) + "}]}",
                "{\"op\": \"add\", \"path\": \"members\", \"value\": [{\"value\": " + q(real) + "}, {\"value\": " + q(missing) + "}]}"));
        assertScimError(r, 400, "invalidValue");
        assertThat(r.<String>path("detail"), containsString(missing));
        assertUnchanged(g);
        Scim.getUser(real).then().body("groups.value", anyOf(nullValue(), not(hasItem(g.id()))));
    }

    @Check(level = Level.RFC_SHOULD, rule = "RFC 7643 4.2, RFC 7644 3.5.2.2")
    @Test
    void patchRemovingDisplayNameIsMutability() {
        Group g = group("PG Required");
        assertScimError(patchGroup(g.id(), ops("{\"op\": \"remove\", \"path\": \"displayName\"}")), 400, "mutability");
        assertUnchanged(g);
    }

    @Check(level = Level.ROSTER, rule = "Roster: member sub-attributes are not patchable")
    @Test
    void patchMemberSubAttributePathIsInvalidPath() {
        String u = createUniqueUser("pg-sub");
        Group g = group("PG Sub", u);
        assertScimError(patchGroup(g.id(), ops("{\"op\": \"replace\", \"path\": \"members.display\", \"value\": \"x\"}")), 400);
        assertUnchanged(g);
    }

    @Test
    void patchWithAttributesReturns200WithThatProjection() {
        String u = createUniqueUser("pg-proj");
        Group g = group("PG Proj");
        Response r = scim().queryParam("attributes", "members").body(ops("{\"op\": \"add\", \"path\": \"members\", \"value\": [{\"value\": " + q(u) + "}]}"))
                .patch("/Groups/{id}", g.id());
        r.then().statusCode(200).body("id", equalTo(g.id())).body("members.value", containsInAnyOrder(u))
                .body("$", not(hasKey("displayName")));
        assertThat(r.header("ETag"), equalTo(getGroup(g.id()).header("ETag")));
    }

    @Test
    void patchWithExcludedAttributesReturns200WithoutThem() {
        String u = createUniqueUser("pg-excl");
        Group g = group("PG Excl");
        String newName = unique("PG Excl Renamed");
        Response r = scim().queryParam("excludedAttributes", "members").body(ops(
                        "{\"op\": \"replace\", \"path\": \"displayName\", \"value\": " + q(newName) + "}",
                        "{\"op\": \"add\", \"path\": \"members\", \"value\": [{\"value\": " + q(u) + "}]}"))
                .patch("/Groups/{id}", g.id());
        r.then().statusCode(200).body("displayName", equalTo(newName)).body("$", not(hasKey("members")));
        assertThat(memberIds(g.id()), containsInAnyOrder(u));
    }

    @Test
    void patchOfUnknownGroupIs404() {
        assertScimError(patchGroup(UUID.randomUUID().toString(), ops("{\"op\": \"remove\", \"path\": \"members\"}")), 404);
    }

    // ---------------------------------------------------------------- concurrency and size

    @Check(level = Level.ROSTER, rule = "Roster: no lost update")
    @Test
    void concurrentPatchesAddingDistinctMembersLoseNone() throws Exception {
        int clients = 16;
        int perClient = 5;
        List<String> u = users("pg-conc", clients * perClient);
        Group g = group("PG Concurrent");
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                List<String> mine = u.subList(c * perClient, (c + 1) * perClient);
                results.add(pool.submit(() -> {
                    int status = 0;
                    for (String id : mine) { // one PATCH per member, as Entra's first sync does
                        status = patchGroup(g.id(), ops("{\"op\": \"Add\", \"path\": \"members\", \"value\": [{\"value\": " + q(id) + "}]}"))
                                .statusCode();
                        if (status != 204) {
                            return status;
                        }
                    }
                    return status;
                }));
            }
            for (Future<Integer> f : results) {
                assertThat(f.get(), equalTo(204));
            }
        } finally {
            pool.shutdownNow();
        }
        List<String> members = memberIds(g.id());
        assertThat(members, hasSize(clients * perClient));
        assertThat(new HashSet<>(members), equalTo(new HashSet<>(u)));
    }

    @Check(level = Level.CLIENT, area = Area.CLIENTS, rule = "CLIENTS.md Okta")
    @Test
    void oktaMixedPatchFromSixteenConcurrentClientsKeepsExactMembership() throws Exception {
        int clients = 16;
        List<String> u = users("pg-conc-mixed", clients * 2);
        Group g = group("PG Concurrent Mixed", u.subList(0, clients).toArray(String[]::new));
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                String out = u.get(c);
                String in = u.get(clients + c);
                results.add(pool.submit(() -> patchGroup(g.id(), ops(
                        "{\"op\": \"remove\", \"path\": \"members[value eq \\\"" + out + "\\\"]\"}",
                        "{\"op\": \"add\", \"path\": \"members\", \"value\": [{\"value\": " + q(in) + "}]}")).statusCode()));
            }
            for (Future<Integer> f : results) {
                assertThat(f.get(), equalTo(204));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(new HashSet<>(memberIds(g.id())), equalTo(new HashSet<>(u.subList(clients, clients * 2))));
    }

    @Check(level = Level.ROSTER, rule = "Roster: large groups")
    @Requires(Capability.STRESS)
    @Test
    void patchAddingTwoThousandMembersInOneOperationSucceeds() {
        addManyMembersInOnePatch(2_000);
    }

    @Check(level = Level.ROSTER, rule = "Roster: large groups")
    @Requires(Capability.STRESS)
    @Test
    void patchAddingTenThousandMembersInOneOperationSucceeds() {
        addManyMembersInOnePatch(10_000);
    }

    private static void addManyMembersInOnePatch(int n) {
        long t0 = System.nanoTime();
        List<String> u = users("pg-many", n);
        long t1 = System.nanoTime();
        Group g = group("PG Many " + n);
        Response r = patchGroup(g.id(), ops("{\"op\": \"Add\", \"path\": \"members\", \"value\": " + memberList(u) + "}"));
        long t2 = System.nanoTime();
        r.then().statusCode(Patches.patched());
        Response get = scim().queryParam("attributes", "members").get("/Groups/{id}", g.id());
        get.then().statusCode(200);
        List<String> members = Scim.values(get, "members");
        assertThat(members, hasSize(n));
        assertThat(new HashSet<>(members), equalTo(new HashSet<>(u)));
        // Adding them again is a no-op, not an error.
        patchGroup(g.id(), ops("{\"op\": \"Add\", \"path\": \"members\", \"value\": " + memberList(u) + "}"))
                .then().statusCode(Patches.patched()).header("ETag", equalTo(r.header("ETag")));
        System.out.printf("PatchGroupTest: %d users created in %d ms; one PATCH adding %d members took %d ms%n",
                n, (t1 - t0) / 1_000_000, n, (t2 - t1) / 1_000_000);
    }
}
