package io.roster.conformance.fuzz;

import static io.roster.conformance.Scim.q;
import static io.roster.conformance.Scim.scim;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.restassured.response.Response;
import io.roster.conformance.Scim;
import io.roster.conformance.RawHttp;
import io.roster.conformance.ScimTarget;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing of the whole HTTP surface: filters, list parameters, PATCH, resource bodies, Bulk,
 * headers and paths, sent as raw bytes with an administrator's token and with a no-role user's own
 * token on {@code /Me}. Whatever is sent, the answer must be what {@link Verdict} requires: never a
 * 5xx, every error a SCIM error body, nothing internal shown, and an answer within the bound.
 *
 * <p>About 5,000 cases run in {@code mvn verify}. The same seed gives the same cases; a failure names its
 * area, case and seed. Run longer, or with another seed:
 * <pre>
 * mvn -B -ntp -pl conformance-tests -am verify -Dtest=HttpFuzzTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dfuzz.scale=40 -Dfuzz.seed=12345
 * </pre>
 * Every resource a case creates is deleted afterwards, so the rest of the kit sees no trace of it.
 */
class HttpFuzzTest {
    private static final long SEED = Long.getLong("fuzz.seed", 0x5C1A_F022L);
    private static final double SCALE = Double.parseDouble(System.getProperty("fuzz.scale", "1"));
    private static final Duration BOUND = Duration.ofSeconds(Long.getLong("fuzz.boundSeconds", 30));
    private static final int WORKERS = 4;
    private static final int MAX_REPORTED = 15;

    private static ScimInputs.Fixtures fixtures;
    private static String adminToken;
    private static String selfToken;
    private static String root;
    private static final Set<String> created = ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void fixtures() {
        ScimTarget target = ScimTarget.get();
        adminToken = target.token();
        root = target.scimRoot().getRawPath();
        String userId = Scim.createUniqueUser("fuzz");
        String groupId = Scim.createGroup(Scim.unique("fuzz-group"), userId);
        String selfId = Scim.createUniqueUser("fuzz-self");
        Response client = scim().body("{\"schemas\": [\"urn:roster:params:scim:schemas:core:2.0:ApiClient\"], \"displayName\": "
                + q(Scim.unique("fuzz")) + ", \"userId\": " + q(selfId) + "}").post("/ApiClients");
        if (client.statusCode() == 201) {
            selfToken = client.path("secret");
            created.add("/ApiClients/" + client.path("id"));
        }
        created.add("/Groups/" + groupId);
        created.add("/Users/" + userId);
        created.add("/Users/" + selfId);
        fixtures = new ScimInputs.Fixtures(userId, groupId, selfId);
    }

    @AfterAll
    static void removeWhatTheCasesCreated() {
        // Groups first (a dynamic or licensed group created by a case must not outlive the run), then the rest.
        List<String> paths = new ArrayList<>(created);
        paths.sort((a, b) -> Boolean.compare(!a.startsWith("/Groups/"), !b.startsWith("/Groups/")));
        for (String p : paths) {
            scim().delete(p);
        }
    }

    @Test
    void filtersNeverBreakTheServer() {
        run("filters", 1200, (g, in) -> g.chance(0.7)
                ? get(g.pick("/Users", "/Groups", "/Licenses", "/ApiClients") + "?filter=" + ScimInputs.encode(in.filter()), admin())
                : post(g.pick("/Users/.search", "/Groups/.search", "/.search"), in.searchBody(), admin()));
    }

    @Test
    void listParametersNeverBreakTheServer() {
        run("list", 700, (g, in) -> get(g.pick("/Users", "/Groups", "/Roles", "/Licenses", "/ApiClients", "/Schemas", "/ResourceTypes")
                + "?" + in.listQuery(), admin()));
    }

    @Test
    void patchesNeverBreakTheServer() {
        run("patch", 1200, (g, in) -> {
            if (selfToken != null && g.chance(0.25)) {
                return request("PATCH", "/Me", in.patchBody(), bearer(selfToken));
            }
            String target = g.weighted(
                    4, (java.util.function.Supplier<String>) () -> "/Users/" + fixtures.userId(),
                    4, (java.util.function.Supplier<String>) () -> "/Groups/" + fixtures.groupId(),
                    1, (java.util.function.Supplier<String>) () -> "/Users/" + ScimInputs.framed(in.id()));
            List<String> headers = admin();
            if (g.chance(0.1)) {
                headers = with(headers, "If-Match: " + in.precondition());
            }
            return request("PATCH", target + (g.chance(0.1) ? "?attributes=" + ScimInputs.encode(in.attribute()) : ""),
                    in.patchBody(), headers);
        });
    }

    @Test
    void resourceBodiesNeverBreakTheServer() {
        run("bodies", 800, (g, in) -> g.weighted(
                4, (java.util.function.Supplier<RawHttp.Request>) () -> post("/Users", in.userBody(), admin()),
                3, (java.util.function.Supplier<RawHttp.Request>) () -> post("/Groups", in.groupBody(), admin()),
                2, (java.util.function.Supplier<RawHttp.Request>) () -> request("PUT", "/Users/" + fixtures.userId(), in.userBody(), admin()),
                1, (java.util.function.Supplier<RawHttp.Request>) () -> request("PUT", "/Groups/" + fixtures.groupId(), in.groupBody(), admin()),
                1, (java.util.function.Supplier<RawHttp.Request>) () -> selfToken == null ? post("/Users", in.userBody(), admin())
                        : request("PUT", "/Me", in.userBody(), bearer(selfToken)),
                1, (java.util.function.Supplier<RawHttp.Request>) () -> post(g.pick("/ApiClients", "/Licenses", "/Roles"), g.json(3), admin())));
    }

    @Test
    void bulkRequestsNeverBreakTheServer() {
        run("bulk", 250, (g, in) -> post("/Bulk", in.bulkBody(), admin()));
    }

    @Test
    void headersNeverBreakTheServer() {
        run("headers", 700, (g, in) -> {
            String method = g.pick("GET", "POST", "PUT", "PATCH", "DELETE");
            String path = switch (method) {
                case "GET" -> g.pick("/Users", "/Users/" + fixtures.userId(), "/Groups/" + fixtures.groupId(), "/ServiceProviderConfig",
                        "/Schemas", "/Me");
                case "POST" -> g.pick("/Users", "/Groups", "/Users/.search", "/Bulk");
                case "DELETE" -> "/Users/" + ScimInputs.framed(in.id());
                default -> g.pick("/Users/" + fixtures.userId(), "/Groups/" + fixtures.groupId());
            };
            List<String> headers = new ArrayList<>();
            headers.add(g.weighted(
                    8, (java.util.function.Supplier<String>) () -> "Authorization: Bearer " + adminToken,
                    3, (java.util.function.Supplier<String>) () -> "Authorization: " + g.pick("Bearer", "Bearer ", "bearer " + adminToken,
                            "Basic YTpi", "Bearer " + adminToken + "x", "Bearer " + "t".repeat(g.pick(100, 20000)), "Bearer \u00e9", ""),
                    1, (java.util.function.Supplier<String>) () -> "X-Nothing: 1"));
            if (g.chance(0.7)) {
                headers.add("Content-Type: " + in.contentType());
            }
            if (g.chance(0.4)) {
                headers.add("Accept: " + in.accept());
            }
            if (g.chance(0.3)) {
                headers.add((g.chance(0.5) ? "If-Match: " : "If-None-Match: ") + in.precondition());
            }
            if (g.chance(0.1)) {
                headers.add("Connection: Upgrade, HTTP2-Settings");
                headers.add("Upgrade: h2c");
                headers.add("HTTP2-Settings: AAEAAEAAAAIAAAABAAMAAABkAAQBAAAAAAUAAEAA");
            }
            if (g.chance(0.1)) {
                headers.add(g.pick("Content-Encoding: gzip", "Accept-Charset: utf-7", "Expect: 100-continue", "X-HTTP-Method-Override: DELETE",
                        "Accept-Encoding: gzip", "Transfer-Encoding: identity", "Range: bytes=0-1", "Forwarded: for=\"_x\";host=\"evil\""));
            }
            String body = switch (method) {
                case "GET", "DELETE" -> g.chance(0.4) ? g.pick("{}", "", "{\"a\": 1}", "not json") : null;
                case "POST" -> path.equals("/Bulk") ? in.bulkBody() : path.endsWith(".search") ? in.searchBody() : in.userBody();
                default -> g.chance(0.5) ? in.patchBody() : in.userBody();
            };
            if (method.equals("PUT") && path.startsWith("/Groups")) {
                body = in.groupBody();
            }
            return request(method, path, body, headers);
        });
    }

    @Test
    void pathsAndMethodsNeverBreakTheServer() {
        run("paths", 800, (g, in) -> {
            String method = g.pick("GET", "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "FOO");
            String path = g.chance(0.95) ? in.path(root) : g.pick("/", "*", "/scim", "/scim/v2", "/scim/v2/", "//scim//v2//Users",
                    "/scim/v2/../v2/Users", "/%2e%2e/scim/v2/Users", "/admin", "/scim/v2/Users/..;/Groups");
            if (method.equals("DELETE") && (path.contains(fixtures.userId()) || path.contains(fixtures.groupId()))) {
                method = "GET"; // keep the fixtures for the other cases
            }
            List<String> headers = g.chance(0.8) ? admin() : List.of("Content-Type: application/scim+json");
            String body = switch (method) {
                case "POST", "PUT" -> g.chance(0.5) ? in.userBody() : g.json(2);
                case "PATCH" -> in.patchBody();
                default -> null;
            };
            return request(method, path.startsWith("/") || path.equals("*") ? path : "/" + path, body, headers, true);
        });
    }

    /**
     * A user's own token holding no admin role may use {@code /Me} and the public discovery endpoints
     * only: whatever it sends elsewhere is refused (least privilege), never a success.
     */
    @Test
    void aTokenWithoutRolesGetsNothingBeyondMe() {
        org.junit.jupiter.api.Assumptions.assumeTrue(selfToken != null, "the server has no API clients bound to users");
        run("self", 500, (g, in) -> {
            String method = g.pick("GET", "POST", "PUT", "PATCH", "DELETE");
            String path = g.chance(0.9) ? in.path(root) : root + g.pick("/Me", "/Users", "/Groups",
                    "/Bulk", "/.search", "/ApiClients", "/Roles", "/Licenses");
            if (method.equals("DELETE") && path.replaceAll("[?#].*", "").endsWith("/Me")) {
                method = "GET"; // the token's own user must outlive the run
            }
            String body = switch (method) {
                case "POST" -> path.endsWith("/Bulk") ? in.bulkBody() : path.endsWith(".search") ? in.searchBody() : in.userBody();
                case "PUT" -> in.userBody();
                case "PATCH" -> in.patchBody();
                default -> null;
            };
            return request(method, path, body, bearer(selfToken), true);
        }, (request, response) -> {
            String p = request.target().substring(root.length()).replaceAll("[?#].*", "");
            boolean allowed = p.equals("/Me") || p.matches("/(ServiceProviderConfig|Schemas|ResourceTypes)(/.*)?");
            return response.status() / 100 == 2 && !allowed
                    ? "a token without roles got " + response.status() + " for " + request.method() + " " + p : null;
        });
    }

    // ---------------------------------------------------------------- the loop

    private static void run(String area, int cases, BiFunction<Gen, ScimInputs, RawHttp.Request> generator) {
        run(area, cases, generator, (request, response) -> null);
    }

    /**
     * Runs {@code cases} (times the scale) cases of one area on {@link #WORKERS} connections. Case i's
     * inputs come from its own seed, so they do not depend on which worker runs it or in which order.
     */
    private static void run(String area, int cases, BiFunction<Gen, ScimInputs, RawHttp.Request> generator,
                            BiFunction<RawHttp.Request, RawHttp.Response, String> extraCheck) {
        int total = Math.max(1, (int) Math.round(cases * SCALE));
        URI server = ScimTarget.get().serverRoot();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                int worker = w;
                done.add(pool.submit(() -> {
                    try (RawHttp http = new RawHttp(server.getHost(), server.getPort(), (int) BOUND.toMillis() * 2)) {
                        for (int i = worker; i < total && failures.size() < MAX_REPORTED; i += WORKERS) {
                            long seed = caseSeed(area, i);
                            Gen g = new Gen(seed);
                            RawHttp.Request request = generator.apply(g, new ScimInputs(g, fixtures));
                            String problem;
                            RawHttp.Response response = null;
                            try {
                                response = http.send(request);
                                problem = Verdict.judge(request, response, BOUND);
                                if (problem == null) {
                                    problem = extraCheck.apply(request, response);
                                }
                                statuses.computeIfAbsent(response.status(), k -> new AtomicLong()).incrementAndGet();
                            } catch (IOException e) {
                                problem = "no answer: " + e;
                            }
                            if (response != null) {
                                remember(request, response);
                            }
                            if (problem != null) {
                                failures.add(area + " case " + i + " (seed " + seed + "): " + problem + "\n--- request ---\n"
                                        + request.describe() + "\n");
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } catch (Exception e) {
            throw new AssertionError(area + ": the fuzz loop failed", e);
        } finally {
            pool.shutdownNow();
        }
        System.out.println("fuzz " + area + ": " + total + " cases, statuses " + new TreeMap<>(statuses));
        assertEquals(200, ScimTarget.get().isEmbedded() ? Scim.anonymous().get("/ServiceProviderConfig").statusCode() : 200,
                "the server still answers after the " + area + " cases");
        if (!failures.isEmpty()) {
            fail(failures.size() + " of " + total + " " + area + " cases got an unacceptable answer (first "
                    + MAX_REPORTED + " shown; rerun one with -Dfuzz.seed):\n\n" + String.join("\n", failures));
        }
    }

    private static long caseSeed(String area, int i) {
        long h = SEED ^ (area.hashCode() * 0x9E3779B97F4A7C15L) ^ (i * 0xC2B2AE3D27D4EB4FL);
        h ^= h >>> 31;
        return h * 0x94D049BB133111EBL;
    }

    /** Records what a case created (a 201's Location, a Bulk's created locations) so that it is removed afterwards. */
    private static void remember(RawHttp.Request request, RawHttp.Response response) {
        String scimRoot = ScimTarget.get().scimRoot().toString();
        if (response.status() == 201 && response.header("Location") != null) {
            String location = response.header("Location");
            if (location.startsWith(scimRoot)) {
                created.add(location.substring(scimRoot.length()));
            }
        }
        if (response.status() == 200 && request.target().startsWith(root + "/Bulk") && response.body().length > 0) {
            try (JsonReader reader = Json.createReader(new StringReader(response.text()))) {
                JsonObject result = reader.readObject();
                for (JsonValue op : result.getJsonArray("Operations")) {
                    String location = op.asJsonObject().getString("location", null);
                    if (location != null && location.startsWith(scimRoot)
                            && "POST".equalsIgnoreCase(op.asJsonObject().getString("method", ""))) {
                        created.add(location.substring(scimRoot.length()));
                    }
                }
            } catch (RuntimeException ignored) {
                // a Bulk answer that is not as expected was judged by the verdict already
            }
        }
    }

    // ---------------------------------------------------------------- request shapes

    private static List<String> admin() {
        return bearer(adminToken);
    }

    private static List<String> bearer(String token) {
        return List.of("Authorization: Bearer " + token, "Content-Type: application/scim+json", "Accept: application/scim+json");
    }

    private static List<String> with(List<String> headers, String extra) {
        List<String> out = new ArrayList<>(headers);
        out.add(extra);
        return out;
    }

    private static RawHttp.Request get(String path, List<String> headers) {
        return request("GET", path, null, headers);
    }

    private static RawHttp.Request post(String path, String body, List<String> headers) {
        return request("POST", path, body, headers);
    }

    private static RawHttp.Request request(String method, String path, String body, List<String> headers) {
        return request(method, root + path, body, headers, true);
    }

    private static RawHttp.Request request(String method, String target, String body, List<String> headers, boolean absolute) {
        return new RawHttp.Request(method, target, headers, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }
}
