package io.roster.scim.hook.example;

import io.roster.scim.error.ScimException;
import io.roster.scim.hook.Change;
import io.roster.scim.hook.Hook;
import io.roster.scim.hook.HookContext;
import io.roster.scim.hook.PluginContext;
import io.roster.scim.hook.RosterPlugin;
import io.roster.scim.json.JsonSupport;
import io.roster.scim.store.StoreReader;
import io.roster.scim.store.StoreWriter;
import io.roster.scim.store.StoredResource;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The README's example plugin, listed in {@code META-INF/services/io.roster.scim.hook.RosterPlugin}:
 * it extends Group with a {@code memberCount} kept current in the same transaction as every change
 * (apply), refuses to delete a frozen group (validate), and hears of every change once it is durable
 * (after commit).
 */
public final class GroupTallyPlugin implements RosterPlugin {
    public static final String URN = "urn:example:params:scim:schemas:extension:tally:2.0:Group";

    private final List<Change> heard = new CopyOnWriteArrayList<>();

    @Override
    public String id() {
        return "example.tally";
    }

    @Override
    public void register(PluginContext context) {
        context.addSchemas(GroupTallyPlugin.class, "tally-group.json")
                .addExtension("Group", URN, false)
                .addHook(new Tally())
                .addAfterCommitHook("heard", heard::add);
    }

    /** The changes delivered after commit so far. */
    public List<Change> heard() {
        return heard;
    }

    private static final class Tally implements Hook {
        @Override
        public void validate(Change change, HookContext context) {
            StoreReader reader = context.store();
            if (change.kind() == Change.Kind.DELETED && "Group".equals(change.resourceType())
                    && extension(change.before()).getBoolean("frozen", false)) {
                throw ScimException.conflict("Group " + change.id() + " is frozen; set \"frozen\" to false before deleting it.");
            }
        }

        @Override
        public void apply(Change change, HookContext context) {
            StoreWriter writer = context.store();
            if (!"Group".equals(change.resourceType()) || change.kind() == Change.Kind.DELETED) {
                return;
            }
            StoredResource group = writer.get("Group", change.id());
            JsonObject ext = extension(group.attributes());
            long count = writer.memberCount(group.id());
            if (ext.containsKey("memberCount") && ext.getJsonNumber("memberCount").longValue() == count) {
                return;
            }
            JsonObject attrs = JsonSupport.object(group.attributes())
                    .add(URN, JsonSupport.object(ext).add("memberCount", count))
                    .build();
            // Same version: the count is derived from the change that made this version.
            writer.put(new StoredResource(group.type(), group.id(), group.version(), group.created(), group.lastModified(), attrs));
        }

        private static JsonObject extension(JsonObject attrs) {
            return attrs != null && attrs.get(URN) instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT;
        }
    }
}
