package io.roster.scim.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roster.scim.app.Config;
import io.roster.scim.app.RosterServer;
import io.roster.scim.metrics.Health;
import io.roster.scim.metrics.MetricsMode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /health/live}, {@code /health/ready} and {@code /metrics} against real servers: the probes need
 * no token (and nothing near them becomes public), readiness follows {@link Health}, and {@code /metrics}
 * is guarded by {@code --metrics} and holds the request, store writer, store and JVM meters.
 */
class MonitoringTest {
    private static final String TOKEN = "monitoring-token-0123456789abcdef0123";
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @TempDir
    Path dir;

    private static HttpResponse<String> send(URI uri, String method, String token, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/scim+json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(int port, String path, String token) throws IOException, InterruptedException {
        return send(URI.create("http://127.0.0.1:" + port + path), "GET", token, null);
    }

    private RosterServer start(MetricsMode mode) {
        return RosterServer.start(Config.embedded(dir, 0, TOKEN).withMetrics(mode), List.of());
    }

    @Test
    void liveAndReadyAnswerWithoutATokenAndAreNotCached() throws Exception {
        try (RosterServer server = start(MetricsMode.TOKEN)) {
            for (String path : List.of("/health/live", "/health/ready")) {
                HttpResponse<String> r = get(server.port(), path, null);
                assertEquals(200, r.statusCode(), path);
                assertEquals("{\"status\":\"UP\"}", r.body(), path);
                assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(""), path);
                assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), path);
            }
            assertTrue(server.ready());
        }
    }

    @Test
    void onlyTheTwoProbePathsArePublic() throws Exception {
        try (RosterServer server = start(MetricsMode.TOKEN)) {
            for (String path : List.of("/health", "/health/", "/health/live/", "/health/ready/x", "/Health/live", "/healthz",
                    "/health/started", "/scim/v2/health/live", "/metrics", "/metrics/", "/scim/v2/Users")) {
                assertEquals(401, get(server.port(), path, null).statusCode(), path);
            }
            HttpResponse<String> post = send(URI.create("http://127.0.0.1:" + server.port() + "/health/ready"), "POST", null, "{}");
            assertEquals(405, post.statusCode());
        }
    }

    @Test
    void readyIsDownOnceShutdownHasBegun() {
        RosterServer server = start(MetricsMode.OFF);
        assertTrue(server.ready());
        server.close();
        assertFalse(server.ready());
    }

    /** An edge whose Health has not been told ready (the server still starting), then ready, then shutting down. */
    @Test
    void readyAnswers503WithTheReasonUntilHealthSaysReady() throws Exception {
        Health health = new Health();
        HttpServer edge = HttpEdge.create(new ResourceConfig(), new HttpEdge.Settings("127.0.0.1", 0, 4, 4096, Duration.ofSeconds(5)),
                null, new PrincipalLimiter(1), new HttpEdge.Monitoring(health, null, false, List.of()));
        edge.start();
        try {
            int port = edge.getListeners().iterator().next().getPort();
            HttpResponse<String> starting = get(port, "/health/ready", null);
            assertEquals(503, starting.statusCode());
            assertEquals("{\"status\":\"DOWN\",\"reason\":\"starting\"}", starting.body());
            assertEquals("no-store", starting.headers().firstValue("Cache-Control").orElse(""));
            assertEquals(200, get(port, "/health/live", null).statusCode());
            health.ready();
            assertEquals(200, get(port, "/health/ready", null).statusCode());
            health.notReady("shutting down");
            HttpResponse<String> stopping = get(port, "/health/ready", null);
            assertEquals(503, stopping.statusCode());
            assertEquals("{\"status\":\"DOWN\",\"reason\":\"shutting down\"}", stopping.body());
        } finally {
            edge.shutdownNow();
        }
    }

    @Test
    void metricsNeedAnAdminTokenByDefaultAndHoldRequestWriterStoreAndJvmMeters() throws Exception {
        try (RosterServer server = start(MetricsMode.TOKEN)) {
            int port = server.port();
            assertEquals(401, get(port, "/metrics", null).statusCode());
            assertEquals(401, get(port, "/metrics", "not-the-token").statusCode());
            HttpResponse<String> created = send(URI.create("http://127.0.0.1:" + port + "/scim/v2/Users"), "POST", TOKEN,
                    "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"metered\"}");
            assertEquals(201, created.statusCode(), created.body());
            String id = created.body().replaceAll("(?s).*\"id\"\\s*:\\s*\"([^\"]+)\".*", "$1");
            assertEquals(200, get(port, "/scim/v2/Users/" + id, TOKEN).statusCode());
            assertEquals(200, get(port, "/scim/v2/Users/" + id, TOKEN).statusCode());
            assertEquals(404, get(port, "/scim/v2/Users/no-such-id", TOKEN).statusCode());
            assertEquals(401, get(port, "/scim/v2/Groups", null).statusCode());
            assertEquals(200, get(port, "/scim/v2/Schemas", null).statusCode());

            HttpResponse<String> metrics = get(port, "/metrics", TOKEN);
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
            assertEquals("no-store", metrics.headers().firstValue("Cache-Control").orElse(""));
            String text = metrics.body();
            assertTrue(text.contains("roster_http_requests_seconds_count{endpoint=\"Users\",method=\"GET\",status=\"200\"} 2"), text);
            assertTrue(text.contains("roster_http_requests_seconds_count{endpoint=\"Users\",method=\"GET\",status=\"404\"} 1"), text);
            assertTrue(text.contains("roster_http_requests_seconds_count{endpoint=\"Users\",method=\"POST\",status=\"201\"} 1"), text);
            assertTrue(text.contains("roster_http_requests_seconds_count{endpoint=\"Groups\",method=\"GET\",status=\"401\"} 1"), text);
            assertTrue(text.contains("roster_http_requests_seconds_count{endpoint=\"Schemas\",method=\"GET\",status=\"200\"} 1"), text);
            assertTrue(text.contains("roster_http_requests_seconds_bucket{endpoint=\"Users\",method=\"GET\",status=\"200\",le="), text);
            assertFalse(text.contains(id), "no series is labelled with a resource id");
            assertTrue(text.contains("roster_store_writer_batch_size_writes_count"), text);
            assertTrue(text.contains("roster_store_writer_commit_seconds_count"), text);
            assertTrue(text.contains("roster_store_writer_queue_writes"), text);
            assertTrue(text.contains("roster_store_size_bytes"), text);
            assertTrue(text.contains("roster_resources{type=\"User\"} 1"), text);
            assertTrue(text.contains("roster_outbox_pending_entries"), text);
            assertTrue(text.contains("jvm_memory_used_bytes"), text);
            assertTrue(text.contains("jvm_threads_live_threads"), text);
            assertTrue(text.contains("process_uptime_seconds"), text);
        }
    }

    @Test
    void openMetricsNeedNoTokenButTheApiStillDoes() throws Exception {
        try (RosterServer server = start(MetricsMode.OPEN)) {
            HttpResponse<String> metrics = get(server.port(), "/metrics", null);
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.body().contains("jvm_memory_used_bytes"));
            assertEquals(401, get(server.port(), "/scim/v2/Users", null).statusCode());
            assertEquals(401, get(server.port(), "/metrics/x", null).statusCode());
        }
    }

    @Test
    void metricsOffAreNotServed() throws Exception {
        try (RosterServer server = start(MetricsMode.OFF)) {
            assertEquals(404, get(server.port(), "/metrics", TOKEN).statusCode());
            assertEquals(200, get(server.port(), "/health/ready", null).statusCode());
        }
    }
}
