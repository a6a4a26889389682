package io.roster.scim.spi;

import java.util.List;

/** What a membership change really changed: the ids that joined and the ids that left. */
public record MembershipDelta(List<String> added, List<String> removed) {
    public static final MembershipDelta NONE = new MembershipDelta(List.of(), List.of());

    public MembershipDelta {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
    }

    public boolean isEmpty() {
        return added.isEmpty() && removed.isEmpty();
    }
}
