package io.roster.scim.service;

import io.roster.scim.error.ScimException;
import io.roster.scim.filter.AttrPath;
import io.roster.scim.filter.FilterEvaluator;
import io.roster.scim.filter.ValuePath;
import io.roster.scim.json.JsonSupport;
import io.roster.scim.patch.MemberChange;
import io.roster.scim.schema.SchemaRegistry;
import io.roster.scim.spi.ResourceTypeNames;
import io.roster.scim.store.MemberRef;
import io.roster.scim.store.StoreReader;
import io.roster.scim.store.StoreWriter;
import io.roster.scim.store.StoredResource;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The membership rules of Users and Groups: members are index entries (never part of the group
 * record), a member must exist and be what the request says it is, groups may nest but never in a
 * cycle, every membership entry carries its member's current display text, and a membership change is
 * a change of the group (new version). The service's writes and the plugin API's mutation facade both
 * go through here, so the rules hold whoever changes a membership.
 */
final class Membership {
    private final SchemaRegistry registry;
    private final ResourceAssembler assembler;

    Membership(SchemaRegistry registry, ResourceAssembler assembler) {
        this.registry = registry;
        this.assembler = assembler;
    }

    /**
     * Resolves requested members to existing Users and Groups. Every problem is reported at once: ids
     * that exist nowhere, a type that does not match, the group itself, and nesting that would form a cycle.
     */
    List<MemberRef> resolve(StoreReader r, String groupId, JsonArray requested) {
        Map<String, MemberRef> out = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        Set<String> ancestors = null;
        for (JsonValue v : requested) {
            JsonObject m = v.asJsonObject();
            JsonValue value = m.get("value");
            if (!(value instanceof JsonString s) || s.getString().isBlank()) {
                throw ScimException.invalidValue("Each member needs a \"value\" holding the id of a User or Group; got "
                        + JsonSupport.toText(m) + ".");
            }
            String id = s.getString().trim();
            if (out.containsKey(id)) {
                continue;
            }
            StoredResource user = r.get(ResourceTypeNames.USER, id);
            StoredResource target = user != null ? user : r.get(ResourceTypeNames.GROUP, id);
            if (target == null) {
                missing.add(id);
                continue;
            }
            String declared = m.getString("type", null);
            if (declared != null && !declared.equalsIgnoreCase(target.type())) {
                throw ScimException.invalidValue("Member " + id + " is a " + target.type() + ", but the request says \"type\": \""
                        + declared + "\".");
            }
            if (target.type().equals(ResourceTypeNames.GROUP)) {
                if (id.equals(groupId)) {
                    throw ScimException.invalidValue("A group cannot be a member of itself (" + id + ").");
                }
                if (ancestors == null) {
                    ancestors = ancestors(r, groupId);
                }
                if (ancestors.contains(id)) {
                    throw ScimException.invalidValue("Adding group " + id + " to group " + groupId
                            + " would create a cycle: " + groupId + " is already inside " + id + ".");
                }
            }
            out.put(id, new MemberRef(id, target.type(), ResourceAssembler.displayOf(target)));
        }
        if (!missing.isEmpty()) {
            String shown = String.join(", ", missing.subList(0, Math.min(10, missing.size())));
            throw ScimException.invalidValue("No User or Group exists with id " + shown
                    + (missing.size() > 10 ? " (and " + (missing.size() - 10) + " more)" : "")
                    + "; create the member first or remove it from \"members\".");
        }
        return new ArrayList<>(out.values());
    }

    /** Every group that contains {@code groupId}, directly or through nesting. */
    static Set<String> ancestors(StoreReader r, String groupId) {
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(groupId));
        while (!todo.isEmpty()) {
            for (String parent : r.groupsOf(todo.poll())) {
                if (seen.add(parent)) {
                    todo.add(parent);
                }
            }
        }
        return seen;
    }

    /** Makes the membership exactly {@code wanted}; true when it changed. */
    boolean sync(StoreWriter w, String groupId, List<MemberRef> wanted, MemberDelta delta) {
        Set<String> keep = new HashSet<>();
        for (MemberRef m : wanted) {
            keep.add(m.id());
        }
        List<String> stale = new ArrayList<>();
        ResourceAssembler.eachMember(w, groupId, m -> {
            if (!keep.contains(m.id())) {
                stale.add(m.id());
            }
        });
        for (String id : stale) {
            w.removeMember(groupId, id);
            delta.removed(id);
        }
        boolean added = false;
        for (MemberRef m : wanted) {
            if (w.addMember(groupId, m)) {
                delta.added(m.id());
                added = true;
            }
        }
        return added || !stale.isEmpty();
    }

    /** A membership change is a change of the group: new version, new lastModified. */
    static void touchGroups(StoreWriter w, List<String> groupIds, Instant now) {
        for (String groupId : groupIds) {
            w.touch(ResourceTypeNames.GROUP, groupId, now);
        }
    }

    /** Applies one membership change; true when the membership is different afterwards. */
    boolean apply(StoreWriter w, String groupId, MemberChange change, RequestContext ctx,
                                      MemberDelta delta) {
        if (change instanceof MemberChange.Add add) {
            boolean changed = false;
            for (MemberRef m : resolve(w, groupId, add.members())) {
                if (w.addMember(groupId, m)) {
                    delta.added(m.id());
                    changed = true;
                }
            }
            return changed;
        }
        if (change instanceof MemberChange.Remove remove) {
            boolean changed = false;
            for (String memberId : remove.ids()) {
                if (w.removeMember(groupId, memberId)) {
                    delta.removed(memberId);
                    changed = true;
                }
            }
            return changed;
        }
        if (change instanceof MemberChange.Replace replace) {
            return sync(w, groupId, resolve(w, groupId, replace.members()), delta);
        }
        // RemoveAll, or RemoveMatching a filter that names no ids: look at every member.
        java.util.function.Predicate<MemberRef> hit = m -> true;
        if (change instanceof MemberChange.RemoveMatching matching) {
            FilterEvaluator evaluator = new FilterEvaluator(registry, registry.resourceType(ResourceTypeNames.GROUP));
            ValuePath filter = new ValuePath(new AttrPath("members"), matching.filter());
            hit = m -> evaluator.matches(filter, JsonSupport.object().add("members", JsonSupport.array().add(assembler.member(m, ctx))).build());
        }
        List<String> gone = new ArrayList<>();
        java.util.function.Predicate<MemberRef> test = hit;
        ResourceAssembler.eachMember(w, groupId, m -> {
            if (test.test(m)) {
                gone.add(m.id());
            }
        });
        for (String memberId : gone) {
            w.removeMember(groupId, memberId);
            delta.removed(memberId);
        }
        return !gone.isEmpty();
    }

    /** Keeps the display text in the membership entries of a resource current when it changed with the resource. */
    static void refreshDisplay(StoreWriter w, StoredResource old, StoredResource updated) {
        String display = ResourceAssembler.displayOf(updated);
        if (!display.equals(ResourceAssembler.displayOf(old))) {
            for (String groupId : w.groupsOf(updated.id())) {
                w.addMember(groupId, new MemberRef(updated.id(), updated.type(), display));
            }
        }
    }
}
