package io.roster.scim.hook;

import io.roster.scim.error.ScimException;
import io.roster.scim.store.ResourceStore;
import io.roster.scim.store.StoreWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The hooks every plugin registered, in plugin order, and the pipeline that runs them. The service calls
 * {@link #run} at the end of each write's work and {@link #committed} once the write is durable.
 * With no hooks both cost nothing.
 */
public final class Hooks {
    /** No plugins. */
    public static final Hooks NONE = new Hooks(List.of(), Map.of());
    private static final Logger LOG = Logger.getLogger(Hooks.class.getName());

    /** A hook and the plugin that registered it, so that a failure names the plugin. */
    record Registered(String pluginId, Hook hook) {
    }

    private final List<Registered> hooks;
    private final Map<String, AfterCommitHook> afterCommit;
    private volatile OutboxDispatcher dispatcher;

    Hooks(List<Registered> hooks, Map<String, AfterCommitHook> afterCommit) {
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
        runPhase("validate", changes, (hook, change) -> hook.validate(change, writer));
        runPhase("apply", changes, (hook, change) -> hook.apply(change, writer));
        for (String queue : afterCommit.keySet()) {
            for (Change change : changes) {
                Outbox.append(writer, queue, change);
            }
        }
    }

    private void runPhase(String phase, List<Change> changes, java.util.function.BiConsumer<Hook, Change> call) {
        for (Registered r : hooks) {
            for (Change change : changes) {
                try {
                    call.accept(r.hook(), change);
                } catch (ScimException e) {
                    throw e;
                } catch (RuntimeException e) {
                    throw failed(r, phase, change, e);
                }
            }
        }
    }

    /**
     * A hook's bug is the server's fault, not the client's: a 500 that names the plugin and says that
     * nothing was changed, with the stack trace only in the log.
     */
    private static ScimException failed(Registered r, String phase, Change change, RuntimeException e) {
        String errorId = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "hook of plugin " + r.pluginId() + " failed in " + phase + " on " + change.kind() + " of "
                + change.resourceType() + " " + change.id() + " (error id " + errorId + ")", e);
        return new ScimException(500, null, "A hook of plugin " + r.pluginId() + " failed; nothing was changed. The server log"
                + " has the details under error id " + errorId + ".");
    }

    /** How many after-commit deliveries wait in the store's outbox, over every queue. */
    public long pending(ResourceStore store) {
        return store.read(r -> {
            long n = 0;
            for (String queue : afterCommit.keySet()) {
                n += Outbox.size(r, queue);
            }
            return n;
        });
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
