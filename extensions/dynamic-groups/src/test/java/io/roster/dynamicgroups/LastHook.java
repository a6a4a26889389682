package io.roster.dynamicgroups;

import io.roster.scim.spi.Change;
import io.roster.scim.spi.Hook;
import io.roster.scim.spi.HookContext;
import io.roster.scim.spi.PluginContext;
import io.roster.scim.spi.RosterPlugin;
import java.util.function.BiConsumer;

/** A test plugin with one apply hook that runs after every other plugin's, in the same write. */
final class LastHook implements RosterPlugin {
    private final String id;
    private final BiConsumer<Change, HookContext> apply;

    LastHook(String id, BiConsumer<Change, HookContext> apply) {
        this.id = id;
        this.apply = apply;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public int order() {
        return 100;
    }

    @Override
    public void register(PluginContext context) {
        context.addHook(new Hook() {
            @Override
            public void apply(Change change, HookContext ctx) {
                LastHook.this.apply.accept(change, ctx);
            }
        });
    }
}
