package io.roster.scim.hook;

import io.roster.scim.spi.Change;
import io.roster.scim.spi.Principal;
import io.roster.scim.store.StoreWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One write as the plugins see it: the store writer, the caller, which resources already have their new
 * version in this write (the subjects of its changes, and those the facade versioned), the changes the
 * facade reported and not yet run through the hooks, and whether job workers need waking at commit.
 */
final class WriteSession {
    final StoreWriter writer;
    final Principal caller;
    private final Instant now;
    private final Set<String> versioned = new HashSet<>();
    private final List<Change> emitted = new ArrayList<>();
    private final Map<String, PluginHookContext> writing = new HashMap<>();
    private final Map<String, PluginHookContext> validating = new HashMap<>();
    final Set<PluginScope> jobsScheduled = new HashSet<>();

    WriteSession(StoreWriter writer, Principal caller, Clock clock) {
        this.writer = writer;
        this.caller = caller;
        this.now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    Instant now() {
        return now;
    }

    /** Records that the resource has its new version in this write; true when it had not. */
    boolean version(String type, String id) {
        return versioned.add(type + "/" + id);
    }

    boolean isVersioned(String type, String id) {
        return versioned.contains(type + "/" + id);
    }

    void subjects(List<Change> changes) {
        for (Change c : changes) {
            version(c.resourceType(), c.id());
        }
    }

    void emit(Change change) {
        emitted.add(change);
    }

    List<Change> drainEmitted() {
        List<Change> out = new ArrayList<>(emitted);
        emitted.clear();
        return out;
    }

    /** The context of plugin {@code scope} in this write; {@code writable} false for validate. */
    PluginHookContext context(PluginScope scope, boolean writable) {
        return (writable ? writing : validating).computeIfAbsent(scope.pluginId, k -> new PluginHookContext(this, scope, writable));
    }
}
