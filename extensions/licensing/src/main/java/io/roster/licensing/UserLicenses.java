package io.roster.licensing;

import static io.roster.licensing.LicensingHook.GROUP;
import static io.roster.licensing.LicensingHook.key;
import static io.roster.licensing.LicensingPlugin.GROUP_EXT;
import static io.roster.licensing.LicensingPlugin.USER_EXT;

import io.roster.licensing.LicensingHook.Assignment;
import io.roster.licensing.LicensingHook.State;
import io.roster.scim.error.ScimException;
import io.roster.scim.json.JsonSupport;
import io.roster.scim.store.StoreWriter;
import io.roster.scim.store.StoredResource;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
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
    private final StoreWriter w;

    UserLicenses(Derived derived) {
        this.derived = derived;
        this.w = derived.writer();
    }

    void reconcile(StoredResource user) {
        JsonObject ext = LicensingHook.ext(user.attributes(), USER_EXT);
        List<State> old = State.of(ext);
        Map<String, State> oldByKey = new LinkedHashMap<>();
        old.forEach(s -> oldByKey.put(s.sourceKey(), s));

        // The sources, direct first, then each group in the order the store lists the user's groups.
        Map<String, List<Assignment>> sources = new LinkedHashMap<>();
        List<Assignment> direct = Assignment.of(ext, null);
        sources.put("", direct);
        for (String groupId : w.groupsOf(user.id())) {
            StoredResource g = w.get(GROUP, groupId);
            if (g != null) {
                sources.put(groupId, Assignment.of(LicensingHook.ext(g.attributes(), GROUP_EXT), groupId));
            }
        }

        Set<String> heldBefore = State.held(old);
        Map<String, State> next = new LinkedHashMap<>();
        Set<String> held = new HashSet<>();
        Map<String, List<Assignment>> fresh = new LinkedHashMap<>();
        for (Map.Entry<String, List<Assignment>> source : sources.entrySet()) {
            for (Assignment a : source.getValue()) {
                String k = key(a.sku()) + "|" + source.getKey();
                State kept = oldByKey.get(k);
                if (kept == null) {
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
        for (Map.Entry<String, List<Assignment>> source : fresh.entrySet()) {
            List<Assignment> group = source.getValue();
            String error = null;
            String why = null;
            String failedSku = null;
            for (Assignment a : group) {
                if (held.contains(key(a.sku()))) {
                    continue; // already held through another source: no new seat (rule 3)
                }
                StoredResource license = LicensingHook.license(w, a.sku());
                JsonObject l = license == null ? JsonValue.EMPTY_JSON_OBJECT : license.attributes();
                if (license == null || !l.getBoolean("supported", true)) {
                    error = "Other";
                    failedSku = a.sku();
                    why = license == null ? "no License has that value" : "the subscription is not supported any more";
                    break;
                }
                if (l.getBoolean("limitedAssignmentsPermitted", false)) {
                    long permitted = l.getJsonNumber("totalAssignmentsPermitted") == null ? 0
                            : l.getJsonNumber("totalAssignmentsPermitted").longValue();
                    // this user's own seat, if the write is moving it from one source to another, is not taken
                    long used = LicensingHook.used(l) - (heldBefore.contains(key(a.sku())) ? 1 : 0);
                    if (used >= permitted) {
                        error = "CountViolation";
                        failedSku = a.sku();
                        why = "all " + permitted + " seats are in use";
                        break;
                    }
                }
            }
            boolean isDirect = source.getKey().isEmpty();
            if (isDirect && error == null && !group.isEmpty()
                    && ext.getString("usageLocation", "").isBlank()) {
                throw ScimException.invalidValue("User " + user.id() + " needs a \"usageLocation\" (" + USER_EXT
                        + ":usageLocation) before a license is assigned directly; set it in the same request or first.");
            }
            if (isDirect && error != null) {
                throw ScimException.invalidValue("Cannot assign license " + failedSku + " directly to User " + user.id() + ": "
                        + error + " (" + why + "). Nothing was changed.");
            }
            for (Assignment a : group) {
                String k = key(a.sku()) + "|" + source.getKey();
                next.put(k, new State(a.sku(), a.group(), error == null ? "Active" : "Error", error == null ? "None" : error,
                        a.disabledPlans(), derived.now()));
                if (error == null) {
                    held.add(key(a.sku()));
                }
            }
        }

        List<State> states = new ArrayList<>(next.values());
        // Seats and group error counts move by what this user gained or lost, so they stay exact.
        difference(State.held(old), State.held(states), derived::adjustUsed);
        difference(State.erroredGroups(old), State.erroredGroups(states), derived::adjustErrors);
        StoredResource current = w.get(user.type(), user.id());
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
            attrs.remove(USER_EXT);
        } else {
            attrs.add(USER_EXT, newExt);
        }
        derived.write(current, attrs.build());
    }

    /** Tells {@code adjust} -1 for every key only in {@code before} and +1 for every key only in {@code after}. */
    private static void difference(Set<String> before, Set<String> after, java.util.function.ObjIntConsumer<String> adjust) {
        before.stream().filter(k -> !after.contains(k)).forEach(k -> adjust.accept(k, -1));
        after.stream().filter(k -> !before.contains(k)).forEach(k -> adjust.accept(k, +1));
    }

    private JsonArrayBuilder directWithDisplay(List<Assignment> direct) {
        JsonArrayBuilder b = JsonSupport.array();
        for (Assignment a : direct) {
            StoredResource license = LicensingHook.license(w, a.sku());
            var o = JsonSupport.object().add("value", a.sku());
            if (license != null && license.attributes().containsKey("display")) {
                o.add("display", license.attributes().get("display"));
            }
            b.add(o.add("disabledPlans", LicensingHook.array(a.disabledPlans())));
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
