package io.roster.scim.hook;

import io.roster.scim.schema.SchemaRegistry;
import io.roster.scim.spi.AfterCommitHook;
import io.roster.scim.spi.PluginConfig;
import io.roster.scim.spi.RosterPlugin;
import io.roster.scim.spi.Authorizer;
import java.time.Clock;
import java.util.function.Function;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Finds plugins, puts them in order and lets each register. The order is deterministic: a plugin comes
 * after every plugin it depends on; among plugins free to go, lower {@link RosterPlugin#order()} first,
 * then by id. Problems stop the start with an {@link IllegalStateException} that names the plugins.
 */
public final class PluginLoader {
    private static final Logger LOG = Logger.getLogger(PluginLoader.class.getName());
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Comparator<RosterPlugin> READY_ORDER =
            Comparator.comparingInt(RosterPlugin::order).thenComparing(RosterPlugin::id);

    private PluginLoader() {
    }

    /** Every plugin {@link ServiceLoader} finds through {@code loader}. */
    public static List<RosterPlugin> discover(ClassLoader loader) {
        List<RosterPlugin> out = new ArrayList<>();
        try {
            for (RosterPlugin plugin : ServiceLoader.load(RosterPlugin.class, loader)) {
                out.add(plugin);
            }
        } catch (ServiceConfigurationError e) {
            throw new IllegalStateException("cannot load a plugin: " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * The plugins in registration order. The same plugin listed twice (same id, same class) counts once;
     * two different classes claiming one id, a dependency on an id nobody provides, or a dependency cycle
     * are errors.
     */
    public static List<RosterPlugin> order(List<RosterPlugin> plugins) {
        Map<String, RosterPlugin> byId = new TreeMap<>();
        for (RosterPlugin p : plugins) {
            String id = p.id();
            if (id == null || !ID.matcher(id).matches()) {
                throw new IllegalStateException("plugin " + p.getClass().getName() + " has the id \"" + id
                        + "\"; an id is letters, digits, '.', '_' or '-'");
            }
            RosterPlugin seen = byId.putIfAbsent(id, p);
            if (seen != null && seen.getClass() != p.getClass()) {
                throw new IllegalStateException("two plugins claim the id \"" + id + "\": " + seen.getClass().getName()
                        + " and " + p.getClass().getName() + "; remove one of them");
            }
        }
        Map<String, Set<String>> deps = new HashMap<>();
        List<String> missing = new ArrayList<>();
        for (RosterPlugin p : byId.values()) {
            Set<String> d = new LinkedHashSet<>(p.dependsOn());
            for (String dep : d) {
                if (!byId.containsKey(dep)) {
                    missing.add("plugin " + p.id() + " depends on " + dep);
                }
            }
            deps.put(p.id(), d);
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("missing plugin dependencies: " + String.join("; ", missing)
                    + ", which is not installed");
        }
        // Kahn's algorithm; the ready set is ordered by (order, id) so the result never depends on discovery order.
        Map<String, Integer> waitingOn = new HashMap<>();
        Map<String, List<String>> dependents = new HashMap<>();
        deps.forEach((id, d) -> {
            waitingOn.put(id, d.size());
            d.forEach(dep -> dependents.computeIfAbsent(dep, k -> new ArrayList<>()).add(id));
        });
        PriorityQueue<RosterPlugin> ready = new PriorityQueue<>(READY_ORDER);
        byId.values().stream().filter(p -> waitingOn.get(p.id()) == 0).forEach(ready::add);
        List<RosterPlugin> out = new ArrayList<>();
        while (!ready.isEmpty()) {
            RosterPlugin p = ready.poll();
            out.add(p);
            for (String next : dependents.getOrDefault(p.id(), List.of())) {
                if (waitingOn.merge(next, -1, Integer::sum) == 0) {
                    ready.add(byId.get(next));
                }
            }
        }
        if (out.size() < byId.size()) {
            throw new IllegalStateException("plugin dependency cycle: " + cycle(deps, waitingOn));
        }
        return out;
    }

    /** One cycle among the plugins left waiting, as "a -> b -> a". */
    private static String cycle(Map<String, Set<String>> deps, Map<String, Integer> waitingOn) {
        String start = new TreeMap<>(waitingOn).entrySet().stream().filter(e -> e.getValue() > 0)
                .map(Map.Entry::getKey).findFirst().orElseThrow();
        List<String> path = new ArrayList<>();
        String at = start;
        while (!path.contains(at)) {
            path.add(at);
            // every plugin still waiting has a dependency that is still waiting, so this always finds one
            at = deps.get(at).stream().filter(d -> waitingOn.get(d) > 0).sorted().findFirst().orElseThrow();
        }
        List<String> loop = new ArrayList<>(path.subList(path.indexOf(at), path.size()));
        loop.add(at);
        return String.join(" -> ", loop);
    }

    /**
     * Orders the plugins and lets each register into {@code registry} (a builder: the registry is frozen
     * by the caller afterwards, and the hooks bound to it with {@link Hooks#bind}); returns their hooks in
     * the same order. {@code configs} gives each plugin its configuration by id. Call before the store
     * opens, so that new resource types get their tables.
     */
    public static Hooks install(SchemaRegistry.Builder registry, List<RosterPlugin> plugins,
                                Function<String, PluginConfig> configs, Clock clock) {
        List<Hooks.Registered> hooks = new ArrayList<>();
        Map<String, AfterCommitHook> afterCommit = new LinkedHashMap<>();
        Map<String, PluginScope> scopes = new LinkedHashMap<>();
        EngineFilters filters = new EngineFilters();
        List<RosterPlugin> ordered = order(plugins);
        Authorizer authorizer = null;
        String authorizerOf = null;
        if (!ordered.isEmpty()) {
            LOG.info("plugins, in registration order: " + String.join(", ", ordered.stream().map(RosterPlugin::id).toList()));
        }
        for (RosterPlugin p : ordered) {
            PluginConfig config = configs.apply(p.id());
            PluginScope scope = new PluginScope(p.id(), config == null ? PluginConfig.EMPTY : config, filters, clock);
            scopes.put(p.id(), scope);
            Registration ctx = new Registration(scope, registry);
            try {
                p.register(ctx);
            } catch (RuntimeException e) {
                throw new IllegalStateException("plugin " + p.id() + " (" + p.getClass().getName() + ") failed to register: "
                        + e.getMessage(), e);
            } finally {
                ctx.close();
            }
            ctx.hooks().forEach(h -> hooks.add(new Hooks.Registered(scope, h)));
            afterCommit.putAll(ctx.afterCommitHooks());
            if (ctx.authorizer() != null) {
                if (authorizer != null) {
                    throw new IllegalStateException("plugins " + authorizerOf + " and " + p.id()
                            + " both install an authorizer; only one may decide who may do what");
                }
                authorizer = ctx.authorizer();
                authorizerOf = p.id();
            }
            LOG.info("plugin " + p.id() + " registered (" + ctx.hooks().size() + " hooks, "
                    + ctx.afterCommitHooks().size() + " after-commit hooks, " + scope.jobHandlers.size() + " job handlers)");
        }
        if (ordered.isEmpty()) {
            return Hooks.NONE;
        }
        return new Hooks(hooks, afterCommit, ordered, scopes, authorizer == null ? Authorizer.DEFAULT : authorizer, filters, clock);
    }

    /** {@link #install} with no configuration and the system clock (tests). */
    public static Hooks install(SchemaRegistry.Builder registry, List<RosterPlugin> plugins) {
        return install(registry, plugins, id -> PluginConfig.EMPTY, Clock.systemUTC());
    }
}
