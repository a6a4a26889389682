package io.roster.dynamicgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roster.scim.spi.Job;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Staged reconciles across restarts: the job and its cursor are in the store, so a run resumes where its
 * last committed step left it; a data directory from a release that kept no job for a group left Queued
 * or InProgress gets one at start.
 */
class StagedReconcileRestartTest extends StagedReconcileFixture {

    /** A rule change from department A to B over 10 + 10 users, left after {@code steps} steps. */
    private String ruleChangeCutShortAfter(int steps) {
        users("A", 10);
        users("B", 10);
        String g = dynamicGroup("big", deptRule("A"), "");
        stepAll();
        deltas.clear();
        patch("Group", g, GROUP_EXTENSION + ":membershipRule", deptRule("B"));
        for (int i = 0; i < steps; i++) {
            step();
        }
        return g;
    }

    @Test
    void aRunCutShortByARestartResumesAtItsCursorWithNoMemberLostOrMovedTwice() {
        String g = ruleChangeCutShortAfter(5); // the 10 leavers, then the first joiners (b0..b4)
        Job before = job(g);
        assertTrue(before.cursor().startsWith("J:"), before.cursor());
        assertEquals(DynamicGroupsHook.IN_PROGRESS, processing(g));

        reopen();
        assertEquals(DynamicGroupsHook.IN_PROGRESS, processing(g), "the durable state is as the last step left it");
        Job after = job(g);
        assertEquals(before, after, "the job, its run, cursor and counts are in the store");
        step();
        assertEquals(after.processed() + CHUNK, job(g).processed(), "the step after the restart went on from the cursor");
        stepAll();

        assertEquals(DynamicGroupsHook.COMPLETE, processing(g));
        assertEquals(inDepartment("B"), members(g));
        assertEquals(10, removed(), "every leaver left once");
        assertEquals(10, added(), "every joiner joined once");
    }

    @Test
    void theJobWorkerResumesARunLeftByARestartOnceThePluginsStart() {
        String g = ruleChangeCutShortAfter(2); // among the leavers
        Job before = job(g);
        assertTrue(before.cursor().startsWith("L:"), before.cursor());

        reopen();
        engine.start();
        await(g, DynamicGroupsHook.COMPLETE);
        assertEquals(inDepartment("B"), members(g));
        assertEquals(10, removed());
        assertEquals(10, added());
        assertFalse(hooks.hasPendingJobs(store, DynamicGroupsPlugin.ID));
    }

    @Test
    void aGroupLeftQueuedWithoutAJobByAnEarlierReleaseIsScheduledAtStart() {
        String g = ruleChangeCutShortAfter(0);
        // what a data directory of an earlier release holds: the state, but no job (its runs were in memory)
        runtime().write(ctx -> {
            ctx.jobs().cancel(ReconcileJob.KIND, g);
            return null;
        });
        assertEquals(DynamicGroupsHook.QUEUED, processing(g));

        reopen();
        engine.start();
        await(g, DynamicGroupsHook.COMPLETE);
        assertEquals(inDepartment("B"), members(g));
    }

    @Test
    void theStartSchedulesOnlyOwedOnGroupsWithoutAJobAndIsIdempotent() {
        List<String> a = users("A", 10);
        String owed = dynamicGroup("owed", deptRule("A"), "");
        String paused = dynamicGroup("paused", deptRule("A"), "");
        patch("Group", paused, GROUP_EXTENSION + ":membershipRuleProcessingState", "Paused");
        String running = dynamicGroup("running", deptRule("A"), "");
        runtime().write(ctx -> {
            ctx.jobs().cancel(ReconcileJob.KIND, owed); // left by an earlier release
            return null;
        });
        step(); // the one job pending: running's
        Job runningBefore = job(running);
        assertNotNull(runningBefore.cursor());
        assertNull(job(owed));
        assertEquals(DynamicGroupsHook.QUEUED, processing(paused));
        assertNull(job(paused), "paused: nothing runs until it is On again");

        List<String> groups = List.of(owed, paused, running);
        ReconcileJob.scheduleOwed(runtime(), plugin.hook().compiler(), groups);
        Job scheduled = job(owed);
        assertNotNull(scheduled);
        assertEquals(10, scheduled.total(), "no member yet, and at most every user matches");
        assertNull(job(paused));
        assertEquals(runningBefore, job(running), "a group with a job keeps it: it resumes at its cursor");

        ReconcileJob.scheduleOwed(runtime(), plugin.hook().compiler(), groups);
        assertEquals(scheduled, job(owed), "a second start schedules nothing again");

        stepAll();
        assertEquals(new java.util.TreeSet<>(a), members(owed));
        assertEquals(new java.util.TreeSet<>(a), members(running));
        assertEquals(DynamicGroupsHook.COMPLETE, processing(owed));
        assertEquals(DynamicGroupsHook.COMPLETE, processing(running));
    }
}
