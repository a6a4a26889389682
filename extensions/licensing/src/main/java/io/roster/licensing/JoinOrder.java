package io.roster.licensing;

import io.roster.scim.store.StoreReader;
import io.roster.scim.store.StoreWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The order in which users joined each group, which decides who gets a seat first (DOMAIN 1.4 rules 5
 * and 7). The store lists members by id (user creation order) and keeps no membership time, and its
 * settings are plain key/value, so the plugin keeps its own doubly linked list per group in the
 * settings, written in the same transaction as the membership change:
 * <ul>
 *   <li>{@code licensing.order.<group>} = {@code <head>|<tail>}</li>
 *   <li>{@code licensing.order.<group>.<user>} = {@code <previous>|<next>} (empty at either end)</li>
 * </ul>
 * Joining appends at the tail and leaving unlinks, a few settings each whatever the group's size; the
 * list is walked from any member onwards, so large groups are read a chunk at a time.
 * Memberships made before this list existed are not in it (see the README's Licensing section).
 */
final class JoinOrder {
    static final String PREFIX = "licensing.order.";

    private JoinOrder() {
    }

    /** Appends {@code user} at the tail of {@code group}'s list; nothing if it is already there. */
    static void append(StoreWriter w, String group, String user) {
        if (w.setting(node(group, user)) != null) {
            return;
        }
        String[] ends = ends(w, group);
        w.putSetting(node(group, user), ends[1] + "|");
        if (ends[1].isEmpty()) {
            ends[0] = user;
        } else {
            String[] t = links(w, group, ends[1]);
            w.putSetting(node(group, ends[1]), t[0] + "|" + user);
        }
        w.putSetting(PREFIX + group, ends[0] + "|" + user);
    }

    /** Unlinks {@code user}; returns the member before it (empty at the head), or null if it was not listed. */
    static String remove(StoreWriter w, String group, String user) {
        String[] l = links(w, group, user);
        if (l == null) {
            return null;
        }
        String[] ends = ends(w, group);
        if (l[0].isEmpty()) {
            ends[0] = l[1];
        } else {
            w.putSetting(node(group, l[0]), links(w, group, l[0])[0] + "|" + l[1]);
        }
        if (l[1].isEmpty()) {
            ends[1] = l[0];
        } else {
            w.putSetting(node(group, l[1]), l[0] + "|" + links(w, group, l[1])[1]);
        }
        w.putSetting(node(group, user), null);
        w.putSetting(PREFIX + group, ends[0].isEmpty() && ends[1].isEmpty() ? null : ends[0] + "|" + ends[1]);
        return l[0];
    }

    /** The last joiner, or empty. */
    static String tail(StoreReader r, String group) {
        return ends(r, group)[1];
    }

    /**
     * Up to {@code limit} users in joining order, strictly after {@code after} (empty: from the first).
     * A cursor that is no longer listed yields nothing: callers keep cursors valid (see {@link #remove}).
     */
    static List<String> page(StoreReader r, String group, String after, int limit) {
        List<String> out = new ArrayList<>();
        String next;
        if (after.isEmpty()) {
            next = ends(r, group)[0];
        } else {
            String[] l = links(r, group, after);
            next = l == null ? "" : l[1];
        }
        while (!next.isEmpty() && out.size() < limit) {
            out.add(next);
            next = links(r, group, next)[1];
        }
        return out;
    }

    private static String node(String group, String user) {
        return PREFIX + group + "." + user;
    }

    private static String[] ends(StoreReader r, String group) {
        String v = r.setting(PREFIX + group);
        return v == null ? new String[] {"", ""} : split(v);
    }

    private static String[] links(StoreReader r, String group, String user) {
        String v = r.setting(node(group, user));
        return v == null ? null : split(v);
    }

    private static String[] split(String v) {
        int bar = v.indexOf('|');
        return new String[] {v.substring(0, bar), v.substring(bar + 1)};
    }
}
