package io.roster.dynamicgroups;

import io.roster.scim.spi.PluginRuntime;
import io.roster.scim.spi.ResourceTypeNames;
import io.roster.scim.spi.Matches;
import io.roster.scim.spi.Member;
import io.roster.scim.spi.Resource;
import io.roster.scim.spi.ResourceWriter;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Applies a big membership reconciliation (a rule change, Paused to On, or a new group with a rule
 * whose change may exceed the hook's threshold) in chunks of at most {@code chunk} users per durable
 * write, so that other clients' writes interleave instead of waiting for the whole move.
 *
 * <p>A run is idempotent and keeps nothing between chunks but a cursor: first the current members are
 * walked (those that are not users, or no longer match, leave: seats are freed before new members
 * take them, as in the in-write reconcile), then the candidate users (every user id, or the planner's
 * candidates when an index helps) are walked and those that match and are not members join. Every
 * user is re-checked against the rule inside the chunk's own write, so a user changed meanwhile (which
 * the hook already evaluated against the new rule) is never undone. Each chunk emits its
 * MEMBERS_CHANGED delta marked {@code dynamic-groups}, so licensing follows chunk by chunk.
 *
 * <p>Each group has a generation: a later rule change, a pause, an in-write reconcile, or removing the
 * rule bumps it, and a run whose generation is no longer current stops at its next chunk (a
 * superseding change schedules a fresh run from scratch). The durable {@code membershipProcessingState}
 * says where a group stands: {@code QueuedForProcessing}, {@code ProcessingInProgress},
 * {@code ProcessingComplete}; after a restart every group On and left Queued or InProgress is run again.
 */
final class StagedReconciler {
    private static final Logger LOG = Logger.getLogger(StagedReconciler.class.getName());

    private final DynamicGroupsHook hook;
    private final PluginRuntime runtime;
    private final int chunk;
    private final Map<String, Long> generations = new ConcurrentHashMap<>();
    private final ExecutorService worker;
    private volatile boolean stopped;
    /** Runs before every write of a run; tests hold the worker with it to look at a run mid-way. */
    volatile Runnable beforeWrite = () -> { };

    StagedReconciler(DynamicGroupsHook hook, PluginRuntime runtime, int chunk) {
        this.hook = hook;
        this.runtime = runtime;
        this.chunk = chunk;
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "dynamic-groups-reconcile");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts a run from scratch for the group's durable rule; any run in progress for it stops. */
    void schedule(String groupId) {
        long generation = generations.merge(groupId, 1L, Long::sum);
        if (stopped) {
            return; // the durable Queued state makes the next start run it
        }
        worker.execute(() -> {
            try {
                run(groupId, generation);
            } catch (RuntimeException e) {
                // the state stays Queued/InProgress: the next rule change or restart runs it again
                LOG.log(stopped ? Level.FINE : Level.WARNING, "staged reconciliation of dynamic group " + groupId
                        + (stopped ? " stopped with the server; it runs again at the next start" : " failed"), e);
            }
        });
    }

    /** Stops any run in progress for the group (paused, rule removed, or reconciled in a write). */
    void cancel(String groupId) {
        generations.computeIfPresent(groupId, (k, g) -> g + 1);
    }

    void stop() {
        stopped = true;
        worker.shutdownNow();
        try {
            worker.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean current(String groupId, long generation) {
        return !stopped && !Thread.currentThread().isInterrupted() && generations.getOrDefault(groupId, 0L) == generation;
    }

    private void run(String groupId, long generation) {
        // 1. claim the run: the group must still carry a rule, be On and owe a reconcile
        String rule = write(groupId, generation, null, (w, g, ext) -> {
            String text = DynamicGroupsHook.ruleText(ext);
            String state = ext.getString(DynamicGroupsHook.PROCESSING, null);
            if (text == null || DynamicGroupsHook.PAUSED.equals(ext.getString(DynamicGroupsHook.STATE, DynamicGroupsHook.ON))
                    || DynamicGroupsHook.COMPLETE.equals(state)) {
                return null;
            }
            mark(w, groupId, DynamicGroupsHook.IN_PROGRESS);
            return text;
        });
        if (rule == null) {
            return;
        }
        MembershipRule compiled = hook.compiler().compile(rule);

        // 2. leavers: walk the members by id; removing one does not move the cursor
        String after = null;
        while (true) {
            String from = after;
            Cursor c = write(groupId, generation, rule, (w, g, ext) -> {
                List<Member> page = w.members(groupId, from, chunk);
                List<String> removed = new ArrayList<>();
                for (Member m : page) {
                    if (!ResourceTypeNames.USER.equals(m.type()) || !hook.matches(w, m.id(), compiled)) {
                        removed.add(m.id());
                    }
                }
                w.removeMembers(groupId, removed);
                return new Cursor(page.isEmpty() ? null : page.get(page.size() - 1).id(), page.size() < chunk);
            });
            if (c == null) {
                return; // superseded, paused or stopped
            }
            if (c.done) {
                break;
            }
            after = c.last;
        }

        // 3. joiners: the matching users in id order (indexes answer where the rule allows; ids only are
        // held between chunks), each re-checked against the rule in the chunk's own write
        Matches candidates = runtime.read(r -> r.matching(ResourceTypeNames.USER, compiled.filter()));
        while (true) {
            Cursor c = write(groupId, generation, rule, (w, g, ext) -> {
                List<String> ids = candidates.next(w, chunk);
                List<String> joining = new ArrayList<>();
                for (String id : ids) { // id order is creation order: licensing serves earliest members first
                    if (!w.isMember(groupId, id)) {
                        joining.add(id);
                    }
                }
                w.addMembers(groupId, joining);
                return new Cursor(ids.isEmpty() ? null : ids.get(ids.size() - 1), ids.size() < chunk);
            });
            if (c == null) {
                return;
            }
            if (c.done) {
                break;
            }
        }

        // 4. done, unless superseded meanwhile
        write(groupId, generation, rule, (w, g, ext) -> {
            mark(w, groupId, DynamicGroupsHook.COMPLETE);
            return Boolean.TRUE;
        });
    }

    private record Cursor(String last, boolean done) {
    }

    private interface Step<T> {
        T apply(ResourceWriter w, Resource group, JsonObject ext);
    }

    /**
     * One durable write of a run. Returns null without changing anything when the run is no longer
     * current: stopped, superseded (generation), or the durable rule is not the run's rule any more.
     * Its membership changes are reported by the facade as a MEMBERS_CHANGED change through every hook.
     */
    private <T> T write(String groupId, long generation, String rule, Step<T> step) {
        beforeWrite.run();
        if (!current(groupId, generation)) {
            return null;
        }
        return runtime.write(ctx -> {
            ResourceWriter w = ctx.resources();
            Resource g = w.get(ResourceTypeNames.GROUP, groupId);
            if (g == null || !current(groupId, generation)) {
                return null;
            }
            JsonObject ext = DynamicGroupsHook.ext(g.attributes());
            if (rule != null && !rule.equals(DynamicGroupsHook.ruleText(ext))) {
                return null;
            }
            return step.apply(w, g, ext);
        });
    }

    private static void mark(ResourceWriter w, String groupId, String processing) {
        DynamicGroupsHook.writeExt(w, groupId, b -> b.add(DynamicGroupsHook.PROCESSING, processing));
    }
}
