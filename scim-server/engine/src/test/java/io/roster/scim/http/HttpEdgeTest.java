package io.roster.scim.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roster.scim.app.Config;
import io.roster.scim.app.RosterServer;
import io.roster.scim.spi.Change;
import io.roster.scim.spi.Hook;
import io.roster.scim.spi.HookContext;
import io.roster.scim.spi.PluginContext;
import io.roster.scim.spi.RosterPlugin;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP edge against a real server, over raw sockets where a client library would hide what is
 * tested: slow and oversized bodies, requests Grizzly's codec refuses, Java's h2c upgrade, and the
 * per-caller concurrency limit. Bounds on time only prove "did not hang".
 */
class HttpEdgeTest {
    private static final String TOKEN = "edge-token-0123456789abcdef0123456789";
    private static final int MAX_PAYLOAD = 4096;
    private static final String HOLD = "hold-me";

    @TempDir
    static Path dir;
    private static RosterServer server;
    private static final HoldPlugin hold = new HoldPlugin();

    /** Holds every create of a user named {@value #HOLD}* inside the store's writer until released. */
    static final class HoldPlugin implements RosterPlugin {
        volatile CountDownLatch entered = new CountDownLatch(1);
        volatile CountDownLatch release = new CountDownLatch(1);

        @Override
        public String id() {
            return "test.hold";
        }

        @Override
        public void register(PluginContext context) {
            context.addHook(new Hook() {
                @Override
                public void validate(Change change, HookContext ctx) {
                    if (change.kind() == Change.Kind.CREATED && change.after() != null
                            && change.after().getString("userName", "").startsWith(HOLD)) {
                        entered.countDown();
                        try {
                            release.await(20, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }
            });
        }
    }

    @BeforeAll
    static void start() {
        Config config = Config.embedded(dir, 0, TOKEN).withRequestBodyTimeout(Duration.ofSeconds(2))
                .withMaxRequestsPerClient(1);
        config = new Config(config.port(), config.host(), config.dataDir(), config.baseUrl(), MAX_PAYLOAD, config.settings(),
                config.httpThreads(), config.adminToken(), config.requestBodyTimeout(), config.maxRequestsPerClient());
        server = RosterServer.start(config, List.of(hold));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    // ------------------------------------------------------------------ raw HTTP

    private static Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", server.port());
        s.setSoTimeout(10_000);
        return s;
    }

    private static String head(String method, String path, String... headers) {
        StringBuilder b = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: localhost\r\n");
        for (String h : headers) {
            b.append(h).append("\r\n");
        }
        return b.append("\r\n").toString();
    }

    /** Everything the server sends until it closes the connection (or 10 s pass: then the test fails). */
    private static String readToClose(Socket s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = s.getInputStream();
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server did not close the connection; got: " + out.toString(StandardCharsets.UTF_8));
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** One response read by its Content-Length, leaving the connection open. */
    private static String readOne(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new AssertionError("connection closed after: " + head);
            }
            head.write(c);
        }
        String headers = head.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        for (String line : headers.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        return headers + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private static void assertScimError(String response, int status) {
        assertTrue(response.startsWith("HTTP/1.1 " + status + " "), response);
        assertTrue(response.toLowerCase(Locale.ROOT).contains("content-type: application/scim+json"), response);
        assertTrue(response.contains("\"urn:ietf:params:scim:api:messages:2.0:Error\""), response);
        assertTrue(response.contains("\"status\":\"" + status + "\""), response);
        assertFalse(response.toLowerCase(Locale.ROOT).contains("grizzly"), response);
        assertFalse(response.toLowerCase(Locale.ROOT).contains("\nserver:"), response);
    }

    // ------------------------------------------------------------------ slow and large bodies

    @Test
    void aBodyThatDoesNotArriveInTimeIs408AndTheConnectionIsClosed() throws IOException {
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            out.write(head("POST", "/scim/v2/Users", "Authorization: Bearer " + TOKEN,
                    "Content-Type: application/scim+json", "Content-Length: 100").getBytes(StandardCharsets.US_ASCII));
            out.write('{');
            out.flush();
            String response = readToClose(s);
            assertScimError(response, 408);
            assertTrue(response.contains("request-body-timeout"), response);
        }
    }

    @Test
    void eightySlowBodiesOfOneCallerLeaveEveryoneElseServed() throws Exception {
        String dripper = newClientSecret("dripper");
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 80; i++) {
                Socket s = connect();
                slow.add(s);
                s.getOutputStream().write((head("POST", "/scim/v2/Users", "Authorization: Bearer " + dripper,
                        "Content-Type: application/scim+json", "Content-Length: " + MAX_PAYLOAD) + "{").getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
            }
            // Its permits run out (one here), so the rest are 429 at once, bodies unread.
            assertScimError(readOne(slow.get(79)), 429);
            // 80 bodies begun, more than the 64 workers: another caller's probe still gets an answer at once
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            long start = System.nanoTime();
            HttpResponse<String> probe = http.send(HttpRequest.newBuilder(URI.create(server.scimRoot() + "/Users?count=1"))
                    .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, probe.statusCode(), probe.body());
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "probe answered within 5 s");
        } finally {
            for (Socket s : slow) {
                s.close();
            }
        }
    }

    @Test
    void aBodyWithoutAValidTokenIsRefusedBeforeItArrives() throws IOException {
        for (String auth : new String[] {"X-No-Token: 1", "Authorization: Bearer not-a-token"}) {
            try (Socket s = connect()) {
                s.getOutputStream().write((head("POST", "/scim/v2/Users", auth, "Content-Type: application/scim+json",
                        "Content-Length: " + MAX_PAYLOAD) + "{").getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                s.setSoTimeout(1_500); // well before the 2 s body deadline: the answer does not wait for the body
                String response = readOne(s);
                assertScimError(response, 401);
            }
        }
    }

    /** A new API client (bound to no user: without the roles plugin it may do everything); its secret. */
    private static String newClientSecret(String name) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(server.scimRoot() + "/ApiClients"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/scim+json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"displayName\": \"" + name + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"secret\"\\s*:\\s*\"([^\"]+)\"").matcher(created.body());
        assertTrue(m.find(), created.body());
        return m.group(1);
    }

    @Test
    void aChunkedBodyOverTheLimitIs413AsSoonAsItPassesIt() throws IOException {
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            out.write(head("POST", "/scim/v2/Users", "Authorization: Bearer " + TOKEN,
                    "Content-Type: application/scim+json", "Transfer-Encoding: chunked").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = ("400\r\n" + " ".repeat(1024) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            try {
                for (int i = 0; i < 5; i++) { // 5 KB, over the 4 KB limit; the body never ends
                    out.write(chunk);
                }
                out.flush();
            } catch (IOException closedEarly) {
                // the server may refuse and close before the last chunk is written
            }
            assertScimError(readToClose(s), 413);
        }
    }

    @Test
    void aDeclaredLengthOverTheLimitIs413BeforeTheBodyIsSent() throws IOException {
        try (Socket s = connect()) {
            s.getOutputStream().write(head("POST", "/scim/v2/Users", "Authorization: Bearer " + TOKEN,
                    "Content-Type: application/scim+json", "Content-Length: " + (MAX_PAYLOAD + 1)).getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            assertScimError(readToClose(s), 413);
        }
    }

    @Test
    void aBodyExactlyAtTheLimitIsRead() throws Exception {
        String body = "{\"userName\": \"at-limit@edge.example\"}";
        body = body.substring(0, body.length() - 1) + " ".repeat(MAX_PAYLOAD - body.length()) + "}";
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.scimRoot() + "/Users"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/scim+json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
    }

    @Test
    void aClientThatHangsUpMidBodyLeavesNoRequestInProgress(@TempDir Path own) throws Exception {
        // A request abandoned while its body was being collected must end: otherwise each one stays in
        // memory, and a graceful shutdown waits its whole 10 s for requests that will never finish.
        RosterServer other = RosterServer.start(Config.embedded(own, 0, TOKEN), List.of());
        long closing;
        try {
            for (int i = 0; i < 3; i++) {
                try (Socket s = new Socket("127.0.0.1", other.port())) {
                    s.getOutputStream().write((head("POST", "/scim/v2/Users", "Authorization: Bearer " + TOKEN,
                            "Content-Type: application/scim+json", "Content-Length: 100") + "{").getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                    Thread.sleep(200);
                }
            }
            Thread.sleep(200);
        } finally {
            closing = System.nanoTime();
            other.close();
        }
        assertTrue(System.nanoTime() - closing < TimeUnit.SECONDS.toNanos(5), "the server stopped without waiting for abandoned requests");
    }

    // ------------------------------------------------------------------ the wire

    @Test
    void javaHttpClientsUpgradeRequestsAreAnsweredAsHttp11AndTheConnectionStaysUsable() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(); // HTTP_2: asks for h2c
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create(server.scimRoot() + "/Users?count=1"))
                    .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, get.statusCode(), get.body());
            assertEquals(HttpClient.Version.HTTP_1_1, get.version());
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(server.scimRoot() + "/Users"))
                    .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/scim+json")
                    .timeout(Duration.ofSeconds(5))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"userName\": \"h2c-" + i + "@edge.example\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(201, post.statusCode(), post.body());
        }
    }

    @Test
    void anUpgradeRequestWithABodyIsAnsweredAndTheNextRequestOnTheConnectionToo() throws IOException {
        try (Socket s = connect()) {
            String body = "{\"userName\": \"upgrade-post@edge.example\"}";
            s.getOutputStream().write((head("POST", "/scim/v2/Users", "Authorization: Bearer " + TOKEN,
                    "Connection: Upgrade, HTTP2-Settings", "Upgrade: h2c", "HTTP2-Settings: AAEAAEAAAAIAAAABAAMAAABkAAQBAAAAAAUAAEAA",
                    "Content-Type: application/scim+json", "Content-Length: " + body.length()) + body)
                    .getBytes(StandardCharsets.US_ASCII));
            String first = readOne(s);
            assertTrue(first.startsWith("HTTP/1.1 201 "), first);
            assertTrue(first.toLowerCase(Locale.ROOT).contains("content-type: application/scim+json"), first);
            s.getOutputStream().write(head("GET", "/scim/v2/Users?count=1", "Authorization: Bearer " + TOKEN)
                    .getBytes(StandardCharsets.US_ASCII));
            String second = readOne(s);
            assertTrue(second.startsWith("HTTP/1.1 200 "), second);
        }
    }

    @Test
    void requestsTheParserRefusesGetAScimErrorAndNeverA5xx() throws IOException {
        String[] requests = {
            "GET /scim/v2/Users?filter=userName eq x HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /scim/v2/Users HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
            "GET /scim/v2/Users HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n",
            "GET /scim/v2/Users?filter=" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
            "POST /scim/v2/Users HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/scim+json\r\n"
                    + "Authorization: Bearer " + TOKEN + "\r\n\r\nzz\r\n",
        };
        for (String request : requests) {
            try (Socket s = connect()) {
                s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
                s.getOutputStream().flush();
                assertScimError(readToClose(s), 400);
            }
        }
    }

    // ------------------------------------------------------------------ per-caller concurrency

    @Test
    void aCallerOverItsConcurrencyLimitGets429WithRetryAfterAndItsPermitComesBack() throws Exception {
        hold.entered = new CountDownLatch(1);
        hold.release = new CountDownLatch(1);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest held = HttpRequest.newBuilder(URI.create(server.scimRoot() + "/Users"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/scim+json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"userName\": \"" + HOLD + "-1@edge.example\"}")).build();
        CompletableFuture<HttpResponse<String>> first = http.sendAsync(held, HttpResponse.BodyHandlers.ofString());
        try {
            assertTrue(hold.entered.await(10, TimeUnit.SECONDS), "the held request reached the store");
            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(server.scimRoot() + "/Users?count=1"))
                    .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(429, refused.statusCode(), refused.body());
            assertEquals("1", refused.headers().firstValue("Retry-After").orElse(null));
            assertTrue(refused.headers().firstValue("Content-Type").orElse("").startsWith("application/scim+json"));
            assertTrue(refused.body().contains("\"status\":\"429\""), refused.body());
            // discovery needs no token, so no permit: it is still served
            HttpResponse<String> discovery = http.send(HttpRequest.newBuilder(URI.create(server.scimRoot() + "/ResourceTypes"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, discovery.statusCode());
        } finally {
            hold.release.countDown();
        }
        assertEquals(201, first.get(20, TimeUnit.SECONDS).statusCode());
        HttpResponse<String> after = http.send(HttpRequest.newBuilder(URI.create(server.scimRoot() + "/Users?count=1"))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, after.statusCode(), after.body());
    }

    @Test
    void aPermitComesBackWhenTheClientHangsUpMidRequest() throws Exception {
        hold.entered = new CountDownLatch(1);
        hold.release = new CountDownLatch(1);
        try (Socket s = connect()) {
            String body = "{\"userName\": \"" + HOLD + "-gone@edge.example\"}";
            s.getOutputStream().write((head("POST", "/scim/v2/Users", "Authorization: Bearer " + TOKEN,
                    "Content-Type: application/scim+json", "Content-Length: " + body.length()) + body)
                    .getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            assertTrue(hold.entered.await(10, TimeUnit.SECONDS), "the held request reached the store");
        } // the client is gone while its request is in progress
        hold.release.countDown();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> r = null;
        for (int i = 0; i < 50; i++) { // the abandoned request finishes on its own; then its permit is back
            r = http.send(HttpRequest.newBuilder(URI.create(server.scimRoot() + "/Users?count=1"))
                    .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                break;
            }
            Thread.sleep(100);
        }
        assertNotNull(r);
        assertEquals(200, r.statusCode(), r.body());
    }
}
