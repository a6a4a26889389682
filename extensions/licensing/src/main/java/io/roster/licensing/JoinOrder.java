package io.roster.licensing;

import io.roster.scim.spi.RecordTable;
import io.roster.scim.spi.RecordType;
import io.roster.scim.spi.ResourceReader;
import java.util.ArrayList;
import java.util.List;

/**
 * The order in which users joined each group, which decides who gets a seat first (DOMAIN 1.4 rules 5
 * and 7). The store lists members by id (user creation order) and keeps no membership time, so the plugin
 * keeps its own doubly linked list per group in its records (table {@value #TABLE}), written in the same
 * transaction as the membership change:
 * <ul>
 *   <li>{@code <group>} = {@code <head>|<tail>}</li>
 *   <li>{@code <group>.<user>} = {@code <previous>|<next>} (empty at either end)</li>
 * </ul>
 * Joining appends at the tail and leaving unlinks, a few records each whatever the group's size; the
 * list is walked from any member onwards, so large groups are read a chunk at a time.
 */
final class JoinOrder {
    static final String TABLE = "joinOrder";

    private JoinOrder() {
    }

    static RecordTable<String> table(ResourceReader r) {
        return r.records(TABLE, RecordType.STRING);
    }

    /** Appends {@code user} at the tail of {@code group}'s list; nothing if it is already there. */
    static void append(ResourceReader r, String group, String user) {
        RecordTable<String> t = table(r);
        if (t.get(node(group, user)) != null) {
            return;
        }
        String[] ends = ends(t, group);
        t.put(node(group, user), ends[1] + "|");
        if (ends[1].isEmpty()) {
            ends[0] = user;
        } else {
            String[] l = links(t, group, ends[1]);
            t.put(node(group, ends[1]), l[0] + "|" + user);
        }
        t.put(group, ends[0] + "|" + user);
    }

    /** Unlinks {@code user}; returns the member before it (empty at the head), or null if it was not listed. */
    static String remove(ResourceReader r, String group, String user) {
        RecordTable<String> t = table(r);
        String[] l = links(t, group, user);
        if (l == null) {
            return null;
        }
        String[] ends = ends(t, group);
        if (l[0].isEmpty()) {
            ends[0] = l[1];
        } else {
            t.put(node(group, l[0]), links(t, group, l[0])[0] + "|" + l[1]);
        }
        if (l[1].isEmpty()) {
            ends[1] = l[0];
        } else {
            t.put(node(group, l[1]), l[0] + "|" + links(t, group, l[1])[1]);
        }
        t.put(node(group, user), null);
        t.put(group, ends[0].isEmpty() && ends[1].isEmpty() ? null : ends[0] + "|" + ends[1]);
        return l[0];
    }

    /** The last joiner, or empty. */
    static String tail(ResourceReader r, String group) {
        return ends(table(r), group)[1];
    }

    /**
     * Up to {@code limit} users in joining order, strictly after {@code after} (empty: from the first).
     * A cursor that is no longer listed yields nothing: callers keep cursors valid (see {@link #remove}).
     */
    static List<String> page(ResourceReader r, String group, String after, int limit) {
        RecordTable<String> t = table(r);
        List<String> out = new ArrayList<>();
        String next;
        if (after.isEmpty()) {
            next = ends(t, group)[0];
        } else {
            String[] l = links(t, group, after);
            next = l == null ? "" : l[1];
        }
        while (!next.isEmpty() && out.size() < limit) {
            out.add(next);
            next = links(t, group, next)[1];
        }
        return out;
    }

    static String node(String group, String user) {
        return group + "." + user;
    }

    private static String[] ends(RecordTable<String> t, String group) {
        String v = t.get(group);
        return v == null ? new String[] {"", ""} : split(v);
    }

    private static String[] links(RecordTable<String> t, String group, String user) {
        String v = t.get(node(group, user));
        return v == null ? null : split(v);
    }

    static String[] split(String v) {
        int bar = v.indexOf('|');
        return new String[] {v.substring(0, bar), v.substring(bar + 1)};
    }
}
