package io.roster.conformance.kit.selftest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import groovy.json.JsonOutput;
import groovy.json.JsonSlurper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deliberately small SCIM server for the kit's own tests: Users only, kept in a map, on the JDK's HTTP
 * server. It takes RFC-allowed choices Roster does not (204 on PATCH, Bulk status as a number, a relative
 * meta.location, strong ETags, no Resources at zero results, no detail and scimType only where the RFC
 * names one, no sort, no /Me, no root search, no User.groups) and breaks exactly the RFC rules it is
 * given as {@link Breakage}s. Not a model of anything else: it answers what the kit's chosen tests ask.
 */
final class StubScimServer implements AutoCloseable {

    /** An RFC rule the stub breaks on purpose. */
    enum Breakage {
        /** RFC 7644 3.14 / RFC 7232 2.3: a PATCH that changes the resource leaves its ETag as it was. */
        PATCH_KEEPS_ETAG,
        /** RFC 7232 3.1: {@code If-Match: *} matches any current resource, but is answered 412. */
        IF_MATCH_STAR_FAILS,
        /** RFC 7644 3.3: a 201 without the Location header. */
        NO_LOCATION_ON_CREATE,
        /** RFC 7643 3.1, RFC 7644 3.4.2.2: externalId is caseExact, but filters compare it ignoring case. */
        CASE_EXACT_IGNORED
    }

    static final String TOKEN = "stub-token";
    private static final String ROOT = "/scim/v2";
    private static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    private static final String ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
    private static final String LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    private static final Pattern COMPARISON = Pattern.compile("\\s*([A-Za-z.]+)\\s+(eq|sw|co)\\s+\"((?:[^\"\\\\]|\\\\.)*)\"\\s*",
            Pattern.CASE_INSENSITIVE);
    private static final int MAX_RESULTS = 50;
    private static final int MAX_BULK = 10;

    static {
        // read once by the JDK's HTTP server: headers and body go out in two writes, so without TCP_NODELAY
        // every exchange waits for a delayed ACK (set here too for runs outside Maven)
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final Set<Breakage> breakages;
    private final HttpServer http;
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final Map<String, Map<String, Object>> users = new LinkedHashMap<>();

    StubScimServer(Breakage... breakages) throws IOException {
        this.breakages = breakages.length == 0 ? EnumSet.noneOf(Breakage.class) : EnumSet.of(breakages[0], breakages);
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext(ROOT, this::handle);
        http.setExecutor(pool);
        http.start();
    }

    String scimRoot() {
        return "http://127.0.0.1:" + http.getAddress().getPort() + ROOT;
    }

    @Override
    public void close() {
        http.stop(0);
        pool.shutdownNow();
    }

    private boolean breaks(Breakage b) {
        return breakages.contains(b);
    }

    // ------------------------------------------------------------------ HTTP

    private record Answer(int status, Object body, Map<String, String> headers) {
        static Answer of(int status, Object body) {
            return new Answer(status, body, new LinkedHashMap<>());
        }

        Answer header(String name, String value) {
            headers.put(name, value);
            return this;
        }
    }

    private static final class Failure extends RuntimeException {
        final int status;
        final String scimType;

        Failure(int status, String scimType) {
            super(null, null, false, false);
            this.status = status;
            this.scimType = scimType;
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        Answer a;
        try {
            a = route(ex);
        } catch (Failure f) {
            a = error(f.status, f.scimType);
        } catch (RuntimeException e) {
            a = error(400, "invalidSyntax");
        }
        byte[] body = a.body() == null ? new byte[0] : JsonOutput.toJson(a.body()).getBytes(StandardCharsets.UTF_8);
        a.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        if (a.body() != null) {
            ex.getResponseHeaders().add("Content-Type", "application/scim+json");
        }
        ex.sendResponseHeaders(a.status(), a.body() == null ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static Answer error(int status, String scimType) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("schemas", List.of(ERROR));
        e.put("status", String.valueOf(status));
        if (scimType != null) {
            e.put("scimType", scimType);
        }
        return Answer.of(status, e);
    }

    private Answer route(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getRawPath().substring(ROOT.length());
        Map<String, String> query = query(ex.getRequestURI());
        if (path.equals("/ServiceProviderConfig") || path.startsWith("/Schemas") || path.startsWith("/ResourceTypes")) {
            return discovery(path);
        }
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !auth.equalsIgnoreCase("Bearer " + TOKEN) && !auth.equals("Bearer " + TOKEN)) {
            return error(401, null).header("WWW-Authenticate", "Bearer realm=\"stub\"");
        }
        String ifMatch = ex.getRequestHeaders().getFirst("If-Match");
        String ifNoneMatch = ex.getRequestHeaders().getFirst("If-None-Match");
        if (path.equals("/Bulk") && method.equals("POST")) {
            return bulk(json(ex.getRequestBody()));
        }
        if (path.equals("/Users")) {
            return switch (method) {
                case "GET" -> list(query);
                case "POST" -> create(json(ex.getRequestBody()));
                default -> error(405, null).header("Allow", "GET, POST");
            };
        }
        if (path.startsWith("/Users/")) {
            String id = URLDecoder.decode(path.substring("/Users/".length()), StandardCharsets.UTF_8);
            return switch (method) {
                case "GET" -> get(id, ifNoneMatch);
                case "PUT" -> put(id, json(ex.getRequestBody()), ifMatch);
                case "PATCH" -> patch(id, json(ex.getRequestBody()), ifMatch);
                case "DELETE" -> delete(id, ifMatch);
                default -> error(405, null).header("Allow", "GET, PUT, PATCH, DELETE");
            };
        }
        if (path.equals("/Me")) {
            return error(501, null);
        }
        return error(404, null);
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> q = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                q.put(k, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return q;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(InputStream in) throws IOException {
        Object parsed = new JsonSlurper().parseText(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        if (!(parsed instanceof Map)) {
            throw new Failure(400, "invalidSyntax");
        }
        return deepCopy((Map<String, Object>) parsed);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deepCopy(Map<String, Object> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, copy(v)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object copy(Object v) {
        if (v instanceof Map<?, ?> map) {
            return deepCopy((Map<String, Object>) map);
        }
        if (v instanceof List<?> list) {
            return new ArrayList<>(list.stream().map(StubScimServer::copy).toList());
        }
        return v;
    }

    // ------------------------------------------------------------------ discovery

    private Answer discovery(String path) {
        if (path.equals("/ServiceProviderConfig")) {
            return Answer.of(200, Map.of(
                    "schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"),
                    "patch", Map.of("supported", true),
                    "bulk", Map.of("supported", true, "maxOperations", MAX_BULK, "maxPayloadSize", 1_000_000),
                    "filter", Map.of("supported", true, "maxResults", MAX_RESULTS),
                    "changePassword", Map.of("supported", false),
                    "sort", Map.of("supported", false),
                    "etag", Map.of("supported", true),
                    "authenticationSchemes", List.of(Map.of("type", "oauthbearertoken", "name", "Bearer",
                            "description", "a bearer token"))));
        }
        Map<String, Object> userType = Map.of("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:ResourceType"),
                "id", "User", "name", "User", "endpoint", "/Users", "schema", USER);
        Map<String, Object> userSchema = Map.of("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:Schema"),
                "id", USER, "name", "User", "attributes", List.of(
                        attribute("userName", false), attribute("displayName", false), attribute("title", false),
                        attribute("externalId", true), attribute("nickName", false)));
        if (path.equals("/ResourceTypes")) {
            return Answer.of(200, listOf(List.of(userType)));
        }
        if (path.equals("/Schemas")) {
            return Answer.of(200, listOf(List.of(userSchema)));
        }
        if (path.equals("/Schemas/" + USER)) {
            return Answer.of(200, userSchema);
        }
        if (path.equals("/ResourceTypes/User")) {
            return Answer.of(200, userType);
        }
        return error(404, null);
    }

    private static Map<String, Object> attribute(String name, boolean caseExact) {
        return Map.of("name", name, "type", "string", "multiValued", false, "required", name.equals("userName"),
                "caseExact", caseExact, "mutability", "readWrite", "returned", "default",
                "uniqueness", name.equals("userName") ? "server" : "none");
    }

    private static Map<String, Object> listOf(List<?> resources) {
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("schemas", List.of(LIST));
        l.put("totalResults", resources.size());
        l.put("itemsPerPage", resources.size());
        l.put("startIndex", 1);
        if (!resources.isEmpty()) {
            // RFC 7644 3.4.2: Resources is REQUIRED only when totalResults is non-zero
            l.put("Resources", resources);
        }
        return l;
    }

    // ------------------------------------------------------------------ Users

    private synchronized Answer create(Map<String, Object> body) {
        Object userName = body.get("userName");
        if (!(userName instanceof String u) || u.isBlank()) {
            throw new Failure(400, null);
        }
        requireUniqueUserName(u, null);
        String id = UUID.randomUUID().toString();
        Map<String, Object> user = clean(body);
        String now = Instant.now().toString();
        user.put("id", id);
        user.put("meta", new LinkedHashMap<>(Map.of("resourceType", "User", "created", now, "lastModified", now,
                "location", "Users/" + id, "version", "\"1\"")));
        users.put(id, user);
        Answer a = resource(201, user);
        if (!breaks(Breakage.NO_LOCATION_ON_CREATE)) {
            a.header("Location", scimRoot() + "/Users/" + id);
        }
        return a;
    }

    private void requireUniqueUserName(String userName, String exceptId) {
        for (Map<String, Object> other : users.values()) {
            if (!other.get("id").equals(exceptId) && userName.equalsIgnoreCase((String) other.get("userName"))) {
                throw new Failure(409, "uniqueness");
            }
        }
    }

    /** The body without what a client may not set (RFC 7643 3.1: id and meta are the server's). */
    private static Map<String, Object> clean(Map<String, Object> body) {
        Map<String, Object> user = deepCopy(body);
        user.remove("id");
        user.remove("meta");
        user.remove("groups");
        user.put("schemas", List.of(USER));
        return user;
    }

    private static Answer resource(int status, Map<String, Object> user) {
        Map<String, Object> out = deepCopy(user);
        out.remove("password"); // RFC 7643 4.1.1: returned never
        @SuppressWarnings("unchecked")
        Map<String, Object> meta = (Map<String, Object>) out.get("meta");
        return Answer.of(status, out).header("ETag", (String) meta.get("version"));
    }

    private Map<String, Object> find(String id) {
        Map<String, Object> u = users.get(id);
        if (u == null) {
            throw new Failure(404, null);
        }
        return u;
    }

    @SuppressWarnings("unchecked")
    private static String version(Map<String, Object> user) {
        return (String) ((Map<String, Object>) user.get("meta")).get("version");
    }

    private void precondition(Map<String, Object> user, String ifMatch) {
        if (ifMatch == null) {
            return;
        }
        if (ifMatch.trim().equals("*")) {
            if (breaks(Breakage.IF_MATCH_STAR_FAILS)) {
                throw new Failure(412, null);
            }
            return;
        }
        for (String tag : ifMatch.split(",")) {
            if (tag.trim().equals(version(user))) {
                return;
            }
        }
        throw new Failure(412, null);
    }

    @SuppressWarnings("unchecked")
    private static void bump(Map<String, Object> user) {
        Map<String, Object> meta = (Map<String, Object>) user.get("meta");
        String v = (String) meta.get("version");
        meta.put("version", "\"" + (Integer.parseInt(v.substring(1, v.length() - 1)) + 1) + "\"");
        meta.put("lastModified", Instant.now().toString());
    }

    private synchronized Answer get(String id, String ifNoneMatch) {
        Map<String, Object> u = find(id);
        if (ifNoneMatch != null && ifNoneMatch.trim().equals(version(u))) {
            return new Answer(304, null, new LinkedHashMap<>(Map.of("ETag", version(u))));
        }
        return resource(200, u);
    }

    private synchronized Answer put(String id, Map<String, Object> body, String ifMatch) {
        Map<String, Object> old = find(id);
        precondition(old, ifMatch);
        if (!(body.get("userName") instanceof String u) || u.isBlank()) {
            throw new Failure(400, null);
        }
        requireUniqueUserName(u, id);
        Map<String, Object> user = clean(body);
        user.put("id", id);
        user.put("meta", deepCopy(castMap(old.get("meta"))));
        if (old.containsKey("password") && !user.containsKey("password")) {
            user.put("password", old.get("password"));
        }
        bump(user);
        users.put(id, user);
        return resource(200, user);
    }

    private synchronized Answer delete(String id, String ifMatch) {
        precondition(find(id), ifMatch);
        users.remove(id);
        return Answer.of(204, null);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object o) {
        return (Map<String, Object>) o;
    }

    /** RFC 7644 3.5.2 for plain and dotted paths and path-less values; answered 204 (an RFC-allowed choice). */
    private synchronized Answer patch(String id, Map<String, Object> body, String ifMatch) {
        Map<String, Object> stored = find(id);
        precondition(stored, ifMatch);
        Map<String, Object> user = deepCopy(stored);
        if (!(body.get("Operations") instanceof List<?> ops) || ops.isEmpty()) {
            throw new Failure(400, "invalidSyntax");
        }
        for (Object o : ops) {
            Map<String, Object> op = castMap(o);
            String kind = String.valueOf(op.get("op")).toLowerCase(Locale.ROOT);
            String path = (String) op.get("path");
            Object value = op.get("value");
            switch (kind) {
                case "add", "replace" -> {
                    if (path == null) {
                        if (!(value instanceof Map<?, ?>)) {
                            throw new Failure(400, "invalidValue");
                        }
                        castMap(value).forEach((k, v) -> set(user, k, v, kind.equals("add")));
                    } else {
                        set(user, path, value, kind.equals("add"));
                    }
                }
                case "remove" -> {
                    if (path == null) {
                        throw new Failure(400, "noTarget"); // RFC 7644 3.5.2.2
                    }
                    remove(user, path);
                }
                default -> throw new Failure(400, "invalidValue");
            }
        }
        if (!(user.get("userName") instanceof String u) || u.isBlank()) {
            throw new Failure(400, "mutability");
        }
        requireUniqueUserName(u, id);
        if (!user.equals(stored)) {
            if (!breaks(Breakage.PATCH_KEEPS_ETAG)) {
                bump(user);
            }
            users.put(id, user);
        }
        return Answer.of(204, null).header("ETag", version(user));
    }

    private static void set(Map<String, Object> user, String path, Object value, boolean add) {
        String[] parts = path.split("\\.", 2);
        String key = existingKey(user, parts[0]);
        if (key.equals("id") || key.equals("meta") || key.equals("schemas")) {
            throw new Failure(400, "mutability");
        }
        if (parts.length == 2) {
            Object sub = user.get(key);
            Map<String, Object> complex = sub instanceof Map<?, ?> ? castMap(sub) : new LinkedHashMap<>();
            set(complex, parts[1], value, add);
            user.put(key, complex);
        } else if (add && user.get(key) instanceof List<?> existing && value instanceof List<?> more) {
            List<Object> merged = new ArrayList<>(existing);
            more.stream().filter(v -> !merged.contains(v)).forEach(merged::add);
            user.put(key, merged);
        } else if (value == null) {
            user.remove(key);
        } else {
            user.put(key, copy(value));
        }
    }

    private static void remove(Map<String, Object> user, String path) {
        String[] parts = path.split("\\.", 2);
        String key = existingKey(user, parts[0]);
        if (parts.length == 2 && user.get(key) instanceof Map<?, ?> sub) {
            remove(castMap(sub), parts[1]);
        } else {
            user.remove(key);
        }
    }

    /** Attribute names are case-insensitive (RFC 7643 2.1): the key as stored, or the name as given. */
    private static String existingKey(Map<String, Object> m, String name) {
        return m.keySet().stream().filter(k -> k.equalsIgnoreCase(name)).findFirst().orElse(name);
    }

    private synchronized Answer list(Map<String, String> query) {
        List<Map<String, Object>> matches = new ArrayList<>();
        String filter = query.get("filter");
        for (Map<String, Object> u : users.values()) {
            if (filter == null || filter.isBlank() || matches(u, filter)) {
                matches.add(u);
            }
        }
        int start = Math.max(1, parse(query.get("startIndex"), 1));
        int count = Math.min(MAX_RESULTS, Math.max(0, parse(query.get("count"), MAX_RESULTS)));
        List<Object> page = new ArrayList<>();
        for (int i = start - 1; i < matches.size() && page.size() < count; i++) {
            page.add(resource(200, matches.get(i)).body());
        }
        Map<String, Object> l = listOf(page);
        l.put("totalResults", matches.size());
        l.put("startIndex", start);
        return Answer.of(200, l);
    }

    private static int parse(String s, int otherwise) {
        return s == null || s.isBlank() ? otherwise : Integer.parseInt(s.trim());
    }

    /** {@code attr (eq|sw|co) "value"} joined by {@code and}: all the stub's clients send. */
    private boolean matches(Map<String, Object> user, String filter) {
        for (String part : filter.split("(?i)\\s+and\\s+")) {
            Matcher m = COMPARISON.matcher(part);
            if (!m.matches()) {
                throw new Failure(400, "invalidFilter");
            }
            String attribute = m.group(1);
            Object actual = user.get(existingKey(user, attribute));
            if (!(actual instanceof String a)) {
                return false;
            }
            String wanted = m.group(3).replace("\\\"", "\"").replace("\\\\", "\\");
            boolean caseExact = (attribute.equalsIgnoreCase("externalId") || attribute.equalsIgnoreCase("id"))
                    && !(attribute.equalsIgnoreCase("externalId") && breaks(Breakage.CASE_EXACT_IGNORED));
            if (!caseExact) {
                a = a.toLowerCase(Locale.ROOT);
                wanted = wanted.toLowerCase(Locale.ROOT);
            }
            boolean ok = switch (m.group(2).toLowerCase(Locale.ROOT)) {
                case "eq" -> a.equals(wanted);
                case "sw" -> a.startsWith(wanted);
                default -> a.contains(wanted);
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ Bulk

    /** RFC 7644 3.7 for /Users: bulkIds, failOnErrors, maxOperations; each status a number (RFC-allowed). */
    private Answer bulk(Map<String, Object> request) {
        if (!(request.get("Operations") instanceof List<?> ops)) {
            throw new Failure(400, "invalidSyntax");
        }
        if (ops.size() > MAX_BULK) {
            return error(413, null);
        }
        int failOnErrors = request.get("failOnErrors") instanceof Number n ? n.intValue() : Integer.MAX_VALUE;
        Map<String, String> ids = new LinkedHashMap<>();
        List<Object> results = new ArrayList<>();
        int errors = 0;
        for (Object o : ops) {
            Map<String, Object> op = castMap(o);
            String method = String.valueOf(op.get("method")).toUpperCase(Locale.ROOT);
            String path = String.valueOf(op.get("path"));
            for (Map.Entry<String, String> e : ids.entrySet()) {
                path = path.replace("bulkId:" + e.getKey(), e.getValue());
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("method", method);
            if (op.get("bulkId") != null) {
                result.put("bulkId", op.get("bulkId"));
            }
            Answer a;
            try {
                Map<String, Object> data = op.get("data") instanceof Map<?, ?> d ? castMap(d) : Map.of();
                String version = (String) op.get("version");
                if (method.equals("POST") && path.equals("/Users")) {
                    if (op.get("bulkId") == null) {
                        throw new Failure(400, "invalidValue");
                    }
                    a = create(deepCopy(data));
                } else if (path.startsWith("/Users/")) {
                    String id = path.substring("/Users/".length());
                    a = switch (method) {
                        case "PUT" -> put(id, deepCopy(data), version);
                        case "PATCH" -> patch(id, deepCopy(data), version);
                        case "DELETE" -> delete(id, version);
                        default -> throw new Failure(405, null);
                    };
                } else {
                    throw new Failure(404, null);
                }
            } catch (Failure f) {
                a = error(f.status, f.scimType);
            }
            result.put("status", a.status());
            if (a.status() >= 400) {
                result.put("response", a.body());
                errors++;
            } else if (a.body() instanceof Map<?, ?> body && body.get("id") != null) {
                String id = (String) body.get("id");
                if (op.get("bulkId") != null) {
                    ids.put(String.valueOf(op.get("bulkId")), id);
                }
                result.put("location", scimRoot() + "/Users/" + id);
                result.put("version", a.headers().get("ETag"));
            } else if (path.startsWith("/Users/")) {
                result.put("location", scimRoot() + path);
            }
            results.add(result);
            if (errors >= failOnErrors) {
                break;
            }
        }
        return Answer.of(200, Map.of("schemas", List.of("urn:ietf:params:scim:api:messages:2.0:BulkResponse"),
                "Operations", results));
    }
}
