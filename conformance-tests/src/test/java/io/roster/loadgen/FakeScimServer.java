package io.roster.loadgen;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A SCIM server that is not Roster, for the load generator's tests (JDK only, like the load generator):
 * discovery documents and answers set per test, no authentication, and a log of every request.
 */
final class FakeScimServer implements AutoCloseable {
    /** One request as received: method, path with query, Authorization header (null when absent), body. */
    record Request(String method, String path, String authorization, String body) {
    }

    private final HttpServer server;
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    /** "GET /ResourceTypes" (method and path without query) to a function of the request body giving status and body. */
    private final Map<String, Function<String, Object[]>> routes = new ConcurrentHashMap<>();

    FakeScimServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
        answer("GET /Users", 200, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:ListResponse\"],\"totalResults\":0,\"Resources\":[]}");
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/scim/v2";
    }

    FakeScimServer answer(String route, int status, String body) {
        routes.put(route, requestBody -> new Object[] {status, body});
        return this;
    }

    FakeScimServer answer(String route, Function<String, Object[]> handler) {
        routes.put(route, handler);
        return this;
    }

    List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().getRawPath().replaceFirst("^/scim/v2", "");
        String query = exchange.getRequestURI().getRawQuery();
        String method = exchange.getRequestMethod();
        requests.add(new Request(method, query == null ? path : path + "?" + query,
                exchange.getRequestHeaders().getFirst("Authorization"), body));
        Function<String, Object[]> route = routes.get(method + " " + path);
        Object[] answer = route == null ? new Object[] {404, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:Error\"],"
                + "\"status\":\"404\"}"} : route.apply(body);
        byte[] bytes = ((String) answer[1]).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/scim+json");
        exchange.sendResponseHeaders((Integer) answer[0], bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
