package io.roster.dynamicgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roster.licensing.LicensingPlugin;
import io.roster.scim.json.JsonSupport;
import io.roster.scim.service.Precondition;
import io.roster.scim.spi.Change;
import io.roster.scim.spi.Job;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Staged reconciles of big rule changes as background jobs, stepped by hand (see {@link StagedReconcileFixture}). */
class StagedReconcileTest extends StagedReconcileFixture {

    @Test
    void aSmallRuleChangeStaysInTheWriteAndIsCompleteWhenItReturns() {
        List<String> a = users("A", THRESHOLD - 1);
        String g = dynamicGroup("small", deptRule("A"), "");
        assertEquals(new TreeSet<>(a), members(g));
        assertEquals(DynamicGroupsHook.COMPLETE, processing(g));
        assertNull(job(g), "nothing staged");
    }

    @Test
    void aRuleChangeOfABigGroupThatMovesFewMembersStaysInTheWriteAndCancelsNothingStaged() {
        List<String> a = users("A", 10);
        String g = dynamicGroup("big", deptRule("A"), "");
        stepAll();
        String c = user("c0", "C");
        // 10 members and 11 candidates, but only c0 moves: one membership change, under the threshold
        patch("Group", g, GROUP_EXTENSION + ":membershipRule", deptRule("A") + " or " + deptRule("C"));
        assertEquals(DynamicGroupsHook.COMPLETE, processing(g));
        assertNull(job(g));
        Set<String> expected = new TreeSet<>(a);
        expected.add(c);
        assertEquals(expected, members(g));
    }

    @Test
    void aBigRuleChangeIsAppliedInSeveralWritesOfAtMostAChunkAndEndsExact() {
        List<String> a = users("A", 10);
        users("B", 10);
        String g = dynamicGroup("big", deptRule("A"), "");
        int steps = stepAll();
        assertEquals(new TreeSet<>(a), members(g));
        assertEquals(DynamicGroupsHook.COMPLETE, processing(g));
        assertEquals(4, steps, "10 matching users joined, 3 per write: 3, 3, 3 and the last with fewer than a chunk");
        assertEquals(10, added());
        deltas.forEach(d -> assertTrue(d.membersAdded().size() + d.membersRemoved().size() <= CHUNK, "at most a chunk per write"));

        deltas.clear();
        patch("Group", g, GROUP_EXTENSION + ":membershipRule", deptRule("B"));
        assertEquals(DynamicGroupsHook.QUEUED, processing(g));
        assertEquals(new TreeSet<>(a), members(g), "the rule's write only queues the move");
        stepAll();
        assertEquals(inDepartment("B"), members(g));
        assertEquals(DynamicGroupsHook.COMPLETE, processing(g));
        assertEquals(10, removed(), "every leaver left once");
        assertEquals(10, added(), "every joiner joined once");
        assertTrue(deltas.size() >= 2 * (10 / CHUNK), "moved in several writes: " + deltas.size());
    }

    @Test
    void theProcessingStateGoesQueuedThenInProgressThenComplete() {
        List<String> a = users("A", 10);
        String g = dynamicGroup("big", deptRule("A"), "");
        // the triggering write stored the rule and scheduled the job: no member yet
        assertEquals(DynamicGroupsHook.QUEUED, processing(g));
        assertEquals(Set.of(), members(g));

        step(); // no member to walk: the first chunk of matching users joins in the same write
        assertEquals(DynamicGroupsHook.IN_PROGRESS, processing(g));
        assertEquals(new TreeSet<>(a.subList(0, CHUNK)), members(g), "the first chunk joined, in id order");
        step();
        step();
        assertEquals(DynamicGroupsHook.IN_PROGRESS, processing(g));
        assertEquals(3 * CHUNK, members(g).size());

        step(); // the last matching user, and fewer than a chunk: the walk is over
        assertEquals(DynamicGroupsHook.COMPLETE, processing(g));
        assertEquals(new TreeSet<>(a), members(g));
        assertNull(job(g), "the job ended in the write that completed the group");
    }

    @Test
    void progressCountsMoveFromZeroTowardsTheTotal() {
        users("A", 10);
        users("B", 10);
        String g = dynamicGroup("big", deptRule("A"), "");
        stepAll();
        patch("Group", g, GROUP_EXTENSION + ":membershipRule", deptRule("B"));
        Job queued = job(g);
        // 10 members to walk, and at most every user may match (no index narrows a department)
        assertEquals(10 + 20, queued.total());
        assertEquals(0, queued.processed());
        assertNull(queued.cursor());

        long processed = 0;
        Job j;
        while ((j = job(g)) != null) {
            assertTrue(j.processed() >= processed && j.processed() <= j.total(), j.processed() + " of " + j.total());
            processed = j.processed();
            step();
            Job next = job(g);
            assertTrue(next == null || next.processed() > processed, "each step moves the count");
        }
        assertEquals(10 + 8, processed, "before the last step: the 10 members walked, then 8 of the 10 joiners");
    }

    @Test
    void usersJoiningAndLeavingDuringTheRunAreRightAtTheEnd() {
        List<String> a = users("A", 10);
        List<String> b = users("B", 10);
        String g = dynamicGroup("big", deptRule("A"), "");
        step(); // a0..a2 joined
        assertEquals(new TreeSet<>(a.subList(0, CHUNK)), members(g));
        patch("User", a.get(0), ENT + ":department", "B"); // already a member: leaves now
        patch("User", a.get(9), ENT + ":department", "B"); // not reached yet: must not join
        patch("User", b.get(0), ENT + ":department", "A"); // behind the cursor: joins now, and the run must keep it
        String late = user("late", "A"); // ahead of every cursor: joins now, the run finds it a member
        assertTrue(members(g).contains(b.get(0)));
        assertTrue(members(g).contains(late));
        assertFalse(members(g).contains(a.get(0)));

        stepAll();
        assertEquals(DynamicGroupsHook.COMPLETE, processing(g));
        assertEquals(inDepartment("A"), members(g));
        assertEquals(10 - 2 + 1 + 1, members(g).size());
    }

    @Test
    void aSecondRuleChangeDuringTheRunSupersedesIt() {
        users("A", 10);
        users("B", 10);
        String g = dynamicGroup("big", deptRule("A"), "");
        step();
        Job first = job(g);
        assertNotNull(first.cursor());
        patch("Group", g, GROUP_EXTENSION + ":membershipRule", deptRule("B"));
        assertEquals(DynamicGroupsHook.QUEUED, processing(g));
        Job second = job(g);
        assertEquals(first.run() + 1, second.run(), "a new run of the same job");
        assertNull(second.cursor(), "the new run starts from scratch");
        assertEquals(deptRule("B"), second.params().getString("rule"));

        stepAll();
        assertEquals(inDepartment("B"), members(g));
        assertEquals(DynamicGroupsHook.COMPLETE, processing(g));
    }

    @Test
    void pausingCancelsTheRunAndOnAgainReconcilesFromScratch() {
        users("A", 10);
        String g = dynamicGroup("big", deptRule("A"), "");
        step();
        patch("Group", g, GROUP_EXTENSION + ":membershipRuleProcessingState", "Paused");
        // the run was cut short: it is owed, and runs when the group is On again
        assertEquals(DynamicGroupsHook.QUEUED, processing(g));
        assertNull(job(g), "pausing cancelled the job in its write");
        Set<String> frozen = members(g);
        String late = user("late", "A");
        assertEquals(frozen, members(g), "Paused freezes membership");

        patch("Group", g, GROUP_EXTENSION + ":membershipRuleProcessingState", "On");
        assertEquals(DynamicGroupsHook.QUEUED, processing(g));
        assertNotNull(job(g));
        stepAll();
        assertEquals(DynamicGroupsHook.COMPLETE, processing(g));
        assertEquals(inDepartment("A"), members(g));
        assertTrue(members(g).contains(late));
    }

    @Test
    void removingTheRuleDuringTheRunCancelsItKeepsTheMembersAndDropsTheState() {
        users("A", 10);
        String g = dynamicGroup("big", deptRule("A"), "");
        step();
        service.patch(registry.resourceType("Group"), g, JsonSupport.parseTrusted("""
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations": [{"op": "remove", "path": "%s:membershipRule"}]}""".formatted(GROUP_EXTENSION)), Precondition.NONE, CTX);
        assertNull(processing(g), "a static group has no processing state");
        assertNull(job(g), "removing the rule cancelled the job in its write");
        assertFalse(hooks.hasPendingJobs(store, DynamicGroupsPlugin.ID));
        assertEquals(CHUNK, members(g).size(), "a static group keeps its members (as Entra does)");
    }

    @Test
    void deletingTheGroupDuringTheRunCancelsIt() {
        users("A", 10);
        String keep = dynamicGroup("other", deptRule("A"), "");
        String g = dynamicGroup("big", deptRule("A"), "");
        step(); // the first pending job: the other group's
        service.delete(registry.resourceType("Group"), g, Precondition.NONE, CTX);
        assertNull(job(g));
        assertNotNull(job(keep), "only the deleted group's job went");
        stepAll();
        assertEquals(inDepartment("A"), members(keep));
    }

    @Test
    void anInWriteReconcileCancelsTheStagedRun() {
        users("A", 10);
        List<String> c = users("C", 2);
        String g = dynamicGroup("big", deptRule("A"), "");
        step();
        // the group has 3 members: moving them out and 2 users in stays under the threshold
        patch("Group", g, GROUP_EXTENSION + ":membershipRule", deptRule("C"));
        assertEquals(DynamicGroupsHook.COMPLETE, processing(g));
        assertNull(job(g));
        assertEquals(new TreeSet<>(c), members(g));
    }

    @Test
    void licensesFollowAStagedRunStepByStepAndSeatCountsAreRightAtTheEnd() {
        String lic = service.create(registry.resourceType("License"), JsonSupport.parseTrusted("{\"schemas\":[\""
                + LicensingPlugin.ENTITLEMENT + "\"],\"value\":\"sku-dyn\",\"display\":\"E3\",\"limitedAssignmentsPermitted\":true,"
                + "\"totalAssignmentsPermitted\":4}"), CTX).id();
        List<String> a = users("A", 10);
        List<String> b = users("B", 10);
        String g = dynamicGroup("licensed", deptRule("A"), ", \"licenses\": [{\"value\": \"sku-dyn\"}]");
        step();
        assertEquals(CHUNK, used(lic), "the first step's joiners got seats in its write");
        stepAll();
        assertEquals(4, used(lic));
        assertEquals(4, a.stream().filter(this::licensed).count());

        patch("Group", g, GROUP_EXTENSION + ":membershipRule", deptRule("B"));
        stepAll();
        assertEquals(DynamicGroupsHook.COMPLETE, processing(g));
        assertEquals(4, used(lic), "the leavers' seats went to the joiners");
        assertEquals(0, a.stream().filter(this::licensed).count());
        assertEquals(4, b.stream().filter(this::licensed).count());
        assertTrue(deltas.stream().allMatch(d -> d.kind() == Change.Kind.MEMBERS_CHANGED));
    }

    private long used(String licenseId) {
        return get("License", licenseId).getJsonNumber("totalAssignmentsUsed").longValue();
    }

    private boolean licensed(String userId) {
        JsonObject ext = get("User", userId).getJsonObject(USER_EXTENSION);
        return ext != null && ext.containsKey("licenseAssignmentStates")
                && ext.getJsonArray("licenseAssignmentStates").getValuesAs(JsonObject.class).stream()
                .anyMatch(s -> "Active".equals(s.getString("state", null)));
    }
}
