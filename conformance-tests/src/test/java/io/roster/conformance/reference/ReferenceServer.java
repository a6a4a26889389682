package io.roster.conformance.reference;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.roster.conformance.reference.ReferenceSchema.Schema;
import io.roster.conformance.reference.ReferenceSchema.Type;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A second SCIM server, written here from RFC 7643, 7644 and 9865 alone, on the JDK's HTTP server with
 * everything in memory: the kit's own tests run the kit against it, and {@link #main} serves it so that
 * anyone can try the standalone kit on a server that is not Roster. Where the RFCs leave a choice it takes
 * another one than Roster: 204 on PATCH unless attributes are asked for, Bulk status as a number and 409
 * for a bulkId it cannot meet, a relative meta.location, strong ETags, no Resources at zero results,
 * non-unique group names, cycles of nested groups allowed, /Me not implemented (501), unknown attributes in
 * a body ignored, missing sort values first when descending, and a strict filter grammar. {@link Feature}s
 * turn optional parts off, so that the kit's capability gating is tested too, and {@link Breakage}s break
 * named RFC rules on purpose. With every feature and no breakage it passes the kit's whole rfc profile; a
 * failure there is a kit test holding Roster's choices, or a bug here.
 */
public final class ReferenceServer implements AutoCloseable {

    /** An RFC rule the server breaks on purpose. */
    public enum Breakage {
        /** RFC 7644 3.14 / RFC 7232 2.3: a PATCH that changes the resource leaves its ETag as it was. */
        PATCH_KEEPS_ETAG,
        /** RFC 7232 3.1: {@code If-Match: *} matches any current resource, but is answered 412. */
        IF_MATCH_STAR_FAILS,
        /** RFC 7644 3.3: a 201 without the Location header. */
        NO_LOCATION_ON_CREATE,
        /** RFC 7643 3.1, RFC 7644 3.4.2.2: externalId is caseExact, but filters compare it ignoring case. */
        CASE_EXACT_IGNORED
    }

    /** An optional part of SCIM the server may offer. */
    public enum Feature {
        GROUPS, ENTERPRISE_USER, SORT, CURSOR, SEARCH, ROOT_SEARCH, CHANGE_PASSWORD,
        /** Discovery answered without a token (RFC 7644 4 leaves authentication of discovery to the provider). */
        ANONYMOUS_DISCOVERY
    }

    /** The token the kit's own tests use. */
    public static final String TOKEN = "reference-token";
    private static final String ROOT = "/scim/v2";
    private static final String ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
    private static final String LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

    static {
        // read once by the JDK's HTTP server: headers and body go out in two writes, so without TCP_NODELAY
        // every exchange waits for a delayed ACK (set here too for runs outside Maven)
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final Set<Breakage> breakages;
    private final Set<Feature> features;
    private final String token;
    private final Type users;
    private final Type groups;
    private final HttpServer http;
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final ReferenceResources store = new ReferenceResources();
    private final ReferenceQuery queries;

    /** Users only, with filters, PATCH, ETags and Bulk, but no sort, cursors, searches by POST, groups or discovery without a token. */
    public ReferenceServer(Breakage... breakages) throws IOException {
        this(EnumSet.noneOf(Feature.class), 0, TOKEN, breakages);
    }

    /** Every feature. */
    public static ReferenceServer full(Breakage... breakages) throws IOException {
        return new ReferenceServer(EnumSet.allOf(Feature.class), 0, TOKEN, breakages);
    }

    private ReferenceServer(Set<Feature> features, int port, String token, Breakage... breakages) throws IOException {
        this.breakages = breakages.length == 0 ? EnumSet.noneOf(Breakage.class) : EnumSet.of(breakages[0], breakages);
        this.features = features;
        this.token = token;
        this.users = ReferenceSchema.users(features.contains(Feature.ENTERPRISE_USER), features.contains(Feature.GROUPS));
        this.groups = ReferenceSchema.GROUPS;
        this.queries = new ReferenceQuery(this.breakages.contains(Breakage.CASE_EXACT_IGNORED));
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        http.createContext(ROOT, this::handle);
        http.setExecutor(pool);
        http.start();
    }

    static final String USAGE = """
            usage: java -cp roster-conformance.jar io.roster.conformance.reference.ReferenceServer
                   [--port N] [--token T] [--without FEATURE,...] [--break RULE,...]

            A SCIM 2.0 server written from RFC 7643, 7644 and 9865 alone, in memory, on 127.0.0.1, to try the
            kit on a server that is not Roster. --without turns optional features off (%s);
            --break breaks named RFC rules on purpose (%s).
            """.formatted(java.util.Arrays.toString(Feature.values()), java.util.Arrays.toString(Breakage.values()));

    /** Serves until the process is stopped. */
    public static void main(String[] args) throws IOException {
        int port = 18787;
        String token = TOKEN;
        Set<Feature> features = EnumSet.allOf(Feature.class);
        List<Breakage> broken = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : "";
                switch (args[i]) {
                    case "--port" -> port = Integer.parseInt(value);
                    case "--token" -> token = value;
                    case "--without" -> {
                        for (String f : value.split(",")) {
                            features.remove(Feature.valueOf(f.trim().toUpperCase(java.util.Locale.ROOT)));
                        }
                    }
                    case "--break" -> {
                        for (String b : value.split(",")) {
                            broken.add(Breakage.valueOf(b.trim().toUpperCase(java.util.Locale.ROOT)));
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
                i++;
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
        }
        ReferenceServer server;
        try {
            server = new ReferenceServer(features, port, token, broken.toArray(new Breakage[0]));
        } catch (java.net.BindException e) {
            System.err.println("port " + port + " on 127.0.0.1 is in use; choose another with --port");
            System.exit(1);
            return;
        }
        System.out.println("reference SCIM server at " + server.scimRoot() + " (bearer token " + token + ")"
                + (broken.isEmpty() ? "" : ", breaking " + broken) + (features.size() == Feature.values().length ? "" : ", with only " + features));
    }

    public String scimRoot() {
        return "http://127.0.0.1:" + http.getAddress().getPort() + ROOT;
    }

    @Override
    public void close() {
        http.stop(0);
        pool.shutdownNow();
    }

    private boolean has(Feature f) {
        return features.contains(f);
    }

    private List<Type> types() {
        return has(Feature.GROUPS) ? List.of(users, groups) : List.of(users);
    }

    // ------------------------------------------------------------------ HTTP

    /** An answer: status, JSON body (or null) and headers. */
    record Answer(int status, Object body, Map<String, String> headers) {
        static Answer of(int status, Object body) {
            return new Answer(status, body, new LinkedHashMap<>());
        }

        Answer header(String name, String value) {
            headers.put(name, value);
            return this;
        }
    }

    /** One parsed request. */
    private record Call(String method, String path, Map<String, String> query, byte[] body, String ifMatch,
                        String ifNoneMatch, String authorization) {
        Map<String, Object> json() {
            if (body.length > ReferenceBulk.MAX_PAYLOAD) {
                throw new ReferenceFailure(413, null, "the body is larger than " + ReferenceBulk.MAX_PAYLOAD + " bytes");
            }
            return ReferenceJson.object(body);
        }
    }

    static Answer error(ReferenceFailure f) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("schemas", List.of(ERROR));
        e.put("status", String.valueOf(f.status)); // RFC 7644 3.12: a string
        if (f.scimType != null) {
            e.put("scimType", f.scimType);
        }
        if (f.getMessage() != null) {
            e.put("detail", f.getMessage());
        }
        return Answer.of(f.status, e);
    }

    private void handle(HttpExchange ex) throws IOException {
        Answer a;
        try (InputStream in = ex.getRequestBody()) {
            Call call = new Call(ex.getRequestMethod(), ex.getRequestURI().getPath().substring(ROOT.length()),
                    query(ex.getRequestURI()), in.readNBytes(ReferenceBulk.MAX_PAYLOAD + 1),
                    ex.getRequestHeaders().getFirst("If-Match"), ex.getRequestHeaders().getFirst("If-None-Match"),
                    ex.getRequestHeaders().getFirst("Authorization"));
            a = route(call);
        } catch (ReferenceFailure f) {
            a = error(f);
        } catch (RuntimeException bug) {
            // a bug of this server's: a 500 makes the kit's run show it
            a = error(new ReferenceFailure(500, null, bug.toString()));
        }
        byte[] body = a.body() == null ? new byte[0] : ReferenceJson.write(a.body());
        a.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        if (a.body() != null) {
            ex.getResponseHeaders().add("Content-Type", "application/scim+json");
        }
        ex.sendResponseHeaders(a.status(), a.body() == null ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
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

    private Answer route(Call c) {
        String path = c.path();
        boolean discovery = path.equals("/ServiceProviderConfig") || path.startsWith("/Schemas") || path.startsWith("/ResourceTypes");
        if (!(discovery && has(Feature.ANONYMOUS_DISCOVERY)) && !authenticated(c)) {
            return error(new ReferenceFailure(401, null, "a valid bearer token is required"))
                    .header("WWW-Authenticate", "Bearer realm=\"reference\"");
        }
        if (discovery) {
            // RFC 7644 4: discovery is GET only
            if (!c.method().equals("GET")) {
                return error(new ReferenceFailure(405, null, "discovery endpoints answer GET only")).header("Allow", "GET");
            }
            if (c.query().containsKey("filter")) {
                // RFC 7644 4: a filter on discovery SHOULD be answered 403
                return error(new ReferenceFailure(403, null, "discovery endpoints take no filter"));
            }
            return discovery(path);
        }
        synchronized (store) {
            return resources(c);
        }
    }

    /** RFC 6750 2.1 bearer token; RFC 7235 2.1: the scheme name is case-insensitive. */
    private boolean authenticated(Call c) {
        return c.authorization() != null && c.authorization().regionMatches(true, 0, "Bearer ", 0, 7)
                && c.authorization().substring(7).trim().equals(token);
    }

    private Answer resources(Call c) {
        String path = c.path();
        String method = c.method();
        if (path.equals("/Bulk")) {
            if (!method.equals("POST")) {
                return error(new ReferenceFailure(405, null, "POST only")).header("Allow", "POST");
            }
            return ReferenceBulk.run(c.json(), (m, p, body, ifMatch) -> dispatch(m, p, Map.of(), body, ifMatch), scimRoot());
        }
        if (path.equals("/Me")) {
            // RFC 7644 3.11: a server that does not offer /Me answers 501
            return error(new ReferenceFailure(501, null, "/Me is not implemented"));
        }
        if (path.equals("/.search")) {
            if (!has(Feature.ROOT_SEARCH)) {
                return error(ReferenceFailure.notFound("/.search"));
            }
            if (!method.equals("POST")) {
                return error(new ReferenceFailure(405, null, "POST only")).header("Allow", "POST");
            }
            return Answer.of(200, queries.run(types(), ReferenceQuery.fromBody(c.json()), store, scimRoot()));
        }
        return dispatch(method, path, c.query(), method.equals("GET") || method.equals("DELETE") ? null : c.json(),
                c.ifMatch(), c.ifNoneMatch());
    }

    private Answer dispatch(String method, String path, Map<String, String> query, Map<String, Object> body, String ifMatch) {
        return dispatch(method, path, query, body, ifMatch, null);
    }

    /** A request on a resource endpoint, from HTTP or from a Bulk operation. */
    private Answer dispatch(String method, String path, Map<String, String> query, Map<String, Object> body, String ifMatch,
                            String ifNoneMatch) {
        if (body == null && Set.of("POST", "PUT", "PATCH").contains(method)) {
            throw new ReferenceFailure(400, "invalidSyntax", method + " needs a JSON body");
        }
        for (Type type : types()) {
            String endpoint = type.endpoint();
            if (path.equals(endpoint)) {
                return switch (method) {
                    case "GET" -> Answer.of(200, queries.run(List.of(type), ReferenceQuery.fromQuery(query), store, scimRoot()));
                    case "POST" -> create(type, body, query);
                    default -> error(new ReferenceFailure(405, null, method + " is not allowed here")).header("Allow", "GET, POST");
                };
            }
            if (path.equals(endpoint + "/.search")) {
                if (!has(Feature.SEARCH)) {
                    return error(new ReferenceFailure(405, null, "searching by POST is not offered")).header("Allow", "GET, PUT, PATCH, DELETE");
                }
                if (!method.equals("POST")) {
                    return error(new ReferenceFailure(405, null, "POST only")).header("Allow", "POST");
                }
                return Answer.of(200, queries.run(List.of(type), ReferenceQuery.fromBody(body), store, scimRoot()));
            }
            if (path.startsWith(endpoint + "/") && path.indexOf('/', endpoint.length() + 1) < 0) {
                String id = path.substring(endpoint.length() + 1);
                return switch (method) {
                    case "GET" -> get(type, id, query, ifNoneMatch);
                    case "PUT" -> put(type, id, body, query, ifMatch);
                    case "PATCH" -> patch(type, id, body, query, ifMatch);
                    case "DELETE" -> delete(type, id, ifMatch);
                    default -> error(new ReferenceFailure(405, null, method + " is not allowed here")).header("Allow", "GET, PUT, PATCH, DELETE");
                };
            }
        }
        return error(ReferenceFailure.notFound(path));
    }

    // ------------------------------------------------------------------ resources

    private Answer resource(int status, Type type, Map<String, Object> stored, Map<String, String> query) {
        Map<String, Object> view = store.view(type, stored, scimRoot());
        Map<String, Object> out = ReferenceProjection.apply(type, view, ReferenceQuery.names(query.get("attributes")),
                ReferenceQuery.names(query.get("excludedAttributes")));
        return Answer.of(status, out).header("ETag", ReferenceResources.version(stored));
    }

    private Answer create(Type type, Map<String, Object> body, Map<String, String> query) {
        if (type == users && !has(Feature.CHANGE_PASSWORD) && ReferenceJson.get(body, "password") != null) {
            body.keySet().removeIf(k -> k.equalsIgnoreCase("password"));
        }
        Map<String, Object> stored = store.create(type, body, scimRoot());
        Answer a = resource(201, type, stored, query);
        if (!breakages.contains(Breakage.NO_LOCATION_ON_CREATE)) {
            a.header("Location", scimRoot() + type.endpoint() + "/" + stored.get("id"));
        }
        return a;
    }

    private Answer get(Type type, String id, Map<String, String> query, String ifNoneMatch) {
        Map<String, Object> stored = store.find(type, id);
        if (ifNoneMatch != null && matches(ifNoneMatch, stored)) {
            return new Answer(304, null, new LinkedHashMap<>(Map.of("ETag", ReferenceResources.version(stored))));
        }
        return resource(200, type, stored, query);
    }

    private Answer put(Type type, String id, Map<String, Object> body, Map<String, String> query, String ifMatch) {
        precondition(store.find(type, id), ifMatch);
        return resource(200, type, store.replace(type, id, body), query);
    }

    /** RFC 7644 3.5.2: 204 with the new ETag, or 200 with the resource when attributes are asked for. */
    private Answer patch(Type type, String id, Map<String, Object> body, Map<String, String> query, String ifMatch) {
        Map<String, Object> before = store.find(type, id);
        precondition(before, ifMatch);
        Map<String, Object> changed = ReferencePatch.apply(type, before, body);
        Map<String, Object> stored;
        if (breakages.contains(Breakage.PATCH_KEEPS_ETAG)) {
            String version = ReferenceResources.version(before);
            stored = store.save(type, id, changed);
            ReferenceResources.meta(stored).put("version", version);
        } else {
            stored = store.save(type, id, changed);
        }
        if (query.containsKey("attributes") || query.containsKey("excludedAttributes")) {
            return resource(200, type, stored, query);
        }
        return Answer.of(204, null).header("ETag", ReferenceResources.version(stored));
    }

    private Answer delete(Type type, String id, String ifMatch) {
        precondition(store.find(type, id), ifMatch);
        store.delete(type, id);
        return Answer.of(204, null);
    }

    /** RFC 7232 3.1 as RFC 7644 3.14 uses it: If-Match compares strongly, and * matches any current resource. */
    private void precondition(Map<String, Object> stored, String ifMatch) {
        if (ifMatch == null) {
            return;
        }
        if (ifMatch.trim().equals("*") && !breakages.contains(Breakage.IF_MATCH_STAR_FAILS)) {
            return;
        }
        for (String tag : ifMatch.split(",")) {
            if (tag.trim().equals(ReferenceResources.version(stored))) {
                return;
            }
        }
        throw new ReferenceFailure(412, null, "the resource's version is " + ReferenceResources.version(stored));
    }

    /** If-None-Match compares weakly (RFC 7232 3.2). */
    private static boolean matches(String ifNoneMatch, Map<String, Object> stored) {
        String version = ReferenceResources.version(stored);
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.trim();
            if (t.equals("*") || t.equals(version) || t.equals("W/" + version)) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ discovery

    private Answer discovery(String path) {
        String base = scimRoot();
        if (path.equals("/ServiceProviderConfig")) {
            Map<String, Object> spc = new LinkedHashMap<>();
            spc.put("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"));
            spc.put("patch", Map.of("supported", true));
            spc.put("bulk", Map.of("supported", true, "maxOperations", ReferenceBulk.MAX_OPERATIONS, "maxPayloadSize", ReferenceBulk.MAX_PAYLOAD));
            spc.put("filter", Map.of("supported", true, "maxResults", ReferenceQuery.MAX_RESULTS));
            spc.put("changePassword", Map.of("supported", has(Feature.CHANGE_PASSWORD)));
            spc.put("sort", Map.of("supported", has(Feature.SORT)));
            spc.put("etag", Map.of("supported", true));
            // RFC 9865 4
            spc.put("pagination", Map.of("cursor", has(Feature.CURSOR), "index", true, "defaultPaginationMethod", "index",
                    "defaultPageSize", ReferenceQuery.MAX_RESULTS, "maxPageSize", ReferenceQuery.MAX_RESULTS, "cursorTimeout", 3600));
            spc.put("authenticationSchemes", List.of(Map.of("type", "oauthbearertoken", "name", "OAuth Bearer Token",
                    "description", "a bearer token in the Authorization header", "primary", true)));
            spc.put("meta", Map.of("resourceType", "ServiceProviderConfig", "location", base + "/ServiceProviderConfig"));
            return Answer.of(200, spc);
        }
        List<Schema> schemas = new ArrayList<>();
        for (Type t : types()) {
            schemas.addAll(ReferenceSchema.allOf(t));
        }
        if (path.equals("/ResourceTypes")) {
            return Answer.of(200, listOf(types().stream().map(t -> (Object) t.describe(base)).toList()));
        }
        if (path.equals("/Schemas")) {
            return Answer.of(200, listOf(schemas.stream().map(s -> (Object) s.describe(base)).toList()));
        }
        for (Type t : types()) {
            if (path.equals("/ResourceTypes/" + t.name())) {
                return Answer.of(200, t.describe(base));
            }
        }
        for (Schema s : schemas) {
            if (path.equals("/Schemas/" + s.id())) {
                return Answer.of(200, s.describe(base));
            }
        }
        return error(ReferenceFailure.notFound(path));
    }

    private static Map<String, Object> listOf(List<Object> resources) {
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("schemas", List.of(LIST));
        l.put("totalResults", resources.size());
        l.put("itemsPerPage", resources.size());
        l.put("startIndex", 1);
        l.put("Resources", resources);
        return l;
    }
}
