package io.roster.scim.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roster.scim.app.Config;
import io.roster.scim.app.RosterServer;
import io.roster.scim.json.JsonSupport;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /backups} and {@code GET /backups} over HTTP, who may call them, and {@code --admin-port}:
 * the operators' paths move to the admin listener and the SCIM API stays off it.
 */
class BackupsAndAdminPortTest {
    private static final String TOKEN = "backups-token-0123456789abcdef012345";
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @TempDir
    Path dir;

    private static HttpResponse<String> send(int port, String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(60));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        b.header("Content-Type", "application/scim+json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private RosterServer start(int adminPort) {
        Path backups = dir.resolve("backups");
        return RosterServer.start(Config.embedded(dir.resolve("data"), 0, TOKEN)
                .withOperations(new Config.Operations(adminPort, backups)), List.of());
    }

    private static void createUser(int port, String userName) throws Exception {
        HttpResponse<String> r = send(port, "POST", "/scim/v2/Users", TOKEN,
                "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + userName + "\"}");
        assertEquals(201, r.statusCode(), r.body());
    }

    @Test
    void aBackupIsWrittenIntoTheBackupFolderAndListed() throws Exception {
        try (RosterServer server = start(Config.Operations.NO_ADMIN_PORT)) {
            createUser(server.port(), "ada@example.com");
            createUser(server.port(), "grace@example.com");
            HttpResponse<String> r = send(server.port(), "POST", "/backups", TOKEN, null);
            assertEquals(201, r.statusCode(), r.body());
            assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(""));
            JsonObject made = JsonSupport.parseObject(r.body());
            assertEquals(2, made.getJsonObject("counts").getInt("User"));
            Path folder = Path.of(made.getString("path"));
            assertTrue(Files.isRegularFile(folder.resolve("backup.json")), "complete backups carry their manifest");
            assertEquals(dir.resolve("backups").toAbsolutePath().normalize(), folder.getParent());
            assertFalse(r.body().contains("pbkdf2"), "nothing of the backup's content travels over HTTP");

            HttpResponse<String> second = send(server.port(), "POST", "/backups", TOKEN, null);
            assertEquals(201, second.statusCode(), "a second backup in the same second gets a name of its own");
            HttpResponse<String> list = send(server.port(), "GET", "/backups", TOKEN, null);
            assertEquals(200, list.statusCode());
            assertEquals(2, JsonSupport.parseObject(list.body()).getJsonArray("backups").size());
        }
    }

    @Test
    void backupsNeedTheAdministratorToken() throws Exception {
        try (RosterServer server = start(Config.Operations.NO_ADMIN_PORT)) {
            assertEquals(401, send(server.port(), "POST", "/backups", null, null).statusCode());
            assertEquals(401, send(server.port(), "POST", "/backups", "wrong-token-0123456789abcdef", null).statusCode());
            HttpResponse<String> put = send(server.port(), "PUT", "/backups", TOKEN, "{}");
            assertEquals(405, put.statusCode(), put.body());
            assertTrue(put.body().contains("urn:ietf:params:scim:api:messages:2.0:Error"), put.body());
        }
    }

    @Test
    void theAdminPortServesOnlyTheOperatorsPaths() throws Exception {
        try (RosterServer server = start(0)) {
            int api = server.port();
            int admin = server.adminPort();
            assertTrue(admin > 0 && admin != api);
            createUser(api, "ada@example.com");
            HttpResponse<String> onAdmin = send(admin, "GET", "/scim/v2/Users", TOKEN, null);
            assertEquals(404, onAdmin.statusCode());
            assertTrue(onAdmin.body().contains("admin port"), onAdmin.body());
            assertEquals(404, send(admin, "GET", "/scim/v2/ServiceProviderConfig", null, null).statusCode());
            for (String path : List.of("/metrics", "/backups")) {
                HttpResponse<String> onApi = send(api, "GET", path, TOKEN, null);
                assertEquals(404, onApi.statusCode(), path);
                assertTrue(onApi.body().contains("--admin-port"), onApi.body());
                assertEquals(200, send(admin, "GET", path, TOKEN, null).statusCode(), path);
            }
            assertEquals(401, send(admin, "GET", "/metrics", null, null).statusCode(), "--metrics token still applies");
            assertEquals(201, send(admin, "POST", "/backups", TOKEN, null).statusCode());
            for (int port : List.of(api, admin)) {
                assertEquals(200, send(port, "GET", "/health/ready", null, null).statusCode(), "probes on both ports");
            }
        }
    }
}
