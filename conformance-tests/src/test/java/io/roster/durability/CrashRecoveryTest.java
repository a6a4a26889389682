package io.roster.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "A 2xx means the change is on disk": runs the real roster.jar as a child process, writes to it from
 * 16 clients, kills it with SIGKILL in the middle of the load, restarts it on the same data directory
 * and checks that every acknowledged create and delete is there. Three kill cycles, then a SIGTERM that
 * must close the store cleanly.
 */
class CrashRecoveryTest {
    private static final String TOKEN = "crash-test-" + UUID.randomUUID();
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    /** Holds the data directory and the server logs, one per start. */
    @TempDir
    Path work;

    @Test
    void acknowledgedWritesSurviveSigkillAndTheStoreReopensWithoutRepair() throws Exception {
        Assumptions.assumeTrue(System.getProperty("scim.baseUrl") == null, "runs only against the embedded build");
        Path jar = Path.of(System.getProperty("roster.jar", "../scim-server/dist/target/roster.jar"));
        if (!Files.isRegularFile(jar)) {
            fail("roster.jar not found at " + jar.toAbsolutePath() + ": build it first with 'mvn -B package -DskipTests' "
                    + "(the README's test command 'mvn -B verify' does this)");
        }
        Path dataDir = work.resolve("data");
        Map<String, String> created = new ConcurrentHashMap<>(); // id -> userName, acknowledged with 201
        Map<String, Boolean> deleted = new ConcurrentHashMap<>(); // ids acknowledged with 204
        // Deletes sent but not acknowledged (in flight at the kill): either outcome is correct.
        Map<String, Boolean> unsure = new ConcurrentHashMap<>();

        for (int cycle = 1; cycle <= 3; cycle++) {
            int port = freePort();
            Process server = start(jar, dataDir, port, "cycle" + cycle);
            String base = "http://127.0.0.1:" + port + "/scim/v2";
            awaitReady(base, server);
            verify(base, created, deleted, unsure);

            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger acked = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(16);
            for (int w = 0; w < 16; w++) {
                int worker = w;
                pool.submit(() -> load(base, worker, stop, acked, created, deleted, unsure));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (acked.get() < 300 * cycle && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            server.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no store close
            server.waitFor(10, TimeUnit.SECONDS);
            stop.set(true);
            pool.shutdown();
            assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
            assertTrue(acked.get() > 0, "no write was acknowledged before the kill");
        }

        int port = freePort();
        Process server = start(jar, dataDir, port, "final");
        String base = "http://127.0.0.1:" + port + "/scim/v2";
        awaitReady(base, server);
        verify(base, created, deleted, unsure);

        server.destroy(); // SIGTERM: the shutdown hook closes the store
        assertTrue(server.waitFor(30, TimeUnit.SECONDS), "server did not stop on SIGTERM");
        String log = Files.readString(work.resolve("final.log"));
        assertTrue(log.contains("stopped cleanly"), "no clean shutdown in the log:\n" + log);
    }

    private void load(String base, int worker, AtomicBoolean stop, AtomicInteger acked,
                      Map<String, String> created, Map<String, Boolean> deleted, Map<String, Boolean> unsure) {
        List<String> mine = new ArrayList<>();
        int n = 0;
        while (!stop.get()) {
            try {
                if (n % 5 == 4 && !mine.isEmpty()) {
                    String id = mine.remove(0);
                    unsure.put(id, true);
                    HttpResponse<String> r = http.send(request(base + "/Users/" + id).DELETE().build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 204) {
                        deleted.put(id, true);
                        unsure.remove(id);
                        acked.incrementAndGet();
                    }
                } else {
                    String userName = "crash-" + worker + "-" + n + "-" + UUID.randomUUID() + "@example.com";
                    String body = "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"" + userName
                            + "\",\"active\":true,\"emails\":[{\"type\":\"work\",\"value\":\"" + userName + "\",\"primary\":true}]}";
                    HttpResponse<String> r = http.send(request(base + "/Users")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 201) {
                        Matcher m = ID.matcher(r.body());
                        assertTrue(m.find(), r.body());
                        created.put(m.group(1), userName);
                        mine.add(m.group(1));
                        acked.incrementAndGet();
                    }
                }
            } catch (IOException e) {
                // the server is gone (killed): stop quietly, nothing from this request was acknowledged
                if (stop.get()) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            n++;
        }
    }

    private void verify(String base, Map<String, String> created, Map<String, Boolean> deleted,
                        Map<String, Boolean> unsure) throws Exception {
        int present = 0;
        for (Map.Entry<String, String> e : created.entrySet()) {
            HttpResponse<String> r = http.send(request(base + "/Users/" + e.getKey()).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (unsure.containsKey(e.getKey())) {
                assertTrue(r.statusCode() == 200 || r.statusCode() == 404, r.body());
                if (r.statusCode() == 404) {
                    deleted.put(e.getKey(), true); // it did happen; from now on it must stay deleted
                } else {
                    present++;
                }
                unsure.remove(e.getKey());
            } else if (deleted.containsKey(e.getKey())) {
                assertEquals(404, r.statusCode(), "acknowledged delete of " + e.getKey() + " was lost");
            } else {
                assertEquals(200, r.statusCode(), "acknowledged create of " + e.getKey() + " was lost");
                assertTrue(r.body().contains(e.getValue()), r.body());
                present++;
            }
        }
        // The unique index must agree with the records: every surviving user is found by userName.
        for (Map.Entry<String, String> e : created.entrySet()) {
            if (!deleted.containsKey(e.getKey()) && !unsure.containsKey(e.getKey())) {
                String filter = java.net.URLEncoder.encode("userName eq \"" + e.getValue() + "\"", java.nio.charset.StandardCharsets.UTF_8);
                HttpResponse<String> r = http.send(request(base + "/Users?filter=" + filter).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                assertTrue(r.body().contains("\"totalResults\":1"), "index lost " + e.getValue() + ": " + r.body());
                break; // one probe per cycle keeps the test fast; the GETs above cover every record
            }
        }
        assertEquals(created.size() - deleted.size(), present);
    }

    private Process start(Path jar, Path dataDir, int port, String name) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx512m", "-jar", jar.toAbsolutePath().toString(),
                "--port", Integer.toString(port), "--host", "127.0.0.1", "--data-dir", dataDir.toString(),
                "--password-iterations", "1000");
        pb.environment().put("ROSTER_ADMIN_TOKEN", TOKEN);
        pb.redirectErrorStream(true);
        pb.redirectOutput(work.resolve(name + ".log").toFile());
        return pb.start();
    }

    private void awaitReady(String base, Process server) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                fail("roster.jar exited with " + server.exitValue() + " during start-up");
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/ServiceProviderConfig")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        fail("roster.jar did not start within 60 s");
    }

    private static HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/scim+json");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
