package io.roster.scim.metrics;

import io.roster.scim.store.ResourceStore;
import io.roster.scim.store.StoredResource;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.function.Consumer;

/** Reads up to a cap of one type's resources in short chunks, so that a scrape never holds up the writer. */
final class ResourceScan {
    private static final int CHUNK = 200;

    private ResourceScan() {
    }

    /** Gives the attributes of the first {@code cap} resources of {@code type}, in id order, to {@code each}. */
    static void each(ResourceStore store, String type, int cap, Consumer<JsonObject> each) {
        String after = null;
        int seen = 0;
        while (seen < cap) {
            String from = after;
            int limit = Math.min(CHUNK, cap - seen);
            List<StoredResource> chunk = store.read(r -> {
                List<String> ids = r.ids(type, from, limit);
                return ids.stream().map(id -> r.get(type, id)).filter(java.util.Objects::nonNull).toList();
            });
            if (chunk.isEmpty()) {
                return;
            }
            for (StoredResource resource : chunk) {
                each.accept(resource.attributes());
            }
            seen += chunk.size();
            after = chunk.get(chunk.size() - 1).id();
            if (chunk.size() < limit) {
                return;
            }
        }
    }

    static long number(JsonObject attrs, String name) {
        return attrs.get(name) instanceof jakarta.json.JsonNumber n ? n.longValue() : 0;
    }
}
