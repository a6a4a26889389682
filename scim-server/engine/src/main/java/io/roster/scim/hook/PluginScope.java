package io.roster.scim.hook;

import io.roster.scim.query.QueryPlanner;
import io.roster.scim.spi.JobHandler;
import io.roster.scim.spi.PluginConfig;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the engine keeps per plugin to implement the plugin API for it: its id (which scopes its records
 * and jobs), its configuration, its job handlers and their worker, and the shared filters and planner.
 */
final class PluginScope {
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");

    final String pluginId;
    final PluginConfig config;
    final EngineFilters filters;
    final Clock clock;
    final Map<String, JobHandler> jobHandlers = new LinkedHashMap<>();
    volatile JobRunner runner;

    PluginScope(String pluginId, PluginConfig config, EngineFilters filters, Clock clock) {
        this.pluginId = pluginId;
        this.config = config;
        this.filters = filters;
        this.clock = clock;
    }

    QueryPlanner planner() {
        return filters.planner();
    }

    /** The settings key of one record of this plugin. */
    String recordKey(String table, String key) {
        return "plugin/" + pluginId + "/" + table + "/" + key;
    }

    static String checkName(String what, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " \"" + name + "\" must be letters, digits, '.', '_' or '-'");
        }
        return name;
    }
}
