package io.roster.conformance.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Every client a kit test speaks through is recorded the same way: kit tests that talk through the raw
 * socket client ({@code RawHttp}) and through {@code java.net.http.HttpClient} are run, as the standalone
 * runner runs them, against a small server that fails them, and their report entries must show those
 * exchanges, token redacted and bytes that are no UTF-8 escaped; what the HttpClient created is deleted
 * at the end of the run. Isolated: while it runs, the kit's target is this server.
 */
@Isolated
class ExchangesTest {
    private static final String TOKEN = "exchanges-test-secret-7f3a";
    /** An answer no client can decode as text: not UTF-8, with a NUL and an escape character. */
    private static final byte[] BINARY = {(byte) 0xff, (byte) 0xfe, 'n', 'o', 0, 0x1b, '!'};

    /**
     * Answers GET /Users with an empty list, the first POST /Users with a 201 and a Location, later ones
     * with a 500, every DELETE with a 204 (remembering it) and anything else with a 418 of binary bytes.
     */
    private static final class FailingServer implements AutoCloseable {
        final HttpServer server;
        final AtomicInteger posts = new AtomicInteger();
        final List<String> deleted = new CopyOnWriteArrayList<>();

        FailingServer() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", this::answer);
            server.start();
        }

        String scimRoot() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/scim/v2";
        }

        private void answer(HttpExchange x) throws IOException {
            try (x) {
                x.getRequestBody().readAllBytes();
                String path = x.getRequestURI().getRawPath();
                String method = x.getRequestMethod();
                if (method.equals("GET") && path.equals("/scim/v2/Users")) {
                    send(x, 200, "{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:ListResponse\"], \"totalResults\": 0}"
                            .getBytes(StandardCharsets.UTF_8));
                } else if (method.equals("POST") && path.equals("/scim/v2/Users")) {
                    int n = posts.incrementAndGet();
                    if (n == 1) {
                        x.getResponseHeaders().add("Location", scimRoot() + "/Users/created-" + n);
                        send(x, 201, ("{\"id\": \"created-" + n + "\"}").getBytes(StandardCharsets.UTF_8));
                    } else {
                        send(x, 500, BINARY);
                    }
                } else if (method.equals("DELETE")) {
                    deleted.add(path);
                    x.sendResponseHeaders(204, -1);
                } else {
                    send(x, 418, BINARY);
                }
            }
        }

        private static void send(HttpExchange x, int status, byte[] body) throws IOException {
            x.getResponseHeaders().add("Content-Type", status == 418 || status == 500 ? "application/octet-stream" : "application/scim+json");
            x.sendResponseHeaders(status, body.length);
            x.getResponseBody().write(body);
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    @Test
    void rawSocketAndJavaHttpClientExchangesShowInTheFailuresOfTheReport(@TempDir Path reportDir) throws IOException {
        try (FailingServer server = new FailingServer()) {
            ConformanceRunner.Options options = new ConformanceRunner.Options(server.scimRoot(), TOKEN,
                    KitSettings.of("all", "", false, reportDir));
            Report report = ConformanceRunner.run(options, List.of(
                    selectMethod("io.roster.conformance.HostileInputTest#encodedSlashesAndDotSegmentsAreRefusedBeforeAuthentication"),
                    selectMethod("io.roster.conformance.GenericClientsTest#javaHttpClientsDefaultRequestsAreAnsweredOneAfterAnother")),
                    false);

            Report.Result raw = failure(report, "HostileInputTest.encodedSlashesAndDotSegmentsAreRefusedBeforeAuthentication");
            assertEquals(1, raw.exchanges().size(), "the raw request before the failed assertion");
            Exchanges.Exchange rawExchange = raw.exchanges().get(0);
            assertTrue(rawExchange.request().startsWith("GET /scim/v2/Schemas%2F..%2FUsers\n"), rawExchange.request());
            assertTrue(rawExchange.request().contains("Host: 127.0.0.1:"), rawExchange.request());
            assertTrue(rawExchange.response().startsWith("HTTP/1.1 418"), rawExchange.response());
            assertTrue(rawExchange.response().contains("(7 bytes, not UTF-8)\n\\xff\\xfeno\\x00\\x1b!"), rawExchange.response());

            Report.Result java = failure(report, "GenericClientsTest.javaHttpClientsDefaultRequestsAreAnsweredOneAfterAnother");
            List<String> requests = java.exchanges().stream().map(e -> e.request().lines().findFirst().orElse("")).toList();
            assertEquals(List.of("GET " + server.scimRoot() + "/Users?count=1", "POST " + server.scimRoot() + "/Users",
                    "GET " + server.scimRoot() + "/Users?count=1", "POST " + server.scimRoot() + "/Users"), requests);
            Exchanges.Exchange failed = java.exchanges().get(3);
            assertTrue(failed.request().contains("Authorization: Bearer <redacted>"), failed.request());
            assertTrue(failed.request().contains("\"userName\": \"java-client-"), "the body the client published: " + failed.request());
            assertTrue(failed.response().startsWith("HTTP/1.1 500"), failed.response());
            assertTrue(failed.response().contains("\\xff\\xfe"), failed.response());

            assertFalse(report.json().contains(TOKEN), "no token in the report");
            assertFalse(report.html().contains(TOKEN), "no token in the report");
            // the user the HttpClient created was remembered and deleted at the end of the run
            assertEquals(List.of("/scim/v2/Users/created-1"), server.deleted);
        }
    }

    @Test
    void aBodyIsShownAsTextWhenItIsUtf8AndEscapedWhenNot() {
        assertEquals("{\"name\": \"Zoë\"}", Exchanges.body("{\"name\": \"Zoë\"}".getBytes(StandardCharsets.UTF_8)));
        assertEquals("a\\x00b\tc", Exchanges.body(new byte[] {'a', 0, 'b', '\t', 'c'}));
        assertEquals("{\"id\": \"c1\", \"secret\": \"<redacted>\", \"password\":\"<redacted>\"}",
                Exchanges.body("{\"id\": \"c1\", \"secret\": \"s3cr\\\"et\", \"password\":\"pw\"}".getBytes(StandardCharsets.UTF_8)));
        assertEquals("(2 bytes, not UTF-8)\nZ\\xeb", Exchanges.body(new byte[] {'Z', (byte) 0xeb}));
        String cut = Exchanges.body("x".repeat(Exchanges.MAX_BODY + 5).getBytes(StandardCharsets.UTF_8));
        assertTrue(cut.endsWith("... (5 more characters)"), cut.substring(Exchanges.MAX_BODY - 10));
    }

    @Test
    void threadsATestStartsRecordIntoItsReportAndAThreadOutlivingItRecordsNothingMore() throws Exception {
        ExecutorService outliving;
        Exchanges.start();
        try {
            Thread worker = new Thread(() -> Exchanges.record(get("/Users/from-a-worker"), OK));
            worker.start();
            worker.join();
            outliving = Executors.newSingleThreadExecutor();
            outliving.submit(() -> Exchanges.record(get("/Users/from-a-pool"), OK)).get();
        } finally {
            Exchanges.finish("first");
        }
        Exchanges.start();
        try {
            outliving.submit(() -> Exchanges.record(get("/Users/from-the-first-tests-pool"), OK)).get();
            Exchanges.record(get("/Users/second"), OK);
        } finally {
            Exchanges.finish("second");
            outliving.shutdown();
        }
        assertEquals(List.of("GET /Users/from-a-worker", "GET /Users/from-a-pool"), firstLines(Exchanges.take("first")));
        assertEquals(List.of("GET /Users/second"), firstLines(Exchanges.take("second")));
    }

    private static final Exchanges.Received OK = new Exchanges.Received(200, "HTTP/1.1 200 OK", List.of(), new byte[0]);

    private static Exchanges.Sent get(String target) {
        return new Exchanges.Sent("GET", target, List.of(), null);
    }

    private static List<String> firstLines(List<Exchanges.Exchange> exchanges) {
        return exchanges.stream().map(e -> e.request().lines().findFirst().orElse("")).toList();
    }

    private static Report.Result failure(Report report, String test) {
        Report.Result r = report.results().stream().filter(x -> x.test().equals(test)).findFirst()
                .orElseThrow(() -> new AssertionError(test + " not in the report: " + report.results()));
        assertEquals(Report.Status.FAILED, r.status(), test + ": " + r.message());
        return r;
    }
}
