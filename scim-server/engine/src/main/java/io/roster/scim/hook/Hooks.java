package io.roster.scim.hook;

import io.roster.scim.auth.Principal;
import io.roster.scim.error.ScimException;
import io.roster.scim.schema.SchemaRegistry;
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
    public static final Hooks NONE = new Hooks(List.of(), Map.of(), List.of());
    private static final Logger LOG = Logger.getLogger(Hooks.class.getName());
    /** Emitted changes that keep emitting more are a plugin bug; this many rounds stops them. */
    static final int MAX_ROUNDS = 16;

    /** A hook and the plugin that registered it, so that a failure names the plugin. */
    record Registered(String pluginId, Hook hook) {
    }

    private final List<Registered> hooks;
    private final Map<String, AfterCommitHook> afterCommit;
    private final List<RosterPlugin> plugins;
    private final List<RosterPlugin> started = new ArrayList<>();
    private final io.roster.scim.auth.Authorizer authorizer;
    private volatile OutboxDispatcher dispatcher;

    Hooks(List<Registered> hooks, Map<String, AfterCommitHook> afterCommit, List<RosterPlugin> plugins) {
        this(hooks, afterCommit, plugins, io.roster.scim.auth.Authorizer.DEFAULT);
    }

    Hooks(List<Registered> hooks, Map<String, AfterCommitHook> afterCommit, List<RosterPlugin> plugins,
          io.roster.scim.auth.Authorizer authorizer) {
        this.authorizer = authorizer;
        this.hooks = List.copyOf(hooks);
        this.afterCommit = Collections.unmodifiableMap(new LinkedHashMap<>(afterCommit));
        this.plugins = List.copyOf(plugins);
    }

    /** The authorizer a plugin installed, or {@link io.roster.scim.auth.Authorizer#DEFAULT}. */
    public io.roster.scim.auth.Authorizer authorizer() {
        return authorizer;
    }

    /** True when no plugin registered a hook: the service then records no changes at all. */
    public boolean isEmpty() {
        return hooks.isEmpty() && afterCommit.isEmpty();
    }

    /**
     * Starts every plugin, in registration order, once the store is open and recovered and before
     * requests are served. A plugin that fails to start stops the ones already started and fails the start.
     */
    public synchronized void start(ResourceStore store, SchemaRegistry registry) {
        PluginRuntime runtime = new PluginRuntime(store, registry, this);
        for (RosterPlugin p : plugins) {
            try {
                p.start(runtime.forPlugin(p.id()));
            } catch (RuntimeException e) {
                stop();
                throw new IllegalStateException("plugin " + p.id() + " failed to start: " + e.getMessage(), e);
            }
            started.add(p);
        }
    }

    /** Stops the started plugins in reverse order; call before the store closes. */
    public synchronized void stop() {
        for (int i = started.size() - 1; i >= 0; i--) {
            RosterPlugin p = started.get(i);
            try {
                p.stop();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "plugin " + p.id() + " failed to stop cleanly", e);
            }
        }
        started.clear();
    }

    /** The after-commit queues, {@code "<plugin id>/<name>"}, in registration order. */
    public List<String> afterCommitQueues() {
        return new ArrayList<>(afterCommit.keySet());
    }

    /**
     * Runs inside the write that made {@code changes}: every validate, then every apply, on each round of
     * changes (the request's own, then those the applies emitted, and so on), then one outbox entry per
     * change for each after-commit hook. Whatever throws undoes the whole write.
     */
    public void run(List<Change> changes, StoreWriter writer, Principal caller) {
        if (changes.isEmpty() || isEmpty()) {
            return;
        }
        List<Change> all = new ArrayList<>(changes);
        List<Change> round = changes;
        for (int depth = 0; !round.isEmpty(); depth++) {
            if (depth == MAX_ROUNDS) {
                throw new IllegalStateException("hooks kept emitting changes for " + MAX_ROUNDS + " rounds; last round: "
                        + round.size() + " changes, the first " + round.get(0).kind() + " of " + round.get(0).resourceType()
                        + " " + round.get(0).id() + " by " + round.get(0).source());
            }
            Context validating = new Context(writer, caller, false);
            runPhase("validate", round, (hook, change) -> hook.validate(change, validating));
            Context applying = new Context(writer, caller, true);
            runPhase("apply", round, (hook, change) -> hook.apply(change, applying));
            round = applying.emitted;
            all.addAll(round);
        }
        for (String queue : afterCommit.keySet()) {
            for (Change change : all) {
                Outbox.append(writer, queue, change);
            }
        }
    }

    /**
     * Runs every hook's {@link Hook#validatePatch} on a PATCH's operations, inside its write and before
     * they are applied; whatever throws refuses the PATCH.
     */
    public void validatePatch(String resourceType, String id, jakarta.json.JsonObject current,
                              List<io.roster.scim.patch.PatchOperation> operations, StoreWriter writer, Principal caller) {
        if (hooks.isEmpty()) {
            return;
        }
        Context validating = new Context(writer, caller, false);
        Change subject = Change.of(Change.Kind.PATCHED, resourceType, id, current, current, List.of(), List.of());
        runPhase("validatePatch", List.of(subject),
                (hook, change) -> hook.validatePatch(resourceType, id, current, operations, validating));
    }

    /** {@link #run} for the server's own work. */
    public void run(List<Change> changes, StoreWriter writer) {
        run(changes, writer, Principal.SYSTEM);
    }

    private static final class Context implements HookContext {
        private final StoreWriter writer;
        private final Principal caller;
        private final boolean applying;
        private final List<Change> emitted = new ArrayList<>();

        Context(StoreWriter writer, Principal caller, boolean applying) {
            this.writer = writer;
            this.caller = caller;
            this.applying = applying;
        }

        @Override
        public StoreWriter store() {
            return writer;
        }

        @Override
        public Principal caller() {
            return caller;
        }

        @Override
        public void emit(Change change) {
            if (!applying) {
                throw new IllegalStateException("a hook may emit changes only from apply, not from validate");
            }
            emitted.add(java.util.Objects.requireNonNull(change, "change"));
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
