package io.roster.dynamicgroups;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * In memory: which dynamic groups' rules read which user attribute, so that a user change evaluates
 * only the rules that read an attribute it changed (issue 7, point 3).
 *
 * <p>The index is a <em>superset</em> of the durable truth, never a subset. Hooks run inside a write
 * that may still be undone after they return (another hook may throw), and a plugin is not told when
 * a write commits; so a hook only ever <em>adds</em> a rule's attributes here, and whoever uses an entry
 * reads the group's rule from the store of the running write before acting on it. A stale entry (a
 * rule since changed, a group deleted, a write undone) costs one needless read of a group, never a
 * wrong membership. Stale entries are counted and dropped by {@link #rebuild}, which builds a fresh
 * index from committed state while replaying every addition made meanwhile, so it too stays a superset.
 */
final class RuleIndex {
    /** Stale hits after which the index is rebuilt in the background. */
    static final long REBUILD_AFTER = 10_000;
    /** change key ("title", "urn:...:User:department") to ids of groups whose rule reads it */
    private Map<String, Set<String>> byAttribute = new HashMap<>();
    /** groups whose rule a new user may match through attributes it lacks (see {@link MembershipRule#onCreate}) */
    private Set<String> onCreate = new HashSet<>();
    /** additions made while a rebuild reads committed state; null when no rebuild runs */
    private List<Object[]> replay;
    private final AtomicLong stale = new AtomicLong();

    /** Records that {@code groupId}'s rule is (or may be, once its write commits) {@code rule}. */
    synchronized void add(String groupId, MembershipRule rule) {
        put(byAttribute, onCreate, groupId, rule);
        if (replay != null) {
            replay.add(new Object[] {groupId, rule});
        }
    }

    private static void put(Map<String, Set<String>> index, Set<String> created, String groupId, MembershipRule rule) {
        for (String key : rule.reads()) {
            index.computeIfAbsent(key, k -> new HashSet<>()).add(groupId);
        }
        if (rule.onCreate()) {
            created.add(groupId);
        }
    }

    /** The groups whose rule may read one of {@code changed}; on a create also those that match on absence. */
    synchronized Set<String> candidates(Collection<String> changed, boolean created) {
        Set<String> out = new HashSet<>();
        for (String key : changed) {
            Set<String> groups = byAttribute.get(key);
            if (groups != null) {
                out.addAll(groups);
            }
        }
        if (created) {
            out.addAll(onCreate);
            Set<String> byId = byAttribute.get("id");
            if (byId != null) {
                out.addAll(byId);
            }
        }
        return out;
    }

    /** A candidate that turned out not to need evaluating (rule gone, changed or paused since indexed). */
    long staleHit() {
        return stale.incrementAndGet();
    }

    long staleHits() {
        return stale.get();
    }

    synchronized int size() {
        Set<String> all = new HashSet<>(onCreate);
        byAttribute.values().forEach(all::addAll);
        return all.size();
    }

    /** Starts recording additions; call before reading committed state for {@link #finishRebuild}. */
    synchronized void beginRebuild() {
        replay = new java.util.ArrayList<>();
    }

    /** Replaces the index with {@code rules} (read from committed state) plus every addition since {@link #beginRebuild}. */
    synchronized void finishRebuild(Map<String, MembershipRule> rules) {
        Map<String, Set<String>> index = new HashMap<>();
        Set<String> created = new HashSet<>();
        rules.forEach((id, rule) -> put(index, created, id, rule));
        if (replay != null) {
            for (Object[] a : replay) {
                put(index, created, (String) a[0], (MembershipRule) a[1]);
            }
        }
        byAttribute = index;
        onCreate = created;
        replay = null;
        stale.set(0);
    }

    /** Gives up a rebuild: the current index stays (it is still a superset). */
    synchronized void abandonRebuild() {
        replay = null;
    }
}
