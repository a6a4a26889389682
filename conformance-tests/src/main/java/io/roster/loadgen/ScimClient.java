package io.roster.loadgen;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The few SCIM calls the scenarios make. One instance (so one {@link HttpClient} and its connection
 * pool) is shared by all workers; each worker calls it synchronously from its own platform thread,
 * so the number of in-flight requests is exactly the number of clients.
 */
final class ScimClient {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    static final String SCIM_JSON = "application/scim+json";

    /** Status and (when asked for) body; the body is null when it was discarded. */
    record Response(int status, String body) {
    }

    private final HttpClient http;
    private final String baseUrl;
    /** The Authorization header, or null to send none (a server without authentication). */
    private final String authorization;

    /** {@code token} null or blank: no Authorization header at all. */
    ScimClient(String baseUrl, String token) {
        // HTTP/1.1: that is what provisioning clients such as Entra speak, and it keeps one request
        // per connection so concurrency equals --clients rather than being multiplexed away.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.baseUrl = baseUrl;
        this.authorization = token == null || token.isBlank() ? null : "Bearer " + token;
    }

    /** Whether requests carry a bearer token. */
    boolean authenticated() {
        return authorization != null;
    }

    String baseUrl() {
        return baseUrl;
    }

    Response createUser(String body, boolean wantBody) throws IOException, InterruptedException {
        return send("POST", "/Users", body, wantBody);
    }

    Response getUser(String id, boolean wantBody) throws IOException, InterruptedException {
        return send("GET", "/Users/" + encode(id), null, wantBody);
    }

    Response listUsers(long startIndex, int count, String attribute) throws IOException, InterruptedException {
        return send("GET", listPath(startIndex, count, attribute), null, true);
    }

    Response filterByUserName(String userName) throws IOException, InterruptedException {
        return send("GET", filterPath(userName), null, true);
    }

    /** Any GET below the base URL, e.g. "/Users?filter=...". */
    Response get(String pathAndQuery) throws IOException, InterruptedException {
        return send("GET", pathAndQuery, null, true);
    }

    static String listPath(long startIndex, int count, String attribute) {
        String path = "/Users?startIndex=" + startIndex + "&count=" + count;
        return attribute == null ? path : path + "&attributes=" + encode(attribute);
    }

    static String filterPath(String userName) {
        // SCIM string literal: escape backslash and quote inside the quotes (RFC 7644 uses JSON strings)
        String literal = userName.replace("\\", "\\\\").replace("\"", "\\\"");
        return "/Users?filter=" + encode("userName eq \"" + literal + "\"");
    }

    /**
     * Percent-encodes a query value or path segment. URLEncoder does form encoding, where a space
     * becomes '+'; '%20' is correct in both paths and queries, so convert.
     */
    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Any request; {@code pathAndQuery} is relative to the SCIM base URL. */
    Response send(String method, String pathAndQuery, String body, boolean wantBody)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", SCIM_JSON)
                .header("Accept", SCIM_JSON);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        request.method(method, body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (wantBody) {
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(r.statusCode(), r.body());
        }
        // still reads the body to the end (so the connection can be reused), just doesn't keep it
        HttpResponse<Void> r = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
        return new Response(r.statusCode(), null);
    }
}
