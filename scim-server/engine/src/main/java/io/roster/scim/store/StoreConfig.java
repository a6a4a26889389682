package io.roster.scim.store;

import io.roster.scim.schema.ResourceType;
import io.roster.scim.schema.SchemaRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a {@link StoreProvider} opens a store with.
 *
 * @param provider the backend's name ({@link StoreProvider#name})
 * @param dataDir  the data directory: a file-based backend keeps its files there; any backend may keep
 *                 local state there (a lock, a cache)
 * @param registry the resource types (one table each) and their schemas, which a backend reads to
 *                 answer queries (attribute types, {@code caseExact}, extensions)
 * @param indexes  the indexes to maintain (unique and not); see {@link IndexDefinition}
 * @param options  backend-specific settings (a connection URL, tuning); empty for MapDB
 */
public record StoreConfig(String provider, Path dataDir, SchemaRegistry registry, List<IndexDefinition> indexes,
                          Map<String, String> options) {

    public StoreConfig {
        indexes = List.copyOf(indexes);
        options = Map.copyOf(options);
    }

    /** The default backend in {@code dataDir}, without options. */
    public static StoreConfig of(Path dataDir, SchemaRegistry registry, List<IndexDefinition> indexes) {
        return new StoreConfig(StoreProvider.DEFAULT, dataDir, registry, indexes, Map.of());
    }

    /** The names of the resource types, in registration order: one table each. */
    public List<String> types() {
        return registry.resourceTypes().stream().map(ResourceType::name).toList();
    }
}
