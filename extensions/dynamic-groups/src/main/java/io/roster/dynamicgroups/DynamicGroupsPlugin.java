package io.roster.dynamicgroups;

import io.roster.scim.error.ScimException;
import io.roster.scim.spi.PluginContext;
import io.roster.scim.spi.PluginRuntime;
import io.roster.scim.spi.RosterPlugin;
import io.roster.scim.spi.ResourceTypeNames;
import io.roster.scim.spi.RosterUrns;
import io.roster.scim.spi.Resource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Dynamic groups (DOMAIN.md section 3): a group whose Roster group extension holds a
 * {@code membershipRule} (a SCIM filter over Users, or an Entra rule translated to one) has exactly the
 * users that match it as members while its {@code membershipRuleProcessingState} is {@code On}.
 * Registers its two attributes (and the readOnly {@code membershipRuleFilter}) on the shared extension
 * {@code urn:ietf:params:scim:schemas:extension:roster:2.0:Group}, the hook that keeps membership exact,
 * and the background job that moves the members of a rule change too big for one write ({@link ReconcileJob}).
 */
public final class DynamicGroupsPlugin implements RosterPlugin {
    public static final String ID = "dynamic-groups";
    private static final Logger LOG = Logger.getLogger(DynamicGroupsPlugin.class.getName());
    /** Groups read per short read while loading the rule index. */
    private static final int CHUNK = 500;

    private final RuleIndex index = new RuleIndex();
    private final DynamicGroupsHook hook = new DynamicGroupsHook(ID, index);
    /** Set by a test; otherwise read from the plugin's configuration at registration. */
    private final DynamicGroupsConfig fixed;
    private final AtomicBoolean rebuilding = new AtomicBoolean();
    private volatile PluginRuntime runtime;
    /**
     * Rebuilds the rule index in the background (see {@link RuleIndex}). Not durable work, so not a job of
     * the plugin API: the index is in memory and rebuilt at every start. Staged reconciles are jobs
     * ({@link ReconcileJob}), run by the engine's worker.
     */
    private volatile ExecutorService background;

    public DynamicGroupsPlugin() {
        this(null);
    }

    /** Tests lower the threshold and chunk to stage small groups. */
    DynamicGroupsPlugin(int stageThreshold, int stageChunk) {
        this(new DynamicGroupsConfig(stageThreshold, stageChunk));
    }

    private DynamicGroupsPlugin(DynamicGroupsConfig fixed) {
        this.fixed = fixed;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void register(PluginContext context) {
        DynamicGroupsConfig config = fixed != null ? fixed : DynamicGroupsConfig.from(context.config());
        hook.register(context.filters(), config.stageThreshold());
        context.addSchemas(DynamicGroupsPlugin.class, "schemas.json")
                .addExtension("Group", RosterUrns.GROUP_EXTENSION, false)
                .addHook(hook)
                .addJobHandler(ReconcileJob.KIND, new ReconcileJob(hook, config.chunk()));
    }

    /**
     * Loads the attribute-to-rules index from the committed groups before the first request, and gives a
     * job to every On group an earlier release left Queued or InProgress without one (this release's
     * staged reconciles are jobs already, and the engine's worker resumes them at their cursor).
     */
    @Override
    public void start(PluginRuntime runtime) {
        this.runtime = runtime;
        hook.onStaleIndex(this::rebuildInBackground);
        background = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "dynamic-groups-index");
            t.setDaemon(true);
            return t;
        });
        ReconcileJob.scheduleOwed(runtime, hook.compiler(), rebuild());
    }

    @Override
    public void stop() {
        ExecutorService b = background;
        if (b != null) {
            b.shutdownNow();
            try {
                b.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The in-memory index, for tests. */
    RuleIndex index() {
        return index;
    }

    DynamicGroupsHook hook() {
        return hook;
    }

    private void rebuildInBackground() {
        ExecutorService b = background;
        if (b != null && rebuilding.compareAndSet(false, true)) {
            b.execute(() -> {
                try {
                    rebuild();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "rebuilding the dynamic-group rule index failed; the current one stays in use", e);
                } finally {
                    rebuilding.set(false);
                }
            });
        }
    }

    /**
     * Rebuilds the index from committed state. Additions made by writes meanwhile are replayed (see
     * {@link RuleIndex}); an empty write first waits out any write already past its hooks, so that what
     * is read next includes it. Returns the groups that are On and owe a staged reconcile (Queued or
     * InProgress when the server last stopped; with or without a job).
     */
    List<String> rebuild() {
        PluginRuntime rt = runtime;
        index.beginRebuild();
        try {
            rt.write(ctx -> null);
            Map<String, MembershipRule> rules = new HashMap<>();
            List<String> owed = new java.util.ArrayList<>();
            String last = null;
            while (true) {
                String from = last;
                List<Resource> groups = rt.read(r -> {
                    List<Resource> out = new java.util.ArrayList<>();
                    for (String id : r.ids(ResourceTypeNames.GROUP, from, CHUNK)) {
                        Resource g = r.get(ResourceTypeNames.GROUP, id);
                        if (g != null) {
                            out.add(g);
                        }
                    }
                    return out;
                });
                for (Resource g : groups) {
                    String rule = DynamicGroupsHook.ruleText(DynamicGroupsHook.ext(g.attributes()));
                    if (rule != null) {
                        MembershipRule compiled;
                        try {
                            compiled = hook.compiler().compile(rule);
                        } catch (ScimException e) {
                            // stored before a limit it breaks existed (a rule nested deeper than
                            // MembershipRule.MAX_DEPTH): the server still starts; the group keeps its
                            // members, unevaluated, and its next write must bring a rule that compiles
                            LOG.warning("group " + g.id() + " keeps its members but is not evaluated: its stored "
                                    + "membershipRule no longer compiles (" + e.detail() + ")");
                            continue;
                        }
                        rules.put(g.id(), compiled);
                        var ext = DynamicGroupsHook.ext(g.attributes());
                        String processing = ext.getString(DynamicGroupsHook.PROCESSING, DynamicGroupsHook.COMPLETE);
                        if (!DynamicGroupsHook.COMPLETE.equals(processing)
                                && !DynamicGroupsHook.PAUSED.equals(ext.getString(DynamicGroupsHook.STATE, DynamicGroupsHook.ON))) {
                            owed.add(g.id());
                        }
                    }
                }
                if (groups.size() < CHUNK) {
                    break;
                }
                last = groups.get(groups.size() - 1).id();
            }
            index.finishRebuild(rules);
            return owed;
        } catch (RuntimeException e) {
            index.abandonRebuild();
            throw e;
        }
    }
}
