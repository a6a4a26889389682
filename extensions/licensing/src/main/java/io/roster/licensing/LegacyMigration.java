package io.roster.licensing;

import static io.roster.scim.spi.ResourceTypeNames.GROUP;

import io.roster.scim.json.JsonSupport;
import io.roster.scim.spi.HookContext;
import io.roster.scim.spi.PluginRuntime;
import io.roster.scim.spi.RecordTable;
import io.roster.scim.spi.RecordType;
import java.util.List;

/**
 * Moves what releases before plugin records kept in the server's settings into the plugin's records and
 * jobs, at start and before the first request:
 * <ul>
 *   <li>the joining order, {@code licensing.order.<group>} ({@code head|tail}) and
 *       {@code licensing.order.<group>.<user>} ({@code prev|next}), into the {@link JoinOrder} table, same
 *       values; walked from the head a chunk per write, each node moved (written, then its setting removed)
 *       in the write that reads it, the group's head last;</li>
 *   <li>the per-group error counts {@code licensing.groupErrors.<group>} into {@link Derived#ERRORS};</li>
 *   <li>the staged jobs, {@code licensing.jobs} (comma-separated groups) and {@code licensing.job.<group>}
 *       ({@code R|cursor} or {@code J|cursor}), into jobs of the plugin API with the same mode and cursor;</li>
 *   <li>{@code licensing.joinOrderComplete} into the record {@code state/joinOrderComplete}.</li>
 * </ul>
 * Crash-safe: every write is atomic, reads a node from the records when it was moved already and from
 * the settings otherwise, and the record {@code state/migrated} is written only at the end, so a stop
 * half way resumes where it stopped.
 */
final class LegacyMigration {
    static final String MIGRATED = "migrated";
    private static final int CHUNK = 500;

    private LegacyMigration() {
    }

    static void run(PluginRuntime runtime) {
        if (runtime.read(r -> r.records(JoinOrderBackfill.STATE, RecordType.STRING).get(MIGRATED)) != null) {
            return;
        }
        String afterGroup = null;
        List<String> groups;
        do {
            String from = afterGroup;
            groups = runtime.read(r -> r.ids(GROUP, from, 100));
            for (String group : groups) {
                migrateOrder(runtime, group);
                runtime.write(ctx -> {
                    String errors = ctx.legacySettings().get("groupErrors." + group);
                    if (errors != null) {
                        Derived.errorCounts(ctx.resources()).put(group, Long.parseLong(errors));
                        ctx.legacySettings().put("groupErrors." + group, null);
                    }
                    return null;
                });
            }
            afterGroup = groups.isEmpty() ? null : groups.get(groups.size() - 1);
        } while (groups.size() == 100);
        runtime.write(ctx -> {
            migrateJobs(ctx);
            RecordTable<String> state = ctx.resources().records(JoinOrderBackfill.STATE, RecordType.STRING);
            if (ctx.legacySettings().get("joinOrderComplete") != null) {
                state.put(JoinOrderBackfill.COMPLETE, "1");
                ctx.legacySettings().put("joinOrderComplete", null);
            }
            state.put(MIGRATED, "1");
            return null;
        });
    }

    /** One group's list, a chunk of nodes per write; the head moves last, so its presence says "not done". */
    private static void migrateOrder(PluginRuntime runtime, String group) {
        String head = "order." + group;
        if (runtime.write(ctx -> ctx.legacySettings().get(head)) == null) {
            return;
        }
        String[] next = {JoinOrder.split(runtime.write(ctx -> ctx.legacySettings().get(head)))[0]};
        while (!next[0].isEmpty()) {
            next[0] = runtime.write(ctx -> {
                RecordTable<String> legacy = ctx.legacySettings();
                RecordTable<String> order = JoinOrder.table(ctx.resources());
                String at = next[0];
                for (int i = 0; i < CHUNK && !at.isEmpty(); i++) {
                    String node = JoinOrder.node(group, at);
                    String links = order.get(node);
                    if (links == null) {
                        links = legacy.get("order." + node);
                        if (links == null) {
                            return ""; // a broken list: keep what was moved, the rest is left to the backfill
                        }
                        order.put(node, links);
                        legacy.put("order." + node, null);
                    }
                    at = JoinOrder.split(links)[1];
                }
                return at;
            });
        }
        runtime.write(ctx -> {
            String ends = ctx.legacySettings().get(head);
            if (ends != null) {
                JoinOrder.table(ctx.resources()).put(group, ends);
                ctx.legacySettings().put(head, null);
            }
            return null;
        });
    }

    private static void migrateJobs(HookContext ctx) {
        String list = ctx.legacySettings().get("jobs");
        if (list == null || list.isEmpty()) {
            return;
        }
        for (String group : list.split(",")) {
            String job = ctx.legacySettings().get("job." + group);
            if (job != null && ctx.resources().get(GROUP, group) != null) {
                boolean retry = job.charAt(0) == 'R';
                ctx.jobs().schedule(GroupProcessing.KIND, group, JsonSupport.object().add("retry", retry).build(),
                        ctx.resources().memberCount(group));
                String cursor = job.substring(2);
                if (!cursor.isEmpty()) {
                    ctx.jobs().moveCursor(GroupProcessing.KIND, group, cursor);
                }
            }
            ctx.legacySettings().put("job." + group, null);
        }
        ctx.legacySettings().put("jobs", null);
    }
}
