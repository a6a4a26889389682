package io.roster.scim.service;

import io.roster.scim.error.ScimException;
import io.roster.scim.spi.Change;
import io.roster.scim.spi.Hook;
import io.roster.scim.spi.HookContext;
import io.roster.scim.spi.PluginContext;
import io.roster.scim.spi.RosterPlugin;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A test plugin that records every phase, writes a derived setting in apply, and can be told to reject
 * in validate, to fail in apply, or to fail its first after-commit deliveries.
 */
final class RecordingPlugin implements RosterPlugin {
    static final String ID = "test.recording";

    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<Change> applied = new CopyOnWriteArrayList<>();
    final BlockingQueue<Change> delivered = new LinkedBlockingQueue<>();
    final AtomicInteger deliveryAttempts = new AtomicInteger();
    final AtomicInteger failDeliveries = new AtomicInteger();
    volatile Predicate<Change> reject = c -> false;
    volatile Predicate<Change> failApply = c -> false;

    static String derivedKey(String id) {
        return "plugin/" + ID + "/derived/" + id; // where the engine keeps the plugin's records
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void register(PluginContext context) {
        context.addHook(new Hook() {
            @Override
            public void validate(Change change, HookContext context) {
                calls.add("validate " + change.kind() + " " + change.resourceType());
                if (reject.test(change)) {
                    throw ScimException.conflict("rejected " + change.resourceType() + " " + change.id());
                }
            }

            @Override
            public void apply(Change change, HookContext context) {
                calls.add("apply " + change.kind() + " " + change.resourceType());
                context.resources().records("derived", io.roster.scim.spi.RecordType.STRING).put(change.id(), change.kind().name());
                if (failApply.test(change)) {
                    throw new IllegalStateException("apply failed on purpose");
                }
                applied.add(change);
            }
        });
        context.addAfterCommitHook("record", change -> {
            deliveryAttempts.incrementAndGet();
            if (failDeliveries.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IOException("the other system is down");
            }
            delivered.add(change);
        });
    }

    Change lastApplied() {
        return applied.get(applied.size() - 1);
    }
}
