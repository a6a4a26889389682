package io.roster.scim.hook;

import io.roster.scim.filter.AttrPath;
import io.roster.scim.filter.Filter;
import io.roster.scim.filter.FilterEvaluator;
import io.roster.scim.filter.FilterParser;
import io.roster.scim.json.JsonSupport;
import io.roster.scim.schema.AttributeResolver;
import io.roster.scim.schema.ResourceType;
import io.roster.scim.schema.SchemaRegistry;
import io.roster.scim.spi.AttributeName;
import io.roster.scim.spi.Filters;
import io.roster.scim.spi.Resource;
import jakarta.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine's {@link Filters}: its parser, evaluator and attribute resolution over the registry. Bound to
 * the registry once every plugin has registered ({@link #bind}); a plugin may hold it from registration on.
 */
final class EngineFilters implements Filters {
    private volatile SchemaRegistry registry;
    private volatile AttributeResolver resolver;
    private volatile io.roster.scim.query.QueryPlanner planner;
    private final Map<String, FilterEvaluator> evaluators = new ConcurrentHashMap<>();

    /** Binds to the frozen registry and the planner over the store's indexes; from then on every method works. */
    void bind(SchemaRegistry frozen, io.roster.scim.query.QueryPlanner queryPlanner) {
        this.resolver = new AttributeResolver(frozen);
        this.planner = queryPlanner;
        this.registry = frozen;
    }

    io.roster.scim.query.QueryPlanner planner() {
        registry();
        return planner;
    }

    SchemaRegistry registry() {
        SchemaRegistry r = registry;
        if (r == null) {
            throw new IllegalStateException("filters are usable once every plugin has registered");
        }
        return r;
    }

    ResourceType type(String name) {
        ResourceType t = registry().resourceType(name);
        if (t == null) {
            throw new IllegalArgumentException("no resource type " + name);
        }
        return t;
    }

    private FilterEvaluator evaluator(String type) {
        return evaluators.computeIfAbsent(type.toLowerCase(java.util.Locale.ROOT), k -> new FilterEvaluator(registry(), type(type)));
    }

    @Override
    public Filter parse(String text, int maxLength, int maxDepth) {
        return new FilterParser(maxLength, maxDepth).parse(text);
    }

    @Override
    public void validate(String type, Filter filter) {
        evaluator(type).validate(filter);
    }

    @Override
    public boolean matches(String type, Filter filter, JsonObject attributes) {
        return evaluator(type).matches(filter, attributes);
    }

    @Override
    public boolean matches(Filter filter, Resource resource) {
        return matches(resource.type(), filter, JsonSupport.object(resource.attributes()).add("id", resource.id()).build());
    }

    @Override
    public AttributeName resolve(String type, AttrPath path) {
        registry();
        AttributeResolver.Resolved r = resolver.resolve(type(type), path.schemaUrn(), path.attribute());
        if (r == null) {
            return null;
        }
        return new AttributeName(r.extension() ? r.schema().id() : null, r.definition().name());
    }
}
