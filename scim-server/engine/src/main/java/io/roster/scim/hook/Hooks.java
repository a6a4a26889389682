package io.roster.scim.hook;

import io.roster.scim.store.ResourceStore;
import io.roster.scim.store.StoreWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hooks every plugin registered, in plugin order, and the pipeline that runs them. The service calls
 * {@link #run} at the end of each write's work and {@link #committed} once the write is durable.
 * With no hooks both cost nothing.
 */
public final class Hooks {
    /** No plugins. */
    public static final Hooks NONE = new Hooks(List.of(), Map.of());

    private final List<Hook> hooks;
    private final Map<String, AfterCommitHook> afterCommit;
    private volatile OutboxDispatcher dispatcher;

    Hooks(List<Hook> hooks, Map<String, AfterCommitHook> afterCommit) {
        this.hooks = List.copyOf(hooks);
        this.afterCommit = Collections.unmodifiableMap(new LinkedHashMap<>(afterCommit));
    }

    /** True when no plugin registered a hook: the service then records no changes at all. */
    public boolean isEmpty() {
        return hooks.isEmpty() && afterCommit.isEmpty();
    }

    /** The after-commit queues, {@code "<plugin id>/<name>"}, in registration order. */
    public List<String> afterCommitQueues() {
        return new ArrayList<>(afterCommit.keySet());
    }

    /**
     * Runs inside the write that made {@code changes}: every validate, then every apply, then one outbox
     * entry per change for each after-commit hook. Whatever throws undoes the whole write.
     */
    public void run(List<Change> changes, StoreWriter writer) {
        if (changes.isEmpty()) {
            return;
        }
        for (Hook hook : hooks) {
            for (Change change : changes) {
                hook.validate(change, writer);
            }
        }
        for (Hook hook : hooks) {
            for (Change change : changes) {
                hook.apply(change, writer);
            }
        }
        for (String queue : afterCommit.keySet()) {
            for (Change change : changes) {
                Outbox.append(writer, queue, change);
            }
        }
    }

    /** Tells the delivery thread that a write is durable and may have left outbox entries. */
    public void committed() {
        OutboxDispatcher d = dispatcher;
        if (d != null) {
            d.wake();
        }
    }

    /**
     * Starts delivering the outbox of {@code store} (entries left by an earlier run first). Returns null
     * when no plugin registered an after-commit hook. Close the dispatcher before the store.
     */
    public synchronized OutboxDispatcher startDelivery(ResourceStore store, Duration firstRetry) {
        if (afterCommit.isEmpty()) {
            return null;
        }
        if (dispatcher != null) {
            throw new IllegalStateException("outbox delivery is already running");
        }
        dispatcher = new OutboxDispatcher(store, afterCommit, firstRetry, this::stopped);
        dispatcher.start();
        return dispatcher;
    }

    public OutboxDispatcher startDelivery(ResourceStore store) {
        return startDelivery(store, Duration.ofSeconds(1));
    }

    private synchronized void stopped(OutboxDispatcher d) {
        if (dispatcher == d) {
            dispatcher = null;
        }
    }
}
