package io.roster.scim.query;

import io.roster.scim.store.MemberRef;
import io.roster.scim.store.StoreReader;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The users whose {@code groups} name a group: its user members and, through nesting, the user members
 * of its member groups (each group walked once, so a cycle ends). Read from the group-to-members index a
 * page at a time, so the cost follows the group's size, not the directory's.
 */
final class GroupUsers {
    private static final int PAGE = 5000;
    /**
     * Most users gathered for one group before the query scans instead: above the general cap of
     * {@link CandidateSets#MATERIALIZE_CAP}, so that the 100,000-member groups a directory has list their
     * members from the membership index even in a store of a million users (a scan of which takes tens
     * of seconds), while one request still holds at most a few tens of megabytes of ids.
     */
    static final int CAP = 250_000;

    private GroupUsers() {
    }

    /** The user ids, or null when there are more than {@code cap} (the caller then scans instead). */
    static Set<String> of(StoreReader reader, String groupId, int cap) {
        Set<String> users = new HashSet<>();
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        seen.add(groupId);
        todo.add(groupId);
        while (!todo.isEmpty()) {
            String group = todo.poll();
            String after = null;
            while (true) {
                List<MemberRef> page = reader.members(group, after, PAGE);
                for (MemberRef m : page) {
                    if ("Group".equals(m.type())) {
                        if (seen.add(m.id())) {
                            todo.add(m.id());
                        }
                    } else if ("User".equals(m.type()) && users.add(m.id()) && users.size() > cap) {
                        return null;
                    }
                }
                if (page.size() < PAGE) {
                    break;
                }
                after = page.get(page.size() - 1).id();
            }
        }
        return users;
    }
}
