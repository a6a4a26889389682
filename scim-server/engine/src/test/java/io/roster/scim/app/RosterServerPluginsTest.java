package io.roster.scim.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roster.scim.spi.PluginContext;
import io.roster.scim.spi.RosterPlugin;
import io.roster.example.tally.GroupTallyPlugin;
import io.roster.scim.json.JsonSupport;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RosterServerPluginsTest {
    private static final String TOKEN = "test-token-0123456789abcdef0123456789";

    @TempDir
    Path dir;

    record Needy(String id, List<String> dependsOn) implements RosterPlugin {
        @Override
        public void register(PluginContext context) {
        }
    }

    /** Reads one setting while it registers, as a plugin should. */
    static final class Configured implements RosterPlugin {
        int chunk;

        @Override
        public String id() {
            return "example.chunky"; // a dot in the id: the setting's name is what follows the last dot
        }

        @Override
        public void register(PluginContext context) {
            chunk = context.config().intValue("chunk", 250, 1);
        }
    }

    @Test
    void aPluginGetsTheSettingsOfTheConfigurationAndAMisspeltOneStopsTheStart() throws Exception {
        Configured plugin = new Configured();
        Config given = ConfigLoader.load(new String[] {"--data-dir", dir.toString(), "--port", "0", "--plugin", "example.chunky.chunk=7"},
                Map.of("ROSTER_ADMIN_TOKEN", TOKEN));
        try (RosterServer server = RosterServer.start(given, List.of(plugin))) {
            assertEquals(7, plugin.chunk);
        }
        Config misspelt = ConfigLoader.load(new String[] {"--data-dir", dir.resolve("b").toString(), "--port", "0"},
                Map.of("ROSTER_ADMIN_TOKEN", TOKEN, "ROSTER_PLUGINS", "example.chunky.chunks=7"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> RosterServer.start(misspelt, List.of(new Configured())));
        assertEquals("plugin setting example.chunky.chunks: plugin example.chunky has no setting \"chunks\" (it reads chunk)", e.getMessage());
        Config absent = ConfigLoader.load(new String[] {"--data-dir", dir.resolve("c").toString(), "--plugin", "licensing.chunk=9"}, Map.of());
        e = assertThrows(IllegalStateException.class, () -> RosterServer.start(absent, List.of(new Configured())));
        assertEquals("plugin setting licensing.chunk: no plugin \"licensing\" is installed (installed: example.chunky)", e.getMessage());
        assertFalse(Files.exists(dir.resolve("b").resolve("roster.db")), "refused before the store opens");
        Configured bad = new Configured();
        Config notANumber = ConfigLoader.load(new String[] {"--data-dir", dir.resolve("d").toString(), "--plugin", "example.chunky.chunk=many"}, Map.of());
        e = assertThrows(IllegalStateException.class, () -> RosterServer.start(notANumber, List.of(bad)));
        assertTrue(e.getMessage().contains("setting chunk must be an integer, not \"many\""), e.getMessage());
    }

    @Test
    void aBadPluginSetRefusesToStartBeforeTheStoreOpens() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> RosterServer.start(
                Config.embedded(dir, 0, TOKEN), List.of(new Needy("a", List.of("b")), new Needy("b", List.of("a")))));
        assertEquals("plugin dependency cycle: a -> b -> a", e.getMessage());
        assertFalse(Files.exists(dir.resolve("roster.db")));
    }

    @Test
    void aPluginsExtensionAndHooksAreServedOverHttp() throws Exception {
        try (RosterServer server = RosterServer.start(Config.embedded(dir, 0, TOKEN), List.of(new GroupTallyPlugin()))) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String root = server.scimRoot().toString();
            HttpResponse<String> schemas = http.send(HttpRequest.newBuilder(URI.create(root + "/Schemas/" + GroupTallyPlugin.URN))
                    .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, schemas.statusCode(), schemas.body());

            HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(root + "/Groups"))
                    .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/scim+json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],"
                            + "\"displayName\":\"g\",\"" + GroupTallyPlugin.URN + "\":{\"frozen\":true}}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(201, created.statusCode(), created.body());
            JsonObject group = JsonSupport.parseTrusted(created.body());
            assertEquals(0, group.getJsonObject(GroupTallyPlugin.URN).getInt("memberCount"));

            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(root + "/Groups/" + group.getString("id")))
                    .header("Authorization", "Bearer " + TOKEN).DELETE().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(409, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("urn:ietf:params:scim:api:messages:2.0:Error"), refused.body());
        }
    }
}
