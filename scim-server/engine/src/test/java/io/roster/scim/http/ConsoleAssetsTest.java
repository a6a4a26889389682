package io.roster.scim.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roster.scim.app.Config;
import io.roster.scim.app.RosterServer;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin console's static files at {@code /admin/} over a real server: served without a token with
 * their types, the security headers and revalidation; nothing else of the class path, no traversal, and
 * no way around authentication for the API next to them.
 */
class ConsoleAssetsTest {
    private static final String TOKEN = "console-assets-token-0123456789abcdef";
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @TempDir
    static Path dir;
    private static RosterServer server;

    @BeforeAll
    static void start() {
        server = RosterServer.start(Config.embedded(dir, 0, TOKEN), List.of());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).timeout(Duration.ofSeconds(30));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return CLIENT.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The raw target as sent, for paths java.net.URI would normalise. */
    private static String raw(String target) throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            return answer.substring(0, answer.indexOf("\r\n"));
        }
    }

    @Test
    void theConsoleIsServedWithoutATokenWithItsTypesAndSecurityHeaders() throws Exception {
        for (String[] c : new String[][] {{"/admin/", "text/html; charset=utf-8"}, {"/admin/index.html", "text/html; charset=utf-8"},
                {"/admin/console.css", "text/css; charset=utf-8"}, {"/admin/js/app.js", "text/javascript; charset=utf-8"},
                {"/admin/icon.svg", "image/svg+xml"}}) {
            HttpResponse<String> r = get(c[0]);
            assertEquals(200, r.statusCode(), c[0]);
            assertEquals(c[1], r.headers().firstValue("Content-Type").orElse(""), c[0]);
            String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
            assertTrue(csp.contains("default-src 'none'") && csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), csp);
            assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""), c[0]);
            assertEquals("no-cache", r.headers().firstValue("Cache-Control").orElse(""), c[0]);
            assertTrue(r.headers().firstValue("ETag").orElse("").startsWith("\""), c[0]);
        }
        HttpResponse<String> index = get("/admin/");
        assertTrue(index.body().contains("<script type=\"module\" src=\"js/app.js\"></script>"));
        assertFalse(index.body().contains("<script>"), "no inline script");
        assertFalse(index.body().contains("http://") || index.body().contains("https://"), "nothing fetched from elsewhere");
    }

    @Test
    void theBarePrefixMovesToTheFolderAndAnUnchangedFileIsNotSentAgain() throws Exception {
        HttpResponse<String> bare = get("/admin");
        assertEquals(308, bare.statusCode());
        assertEquals("/admin/", bare.headers().firstValue("Location").orElse(""));
        String etag = get("/admin/js/api.js").headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> again = get("/admin/js/api.js", "If-None-Match", etag);
        assertEquals(304, again.statusCode());
        assertEquals("", again.body());
        assertEquals(200, get("/admin/js/api.js", "If-None-Match", "\"something-else\"").statusCode());
    }

    @Test
    void unknownFilesOtherNamesAndTraversalAreRefused() throws Exception {
        for (String path : List.of("/admin/nope.js", "/admin/js", "/admin/js/", "/admin/JS/APP.JS", "/admin/index.HTML",
                "/admin/app.class", "/admin/..%2fschema", "/admin/io/roster/scim/console/index.html", "/admin/x.json",
                "/admin/js/app.js.map", "/admin/%69ndex.html")) {
            HttpResponse<String> r = get(path);
            assertTrue(r.statusCode() == 404 || r.statusCode() == 400, path + " answered " + r.statusCode());
            // Every refusal is a SCIM error (RFC 7644 section 3.12), as everywhere else on the server.
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/scim+json"), path);
            assertTrue(r.body().contains("\"status\":\"" + r.statusCode() + "\""), path + ": " + r.body());
            if (r.statusCode() == 404) {
                assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""), path);
            }
        }
        for (String target : List.of("/admin/../scim/v2/Users", "/admin/%2e%2e/scim/v2/Users", "/admin/js/..%2F..%2Fschema",
                "/admin/.%2e/.%2e/META-INF/MANIFEST.MF", "/admin/..\\..\\x")) {
            assertEquals("HTTP/1.1 400 Bad Request", raw(target), target);
        }
    }

    @Test
    void onlyGetAndHeadAndTheApiBesideItStillNeedsAToken() throws Exception {
        HttpResponse<String> post = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/admin/"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
        assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElse(""));
        assertTrue(post.headers().firstValue("Content-Type").orElse("").startsWith("application/scim+json"));
        for (String method : List.of("PUT", "DELETE", "OPTIONS", "PATCH")) {
            HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/admin"))
                    .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(405, r.statusCode(), method);
            assertTrue(r.body().contains("\"status\":\"405\""), method + ": " + r.body());
        }
        HttpResponse<String> head = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/admin/"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
        for (String path : List.of("/administrator", "/admins/", "/scim/v2/Users", "/scim/v2/admin/")) {
            assertEquals(401, get(path).statusCode(), path);
        }
    }
}
