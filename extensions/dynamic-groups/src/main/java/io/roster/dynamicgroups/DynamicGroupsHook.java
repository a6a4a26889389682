package io.roster.dynamicgroups;

import static io.roster.scim.spi.RosterUrns.GROUP_EXTENSION;
import static io.roster.scim.spi.ResourceTypeNames.USER;
import static io.roster.scim.spi.ResourceTypeNames.GROUP;

import io.roster.scim.error.ScimException;
import io.roster.scim.json.JsonSupport;
import io.roster.scim.spi.Change;
import io.roster.scim.spi.Filters;
import io.roster.scim.spi.Hook;
import io.roster.scim.spi.HookContext;
import io.roster.scim.spi.Matches;
import io.roster.scim.spi.Member;
import io.roster.scim.spi.Resource;
import io.roster.scim.spi.ResourceReader;
import io.roster.scim.spi.ResourceWriter;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Keeps every dynamic group's membership exactly the set of users its rule matches (DOMAIN.md section 3),
 * inside the write that makes the change, and changes members through the mutation facade, which reports
 * each delta to every hook so that licensing (and roles) follow in the same transaction (DOMAIN.md 1.4 rule 2).
 *
 * <ul>
 *   <li>validate: a rule must compile (SCIM filter or Entra syntax), the processing state must be
 *       {@code On} or {@code Paused}, a dynamic group cannot be role-assignable, and a client cannot
 *       change a dynamic group's members by hand (400 mutability).</li>
 *   <li>apply on a Group: a new or changed rule, or {@code Paused} back to {@code On}, recomputes the
 *       whole membership through the query planner (indexes where the rule allows, else a scan in
 *       chunks of ids, never a list of every user's record); one that would move more members than the
 *       threshold is scheduled as a background job instead ({@link ReconcileJob}). Pausing, removing the
 *       rule or deleting the group cancels the group's job in the same write.</li>
 *   <li>apply on a User: only the rules that read an attribute the change touched are evaluated, on
 *       that one user (see {@link RuleIndex}).</li>
 * </ul>
 * A deleted user leaves its groups through the engine (a MEMBERS_CHANGED change), nothing to do here.
 */
final class DynamicGroupsHook implements Hook {
    static final String RULE = "membershipRule";
    static final String STATE = "membershipRuleProcessingState";
    static final String FILTER = "membershipRuleFilter";
    /** Where the membership stands against the rule (mirrors licensing's licenseProcessingState). */
    static final String PROCESSING = "membershipProcessingState";
    static final String QUEUED = "QueuedForProcessing";
    static final String IN_PROGRESS = "ProcessingInProgress";
    static final String COMPLETE = "ProcessingComplete";
    static final String ON = "On";
    static final String PAUSED = "Paused";
    /** Ids read per chunk when a rule has to scan every user. */
    static final int CHUNK = 1000;

    private final String pluginId;
    private final RuleIndex index;
    private volatile MembershipRule.Compiler compiler;
    private Runnable onStale = () -> { };
    /**
     * A reconciliation that would add or remove more members than this is staged as a background job
     * ({@link ReconcileJob}); smaller ones stay in the write. Set at registration, from the configuration.
     */
    private volatile int stageThreshold = DynamicGroupsConfig.DEFAULTS.stageThreshold();
    /** Rules evaluated against one changed user, over the hook's life (tests and diagnostics). */
    private final java.util.concurrent.atomic.AtomicLong userEvaluations = new java.util.concurrent.atomic.AtomicLong();

    DynamicGroupsHook(String pluginId, RuleIndex index) {
        this.pluginId = pluginId;
        this.index = index;
    }

    /**
     * The plugin API's filters. Rules are compiled only once every plugin has registered (the User type then
     * has all its extensions), i.e. lazily on first use.
     */
    private volatile Filters filters;

    void register(Filters registered, int stageThreshold) {
        this.filters = registered;
        this.stageThreshold = stageThreshold;
    }

    /** Called by {@link DynamicGroupsPlugin#start}: what to do when the index holds too many stale entries. */
    void onStaleIndex(Runnable staleIndex) {
        this.onStale = staleIndex;
    }

    MembershipRule.Compiler compiler() {
        MembershipRule.Compiler c = compiler;
        if (c == null) {
            synchronized (this) {
                if (compiler == null) {
                    compiler = new MembershipRule.Compiler(filters);
                }
                c = compiler;
            }
        }
        return c;
    }

    long userEvaluations() {
        return userEvaluations.get();
    }

    // ------------------------------------------------------------------ validate

    @Override
    public void validate(Change change, HookContext context) {
        if (!GROUP.equals(change.resourceType()) || !isWrite(change.kind())) {
            return;
        }
        JsonObject ext = ext(change.after());
        String rule = ruleText(ext);
        JsonValue state = ext.get(STATE);
        if (state != null && state != JsonValue.NULL
                && !(state instanceof JsonString s && (ON.equals(s.getString()) || PAUSED.equals(s.getString())))) {
            throw ScimException.invalidValue(STATE + " must be \"On\" or \"Paused\"; got " + state + ".");
        }
        if (rule == null) {
            // A state the request sets on a group without a rule would be dropped by apply: say so instead.
            // One left over from a rule this request removes (unchanged by it) is not the client's doing.
            if (change.byRequest() && state != null && state != JsonValue.NULL && change.changed(GROUP_EXTENSION + ":" + STATE)) {
                throw ScimException.invalidValue(STATE + " " + state + " applies only to a group with a membershipRule, and "
                        + "group " + change.id() + " has none after this request; send a membershipRule with it, or leave "
                        + STATE + " out.");
            }
            return;
        }
        compiler().compile(rule);
        if (ext.get("isAssignableToRole") == JsonValue.TRUE) {
            // DOMAIN.md section 3: a dynamic group cannot be role-assignable (Entra refuses the same)
            throw ScimException.invalidValue("A group with a membershipRule cannot be role-assignable: set isAssignableToRole "
                    + "to false or remove the membershipRule.");
        }
        if (change.byRequest() && change.membersChanged()) {
            throw ScimException.mutability("The members of dynamic group " + change.id() + " follow its membershipRule and "
                    + "cannot be changed by hand; change the rule, or remove it to make the group static.");
        }
    }

    // ------------------------------------------------------------------ apply

    @Override
    public void apply(Change change, HookContext context) {
        if (change.kind() == Change.Kind.DELETED && GROUP.equals(change.resourceType())) {
            ReconcileJob.cancel(context.jobs(), change.id()); // nothing left to reconcile
            return;
        }
        if (!isWrite(change.kind())) {
            return;
        }
        if (GROUP.equals(change.resourceType())) {
            onGroup(change, context);
        } else if (USER.equals(change.resourceType()) && !pluginId.equals(change.source())) {
            onUser(change, context);
        }
    }

    private void onGroup(Change change, HookContext ctx) {
        JsonObject after = ext(change.after());
        JsonObject before = ext(change.before());
        String rule = ruleText(after);
        ResourceWriter w = ctx.resources();
        if (rule == null) {
            // a static group: a processing state or translated filter left from an earlier rule means nothing now
            ReconcileJob.cancel(ctx.jobs(), change.id());
            if (after.containsKey(STATE) || after.containsKey(FILTER) || after.containsKey(PROCESSING)) {
                writeExt(w, change.id(), b -> b.remove(STATE).remove(FILTER).remove(PROCESSING));
            }
            return;
        }
        MembershipRule compiled = compiler().compile(rule);
        index.add(change.id(), compiled);
        boolean on = !PAUSED.equals(after.getString(STATE, ON));
        String oldRule = ruleText(before);
        boolean wasOn = oldRule != null && !PAUSED.equals(before.getString(STATE, ON));
        String previous = before.getString(PROCESSING, null);
        String processing;
        if (on && (!rule.equals(oldRule) || !wasOn)) {
            if (movesMoreThan(w, change.id(), compiled, stageThreshold)) {
                // too big for one write (it would hold the single writer): store the rule now, move the
                // members in a background job, a chunk per write (each re-checks every user against the rule);
                // a run of an earlier rule is superseded: the job restarts from scratch
                ReconcileJob.schedule(ctx.jobs(), w, change.id(), compiled);
                processing = QUEUED;
            } else {
                ReconcileJob.cancel(ctx.jobs(), change.id()); // a staged run of an earlier rule must not go on
                reconcile(ctx, change.id(), compiled);
                processing = COMPLETE;
            }
        } else if (!on) {
            ReconcileJob.cancel(ctx.jobs(), change.id()); // Paused freezes membership, a run included
            // a new rule, or a run cut short, is owed and runs when the group is On again
            processing = !rule.equals(oldRule) || IN_PROGRESS.equals(previous) ? QUEUED : previous == null ? COMPLETE : previous;
        } else {
            // the rule and state did not change (e.g. a displayName PATCH, or a PUT that drops readOnly values)
            processing = previous == null ? COMPLETE : previous;
        }
        String p = processing;
        if (!after.containsKey(STATE) || !compiled.scimFilter().equals(after.getString(FILTER, null))
                || !p.equals(after.getString(PROCESSING, null))) {
            writeExt(w, change.id(), b -> b.add(STATE, on ? ON : PAUSED).add(FILTER, compiled.scimFilter()).add(PROCESSING, p));
        }
    }

    /**
     * Whether reconciling the group to the rule would add or remove more than {@code limit} members.
     * First from counts alone (current members plus the planner's candidates: no more can move);
     * otherwise the leavers and then the joiners are counted, stopping as soon as the limit is passed,
     * so a big move is recognised after reading about {@code limit} users and a small one costs the reads
     * of the in-write reconcile that follows (no writes).
     */
    private boolean movesMoreThan(ResourceReader r, String groupId, MembershipRule rule, long limit) {
        long members = r.memberCount(groupId);
        long candidates = r.estimateMatching(USER, rule.filter());
        if (candidates != Long.MAX_VALUE && members + candidates <= limit) {
            return false;
        }
        long[] moves = {0};
        // leavers: members that are not users or do not match; then joiners: matching non-members
        boolean counted = forEachMember(r, groupId, m -> (USER.equals(m.type()) && matches(r, m.id(), rule)) || ++moves[0] <= limit)
                && forEachMatch(r, rule, id -> r.isMember(groupId, id) || ++moves[0] <= limit);
        return !counted;
    }

    /** Walks a group's members page by page until {@code visit} returns false; false when it stopped early. */
    private static boolean forEachMember(ResourceReader r, String groupId, java.util.function.Predicate<Member> visit) {
        String after = null;
        while (true) {
            List<Member> page = r.members(groupId, after, CHUNK);
            for (Member m : page) {
                if (!visit.test(m)) {
                    return false;
                }
            }
            if (page.size() < CHUNK) {
                return true;
            }
            after = page.get(page.size() - 1).id();
        }
    }

    private void onUser(Change change, HookContext ctx) {
        boolean created = change.kind() == Change.Kind.CREATED;
        Set<String> candidates = index.candidates(change.changedAttributes(), created);
        if (candidates.isEmpty()) {
            return;
        }
        ResourceWriter w = ctx.resources();
        String userId = change.id();
        JsonObject user = representation(userId, change.after());
        Set<String> current = new HashSet<>(w.groupsOf(userId));
        for (String groupId : new TreeSet<>(candidates)) {
            Resource g = w.get(GROUP, groupId);
            JsonObject ext = g == null ? JsonValue.EMPTY_JSON_OBJECT : ext(g.attributes());
            String rule = ruleText(ext);
            if (rule == null) {
                stale();
                continue;
            }
            if (PAUSED.equals(ext.getString(STATE, ON))) {
                continue; // Paused freezes membership; going back to On reconciles
            }
            MembershipRule compiled = compiler().compile(rule);
            if (!created && !intersects(compiled.reads(), change.changedAttributes())) {
                stale(); // indexed under an attribute an earlier rule read
                continue;
            }
            userEvaluations.incrementAndGet();
            boolean matches = compiler().filters().matches(USER, compiled.filter(), user);
            boolean member = current.contains(groupId);
            if (matches && !member) {
                w.addMembers(groupId, List.of(userId));
            } else if (!matches && member) {
                w.removeMembers(groupId, List.of(userId));
            }
        }
    }

    /**
     * Makes the group's members exactly the users the rule matches: computes the matching ids through
     * the query planner, walks the current members page by page, and applies the difference.
     */
    private void reconcile(HookContext ctx, String groupId, MembershipRule rule) {
        ResourceWriter w = ctx.resources();
        TreeSet<String> wanted = matching(w, rule);
        List<String> removed = new ArrayList<>();
        forEachMember(w, groupId, m -> {
            // only users match a rule over Users: a nested group or a non-matching user leaves
            if (!USER.equals(m.type()) || !wanted.remove(m.id())) {
                removed.add(m.id());
            }
            return true;
        });
        // id order is creation order: licensing serves earliest members first
        w.changeMembers(groupId, wanted, removed);
    }

    /** The ids of the users matching a rule, found through indexes where the rule allows. */
    TreeSet<String> matching(ResourceReader r, MembershipRule rule) {
        TreeSet<String> out = new TreeSet<>();
        forEachMatch(r, rule, id -> {
            out.add(id);
            return true;
        });
        return out;
    }

    /**
     * Visits the id of every user matching the rule, in id order, until {@code visit} returns false (false
     * then): indexes answer where the rule allows, otherwise every user is read in chunks of {@value #CHUNK}.
     */
    private boolean forEachMatch(ResourceReader r, MembershipRule rule, java.util.function.Predicate<String> visit) {
        Matches matches = r.matching(USER, rule.filter());
        while (true) {
            List<String> page = matches.next(r, CHUNK);
            for (String id : page) {
                if (!visit.test(id)) {
                    return false;
                }
            }
            if (page.size() < CHUNK) {
                return true;
            }
        }
    }

    boolean matches(ResourceReader r, String id, MembershipRule rule) {
        Resource u = r.get(USER, id);
        return u != null && compiler().filters().matches(rule.filter(), u);
    }

    // ------------------------------------------------------------------ helpers

    /** Writes derived attributes into the group's extension (the facade keeps the version the change gave it). */
    static void writeExt(ResourceWriter w, String groupId, Consumer<JsonObjectBuilder> edit) {
        // the extension object stays even when empty (a rule removed leaves the group carrying the extension)
        w.update(GROUP, groupId, attrs -> {
            JsonObjectBuilder b = JsonSupport.object(ext(attrs));
            edit.accept(b);
            return JsonSupport.object(attrs).add(GROUP_EXTENSION, b).build();
        });
    }

    private void stale() {
        if (index.staleHit() % RuleIndex.REBUILD_AFTER == 0) {
            onStale.run();
        }
    }

    private static boolean isWrite(Change.Kind kind) {
        return kind == Change.Kind.CREATED || kind == Change.Kind.REPLACED || kind == Change.Kind.PATCHED;
    }

    static JsonObject ext(JsonObject attrs) {
        if (attrs == null) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
        JsonValue v = attrs.get(GROUP_EXTENSION);
        return v instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT;
    }

    /** The rule text, or null when the group has none (absent or null: a static group; blank is refused by compile). */
    static String ruleText(JsonObject ext) {
        JsonValue v = ext.get(RULE);
        if (v instanceof JsonString s) {
            return s.getString();
        }
        if (v == null || v == JsonValue.NULL) {
            return null;
        }
        throw ScimException.invalidValue(RULE + " must be a string; got " + v + ".");
    }

    /** What a rule is evaluated against: the user's attributes as stored (extensions under their URN) and its id. */
    private static JsonObject representation(String id, JsonObject attrs) {
        return JsonSupport.object(attrs).add("id", id).build();
    }

    private static boolean intersects(Set<String> a, Set<String> b) {
        for (String x : a) {
            if (b.contains(x)) {
                return true;
            }
        }
        return false;
    }
}
