package io.roster.licensing;

import static io.roster.scim.spi.RosterUrns.GROUP_EXTENSION;
import static io.roster.scim.spi.ResourceTypeNames.LICENSE;
import static io.roster.scim.spi.RosterUrns.USER_EXTENSION;
import static io.roster.scim.spi.ResourceTypeNames.USER;
import static io.roster.scim.spi.ResourceTypeNames.GROUP;

import io.roster.scim.error.ScimException;
import io.roster.scim.spi.Change;
import io.roster.scim.spi.Hook;
import io.roster.scim.spi.HookContext;
import io.roster.scim.json.JsonSupport;
import io.roster.scim.filter.AttrPath;
import io.roster.scim.filter.Compare;
import io.roster.scim.filter.CompareOp;
import io.roster.scim.filter.Filter;
import io.roster.scim.filter.Or;
import io.roster.scim.spi.Jobs;
import io.roster.scim.spi.RemovalRequest;
import io.roster.scim.spi.Resource;
import io.roster.scim.spi.ResourceReader;
import io.roster.scim.spi.ResourceWriter;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Keeps every user's license states, effective licenses and every SKU's seat count in step with the
 * change that affects them, inside the same write. The store's writer is single-threaded, so the seat
 * check and the count it guards cannot race. See {@link UserLicenses} for the per-user evaluation.
 */
final class LicensingHook implements Hook {
    /** Members are read from the store a page at a time, so a large group never sits in memory whole. */
    static final int MEMBER_PAGE = 500;

    static final String STATE = "licenseProcessingState";
    static final String QUEUED = "QueuedForProcessing";

    private final Clock clock;
    private final GroupProcessing processing;

    LicensingHook(Clock clock, GroupProcessing processing) {
        this.clock = clock;
        this.processing = processing;
    }

    // ------------------------------------------------------------------ validate

    @Override
    public void validate(Change change, HookContext context) {
        ResourceReader reader = context.resources();
        switch (change.resourceType()) {
            case GROUP -> {
                requireReprocessOnly(change, GROUP_EXTENSION, "Group");
                validateGroup(change, reader);
            }
            case USER -> {
                requireReprocessOnly(change, USER_EXTENSION, "User");
                if (change.after() != null && change.changed(USER_EXTENSION + ":licenses")) {
                    for (Assignment a : Assignment.of(ext(change.after(), USER_EXTENSION), null)) {
                        requireLicense(reader, a.sku(), "User " + change.id());
                    }
                }
            }
            case LICENSE -> validateLicense(change, reader);
            default -> {
            }
        }
    }

    /**
     * {@code licenseProcessingState} is the server's to set; a client may only ask for a reprocess by
     * setting it to {@code QueuedForProcessing} (rule 7). Leaving it out of a PUT keeps it as it was
     * (see {@link #apply}).
     */
    private static void requireReprocessOnly(Change change, String urn, String type) {
        if (!change.byRequest() || change.after() == null || !change.changed(urn + ":" + STATE)) {
            return;
        }
        JsonValue asked = ext(change.after(), urn).get(STATE);
        if (asked != null && !(asked instanceof JsonString s && QUEUED.equals(s.getString()))) {
            throw ScimException.mutability("\"" + urn + ":" + STATE + "\" of a " + type + " is set by the server; a client may"
                    + " only set it to \"" + QUEUED + "\" to have its licenses processed again, not to " + asked + ".");
        }
    }

    /**
     * DOMAIN 1.2: a user cannot remove a license that only a group gives it. Such a PATCH removes nothing
     * from the stored {@code licenses} (the value is not there), so no change reaches {@link #validate}:
     * the remove operations are checked here, before they are applied.
     */
    @Override
    public void validateRemovals(String resourceType, String id, JsonObject current, List<RemovalRequest> removals,
                                 HookContext context) {
        if (!USER.equals(resourceType)) {
            return;
        }
        JsonObject ext = ext(current, USER_EXTENSION);
        Set<String> direct = new HashSet<>();
        Assignment.of(ext, null).forEach(a -> direct.add(key(a.sku())));
        Map<String, String> inherited = new LinkedHashMap<>();
        for (State s : State.of(ext)) {
            if (s.group() != null) {
                inherited.putIfAbsent(key(s.sku()), s.group());
            }
        }
        if (inherited.isEmpty()) {
            return;
        }
        for (RemovalRequest op : removals) {
            if (!isLicenses(op)) {
                continue;
            }
            List<String> named = new ArrayList<>(skusOf(op.valueFilter()));
            if (op.value() instanceof JsonArray values) {
                for (JsonValue v : values) {
                    if (v instanceof JsonObject o && o.get("value") instanceof JsonString sku) {
                        named.add(sku.getString());
                    }
                }
            }
            for (String sku : named) {
                String group = inherited.get(key(sku));
                if (group != null && !direct.contains(key(sku))) {
                    throw ScimException.invalidValue("User " + id + " holds license " + sku + " through Group " + group
                            + ", not directly; remove the user from that group (or the license from the group) instead ("
                            + op.description() + ").");
                }
            }
        }
    }

    private static boolean isLicenses(RemovalRequest op) {
        return USER_EXTENSION.equalsIgnoreCase(op.attribute().schemaUrn()) && "licenses".equals(op.attribute().name())
                && op.subAttribute() == null;
    }

    /** The SKUs a value filter such as {@code value eq "x" or value eq "y"} names. */
    private static List<String> skusOf(Filter filter) {
        List<String> out = new ArrayList<>();
        if (filter == null) {
            return out;
        }
        filter.accept(new SkuNames(out));
        return out;
    }

    /** Collects {@code value eq "sku"} conditions joined by {@code or}; any other shape names no SKU. */
    private record SkuNames(List<String> out) implements Filter.Visitor<Void> {
        @Override
        public Void or(Or or) {
            or.left().accept(this);
            or.right().accept(this);
            return null;
        }

        @Override
        public Void compare(Compare c) {
            if (c.op() == CompareOp.EQ && "value".equalsIgnoreCase(c.path().attribute()) && c.path().subAttribute() == null
                    && c.value() instanceof JsonString s) {
                out.add(s.getString());
            }
            return null;
        }

        @Override
        public Void and(io.roster.scim.filter.And and) {
            return null;
        }

        @Override
        public Void not(io.roster.scim.filter.Not not) {
            return null;
        }

        @Override
        public Void present(io.roster.scim.filter.Present present) {
            return null;
        }

        @Override
        public Void valuePath(io.roster.scim.filter.ValuePath valuePath) {
            return null;
        }
    }

    private static void validateGroup(Change change, ResourceReader reader) {
        if (change.kind() == Change.Kind.DELETED) {
            List<Assignment> held = Assignment.of(ext(change.before(), GROUP_EXTENSION), change.id());
            if (!held.isEmpty()) {
                throw ScimException.conflict("Group " + change.id() + " still holds the licenses "
                        + String.join(", ", held.stream().map(Assignment::sku).toList()) + "; remove them from \"" + GROUP_EXTENSION
                        + ":licenses\" first, then delete the group.");
            }
        } else if (change.after() != null && change.changed(GROUP_EXTENSION + ":licenses")) {
            for (Assignment a : Assignment.of(ext(change.after(), GROUP_EXTENSION), change.id())) {
                requireLicense(reader, a.sku(), "Group " + change.id());
            }
        }
    }

    private static void validateLicense(Change change, ResourceReader reader) {
        boolean gone = change.kind() == Change.Kind.DELETED;
        if (change.before() != null && (gone || change.after() != null && change.changed("value"))) {
            // A group names its licenses by value: deleting or renaming one still named would leave the
            // group pointing at nothing, and a group holding licenses cannot be deleted (rule 9).
            String sku = change.before().getString("value", "");
            List<String> groups = reader.matching(GROUP, new Compare(new AttrPath(GROUP_EXTENSION, "licenses", "value"),
                    CompareOp.EQ, JsonSupport.string(sku))).next(reader, 6);
            if (!groups.isEmpty()) {
                String named = String.join(", ", groups.subList(0, Math.min(5, groups.size()))) + (groups.size() > 5 ? ", ..." : "");
                String why = "License " + sku + " is still given by the groups " + named + "; remove it from their \""
                        + GROUP_EXTENSION + ":licenses\" first, then " + (gone ? "delete it." : "change its value.");
                // as for users holding it: a delete conflicts (409), a new value is a mutability error (400)
                throw gone ? ScimException.conflict(why) : ScimException.mutability(why);
            }
        }
        long used = used(change.before());
        if (used == 0) {
            return;
        }
        if (gone) {
            throw ScimException.conflict("License " + change.before().getString("value", change.id()) + " is held by " + used
                    + " users; remove it from every user and group first, then delete it.");
        }
        if (change.after() != null && change.changed("value")) {
            throw ScimException.mutability("The \"value\" (SKU id) of License " + change.id() + " cannot change while "
                    + used + " users hold it.");
        }
    }

    private static void requireLicense(ResourceReader reader, String sku, String holder) {
        if (license(reader, sku) == null) {
            throw ScimException.invalidValue(holder + " names the license \"" + sku + "\", but no License has that value; create it at /Licenses first.");
        }
    }

    // ------------------------------------------------------------------ apply

    @Override
    public void apply(Change change, HookContext context) {
        ResourceWriter writer = context.resources();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Derived derived = new Derived(writer, now);
        switch (change.resourceType()) {
            case USER -> applyUser(change, derived, context.jobs());
            case GROUP -> applyGroup(change, derived, context.jobs());
            case LICENSE -> {
                if (change.kind() == Change.Kind.CREATED) {
                    writer.update(LICENSE, change.id(), attrs -> JsonSupport.object(attrs).add("totalAssignmentsUsed", 0).build());
                }
            }
            default -> {
            }
        }
    }

    private void applyUser(Change change, Derived derived, Jobs jobs) {
        if (change.kind() == Change.Kind.DELETED) {
            // A deleted user frees every seat it held and every error it counted (rule 10).
            List<State> states = State.of(ext(change.before(), USER_EXTENSION));
            for (String sku : State.held(states)) {
                derived.adjustUsed(sku, -1);
            }
            for (String groupId : State.erroredGroups(states)) {
                derived.adjustErrors(groupId, -1);
            }
            return;
        }
        ResourceWriter w = derived.writer();
        Resource user = w.get(USER, change.id());
        if (user == null) {
            return;
        }
        boolean stateTouched = change.byRequest() && change.changed(USER_EXTENSION + ":" + STATE);
        boolean reprocess = stateTouched && QUEUED.equals(ext(change.after(), USER_EXTENSION).getString(STATE, null));
        new UserLicenses(derived).reconcile(user, reprocess ? UserLicenses.ALL : Set.of(), GroupProcessing.pending(jobs));
        if (stateTouched) {
            // Rule 7 on a user: its entries in Error were evaluated again just now, so the state says it is
            // done; a PUT that left the state out keeps what it was.
            String state = reprocess ? "ProcessingComplete" : ext(change.before(), USER_EXTENSION).getString(STATE, null);
            Resource now = w.get(USER, change.id());
            var ext = JsonSupport.object(ext(now.attributes(), USER_EXTENSION));
            if (state == null) {
                ext.remove(STATE);
            } else {
                ext.add(STATE, state);
            }
            derived.write(now, JsonSupport.object(now.attributes()).add(USER_EXTENSION, ext).build());
        }
    }

    private void applyGroup(Change change, Derived derived, Jobs jobs) {
        ResourceWriter w = derived.writer();
        String groupId = change.id();
        // Joining order (rule 5) is recorded for every group: licenses may be added to it later.
        for (String memberId : change.membersRemoved()) {
            String previous = JoinOrder.remove(w, groupId, memberId);
            if (previous != null) {
                GroupProcessing.left(jobs, groupId, memberId, previous);
            }
        }
        if (change.kind() == Change.Kind.DELETED) {
            // validate refused the delete of a group holding licenses, so its members hold nothing from it,
            // unless the staged removal of its last licenses had not reached them yet: finish that now.
            if (GroupProcessing.pending(jobs).contains(groupId)) {
                UserLicenses users = new UserLicenses(derived);
                for (String memberId : change.membersRemoved()) {
                    Resource user = w.get(USER, memberId);
                    if (user != null) {
                        users.reconcile(user);
                    }
                }
            }
            GroupProcessing.forget(jobs, groupId);
            return;
        }
        String tailBefore = JoinOrder.tail(w, groupId);
        for (String memberId : change.membersAdded()) {
            if (w.get(USER, memberId) != null) { // nested groups do not pass licenses on (rule 1)
                JoinOrder.append(w, groupId, memberId);
            }
        }
        Set<String> pending = GroupProcessing.pending(jobs);
        UserLicenses users = new UserLicenses(derived);
        for (String memberId : change.membersRemoved()) {
            Resource user = w.get(USER, memberId);
            if (user != null) {
                users.reconcile(user, Set.of(), pending);
            }
        }
        Resource group = w.get(GROUP, groupId);
        boolean licensed = !Assignment.of(ext(group.attributes(), GROUP_EXTENSION), groupId).isEmpty();
        boolean stateTouched = change.byRequest() && change.changed(GROUP_EXTENSION + ":" + STATE);
        boolean reprocess = stateTouched && QUEUED.equals(ext(change.after(), GROUP_EXTENSION).getString(STATE, null));
        if (change.changed(GROUP_EXTENSION + ":licenses") || reprocess) {
            // Rule 8 (and rule 7): every direct user member again, in joining order, entries in Error included.
            processing.process(derived, jobs, groupId, true);
            return;
        }
        if (stateTouched) {
            // A PUT that left the state out: it is the server's, so it stays what it was.
            String was = ext(change.before(), GROUP_EXTENSION).getString(STATE, null);
            if (was != null) {
                GroupProcessing.setState(derived, groupId, was);
            }
        }
        if (!licensed || change.membersAdded().isEmpty()) {
            return; // nothing of this group's to grant to newcomers
        }
        if (pending.contains(groupId)) {
            return; // the staged job reaches the newcomers after the earlier members (rule 5)
        }
        if (change.membersAdded().size() > processing.syncLimit()) {
            processing.queue(derived, jobs, groupId, false, tailBefore);
            return;
        }
        // Rule 5: members are served in the order they joined.
        for (String memberId : change.membersAdded()) {
            Resource user = w.get(USER, memberId);
            if (user != null) {
                users.reconcile(user, Set.of(), pending);
            }
        }
    }

    // ------------------------------------------------------------------ shared reads

    /** The License whose value is {@code sku} (case-insensitive), or null. */
    static Resource license(ResourceReader r, String sku) {
        String id = r.findUnique(LICENSE, "value", sku);
        return id == null ? null : r.get(LICENSE, id);
    }

    static long used(JsonObject license) {
        return license != null && license.get("totalAssignmentsUsed") instanceof jakarta.json.JsonNumber n ? n.longValue() : 0;
    }

    static JsonObject ext(JsonObject attrs, String urn) {
        return attrs != null && attrs.get(urn) instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT;
    }

    static List<String> strings(JsonObject o, String name) {
        List<String> out = new ArrayList<>();
        if (o.get(name) instanceof JsonArray a) {
            for (JsonValue v : a) {
                if (v instanceof JsonString s) {
                    out.add(s.getString());
                }
            }
        }
        return out;
    }

    static JsonArrayBuilder array(Set<String> values) {
        JsonArrayBuilder b = JsonSupport.array();
        values.forEach(b::add);
        return b;
    }

    static String key(String sku) {
        return sku.toLowerCase(Locale.ROOT);
    }

    /** One license given by one source: a user's direct assignment (group null) or a group's. */
    record Assignment(String sku, String group, Set<String> disabledPlans) {
        static List<Assignment> of(JsonObject ext, String group) {
            Map<String, Assignment> out = new LinkedHashMap<>();
            if (ext.get("licenses") instanceof JsonArray a) {
                for (JsonValue v : a) {
                    if (v instanceof JsonObject o && o.get("value") instanceof JsonString s && !s.getString().isBlank()) {
                        out.putIfAbsent(key(s.getString()), new Assignment(s.getString().trim(), group,
                                new java.util.TreeSet<>(strings(o, "disabledPlans"))));
                    }
                }
            }
            return new ArrayList<>(out.values());
        }
    }

    /** One {@code licenseAssignmentStates} entry. */
    record State(String sku, String group, String state, String error, Set<String> disabledPlans, String lastUpdated) {
        boolean active() {
            return "Active".equals(state) || "ActiveWithError".equals(state);
        }

        String sourceKey() {
            return key(sku) + "|" + (group == null ? "" : group);
        }

        static List<State> of(JsonObject ext) {
            List<State> out = new ArrayList<>();
            if (ext.get("licenseAssignmentStates") instanceof JsonArray a) {
                for (JsonValue v : a) {
                    JsonObject o = v.asJsonObject();
                    out.add(new State(o.getString("skuId"), o.getString("assignedByGroup", null), o.getString("state"),
                            o.getString("error", "None"), new java.util.TreeSet<>(strings(o, "disabledPlans")),
                            o.getString("lastUpdated", null)));
                }
            }
            return out;
        }

        /** The SKUs (lower case) held through at least one active entry. */
        static Set<String> held(List<State> states) {
            Set<String> out = new LinkedHashSet<>();
            states.stream().filter(State::active).forEach(s -> out.add(key(s.sku())));
            return out;
        }

        /** The groups that give at least one entry in Error. */
        static Set<String> erroredGroups(List<State> states) {
            Set<String> out = new HashSet<>();
            states.stream().filter(s -> s.group() != null && "Error".equals(s.state())).forEach(s -> out.add(s.group()));
            return out;
        }

        JsonObject toJson() {
            var b = JsonSupport.object().add("skuId", sku);
            if (group != null) {
                b.add("assignedByGroup", group);
            }
            b.add("state", state).add("error", error).add("disabledPlans", array(disabledPlans));
            if (lastUpdated != null) {
                b.add("lastUpdated", lastUpdated);
            }
            return b.build();
        }
    }
}
