package io.roster.example.tally;

import io.roster.scim.error.ScimException;
import io.roster.scim.json.JsonSupport;
import io.roster.scim.spi.Change;
import io.roster.scim.spi.Hook;
import io.roster.scim.spi.HookContext;
import io.roster.scim.spi.PluginContext;
import io.roster.scim.spi.ResourceTypeNames;
import io.roster.scim.spi.RosterPlugin;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The README's example plugin, listed in {@code META-INF/services/io.roster.scim.spi.RosterPlugin} and
 * written against the plugin API alone (as a third-party plugin would be): it extends Group with a
 * {@code memberCount} kept current in the same transaction as every change (apply), refuses to delete a
 * frozen group (validate), and hears of every change once it is durable (after commit).
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
                .addExtension(ResourceTypeNames.GROUP, URN, false)
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
            if (change.kind() == Change.Kind.DELETED && ResourceTypeNames.GROUP.equals(change.resourceType())
                    && change.before().getJsonObject(URN) != null && change.before().getJsonObject(URN).getBoolean("frozen", false)) {
                throw ScimException.conflict("Group " + change.id() + " is frozen; set \"frozen\" to false before deleting it.");
            }
        }

        @Override
        public void apply(Change change, HookContext context) {
            if (!ResourceTypeNames.GROUP.equals(change.resourceType()) || change.kind() == Change.Kind.DELETED) {
                return;
            }
            long count = context.resources().memberCount(change.id());
            // a derived value: the facade keeps the version the change gave the group, and writes nothing when equal
            context.resources().updateExtension(ResourceTypeNames.GROUP, change.id(), URN,
                    ext -> JsonSupport.object(ext).add("memberCount", count).build());
        }
    }
}
