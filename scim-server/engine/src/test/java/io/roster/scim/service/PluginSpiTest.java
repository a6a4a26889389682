package io.roster.scim.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roster.scim.spi.Principal;
import io.roster.scim.spi.Change;
import io.roster.scim.spi.Hook;
import io.roster.scim.spi.HookContext;
import io.roster.scim.spi.PluginContext;
import io.roster.scim.spi.PluginRuntime;
import io.roster.scim.spi.RosterPlugin;
import io.roster.scim.schema.AttributeDefinition;
import io.roster.scim.schema.SchemaLoader;
import io.roster.scim.spi.RecordType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parts of the plugin SPI that let plugins build on each other: emitted changes, start/stop, shared extensions. */
class PluginSpiTest {
    static final String SHARED = "urn:example:params:scim:schemas:extension:shared:2.0:User";

    @TempDir
    Path dir;

    /** Puts every new user into the group named "everyone" and emits that membership change. */
    static final class AutoJoin implements RosterPlugin {
        volatile PluginRuntime runtime;
        volatile boolean stopped;

        @Override
        public String id() {
            return "autojoin";
        }

        @Override
        public void register(PluginContext context) {
            context.addSchemas(PluginSpiTest.class, "shared-a.json").addExtension("User", SHARED, false);
            context.addHook(new Hook() {
                @Override
                public void apply(Change change, HookContext ctx) {
                    if (!"User".equals(change.resourceType()) || change.kind() != Change.Kind.CREATED) {
                        return;
                    }
                    String group = ctx.resources().findUnique("Group", "displayName", "everyone");
                    if (group != null) {
                        ctx.resources().addMembers(group, List.of(change.id())); // reported to every hook by the facade
                    }
                }
            });
        }

        @Override
        public void start(PluginRuntime r) {
            runtime = r;
        }

        @Override
        public void stop() {
            stopped = true;
        }
    }

    /** Records what it sees, and who caused it. */
    static final class Watcher implements RosterPlugin {
        final List<String> seen = new ArrayList<>();
        final Map<String, Principal> callers = new ConcurrentHashMap<>();

        @Override
        public String id() {
            return "watcher";
        }

        @Override
        public List<String> dependsOn() {
            return List.of("autojoin");
        }

        @Override
        public void register(PluginContext context) {
            context.addSchemas(PluginSpiTest.class, "shared-b.json").addExtension("User", SHARED, false);
            context.addHook(new Hook() {
                @Override
                public void apply(Change change, HookContext ctx) {
                    seen.add(change.kind() + " " + change.resourceType() + " +" + change.membersAdded().size()
                            + (change.byRequest() ? "" : " by " + change.source()));
                    callers.put(change.resourceType() + change.kind(), ctx.caller());
                }
            });
        }
    }

    @Test
    void anEmittedChangeRunsThroughEveryHookInTheSameWrite() {
        AutoJoin auto = new AutoJoin();
        Watcher watcher = new Watcher();
        try (HookedService s = new HookedService(dir, auto, watcher)) {
            String g = s.create("Group", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"everyone\"}");
            watcher.seen.clear();
            String u = s.create("User", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"ann\"}");
            assertEquals(List.of("CREATED User +0", "MEMBERS_CHANGED Group +1 by autojoin"), watcher.seen);
            assertTrue((boolean) s.store.read(r -> r.isMember(g, u)));
        }
    }

    /** Refuses removing the value "locked" from a user's emails, although the user has no such email. */
    static final class NoLockedRemoval implements RosterPlugin {
        final List<String> seen = new ArrayList<>();

        @Override
        public String id() {
            return "nolocked";
        }

        @Override
        public void register(PluginContext context) {
            context.addHook(new Hook() {
                @Override
                public void validateRemovals(String type, String id, jakarta.json.JsonObject current,
                                             List<io.roster.scim.spi.RemovalRequest> removals, HookContext ctx) {
                    seen.add(type + " " + removals.size() + " " + current.getString("userName", "-"));
                    if (removals.stream().anyMatch(op -> op.attribute().name().equals("emails")
                            && String.valueOf(op.valueFilter()).contains("locked"))) {
                        throw io.roster.scim.error.ScimException.invalidValue("locked");
                    }
                }
            });
        }
    }

    @Test
    void validateRemovalsSeesRemovalsThatWouldChangeNothingAndCanRefuseThem() {
        NoLockedRemoval plugin = new NoLockedRemoval();
        try (HookedService s = new HookedService(dir, plugin)) {
            String u = s.create("User", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"lee\"}");
            s.patch("User", u, "[{\"op\":\"remove\",\"path\":\"emails[value eq \\\"other\\\"]\"}]");
            assertEquals(List.of("User 1 lee"), plugin.seen, "a no-op PATCH still reaches validateRemovals");
            io.roster.scim.error.ScimException refused = assertThrows(io.roster.scim.error.ScimException.class,
                    () -> s.patch("User", u, "[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Lee\"},"
                            + "{\"op\":\"remove\",\"path\":\"emails[value eq \\\"locked\\\"]\"}]"));
            assertEquals(400, refused.status());
            assertNull(s.store.read(r -> r.get("User", u)).attributes().get("displayName"), "nothing of the refused PATCH is applied");
        }
    }

    @Test
    void hooksSeeWhoCalled() {
        Watcher watcher = new Watcher();
        try (HookedService s = new HookedService(dir, new AutoJoin(), watcher)) {
            Principal alice = new Principal("alice", null, "client-1");
            s.service.create(s.type("User"), io.roster.scim.json.JsonSupport.parseTrusted(
                    "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"bob\"}"),
                    HookedService.CTX.withPrincipal(alice));
            assertEquals(alice, watcher.callers.get("UserCREATED"));
        }
    }

    @Test
    void aPluginStartsAfterTheStoreOpensAndItsWritesRunTheHooks() {
        AutoJoin auto = new AutoJoin();
        Watcher watcher = new Watcher();
        try (HookedService s = new HookedService(dir, auto, watcher)) {
            s.hooks.start(s.store);
            assertNotNull(auto.runtime);
            assertEquals("autojoin", auto.runtime.pluginId());
            String g = s.create("Group", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"solo\"}");
            String u = s.create("User", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"solo-member\"}");
            watcher.seen.clear();
            auto.runtime.write(ctx -> {
                ctx.resources().records("notes", RecordType.STRING).put("touched", "yes");
                ctx.resources().addMembers(g, List.of(u));
                return null;
            });
            assertEquals(List.of("MEMBERS_CHANGED Group +1 by autojoin"), watcher.seen);
            assertEquals(Principal.SYSTEM, watcher.callers.get("GroupMEMBERS_CHANGED"));
            assertEquals("yes", auto.runtime.read(r -> r.records("notes", RecordType.STRING).get("touched")));
            s.hooks.stop();
            assertTrue(auto.stopped);
        }
    }

    @Test
    void matchesPagesThroughAFilterInIdOrderAndResumesAfterACursor() {
        AutoJoin auto = new AutoJoin();
        try (HookedService s = new HookedService(dir, auto)) {
            s.hooks.start(s.store);
            List<String> ann = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                ann.add(s.create("User", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"ann-" + i
                        + "\",\"title\":\"" + (i % 2 == 0 ? "even" : "odd") + "\"}"));
            }
            s.create("User", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"bob\",\"title\":\"even\"}");
            List<String> sorted = ann.stream().sorted().toList();
            var filters = auto.runtime.filters();
            // answered from the userName index, then from a scan (title is not indexed): the same contract
            for (String text : List.of("userName sw \"ann-\"", "title pr and userName sw \"ann\"")) {
                var filter = filters.parse(text, 1000, 10);
                var matches = auto.runtime.read(r -> r.matching("User", filter));
                List<String> walked = new ArrayList<>();
                List<String> page;
                do {
                    page = auto.runtime.read(r -> matches.next(r, 3));
                    walked.addAll(page);
                } while (page.size() == 3);
                assertEquals(sorted, walked, text);
                matches.startAfter(sorted.get(3));
                assertEquals(sorted.subList(4, 7), auto.runtime.read(r -> matches.next(r, 10)), "resumed after a cursor: " + text);
                matches.startAfter(null);
                assertEquals(sorted.subList(0, 2), auto.runtime.read(r -> matches.next(r, 2)), "back to the start: " + text);
                long estimate = auto.runtime.read(r -> r.estimateMatching("User", filter));
                assertTrue(estimate >= 7, "an upper bound: " + estimate);
            }
            var even = filters.parse("title eq \"even\"", 1000, 10);
            var evens = auto.runtime.read(r -> r.matching("User", even));
            String odd = sorted.stream().filter(id -> ann.indexOf(id) % 2 == 1).findFirst().orElseThrow();
            auto.runtime.write(ctx -> ctx.resources().update("User", odd, a -> io.roster.scim.json.JsonSupport.object(a)
                    .add("title", "even").build()));
            assertEquals(6, auto.runtime.read(r -> evens.next(r, 100)).size(), "four even ann, bob, and the one made even after the Matches was made: each page is evaluated against the reader it is given");
        }
    }

    @Test
    void twoPluginsShareOneExtensionSchema() {
        try (HookedService s = new HookedService(dir, new AutoJoin(), new Watcher())) {
            var schema = s.registry.schema(SHARED);
            assertEquals(List.of("fromA", "fromB"), schema.attributes().stream().map(AttributeDefinition::name).toList());
            assertEquals(1, s.registry.resourceType("User").schemaExtensions().stream()
                    .filter(e -> e.schema().equals(SHARED)).count());
        }
    }

    @Test
    void anAttributeDefinedTwiceInASharedExtensionIsRefused() {
        var registry = io.roster.scim.schema.SchemaRegistry.builderWithBuiltIns();
        SchemaLoader.schemasFromResource(PluginSpiTest.class, "shared-a.json").forEach(registry::addSchema);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SchemaLoader.schemasFromResource(PluginSpiTest.class, "shared-a.json").forEach(registry::addSchema));
        assertTrue(e.getMessage().contains("fromA"), e.getMessage());
        assertNull(registry.build().schema("urn:nothing"));
    }
}
