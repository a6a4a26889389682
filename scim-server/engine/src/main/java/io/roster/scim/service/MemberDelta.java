package io.roster.scim.service;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The net membership change of one write, gathered from what the store reports as actually changed,
 * so its cost is that of the members touched; adding and then removing one member nets out. Records
 * nothing when no hooks are registered ({@link #OFF}).
 */
final class MemberDelta {
    static final MemberDelta OFF = new MemberDelta(false);

    private final boolean on;
    final Set<String> added = new LinkedHashSet<>();
    final Set<String> removed = new LinkedHashSet<>();

    MemberDelta() {
        this(true);
    }

    private MemberDelta(boolean on) {
        this.on = on;
    }

    void added(String id) {
        if (on && !removed.remove(id)) {
            added.add(id);
        }
    }

    void removed(String id) {
        if (on && !added.remove(id)) {
            removed.add(id);
        }
    }

    boolean isEmpty() {
        return added.isEmpty() && removed.isEmpty();
    }
}
