package io.roster.licensing;

import static io.roster.licensing.LicensingPlugin.GROUP_EXT;
import static io.roster.licensing.LicensingPlugin.LICENSE;
import static io.roster.licensing.LicensingPlugin.USER_EXT;

import io.roster.scim.error.ScimException;
import io.roster.scim.hook.Change;
import io.roster.scim.hook.Hook;
import io.roster.scim.hook.HookContext;
import io.roster.scim.json.JsonSupport;
import io.roster.scim.store.MemberRef;
import io.roster.scim.store.StoreReader;
import io.roster.scim.store.StoreWriter;
import io.roster.scim.store.StoredResource;
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
    static final String USER = "User";
    static final String GROUP = "Group";
    /** Members are read from the store a page at a time, so a large group never sits in memory whole. */
    static final int MEMBER_PAGE = 500;
    /** Per group: how many members hold an Error entry from it (a store setting, kept in step like the seats). */
    static final String ERRORS_KEY = "licensing.groupErrors.";

    private final Clock clock;

    LicensingHook(Clock clock) {
        this.clock = clock;
    }

    // ------------------------------------------------------------------ validate

    @Override
    public void validate(Change change, HookContext context) {
        StoreReader reader = context.store();
        switch (change.resourceType()) {
            case GROUP -> validateGroup(change, reader);
            case USER -> {
                if (change.after() != null && change.changed(USER_EXT + ":licenses")) {
                    for (Assignment a : Assignment.of(ext(change.after(), USER_EXT), null)) {
                        requireLicense(reader, a.sku(), "User " + change.id());
                    }
                }
            }
            case LICENSE -> validateLicense(change);
            default -> {
            }
        }
    }

    private static void validateGroup(Change change, StoreReader reader) {
        if (change.kind() == Change.Kind.DELETED) {
            List<Assignment> held = Assignment.of(ext(change.before(), GROUP_EXT), change.id());
            if (!held.isEmpty()) {
                throw ScimException.conflict("Group " + change.id() + " still holds the licenses "
                        + String.join(", ", held.stream().map(Assignment::sku).toList()) + "; remove them from \"" + GROUP_EXT
                        + ":licenses\" first, then delete the group.");
            }
        } else if (change.after() != null && change.changed(GROUP_EXT + ":licenses")) {
            for (Assignment a : Assignment.of(ext(change.after(), GROUP_EXT), change.id())) {
                requireLicense(reader, a.sku(), "Group " + change.id());
            }
        }
    }

    private static void validateLicense(Change change) {
        long used = used(change.before());
        if (used == 0) {
            return;
        }
        if (change.kind() == Change.Kind.DELETED) {
            throw ScimException.conflict("License " + change.before().getString("value", change.id()) + " is held by " + used
                    + " users; remove it from every user and group first, then delete it.");
        }
        if (change.after() != null && change.changed("value")) {
            throw ScimException.mutability("The \"value\" (SKU id) of License " + change.id() + " cannot change while "
                    + used + " users hold it.");
        }
    }

    private static void requireLicense(StoreReader reader, String sku, String holder) {
        if (license(reader, sku) == null) {
            throw ScimException.invalidValue(holder + " names the license \"" + sku + "\", but no License has that value; create it at /Licenses first.");
        }
    }

    // ------------------------------------------------------------------ apply

    @Override
    public void apply(Change change, HookContext context) {
        StoreWriter writer = context.store();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Derived derived = new Derived(writer, change.id(), now);
        switch (change.resourceType()) {
            case USER -> applyUser(change, derived);
            case GROUP -> applyGroup(change, derived);
            case LICENSE -> {
                if (change.kind() == Change.Kind.CREATED) {
                    StoredResource license = writer.get(LICENSE, change.id());
                    derived.write(license, JsonSupport.object(license.attributes()).add("totalAssignmentsUsed", 0).build());
                }
            }
            default -> {
            }
        }
    }

    private void applyUser(Change change, Derived derived) {
        if (change.kind() == Change.Kind.DELETED) {
            // A deleted user frees every seat it held and every error it counted (rule 10).
            List<State> states = State.of(ext(change.before(), USER_EXT));
            for (String sku : State.held(states)) {
                derived.adjustUsed(sku, -1);
            }
            for (String groupId : State.erroredGroups(states)) {
                derived.adjustErrors(groupId, -1);
            }
            return;
        }
        StoredResource user = derived.writer().get(USER, change.id());
        if (user != null) {
            new UserLicenses(derived).reconcile(user);
        }
    }

    private void applyGroup(Change change, Derived derived) {
        if (change.kind() == Change.Kind.DELETED) {
            return; // validate refused the delete of a group holding licenses: its members hold nothing from it
        }
        StoreWriter w = derived.writer();
        UserLicenses users = new UserLicenses(derived);
        boolean licensesChanged = change.changed(GROUP_EXT + ":licenses");
        for (String memberId : change.membersRemoved()) {
            StoredResource user = w.get(USER, memberId);
            if (user != null) {
                users.reconcile(user);
            }
        }
        if (licensesChanged) {
            // Rule 8: every direct user member is evaluated again, a page of members at a time.
            String after = null;
            List<MemberRef> page;
            do {
                page = w.members(change.id(), after, MEMBER_PAGE);
                for (MemberRef m : page) {
                    StoredResource user = USER.equals(m.type()) ? w.get(USER, m.id()) : null;
                    if (user != null) {
                        users.reconcile(user);
                    }
                }
                after = page.isEmpty() ? null : page.get(page.size() - 1).id();
            } while (page.size() == MEMBER_PAGE);
        } else {
            // Rule 5: members are served in the order they joined.
            for (String memberId : change.membersAdded()) {
                StoredResource user = w.get(USER, memberId);
                if (user != null) {
                    users.reconcile(user);
                }
            }
        }
        if (licensesChanged) {
            StoredResource group = w.get(GROUP, change.id());
            JsonObject ext = ext(group.attributes(), GROUP_EXT);
            derived.write(group, JsonSupport.object(group.attributes())
                    .add(GROUP_EXT, JsonSupport.object(ext).add("licenseProcessingState", "ProcessingComplete")
                            .add("hasMembersWithLicenseErrors", derived.errors(change.id()) > 0))
                    .build());
        }
    }

    // ------------------------------------------------------------------ shared reads

    /** The License whose value is {@code sku} (case-insensitive), or null. */
    static StoredResource license(StoreReader r, String sku) {
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
