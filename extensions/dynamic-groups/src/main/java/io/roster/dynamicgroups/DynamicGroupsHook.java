package io.roster.dynamicgroups;

import static io.roster.scim.spi.RosterUrns.GROUP_EXTENSION;
import static io.roster.scim.spi.ResourceTypeNames.USER;
import static io.roster.scim.spi.ResourceTypeNames.GROUP;

import io.roster.scim.error.ScimException;
import io.roster.scim.hook.Change;
import io.roster.scim.hook.Hook;
import io.roster.scim.hook.HookContext;
import io.roster.scim.json.JsonSupport;
import io.roster.scim.query.Candidates;
import io.roster.scim.query.QueryPlan;
import io.roster.scim.query.QueryPlanner;
import io.roster.scim.schema.SchemaRegistry;
import io.roster.scim.service.IndexCatalogue;
import io.roster.scim.service.ResourceAssembler;
import io.roster.scim.service.ResourceService;
import io.roster.scim.spi.ResourceTypeNames;
import io.roster.scim.spi.RosterUrns;
import io.roster.scim.store.IndexEntry;
import io.roster.scim.store.MemberRef;
import io.roster.scim.store.StoreReader;
import io.roster.scim.store.StoreWriter;
import io.roster.scim.store.StoredResource;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Keeps every dynamic group's membership exactly the set of users its rule matches (DOMAIN.md section 3),
 * inside the write that makes the change, and reports each membership delta with
 * {@link HookContext#emit} so that licensing (and roles) follow in the same transaction (DOMAIN.md 1.4 rule 2).
 *
 * <ul>
 *   <li>validate: a rule must compile (SCIM filter or Entra syntax), the processing state must be
 *       {@code On} or {@code Paused}, a dynamic group cannot be role-assignable, and a client cannot
 *       change a dynamic group's members by hand (400 mutability).</li>
 *   <li>apply on a Group: a new or changed rule, or {@code Paused} back to {@code On}, recomputes the
 *       whole membership through the query planner (indexes where the rule allows, else a scan in
 *       chunks of ids, never a list of every user's record).</li>
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
    private volatile QueryPlanner planner;
    private Runnable onStale = () -> { };
    /**
     * Set by {@link DynamicGroupsPlugin#start}: takes over reconciliations whose membership change may
     * exceed {@link #stageThreshold}. Null before start (tests of the bare hook, tools): all run inline.
     */
    private volatile StagedReconciler stager;
    /** A reconciliation that would add or remove more members than this is staged; smaller ones stay in the write. */
    private final int stageThreshold;
    /** Rules evaluated against one changed user, over the hook's life (tests and diagnostics). */
    private final java.util.concurrent.atomic.AtomicLong userEvaluations = new java.util.concurrent.atomic.AtomicLong();

    DynamicGroupsHook(String pluginId, RuleIndex index, int stageThreshold) {
        this.pluginId = pluginId;
        this.index = index;
        this.stageThreshold = stageThreshold;
    }

    void stager(StagedReconciler stager) {
        this.stager = stager;
    }

    /**
     * The registry the plugins register into. Rules are compiled against it only once every plugin has
     * registered (the User type then has all its extensions), i.e. lazily on first use.
     */
    private volatile SchemaRegistry registry;

    void register(SchemaRegistry registry) {
        this.registry = registry;
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
                    planner = new QueryPlanner(registry, IndexCatalogue.of(registry));
                    compiler = new MembershipRule.Compiler(registry);
                }
                c = compiler;
            }
        }
        return c;
    }

    private QueryPlanner planner() {
        compiler();
        return planner;
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
        StoreWriter w = ctx.store();
        StagedReconciler staged = stager;
        if (rule == null) {
            // a static group: a processing state or translated filter left from an earlier rule means nothing now
            if (staged != null) {
                staged.cancel(change.id());
            }
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
        boolean stage = false;
        if (on && (!rule.equals(oldRule) || !wasOn)) {
            if (staged != null && movesMoreThan(w, change.id(), compiled, stageThreshold)) {
                // too big for one write (it would hold the single writer): store the rule now, move the
                // members in chunks in the background (each chunk re-checks every user against the rule)
                processing = QUEUED;
                stage = true;
            } else {
                if (staged != null) {
                    staged.cancel(change.id()); // a staged run of an earlier rule must not go on
                }
                reconcile(ctx, change.id(), compiled);
                processing = COMPLETE;
            }
        } else if (!on) {
            if (staged != null) {
                staged.cancel(change.id()); // Paused freezes membership, a run included
            }
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
        if (stage) {
            staged.schedule(change.id());
        }
    }

    /**
     * Whether reconciling the group to the rule would add or remove more than {@code limit} members.
     * First from counts alone (current members plus the planner's candidates: no more can move);
     * otherwise the leavers and then the joiners are counted, stopping as soon as the limit is passed,
     * so a big move is recognised after reading about {@code limit} users and a small one costs the reads
     * of the in-write reconcile that follows (no writes).
     */
    private boolean movesMoreThan(StoreReader r, String groupId, MembershipRule rule, long limit) {
        long members = r.memberCount(groupId);
        long candidates = estimate(r, planner().plan(compiler().userType(), rule.filter()).candidates());
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
    private static boolean forEachMember(StoreReader r, String groupId, java.util.function.Predicate<MemberRef> visit) {
        String after = null;
        while (true) {
            List<MemberRef> page = r.members(groupId, after, CHUNK);
            for (MemberRef m : page) {
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
        StoreWriter w = ctx.store();
        String userId = change.id();
        JsonObject user = representation(userId, change.after());
        Set<String> current = new HashSet<>(w.groupsOf(userId));
        for (String groupId : new TreeSet<>(candidates)) {
            StoredResource g = w.get(GROUP, groupId);
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
            boolean matches = compiler().evaluator().matches(compiled.filter(), user);
            boolean member = current.contains(groupId);
            if (matches && !member) {
                StoredResource u = w.get(USER, userId);
                w.addMember(groupId, new MemberRef(userId, USER, ResourceAssembler.displayOf(u)));
                changed(ctx, g, List.of(userId), List.of());
            } else if (!matches && member) {
                w.removeMember(groupId, userId);
                changed(ctx, g, List.of(), List.of(userId));
            }
        }
    }

    /**
     * Makes the group's members exactly the users the rule matches: computes the matching ids through
     * the query planner, walks the current members page by page, and applies the difference.
     */
    private void reconcile(HookContext ctx, String groupId, MembershipRule rule) {
        StoreWriter w = ctx.store();
        TreeSet<String> wanted = matching(w, rule);
        List<String> removed = new ArrayList<>();
        forEachMember(w, groupId, m -> {
            // only users match a rule over Users: a nested group or a non-matching user leaves
            if (!USER.equals(m.type()) || !wanted.remove(m.id())) {
                removed.add(m.id());
            }
            return true;
        });
        for (String id : removed) {
            w.removeMember(groupId, id);
        }
        List<String> added = new ArrayList<>(wanted.size());
        for (String id : wanted) { // id order is creation order: licensing serves earliest members first
            StoredResource u = w.get(USER, id);
            if (u != null && w.addMember(groupId, new MemberRef(id, USER, ResourceAssembler.displayOf(u)))) {
                added.add(id);
            }
        }
        StoredResource g = w.get(GROUP, groupId);
        if (g != null) {
            changed(ctx, g, added, removed);
        }
    }

    /** The ids of the users matching a rule, found through the query planner's indexes where it can. */
    TreeSet<String> matching(StoreReader r, MembershipRule rule) {
        TreeSet<String> out = new TreeSet<>();
        forEachMatch(r, rule, id -> {
            out.add(id); // a candidate list may repeat an id: never stop here
            return true;
        });
        return out;
    }

    /**
     * Visits the id of every user matching the rule until {@code visit} returns false (false then):
     * the planner's candidates where an index helps, else a scan of user ids in chunks of
     * {@value #CHUNK}, one record at a time. A candidate is evaluated unless the plan is exact.
     */
    private boolean forEachMatch(StoreReader r, MembershipRule rule, java.util.function.Predicate<String> visit) {
        QueryPlan plan = planner().plan(compiler().userType(), rule.filter());
        Candidates c = plan.candidates();
        Collection<String> ids = candidates(r, c);
        if (ids == null) { // no index helps: scan every user's id in chunks, one record at a time
            String last = null;
            while (true) {
                List<String> chunk = r.ids(USER, last, CHUNK);
                for (String id : chunk) {
                    if (matches(r, id, rule) && !visit.test(id)) {
                        return false;
                    }
                }
                if (chunk.size() < CHUNK) {
                    return true;
                }
                last = chunk.get(chunk.size() - 1);
            }
        }
        // an intersection is narrowed to its smallest side only, so its candidates are no longer exact
        boolean exact = plan.exact() && !(c instanceof Candidates.Intersection);
        for (String id : ids) {
            if ((exact || matches(r, id, rule)) && !visit.test(id)) {
                return false;
            }
        }
        return true;
    }

    boolean matches(StoreReader r, String id, MembershipRule rule) {
        StoredResource u = r.get(USER, id);
        return u != null && compiler().evaluator().matches(rule.filter(), representation(id, u.attributes()));
    }

    /**
     * The ids a staged run walks to find joiners: null when no index helps (the run then walks every
     * user id in chunks); otherwise the planner's candidate ids (ids only, sorted), each re-checked.
     */
    List<String> candidateIds(StoreReader r, MembershipRule rule) {
        Collection<String> ids = candidates(r, planner().plan(compiler().userType(), rule.filter()).candidates());
        return ids == null ? null : new ArrayList<>(new TreeSet<>(ids));
    }

    /** Adds a user to a group (as a reconcile does); false when it is gone or already a member. */
    static boolean addUser(StoreWriter w, String groupId, String userId) {
        StoredResource u = w.get(USER, userId);
        return u != null && w.addMember(groupId, new MemberRef(userId, USER, ResourceAssembler.displayOf(u)));
    }

    /** Candidate ids of a plan, or null for "every user" (a scan). */
    private static Collection<String> candidates(StoreReader r, Candidates c) {
        if (c instanceof Candidates.None) {
            return List.of();
        }
        if (c instanceof Candidates.All) {
            return null;
        }
        if (c instanceof Candidates.Lookup l) {
            return l.lookup().apply(r);
        }
        if (c instanceof Candidates.Range range) {
            Set<String> out = new HashSet<>(); // a multi-valued index may list one user several times
            IndexEntry last = null;
            while (true) {
                List<IndexEntry> chunk = r.scanIndex(range.index().type(), range.index().name(), range.range(), last, false, CHUNK);
                chunk.forEach(e -> out.add(e.id()));
                if (chunk.size() < CHUNK) {
                    return out;
                }
                last = chunk.get(chunk.size() - 1);
            }
        }
        if (c instanceof Candidates.Union u) {
            Set<String> out = new HashSet<>();
            for (Candidates part : u.parts()) {
                Collection<String> ids = candidates(r, part);
                if (ids == null) {
                    return null;
                }
                out.addAll(ids);
            }
            return out;
        }
        // Intersection: the smallest side; the caller evaluates the whole rule on each
        Candidates smallest = null;
        long best = Long.MAX_VALUE;
        for (Candidates part : ((Candidates.Intersection) c).parts()) {
            long e = estimate(r, part);
            if (e < best) {
                best = e;
                smallest = part;
            }
        }
        return smallest == null ? null : candidates(r, smallest);
    }

    private static long estimate(StoreReader r, Candidates c) {
        if (c instanceof Candidates.None) {
            return 0;
        }
        if (c instanceof Candidates.Lookup l) {
            return l.lookup().apply(r).size();
        }
        if (c instanceof Candidates.Range range) {
            return r.countIndex(range.index().type(), range.index().name(), range.range(), Long.MAX_VALUE);
        }
        if (c instanceof Candidates.All) {
            return r.count(USER);
        }
        if (c instanceof Candidates.Union u) {
            long sum = 0;
            for (Candidates p : u.parts()) {
                long e = estimate(r, p);
                if (e == Long.MAX_VALUE) {
                    return e;
                }
                sum += e;
            }
            return sum;
        }
        if (c instanceof Candidates.Intersection x) {
            long min = Long.MAX_VALUE;
            for (Candidates p : x.parts()) {
                min = Math.min(min, estimate(r, p));
            }
            return min;
        }
        return Long.MAX_VALUE;
    }

    // ------------------------------------------------------------------ helpers

    /**
     * A membership change of a group: a new version of the group (its members changed, RFC 7644 section
     * 3.14) and the delta reported to every hook.
     */
    void changed(HookContext ctx, StoredResource group, List<String> added, List<String> removed) {
        if (added.isEmpty() && removed.isEmpty()) {
            return;
        }
        StoredResource latest = ctx.store().get(GROUP, group.id());
        StoredResource touched = latest.touched(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        ctx.store().put(touched);
        ctx.emit(Change.of(Change.Kind.MEMBERS_CHANGED, GROUP, group.id(), touched.attributes(), touched.attributes(),
                added, removed).by(pluginId));
    }

    /** Writes derived attributes into the group's extension, keeping the version the change gave it. */
    static void writeExt(StoreWriter w, String groupId, Consumer<JsonObjectBuilder> edit) {
        StoredResource g = w.get(GROUP, groupId);
        if (g == null) {
            return;
        }
        JsonObjectBuilder ext = JsonSupport.object(ext(g.attributes()));
        edit.accept(ext);
        JsonObject attrs = JsonSupport.object(g.attributes()).add(GROUP_EXTENSION, ext).build();
        if (!attrs.equals(g.attributes())) {
            w.put(new StoredResource(g.type(), g.id(), g.version(), g.created(), g.lastModified(), attrs));
        }
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
