package io.roster.scim.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roster.example.tally.GroupTallyPlugin;
import io.roster.scim.schema.SchemaRegistry;
import io.roster.scim.spi.PluginContext;
import io.roster.scim.spi.RosterPlugin;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class PluginLoaderTest {

    /** A plugin that only counts its registrations. */
    static class Plain implements RosterPlugin {
        final String id;
        final int order;
        final List<String> deps;
        int registered;

        Plain(String id, int order, String... deps) {
            this.id = id;
            this.order = order;
            this.deps = List.of(deps);
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public int order() {
            return order;
        }

        @Override
        public List<String> dependsOn() {
            return deps;
        }

        @Override
        public void register(PluginContext context) {
            registered++;
        }
    }

    private static List<String> ids(List<RosterPlugin> plugins) {
        return plugins.stream().map(RosterPlugin::id).toList();
    }

    @Test
    void dependenciesComeFirstThenLowerOrderThenId() {
        List<RosterPlugin> plugins = new ArrayList<>(List.of(new Plain("c", 0, "a"), new Plain("a", 5), new Plain("b", 0),
                new Plain("d", 0, "b"), new Plain("e", 0)));
        List<String> expected = List.of("b", "d", "e", "a", "c");
        assertEquals(expected, ids(PluginLoader.order(plugins)));
        Collections.reverse(plugins);
        assertEquals(expected, ids(PluginLoader.order(plugins)), "discovery order must not matter");
    }

    @Test
    void theSamePluginTwiceIsInstalledOnce() {
        Plain first = new Plain("a", 0);
        Plain again = new Plain("a", 0);
        PluginLoader.install(SchemaRegistry.builderWithBuiltIns(), List.of(first, again));
        assertEquals(1, first.registered + again.registered);
        assertEquals(List.of("a"), ids(PluginLoader.order(List.of(first, again))));
    }

    @Test
    void twoDifferentPluginsClaimingOneIdRefuseToStart() {
        RosterPlugin other = new Plain("a", 0) {
        };
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PluginLoader.order(List.of(new Plain("a", 0), other)));
        assertTrue(e.getMessage().contains("two plugins claim the id \"a\""), e.getMessage());
    }

    @Test
    void aMissingDependencyNamesThePluginAndWhatItLacks() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PluginLoader.order(List.of(new Plain("a", 0), new Plain("licensing", 0, "a", "directory"))));
        assertEquals("missing plugin dependencies: plugin licensing depends on directory, which is not installed", e.getMessage());
    }

    @Test
    void aCycleNamesThePluginsInIt() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> PluginLoader.order(List.of(
                new Plain("free", 0), new Plain("a", 0, "c"), new Plain("b", 0, "a"), new Plain("c", 0, "b"), new Plain("z", 0, "a"))));
        assertEquals("plugin dependency cycle: a -> c -> b -> a", e.getMessage());
    }

    @Test
    void aPluginThatDependsOnItselfIsACycle() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PluginLoader.order(List.of(new Plain("self", 0, "self"))));
        assertEquals("plugin dependency cycle: self -> self", e.getMessage());
    }

    @Test
    void anUnusableIdIsRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PluginLoader.order(List.of(new Plain("has space", 0))));
        assertTrue(e.getMessage().contains("\"has space\""), e.getMessage());
    }

    @Test
    void aPluginFailingToRegisterIsNamed() {
        RosterPlugin bad = new Plain("bad", 0) {
            @Override
            public void register(PluginContext context) {
                context.addExtension("Group", "urn:example:missing", false);
            }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PluginLoader.install(SchemaRegistry.builderWithBuiltIns(), List.of(bad)));
        assertTrue(e.getMessage().startsWith("plugin bad ("), e.getMessage());
        assertTrue(e.getMessage().contains("urn:example:missing"), e.getMessage());
    }

    @Test
    void afterCommitHookNamesMustBeUsableAndUniquePerPlugin() {
        RosterPlugin twice = new Plain("p", 0) {
            @Override
            public void register(PluginContext context) {
                context.addAfterCommitHook("log", c -> { }).addAfterCommitHook("log", c -> { });
            }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PluginLoader.install(SchemaRegistry.builderWithBuiltIns(), List.of(twice)));
        assertTrue(e.getMessage().contains("registers the after-commit hook \"log\" twice"), e.getMessage());

        RosterPlugin slash = new Plain("q", 0) {
            @Override
            public void register(PluginContext context) {
                context.addAfterCommitHook("a/b", c -> { });
            }
        };
        e = assertThrows(IllegalStateException.class, () -> PluginLoader.install(SchemaRegistry.builderWithBuiltIns(), List.of(slash)));
        assertTrue(e.getMessage().contains("\"a/b\""), e.getMessage());
    }

    @Test
    void noHooksGivesTheEmptyPipeline() {
        assertSame(Hooks.NONE, PluginLoader.install(SchemaRegistry.builderWithBuiltIns(), List.of()));
        assertTrue(Hooks.NONE.isEmpty());
        // a plugin without hooks is still started and stopped, but the service records no changes for it
        assertTrue(PluginLoader.install(SchemaRegistry.builderWithBuiltIns(), List.of(new Plain("a", 0))).isEmpty());
    }

    @Test
    void serviceLoaderFindsTheExamplePluginAndItExtendsGroup() {
        List<RosterPlugin> found = PluginLoader.discover(getClass().getClassLoader());
        assertTrue(found.stream().anyMatch(p -> p instanceof GroupTallyPlugin && p.id().equals("example.tally")), ids(found).toString());
        SchemaRegistry.Builder builder = SchemaRegistry.builderWithBuiltIns();
        Hooks hooks = PluginLoader.install(builder, found);
        SchemaRegistry registry = builder.build();
        assertNotNull(registry.schema(GroupTallyPlugin.URN));
        assertTrue(registry.resourceType("Group").hasExtension(GroupTallyPlugin.URN));
        assertEquals(List.of("example.tally/heard"), hooks.afterCommitQueues());
    }
}
