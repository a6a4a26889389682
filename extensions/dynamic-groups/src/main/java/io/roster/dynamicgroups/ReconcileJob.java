package io.roster.dynamicgroups;

import static io.roster.scim.spi.ResourceTypeNames.GROUP;
import static io.roster.scim.spi.ResourceTypeNames.USER;

import io.roster.scim.json.JsonSupport;
import io.roster.scim.spi.HookContext;
import io.roster.scim.spi.Job;
import io.roster.scim.spi.JobHandler;
import io.roster.scim.spi.JobStep;
import io.roster.scim.spi.Jobs;
import io.roster.scim.spi.Matches;
import io.roster.scim.spi.Member;
import io.roster.scim.spi.PluginRuntime;
import io.roster.scim.spi.Resource;
import io.roster.scim.spi.ResourceReader;
import io.roster.scim.spi.ResourceWriter;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * A big membership reconcile (a rule change, Paused to On, or a new group with a rule, whose change may
 * exceed the hook's threshold) as a background job of the plugin API: kind {@value #KIND}, key the
 * group's id, parameter {@code rule} the rule text it reconciles to. The engine's job worker runs it one
 * step per durable write, so other clients' writes interleave instead of waiting for the whole move, and
 * a restart resumes it from the last committed step.
 *
 * <p>Each step walks at most {@code chunk} users in a stable order and its cursor names the last one:
 * {@code L:<memberId>} while the current members are walked in id order (those that are not users, or
 * no longer match, leave: seats are freed before new members take them, as in the in-write reconcile),
 * then {@code J:<userId>} while the matching users are walked in id order and those not yet members join
 * (id order is creation order: licensing serves earliest members first). Every user is evaluated against
 * the rule inside the step's own write, so a user changed meanwhile (which the hook already evaluated
 * against the new rule, since the rule is stored) is never undone; a member leaving or a user joining
 * behind the cursor does not move it (the walks are by id, strictly after the cursor). The membership
 * changes go through the mutation facade, which reports each step's delta as a MEMBERS_CHANGED change
 * marked {@code dynamic-groups}: licensing follows step by step.
 *
 * <p>The group's durable {@code membershipProcessingState} says where it stands, written in the same
 * writes: the scheduling write sets {@code QueuedForProcessing}, each step that leaves work
 * {@code ProcessingInProgress}, the last one {@code ProcessingComplete}. A later rule change schedules
 * a new run (the engine restarts the job from scratch); pausing, removing the rule, deleting the group
 * or an in-write reconcile cancels it, each in its own write.
 */
final class ReconcileJob implements JobHandler {
    static final String KIND = "reconcile";
    private static final String LEAVERS = "L:";
    private static final String JOINERS = "J:";
    private static final String RULE = "rule";
    /** Groups per write when the start schedules jobs owed from an earlier release. */
    private static final int MIGRATION_BATCH = 200;
    private static final Logger LOG = Logger.getLogger(ReconcileJob.class.getName());

    private final DynamicGroupsHook hook;
    private final int chunk;
    /**
     * The joiners' walk of each pending job's current run, kept between its steps so that the indexes are
     * asked for the candidates once per run rather than once per step (a walk is ids and a position only,
     * see {@link Matches}). Only a speed-up: a restart, or a walk of a superseded run, starts a new one at
     * the durable cursor.
     */
    private final Map<String, Walk> walks = new ConcurrentHashMap<>();

    private record Walk(long run, Matches matches) {
    }

    ReconcileJob(DynamicGroupsHook hook, int chunk) {
        this.hook = hook;
        this.chunk = chunk;
    }

    /**
     * Schedules (or restarts from scratch) the group's reconcile to {@code rule}, in the running write. Its
     * total is the current members plus an upper bound of the matching users: what the two walks visit.
     */
    static void schedule(Jobs jobs, ResourceReader r, String groupId, MembershipRule rule) {
        long matching = r.estimateMatching(USER, rule.filter());
        if (matching == Long.MAX_VALUE) {
            matching = r.count(USER);
        }
        jobs.schedule(KIND, groupId, JsonSupport.object().add(RULE, rule.text()).build(), r.memberCount(groupId) + matching);
    }

    /** Drops the group's pending reconcile, if any, in the running write. */
    static void cancel(Jobs jobs, String groupId) {
        jobs.cancel(KIND, groupId);
    }

    @Override
    public JobStep step(Job job, HookContext ctx) {
        ResourceWriter w = ctx.resources();
        String groupId = job.key();
        walks.keySet().retainAll(ctx.jobs().pending(KIND)); // walks of cancelled or finished jobs
        Resource g = w.get(GROUP, groupId);
        JsonObject ext = g == null ? JsonValue.EMPTY_JSON_OBJECT : DynamicGroupsHook.ext(g.attributes());
        String rule = DynamicGroupsHook.ruleText(ext);
        if (rule == null || !rule.equals(job.params().getString(RULE, null))
                || DynamicGroupsHook.PAUSED.equals(ext.getString(DynamicGroupsHook.STATE, DynamicGroupsHook.ON))) {
            // not expected: every write that deletes the group or removes, changes or pauses its rule cancels
            // or reschedules the job in that write. A job that no longer describes the group ends untouched.
            walks.remove(groupId);
            return JobStep.done(0);
        }
        MembershipRule compiled = hook.compiler().compile(rule);
        String cursor = job.cursor();
        int budget = chunk;
        long walked = 0;
        String joinersAfter = null;
        if (cursor == null || cursor.startsWith(LEAVERS)) {
            List<Member> page = w.members(groupId, cursor == null ? null : cursor.substring(LEAVERS.length()), budget);
            List<String> leaving = new ArrayList<>();
            for (Member m : page) {
                // only users match a rule over Users: a nested group or a non-matching user leaves
                if (!USER.equals(m.type()) || !hook.matches(w, m.id(), compiled)) {
                    leaving.add(m.id());
                }
            }
            w.removeMembers(groupId, leaving);
            if (page.size() == budget) {
                mark(w, groupId, DynamicGroupsHook.IN_PROGRESS);
                return JobStep.next(LEAVERS + page.get(page.size() - 1).id(), page.size());
            }
            // the members are done: the rest of this step's budget starts the joiners
            budget -= page.size();
            walked = page.size();
        } else {
            joinersAfter = cursor.substring(JOINERS.length());
        }
        List<String> ids = walk(job, w, compiled, joinersAfter).next(w, budget);
        List<String> joining = new ArrayList<>();
        for (String id : ids) {
            if (!w.isMember(groupId, id)) {
                joining.add(id);
            }
        }
        w.addMembers(groupId, joining);
        walked += ids.size();
        if (ids.size() == budget) {
            mark(w, groupId, DynamicGroupsHook.IN_PROGRESS);
            return JobStep.next(JOINERS + ids.get(ids.size() - 1), walked);
        }
        walks.remove(groupId);
        mark(w, groupId, DynamicGroupsHook.COMPLETE);
        return JobStep.done(walked);
    }

    /**
     * The matching users after {@code after} (null: from the first). A walk that starts in this step is
     * always new: a kept one may have been advanced by a step that was undone. A kept one is re-positioned
     * at the durable cursor, for the same reason.
     */
    private Matches walk(Job job, ResourceReader r, MembershipRule rule, String after) {
        Walk kept = walks.get(job.key());
        if (after == null || kept == null || kept.run() != job.run()) {
            Matches fresh = r.matching(USER, rule.filter());
            walks.put(job.key(), new Walk(job.run(), fresh));
            return after == null ? fresh : fresh.startAfter(after);
        }
        return kept.matches().startAfter(after);
    }

    private static void mark(ResourceWriter w, String groupId, String processing) {
        DynamicGroupsHook.writeExt(w, groupId, b -> b.add(DynamicGroupsHook.PROCESSING, processing));
    }

    /**
     * Schedules a job for each of {@code owed} that is On, still owes a reconcile (Queued or InProgress)
     * and has none: a data directory from a release that ran staged reconciles on the plugin's own thread
     * left them in that state without a job. A group that already has one is left alone (it resumes at its
     * cursor), so running this at every start is harmless.
     */
    static void scheduleOwed(PluginRuntime runtime, MembershipRule.Compiler compiler, List<String> owed) {
        int[] scheduled = {0};
        for (int i = 0; i < owed.size(); i += MIGRATION_BATCH) {
            List<String> batch = owed.subList(i, Math.min(owed.size(), i + MIGRATION_BATCH));
            runtime.write(ctx -> {
                for (String id : batch) {
                    if (ctx.jobs().get(KIND, id) != null) {
                        continue;
                    }
                    Resource g = ctx.resources().get(GROUP, id);
                    JsonObject ext = g == null ? JsonValue.EMPTY_JSON_OBJECT : DynamicGroupsHook.ext(g.attributes());
                    String rule = DynamicGroupsHook.ruleText(ext);
                    String processing = ext.getString(DynamicGroupsHook.PROCESSING, DynamicGroupsHook.COMPLETE);
                    if (rule != null && !DynamicGroupsHook.COMPLETE.equals(processing)
                            && !DynamicGroupsHook.PAUSED.equals(ext.getString(DynamicGroupsHook.STATE, DynamicGroupsHook.ON))) {
                        schedule(ctx.jobs(), ctx.resources(), id, compiler.compile(rule));
                        scheduled[0]++;
                    }
                }
                return null;
            });
        }
        if (scheduled[0] > 0) {
            LOG.info("scheduled " + scheduled[0] + " staged dynamic-group reconciles left Queued or InProgress by an earlier release");
        }
    }
}
