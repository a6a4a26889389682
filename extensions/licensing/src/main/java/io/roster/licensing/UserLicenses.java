package io.roster.licensing;

import static io.roster.scim.spi.ResourceTypeNames.GROUP;
import static io.roster.licensing.LicensingHook.key;
import static io.roster.scim.spi.RosterUrns.GROUP_EXTENSION;
import static io.roster.scim.spi.RosterUrns.USER_EXTENSION;

import io.roster.licensing.LicensingHook.Assignment;
import io.roster.licensing.LicensingHook.State;
import io.roster.scim.error.ScimException;
import io.roster.scim.json.JsonSupport;
import io.roster.scim.spi.ResourceTypeNames;
import io.roster.scim.spi.RosterUrns;
import io.roster.scim.spi.Resource;
import io.roster.scim.spi.ResourceWriter;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Evaluates one user: the sources that should give it licenses now (its direct {@code licenses}, and the
 * {@code licenses} of every group it directly belongs to) against the entries it holds.
 * <ul>
 *   <li>An entry whose source is gone is dropped (rule 2); its seat is freed only when no active entry
 *       for the SKU remains (rule 3).</li>
 *   <li>An entry whose source remains keeps its state: nobody loses a seat they hold, and an entry in
 *       Error stays so until reprocessed (rule 5).</li>
 *   <li>New entries are granted source by source, direct first: one seat per SKU however many sources give
 *       it (rule 3); a group's new entries are granted all or none (rule 4), else all get Error with the
 *       reason. A direct assignment that cannot be granted fails the request (section 1.2).</li>
 * </ul>
 */
final class UserLicenses {
    private final Derived derived;
    private final ResourceWriter w;

    UserLicenses(Derived derived) {
        this.derived = derived;
        this.w = derived.writer();
    }

    void reconcile(Resource user) {
        reconcile(user, Set.of(), Set.of());
    }

    /**
     * @param retry    groups whose entries in Error are evaluated again (rule 7, and rule 8 for the group
     *                 whose licenses changed); {@link #ALL} for every source
     * @param deferred groups whose staged processing has not finished: their new entries are left for it, so
     *                 that seats go in joining order (rule 5) and the group's state stays truthful
     */
    void reconcile(Resource user, Set<String> retry, Set<String> deferred) {
        JsonObject ext = LicensingHook.ext(user.attributes(), USER_EXTENSION);
        List<State> old = State.of(ext);
        Map<String, State> oldByKey = new LinkedHashMap<>();
        old.forEach(s -> oldByKey.put(s.sourceKey(), s));

        // The sources, direct first, then each group in the order the store lists the user's groups.
        Map<String, List<Assignment>> sources = new LinkedHashMap<>();
        List<Assignment> direct = Assignment.of(ext, null);
        sources.put("", direct);
        for (String groupId : w.groupsOf(user.id())) {
            Resource g = w.get(GROUP, groupId);
            if (g != null) {
                sources.put(groupId, Assignment.of(LicensingHook.ext(g.attributes(), GROUP_EXTENSION), groupId));
            }
        }

        Set<String> heldBefore = State.held(old);
        Map<String, State> next = new LinkedHashMap<>();
        Set<String> held = new HashSet<>();
        Map<String, List<Assignment>> fresh = new LinkedHashMap<>();
        for (Map.Entry<String, List<Assignment>> source : sources.entrySet()) {
            boolean again = retry == ALL || retry.contains(source.getKey());
            for (Assignment a : source.getValue()) {
                String k = key(a.sku()) + "|" + source.getKey();
                State kept = oldByKey.get(k);
                if (kept == null || (again && "Error".equals(kept.state()))) {
                    if (kept == null && deferred.contains(source.getKey())) {
                        continue;
                    }
                    fresh.computeIfAbsent(source.getKey(), x -> new ArrayList<>()).add(a);
                    continue;
                }
                if (!kept.disabledPlans().equals(a.disabledPlans())) {
                    kept = new State(kept.sku(), kept.group(), kept.state(), kept.error(), a.disabledPlans(), derived.now());
                }
                next.put(k, kept);
                if (kept.active()) {
                    held.add(key(a.sku()));
                }
            }
        }
        String location = ext.getString("usageLocation", "").strip();
        for (Map.Entry<String, List<Assignment>> source : fresh.entrySet()) {
            List<Assignment> group = source.getValue();
            boolean isDirect = source.getKey().isEmpty();
            Refusal refusal = refusal(group, held, heldBefore, location);
            if (isDirect && refusal == null && location.isEmpty()) {
                for (Assignment a : group) {
                    Resource license = LicensingHook.license(w, a.sku());
                    // DOMAIN 1.2: a usage location is needed before a direct grant, unless the SKU says it needs none.
                    if (!held.contains(key(a.sku())) && license != null
                            && LicensingHook.ext(license.attributes(), RosterUrns.LICENSE_EXTENSION).getBoolean("requiresUsageLocation", true)) {
                        throw ScimException.invalidValue("User " + user.id() + " needs a \"usageLocation\" (" + USER_EXTENSION
                                + ":usageLocation) before the license " + a.sku() + " is assigned directly; set it in the same request or first.");
                    }
                }
            }
            if (isDirect && refusal != null) {
                throw ScimException.invalidValue("Cannot assign license " + refusal.sku() + " directly to User " + user.id() + ": "
                        + refusal.error() + " (" + refusal.why() + "). Nothing was changed.");
            }
            for (Assignment a : group) {
                String k = key(a.sku()) + "|" + source.getKey();
                State was = oldByKey.get(k);
                String state = refusal == null ? "Active" : "Error";
                String error = refusal == null ? "None" : refusal.error();
                String stamp = was != null && was.state().equals(state) && was.error().equals(error)
                        && was.disabledPlans().equals(a.disabledPlans()) ? was.lastUpdated() : derived.now();
                next.put(k, new State(a.sku(), a.group(), state, error, a.disabledPlans(), stamp));
                if (refusal == null) {
                    held.add(key(a.sku()));
                }
            }
        }

        List<State> states = new ArrayList<>(next.values());
        // Seats and group error counts move by what this user gained or lost, so they stay exact.
        difference(State.held(old), State.held(states), derived::adjustUsed);
        difference(State.erroredGroups(old), State.erroredGroups(states), derived::adjustErrors);
        Resource current = w.get(user.type(), user.id());
        // Empty lists are left out (as the normaliser leaves out every empty value), so that a user with
        // no license at all is not written a second time by every create and update.
        var b = JsonSupport.object(ext);
        b.remove("licenses");
        b.remove("licenseAssignmentStates");
        b.remove("assignedLicenses");
        if (!direct.isEmpty()) {
            b.add("licenses", directWithDisplay(direct));
        }
        if (!states.isEmpty()) {
            b.add("licenseAssignmentStates", statesJson(states));
            JsonArray assigned = assigned(states).build();
            if (!assigned.isEmpty()) {
                b.add("assignedLicenses", assigned);
            }
        }
        JsonObject newExt = b.build();
        var attrs = JsonSupport.object(current.attributes());
        if (newExt.isEmpty()) {
            attrs.remove(USER_EXTENSION);
        } else {
            attrs.add(USER_EXTENSION, newExt);
        }
        derived.write(current, attrs.build());
    }

    /** Retry every source's entries in Error (a user's own reprocess). */
    static final Set<String> ALL = java.util.Collections.unmodifiableSet(new HashSet<>(Set.of("*")));

    /** Why a source's new SKUs cannot be granted: the first SKU that fails, the error and a reason. */
    record Refusal(String sku, String error, String why) {
    }

    /**
     * Whether every SKU of one source can be granted together with what the user already holds (rule 4:
     * all or nothing). Checked per SKU in this order: the License exists and is supported ({@code Other}),
     * the user's usage location is not prohibited (rule 6), no SKU held or granted with it is mutually
     * exclusive with it, either way round (1.1), every plan it depends on is held or granted with it (1.1),
     * and a seat is free (rule 5). A SKU already held through another source needs nothing (rule 3).
     */
    private Refusal refusal(List<Assignment> group, Set<String> held, Set<String> heldBefore, String location) {
        Set<String> together = new LinkedHashSet<>(held);
        group.forEach(a -> together.add(key(a.sku())));
        Set<String> plansHeld = new HashSet<>();
        together.forEach(sku -> plansHeld.addAll(plans(sku)));
        for (Assignment a : group) {
            String k = key(a.sku());
            if (held.contains(k)) {
                continue; // already held through another source: no new seat (rule 3)
            }
            Resource license = LicensingHook.license(w, a.sku());
            JsonObject l = license == null ? JsonValue.EMPTY_JSON_OBJECT : license.attributes();
            if (license == null || !l.getBoolean("supported", true)) {
                return new Refusal(a.sku(), "Other", license == null ? "no License has that value" : "the subscription is not supported any more");
            }
            JsonObject lx = LicensingHook.ext(l, RosterUrns.LICENSE_EXTENSION);
            if (!location.isEmpty() && LicensingHook.strings(lx, "prohibitedUsageLocations").stream().anyMatch(location::equalsIgnoreCase)) {
                return new Refusal(a.sku(), "ProhibitedInUsageLocationViolation", "it cannot be used in " + location);
            }
            Set<String> exclusive = lower(LicensingHook.strings(lx, "mutuallyExclusive"));
            for (String other : together) {
                if (other.equals(k)) {
                    continue;
                }
                boolean clash = plans(other).stream().anyMatch(exclusive::contains)
                        || plans(k).stream().anyMatch(lower(exclusiveOf(other))::contains);
                if (clash) {
                    return new Refusal(a.sku(), "MutuallyExclusiveViolation", "it cannot be held together with " + display(other));
                }
            }
            for (String plan : lower(LicensingHook.strings(lx, "dependsOn"))) {
                if (!plansHeld.contains(plan)) {
                    return new Refusal(a.sku(), "DependencyViolation", "it needs the service plan " + plan + ", which the user does not hold");
                }
            }
            if (l.getBoolean("limitedAssignmentsPermitted", false)) {
                long permitted = l.getJsonNumber("totalAssignmentsPermitted") == null ? 0
                        : l.getJsonNumber("totalAssignmentsPermitted").longValue();
                // this user's own seat, if the write is moving it from one source to another, is not taken
                long used = LicensingHook.used(l) - (heldBefore.contains(k) ? 1 : 0);
                if (used >= permitted) {
                    return new Refusal(a.sku(), "CountViolation", "all " + permitted + " seats are in use");
                }
            }
        }
        return null;
    }

    private final Map<String, JsonObject> skuExt = new HashMap<>();

    private JsonObject skuExt(String sku) {
        return skuExt.computeIfAbsent(sku, k -> {
            Resource license = LicensingHook.license(w, k);
            return license == null ? JsonValue.EMPTY_JSON_OBJECT : LicensingHook.ext(license.attributes(), RosterUrns.LICENSE_EXTENSION);
        });
    }

    /** The service plan ids (lower case) a SKU switches on. */
    private Set<String> plans(String sku) {
        Set<String> out = new HashSet<>();
        if (skuExt(sku).get("servicePlans") instanceof JsonArray a) {
            for (JsonValue v : a) {
                if (v instanceof JsonObject o && o.get("servicePlanId") instanceof jakarta.json.JsonString id) {
                    out.add(key(id.getString()));
                }
            }
        }
        return out;
    }

    private List<String> exclusiveOf(String sku) {
        return LicensingHook.strings(skuExt(sku), "mutuallyExclusive");
    }

    private String display(String sku) {
        Resource license = LicensingHook.license(w, sku);
        return license == null ? sku : license.attributes().getString("value", sku);
    }

    private static Set<String> lower(List<String> values) {
        Set<String> out = new HashSet<>();
        values.forEach(v -> out.add(key(v)));
        return out;
    }

    /** Tells {@code adjust} -1 for every key only in {@code before} and +1 for every key only in {@code after}. */
    private static void difference(Set<String> before, Set<String> after, java.util.function.ObjIntConsumer<String> adjust) {
        before.stream().filter(k -> !after.contains(k)).forEach(k -> adjust.accept(k, -1));
        after.stream().filter(k -> !before.contains(k)).forEach(k -> adjust.accept(k, +1));
    }

    private JsonArrayBuilder directWithDisplay(List<Assignment> direct) {
        JsonArrayBuilder b = JsonSupport.array();
        for (Assignment a : direct) {
            Resource license = LicensingHook.license(w, a.sku());
            var o = JsonSupport.object().add("value", a.sku());
            if (license != null && license.attributes().containsKey("display")) {
                o.add("display", license.attributes().get("display"));
            }
            if (!a.disabledPlans().isEmpty()) { // empty values are left out, as the normaliser does
                o.add("disabledPlans", LicensingHook.array(a.disabledPlans()));
            }
            b.add(o);
        }
        return b;
    }

    private static JsonArrayBuilder statesJson(List<State> states) {
        JsonArrayBuilder b = JsonSupport.array();
        states.forEach(s -> b.add(s.toJson()));
        return b;
    }

    /** One entry per held SKU; its disabled plans are those every active source disables. */
    private static JsonArrayBuilder assigned(List<State> states) {
        Map<String, State> first = new LinkedHashMap<>();
        Map<String, Set<String>> disabled = new LinkedHashMap<>();
        for (State s : states) {
            if (!s.active()) {
                continue;
            }
            first.putIfAbsent(key(s.sku()), s);
            disabled.merge(key(s.sku()), new TreeSet<>(s.disabledPlans()), (x, y) -> {
                x.retainAll(y);
                return x;
            });
        }
        JsonArrayBuilder b = JsonSupport.array();
        first.forEach((k, s) -> b.add(JsonSupport.object().add("skuId", s.sku())
                .add("disabledPlans", LicensingHook.array(new LinkedHashSet<>(disabled.get(k))))));
        return b;
    }
}
