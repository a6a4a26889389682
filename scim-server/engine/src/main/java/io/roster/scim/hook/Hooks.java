package io.roster.scim.hook;

import io.roster.scim.error.ScimException;
import io.roster.scim.patch.PatchOperation;
import io.roster.scim.query.QueryPlanner;
import io.roster.scim.schema.SchemaRegistry;
import io.roster.scim.spi.AfterCommitHook;
import io.roster.scim.spi.AttributeName;
import io.roster.scim.spi.Change;
import io.roster.scim.spi.Hook;
import io.roster.scim.spi.RemovalRequest;
import io.roster.scim.spi.ResourceReader;
import io.roster.scim.spi.RosterPlugin;
import io.roster.scim.spi.Authorizer;
import io.roster.scim.spi.Principal;
import io.roster.scim.store.ResourceStore;
import io.roster.scim.store.StoreReader;
import io.roster.scim.store.StoreWriter;
import java.time.Clock;
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
 * With no hooks both cost nothing. Also starts and stops the plugins and their job workers.
 */
public final class Hooks {
    /** No plugins. */
    public static final Hooks NONE = new Hooks(List.of(), Map.of(), List.of(), Map.of(), Authorizer.DEFAULT, new EngineFilters(),
            Clock.systemUTC());
    private static final Logger LOG = Logger.getLogger(Hooks.class.getName());
    /** Changes that keep causing more are a plugin bug; this many rounds stops them. */
    static final int MAX_ROUNDS = 16;

    /** A hook and the plugin that registered it, so that a failure names the plugin. */
    record Registered(PluginScope scope, Hook hook) {
    }

    private final List<Registered> hooks;
    private final Map<String, AfterCommitHook> afterCommit;
    private final List<RosterPlugin> plugins;
    private final Map<String, PluginScope> scopes;
    private final List<RosterPlugin> started = new ArrayList<>();
    private final List<JobRunner> runners = new ArrayList<>();
    private final Authorizer authorizer;
    private final EngineFilters filters;
    private final Clock clock;
    private volatile OutboxDispatcher dispatcher;

    Hooks(List<Registered> hooks, Map<String, AfterCommitHook> afterCommit, List<RosterPlugin> plugins,
          Map<String, PluginScope> scopes, Authorizer authorizer, EngineFilters filters, Clock clock) {
        this.authorizer = authorizer;
        this.hooks = List.copyOf(hooks);
        this.afterCommit = Collections.unmodifiableMap(new LinkedHashMap<>(afterCommit));
        this.plugins = List.copyOf(plugins);
        this.scopes = Map.copyOf(scopes);
        this.filters = filters;
        this.clock = clock;
    }

    /**
     * Binds the plugin API to the frozen registry and the planner over the store's indexes (call once the
     * registry is built, before the store opens): from then on plugins' filters and queries work.
     */
    public void bind(SchemaRegistry registry, QueryPlanner planner) {
        filters.bind(registry, planner);
    }

    /** The authorizer a plugin installed, or {@link Authorizer#DEFAULT}. */
    public Authorizer authorizer() {
        return authorizer;
    }

    /** A read view for the authorizer while a token is authenticated (resources and memberships only). */
    public static ResourceReader view(StoreReader reader) {
        return reader == null ? null : ReadView.basic(reader);
    }

    /** True when no plugin registered a hook: the service then records no changes at all. */
    public boolean isEmpty() {
        return hooks.isEmpty() && afterCommit.isEmpty();
    }

    /**
     * Starts every plugin, in registration order, once the store is open and recovered and before
     * requests are served, then their job workers. A plugin that fails to start stops the ones already
     * started and fails the start.
     */
    public synchronized void start(ResourceStore store) {
        adoptRecordedJobs(store);
        for (RosterPlugin p : plugins) {
            EngineRuntime runtime = new EngineRuntime(store, this, scopes.get(p.id()));
            try {
                p.start(runtime);
            } catch (RuntimeException e) {
                stop();
                throw new IllegalStateException("plugin " + p.id() + " failed to start: " + e.getMessage(), e);
            }
            started.add(p);
        }
        for (RosterPlugin p : plugins) {
            PluginScope scope = scopes.get(p.id());
            if (!scope.jobHandlers.isEmpty()) {
                JobRunner runner = new JobRunner(scope, new EngineRuntime(store, this, scope));
                scope.runner = runner;
                runners.add(runner);
                runner.start();
            }
        }
    }

    /**
     * Turns jobs that a build before Job resources kept in plugin records into Job resources, before any
     * plugin starts or any worker runs (see {@link PluginJobs#adoptRecorded}); one write per plugin that has
     * job handlers, and only when it finds such a record.
     */
    public void adoptRecordedJobs(ResourceStore store) {
        for (RosterPlugin p : plugins) {
            PluginScope scope = scopes.get(p.id());
            if (scope.jobHandlers.isEmpty()) {
                continue;
            }
            EngineRuntime runtime = new EngineRuntime(store, this, scope);
            boolean any = runtime.read(r -> scope.jobHandlers.keySet().stream().anyMatch(kind -> {
                var table = r.records(PluginJobs.TABLE, io.roster.scim.spi.RecordType.JSON);
                var queue = table.get(kind);
                return queue != null && queue.getJsonArray("keys").stream()
                        .anyMatch(k -> table.get(kind + "/" + ((jakarta.json.JsonString) k).getString()) != null);
            }));
            if (any) {
                int adopted = runtime.write(ctx -> ((PluginHookContext) ctx).pluginJobs().adoptRecorded());
                LOG.info("plugin " + p.id() + ": " + adopted + " background jobs kept by an earlier build are Job resources now");
            }
        }
    }

    /**
     * A plugin's runtime outside its start (tests and tools: reading its records, writing as it would, or
     * running its background jobs by hand with {@link #stepJobs}).
     */
    public io.roster.scim.spi.PluginRuntime runtime(ResourceStore store, String pluginId) {
        PluginScope scope = scopes.get(pluginId);
        if (scope == null) {
            throw new IllegalArgumentException("no plugin " + pluginId);
        }
        return new EngineRuntime(store, this, scope);
    }

    /** Runs one step of the plugin's first pending job now, as its worker would; false when none is pending. */
    public boolean stepJobs(ResourceStore store, String pluginId) {
        EngineRuntime runtime = (EngineRuntime) runtime(store, pluginId);
        return runtime.hasPendingJobs() && runtime.write(ctx -> JobRunner.step((PluginHookContext) ctx, scopes.get(pluginId)));
    }

    /** Whether the plugin has background jobs pending. */
    public boolean hasPendingJobs(ResourceStore store, String pluginId) {
        return ((EngineRuntime) runtime(store, pluginId)).hasPendingJobs();
    }

    /** Stops the job workers, then the started plugins in reverse order; call before the store closes. */
    public synchronized void stop() {
        for (JobRunner runner : runners) {
            runner.stop();
        }
        runners.clear();
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
     * changes (the request's own, then those the applies caused, and so on), then one outbox entry per
     * change for each after-commit hook. Whatever throws undoes the whole write.
     */
    public void run(List<Change> changes, StoreWriter writer, Principal caller) {
        if (changes.isEmpty() || isEmpty()) {
            return;
        }
        run(changes, new WriteSession(writer, caller, clock));
    }

    /** {@link #run} for the server's own work. */
    public void run(List<Change> changes, StoreWriter writer) {
        run(changes, writer, Principal.SYSTEM);
    }

    /** Runs the changes of a write and those its plugins' writes cause (a plugin's own write starts with none). */
    void run(List<Change> changes, WriteSession session) {
        session.subjects(changes);
        List<Change> all = new ArrayList<>(changes);
        List<Change> round = new ArrayList<>(changes);
        round.addAll(session.drainEmitted());
        all.addAll(round.subList(changes.size(), round.size()));
        for (int depth = 0; !round.isEmpty(); depth++) {
            if (depth == MAX_ROUNDS) {
                throw new IllegalStateException("hooks kept causing changes for " + MAX_ROUNDS + " rounds; last round: "
                        + round.size() + " changes, the first " + round.get(0).kind() + " of " + round.get(0).resourceType()
                        + " " + round.get(0).id() + " by " + round.get(0).source());
            }
            session.subjects(round);
            runPhase("validate", round, (r, change) -> r.hook().validate(change, session.context(r.scope(), false)));
            runPhase("apply", round, (r, change) -> r.hook().apply(change, session.context(r.scope(), true)));
            round = session.drainEmitted();
            all.addAll(round);
        }
        for (String queue : afterCommit.keySet()) {
            for (Change change : all) {
                Outbox.append(session.writer, queue, change);
            }
        }
    }

    /**
     * Runs every hook's {@link Hook#validateRemovals} on a PATCH's remove operations, inside its write and
     * before they are applied; whatever throws refuses the PATCH.
     */
    public void validatePatch(String resourceType, String id, jakarta.json.JsonObject current,
                              List<PatchOperation> operations, StoreWriter writer, Principal caller) {
        if (hooks.isEmpty()) {
            return;
        }
        List<RemovalRequest> removals = new ArrayList<>();
        for (PatchOperation op : operations) {
            if (op.op() != PatchOperation.Op.REMOVE || op.path() == null) {
                continue;
            }
            AttributeName name = filters.resolve(resourceType, op.path().attribute());
            if (name != null) {
                String sub = op.path().attribute().subAttribute() != null ? op.path().attribute().subAttribute() : op.path().subAttribute();
                removals.add(new RemovalRequest(name, sub, op.path().filter(), op.value(), op.describe()));
            }
        }
        if (removals.isEmpty()) {
            return;
        }
        WriteSession session = new WriteSession(writer, caller, clock);
        Change subject = Change.of(Change.Kind.PATCHED, resourceType, id, current, current, List.of(), List.of());
        List<RemovalRequest> all = List.copyOf(removals);
        runPhase("validateRemovals", List.of(subject),
                (r, change) -> r.hook().validateRemovals(resourceType, id, current, all, session.context(r.scope(), false)));
    }

    private void runPhase(String phase, List<Change> changes, java.util.function.BiConsumer<Registered, Change> call) {
        for (Registered r : hooks) {
            for (Change change : changes) {
                try {
                    call.accept(r, change);
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
        LOG.log(Level.SEVERE, "hook of plugin " + r.scope().pluginId + " failed in " + phase + " on " + change.kind() + " of "
                + change.resourceType() + " " + change.id() + " (error id " + errorId + ")", e);
        return new ScimException(500, null, "A hook of plugin " + r.scope().pluginId + " failed; nothing was changed. The server log"
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

    /**
     * Tells the delivery thread that a write is durable and may have left outbox entries, and the job
     * workers that it may have scheduled work.
     */
    public void committed() {
        OutboxDispatcher d = dispatcher;
        if (d != null) {
            d.wake();
        }
        for (PluginScope scope : scopes.values()) {
            JobRunner runner = scope.runner;
            if (runner != null) {
                runner.wake();
            }
        }
    }

    void committed(WriteSession session) {
        committed();
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
