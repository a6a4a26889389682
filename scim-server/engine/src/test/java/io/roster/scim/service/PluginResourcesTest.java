package io.roster.scim.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roster.scim.error.ScimException;
import io.roster.scim.spi.Change;
import io.roster.scim.hook.OutboxDispatcher;
import io.roster.scim.spi.PluginContext;
import io.roster.scim.spi.RosterPlugin;
import io.roster.example.tally.GroupTallyPlugin;
import io.roster.scim.json.JsonSupport;
import io.roster.scim.schema.SchemaLoader;
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What plugins add: the README's example plugin end to end, and a new resource type with its own table. */
class PluginResourcesTest {
    @TempDir
    Path dir;

    private static long memberCount(ResourceSnapshot group) {
        return group.representation().getJsonObject(GroupTallyPlugin.URN).getJsonNumber("memberCount").longValue();
    }

    private static String userJson(String name) {
        return "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + name + "\"}";
    }

    @Test
    void theExamplePluginKeepsItsDerivedCountInTheSameWriteAndRefusesToDeleteAFrozenGroup() throws Exception {
        GroupTallyPlugin tally = new GroupTallyPlugin();
        try (HookedService s = new HookedService(dir, tally)) {
            String a = s.create("User", userJson("a"));
            String b = s.create("User", userJson("b"));
            ResourceSnapshot created = s.service.create(s.type("Group"), JsonSupport.parseTrusted(
                    "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"g\",\"members\":[{\"value\":\""
                            + a + "\"},{\"value\":\"" + b + "\"}]}"), HookedService.CTX);
            assertEquals(2, memberCount(created), "the response shows what apply wrote");
            String g = created.id();

            ResourceSnapshot patched = s.patch("Group", g, "[{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + a + "\\\"]\"}]");
            assertEquals(1, memberCount(patched));

            s.delete("User", b);
            assertEquals(0, memberCount(s.service.get(s.type("Group"), g, HookedService.CTX)));

            s.patch("Group", g, "[{\"op\":\"replace\",\"path\":\"" + GroupTallyPlugin.URN + ":frozen\",\"value\":true}]");
            ScimException e = assertThrows(ScimException.class, () -> s.delete("Group", g));
            assertEquals(409, e.status());
            assertTrue(e.detail().contains("frozen"), e.detail());
            assertNotNull(s.store.read(r -> r.get("Group", g)));

            try (OutboxDispatcher d = s.hooks.startDelivery(s.store)) {
                // a, b, the group, its PATCH, b's deletion with the group it left, the freeze: seven changes
                long giveUp = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
                while (tally.heard().size() < 7 && System.nanoTime() < giveUp) {
                    Thread.sleep(5);
                }
            }
            assertEquals(List.of(Change.Kind.CREATED, Change.Kind.CREATED, Change.Kind.CREATED, Change.Kind.PATCHED,
                    Change.Kind.DELETED, Change.Kind.MEMBERS_CHANGED, Change.Kind.PATCHED),
                    tally.heard().stream().map(Change::kind).toList());
        }
    }

    /** A plugin that adds a resource type of its own. */
    static final class DevicePlugin implements RosterPlugin {
        @Override
        public String id() {
            return "test.devices";
        }

        @Override
        public void register(PluginContext context) {
            context.addSchemas(PluginResourcesTest.class, "device-schema.json")
                    .addResourceTypes(PluginResourcesTest.class, "device-type.json");
        }
    }

    @Test
    void aPluginsResourceTypeGetsATableThatSurvivesARestart() {
        String id;
        try (HookedService s = new HookedService(dir, new DevicePlugin())) {
            assertNotNull(s.registry.resourceTypeByEndpoint("/Devices"));
            id = s.create("Device", "{\"schemas\":[\"urn:example:params:scim:schemas:core:2.0:Device\"],\"displayName\":\"phone\"}");
        }
        try (HookedService s = new HookedService(dir, new DevicePlugin())) {
            assertEquals("phone", s.service.get(s.type("Device"), id, HookedService.CTX).representation().getString("displayName"));
            assertEquals(1L, (long) s.store.read(r -> r.count("Device")));
        }
    }
}
