package io.roster.scim.hook;

import io.roster.scim.error.ScimException;
import io.roster.scim.json.JsonSupport;
import io.roster.scim.spi.Change;
import io.roster.scim.spi.Member;
import io.roster.scim.spi.MembershipDelta;
import io.roster.scim.spi.Resource;
import io.roster.scim.spi.ResourceTypeNames;
import io.roster.scim.spi.ResourceWriter;
import io.roster.scim.store.MemberRef;
import io.roster.scim.store.StoreWriter;
import io.roster.scim.store.StoredResource;
import jakarta.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The mutation facade over the running write (see {@link ResourceWriter}): versions by the write's
 * subjects, member display from the member's record, and every membership change reported as a
 * {@code MEMBERS_CHANGED} change marked as the plugin's. In validate ({@code writable} false) every write throws.
 */
final class WriteView extends ReadView implements ResourceWriter {
    private final WriteSession session;
    private final boolean writable;

    WriteView(WriteSession session, PluginScope scope, boolean writable) {
        super(session.writer, scope);
        this.session = session;
        this.writable = writable;
    }

    @Override
    StoreWriter writer() {
        if (!writable) {
            return super.writer();
        }
        return session.writer;
    }

    @Override
    public MembershipDelta changeMembers(String groupId, Collection<String> add, Collection<String> remove) {
        StoreWriter w = writer();
        StoredResource group = w.get(ResourceTypeNames.GROUP, groupId);
        if (group == null) {
            return MembershipDelta.NONE;
        }
        List<String> removed = new ArrayList<>();
        for (String id : new LinkedHashSet<>(remove)) {
            if (w.removeMember(groupId, id)) {
                removed.add(id);
            }
        }
        List<String> added = new ArrayList<>();
        Set<String> ancestors = null;
        for (String id : new LinkedHashSet<>(add)) {
            if (w.isMember(groupId, id)) {
                continue;
            }
            StoredResource member = w.get(ResourceTypeNames.USER, id);
            if (member == null) {
                member = w.get(ResourceTypeNames.GROUP, id);
                if (member == null) {
                    continue;
                }
                if (ancestors == null) {
                    ancestors = ancestors(w, groupId);
                    ancestors.add(groupId);
                }
                if (ancestors.contains(id)) {
                    throw ScimException.invalidValue("Adding group " + id + " to group " + groupId
                            + " would create a cycle: " + groupId + " is already inside " + id + ".");
                }
            }
            if (w.addMember(groupId, new MemberRef(id, member.type(), Member.displayOf(member.attributes())))) {
                added.add(id);
            }
        }
        if (added.isEmpty() && removed.isEmpty()) {
            return MembershipDelta.NONE;
        }
        // a membership change is a change of the group (RFC 7644 section 3.14): once per write
        StoredResource now = session.version(ResourceTypeNames.GROUP, groupId)
                ? w.touch(ResourceTypeNames.GROUP, groupId, session.now()) : w.get(ResourceTypeNames.GROUP, groupId);
        session.emit(Change.of(Change.Kind.MEMBERS_CHANGED, ResourceTypeNames.GROUP, groupId, now.attributes(),
                now.attributes(), added, removed).by(scope.pluginId));
        return new MembershipDelta(added, removed);
    }

    /** Every group that contains {@code groupId}, directly or through nesting. */
    private static Set<String> ancestors(StoreWriter r, String groupId) {
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

    @Override
    public Resource update(String type, String id, UnaryOperator<JsonObject> edit) {
        StoreWriter w = writer();
        requireNotJob(type);
        StoredResource old = w.get(type, id);
        if (old == null) {
            return null;
        }
        JsonObject attrs = edit.apply(old.attributes());
        if (attrs.equals(old.attributes())) {
            return view(old);
        }
        StoredResource updated = session.version(type, id) ? w.update(type, id, attrs, session.now()) : w.rewrite(type, id, attrs);
        String display = Member.displayOf(attrs);
        if (!display.equals(Member.displayOf(old.attributes()))) {
            for (String groupId : w.groupsOf(id)) {
                w.addMember(groupId, new MemberRef(id, type, display));
            }
        }
        return view(updated);
    }

    @Override
    public Resource updateExtension(String type, String id, String urn, UnaryOperator<JsonObject> edit) {
        return update(type, id, attrs -> {
            JsonObject ext = attrs.get(urn) instanceof JsonObject o ? o : jakarta.json.JsonValue.EMPTY_JSON_OBJECT;
            JsonObject edited = edit.apply(ext);
            if (edited.equals(ext)) {
                return attrs;
            }
            var b = JsonSupport.object(attrs);
            if (edited.isEmpty()) {
                b.remove(urn);
            } else {
                b.add(urn, edited);
            }
            return b.build();
        });
    }

    @Override
    public Resource create(String type, String id, JsonObject attributes) {
        StoreWriter w = writer();
        requireNotJob(type);
        if (w.get(type, id) != null) {
            throw ScimException.uniqueness(type + " " + id + " exists already.");
        }
        StoredResource created = w.create(type, id, attributes, session.now());
        session.version(type, id);
        return view(created);
    }

    @Override
    public boolean delete(String type, String id) {
        StoreWriter w = writer();
        requireNotJob(type);
        if (ResourceTypeNames.USER.equalsIgnoreCase(type) || ResourceTypeNames.GROUP.equalsIgnoreCase(type)) {
            throw new IllegalStateException("plugin " + scope.pluginId + " may not delete " + type + " resources: their "
                    + "memberships and every plugin's hooks follow a request's delete only");
        }
        if (w.get(type, id) == null) {
            return false;
        }
        w.delete(type, id);
        return true;
    }

    /** Job resources are the jobs facility's record of each job: only {@link PluginJobs} writes them. */
    private void requireNotJob(String type) {
        if (JobResources.TYPE.equalsIgnoreCase(type)) {
            throw new IllegalStateException("plugin " + scope.pluginId + " may not write Job resources: the jobs facility keeps "
                    + "them (schedule, step, cancel through HookContext.jobs())");
        }
    }
}
