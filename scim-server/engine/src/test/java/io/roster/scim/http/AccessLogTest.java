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
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessLogTest {
    private static final String TOKEN = "access-log-token-0123456789abcdef01234";
    private static final Logger ACCESS = Logger.getLogger(AccessLog.LOGGER); // held: JUL keeps loggers weakly

    @TempDir
    Path dir;

    /** Requests {@code /Users?count=1} and returns the access log lines it produced (waiting for the probe). */
    private List<String> logOf(String format) throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                lines.add(r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        ACCESS.addHandler(h);
        try (RosterServer server = RosterServer.start(Config.embedded(dir.resolve(format), 0, TOKEN).withAccessLog(format), List.of())) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.scimRoot() + "/Users?count=1"))
                    .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            long deadline = System.nanoTime() + 10_000_000_000L; // the probe runs once the response is complete
            while (lines.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        } finally {
            ACCESS.removeHandler(h);
        }
        return lines;
    }

    @Test
    void jsonRecordsSayWhoAskedWhatAndHowItWentButNeverTheToken() throws Exception {
        List<String> lines = logOf(AccessLog.JSON);
        assertEquals(1, lines.size(), lines.toString());
        JsonObject o = JsonSupport.parseTrusted(lines.get(0));
        assertEquals("GET", o.getString("method"));
        assertEquals("/scim/v2/Users", o.getString("path"));
        assertEquals("count=1", o.getString("query"));
        assertEquals(200, o.getInt("status"));
        assertEquals("bootstrap-admin", o.getString("caller"));
        assertTrue(o.getJsonNumber("ms").doubleValue() >= 0);
        assertFalse(lines.get(0).contains(TOKEN));
    }

    @Test
    void commonFormatIsTheApacheLine() throws Exception {
        List<String> lines = logOf(AccessLog.COMMON);
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("\"GET /scim/v2/Users?count=1 HTTP/1.1\" 200 "), lines.get(0));
        assertFalse(lines.get(0).contains(TOKEN));
    }

    @Test
    void offLogsNothing() throws Exception {
        String token = TOKEN;
        List<String> lines = new CopyOnWriteArrayList<>();
        assertTrue(lines.isEmpty());
        try (RosterServer server = RosterServer.start(Config.embedded(dir.resolve("off"), 0, token), List.of())) {
            Handler h = new Handler() {
                @Override
                public void publish(LogRecord r) {
                    lines.add(r.getMessage());
                }

                @Override
                public void flush() {
                }

                @Override
                public void close() {
                }
            };
            ACCESS.addHandler(h);
            try {
                HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.scimRoot() + "/Users?count=1"))
                        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            } finally {
                ACCESS.removeHandler(h);
            }
        }
        assertTrue(lines.isEmpty(), lines.toString());
    }
}
