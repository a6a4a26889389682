package io.roster.scim.store;

import io.roster.scim.json.JsonSupport;
import io.roster.scim.schema.SchemaRegistry;
import io.roster.scim.service.IndexCatalogue;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the store contract tests write: the built-in resource types with the engine's index catalogue
 * (userName unique and case-insensitive, externalId non-unique and caseExact, displayName, the
 * multi-valued emails.value; Group displayName unique), and resources built in one line.
 */
public final class ContractData {
    public static final SchemaRegistry REGISTRY = SchemaRegistry.withBuiltIns();
    public static final List<IndexDefinition> INDEXES = IndexCatalogue.of(REGISTRY);
    public static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    private ContractData() {
    }

    /** The store config a contract test opens its backend with. */
    public static StoreConfig config(String provider, Path dir, Map<String, String> options) {
        return new StoreConfig(provider, dir, REGISTRY, INDEXES, options);
    }

    public static StoredResource user(String id, String userName) {
        return user(id, userName, null, null);
    }

    /** A User with a userName, and a displayName and work emails when not null. */
    public static StoredResource user(String id, String userName, String displayName, List<String> emails) {
        JsonObjectBuilder b = JsonSupport.object().add("userName", userName);
        if (displayName != null) {
            b.add("displayName", displayName);
        }
        if (emails != null) {
            JsonArrayBuilder arr = JsonSupport.array();
            emails.forEach(e -> arr.add(JsonSupport.object().add("value", e).add("type", "work")));
            b.add("emails", arr);
        }
        return new StoredResource("User", id, 1, T0, T0, b.build());
    }

    public static StoredResource group(String id, String displayName) {
        return new StoredResource("Group", id, 1, T0, T0, JsonSupport.object().add("displayName", displayName).build());
    }

    /** Ids that sort in creation order, as the server's time-ordered UUIDs do. */
    public static String id(String prefix, int n) {
        return String.format("%s-%06d", prefix, n);
    }
}
