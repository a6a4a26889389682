package io.roster.conformance;

import static io.roster.conformance.Scim.scim;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.roster.conformance.kit.Area;
import io.roster.conformance.kit.Check;
import io.roster.conformance.kit.Level;
import io.roster.conformance.kit.RecordingHttpClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** CLIENTS.md, "Generic HTTP clients and libraries": the request shapes they send, answered as they expect. */
@Check(level = Level.CLIENT, area = Area.CLIENTS, rule = "CLIENTS.md generic HTTP clients")
class GenericClientsTest {

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(ScimTarget.get().scimRoot() + path))
                .header("Authorization", "Bearer " + ScimTarget.get().token())
                .timeout(Duration.ofSeconds(10));
    }

    /**
     * Java's HttpClient defaults to HTTP/2 and asks a plain-http server for h2c on its first request
     * (Connection: Upgrade, HTTP2-Settings). The server answers as HTTP/1.1 and the connection stays
     * usable: the POST after the GET goes on it and is answered (the client does not retry a lost POST).
     */
    @Test
    void javaHttpClientsDefaultRequestsAreAnsweredOneAfterAnother() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> get = RecordingHttpClient.send(http, request("/Users?count=1").GET().build());
            assertThat(get.body(), get.statusCode(), equalTo(200));
            String userName = Scim.uniqueUserName("java-client");
            HttpResponse<String> post = RecordingHttpClient.send(http, request("/Users").header("Content-Type", Scim.SCIM_JSON)
                    .POST(HttpRequest.BodyPublishers.ofString(Scim.userBody(userName))).build());
            assertThat(post.body(), post.statusCode(), equalTo(201));
        }
    }

    /** Test tools and some connectors send {} with a GET: it is ignored (it was a bare, empty 400). */
    @Test
    void aGetWithAJsonBodyIsAnsweredAsAGet() throws Exception {
        String id = Scim.createUniqueUser("get-body");
        scim().body("{}").get("/Users/{id}", id).then().statusCode(200).body("id", equalTo(id));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> noContentType = RecordingHttpClient.send(http, request("/Users/" + id)
                .method("GET", HttpRequest.BodyPublishers.ofString("{}")).build());
        assertThat(noContentType.body(), noContentType.statusCode(), equalTo(200));
    }

    /** ...and with a DELETE: the resource is deleted (204), as without a body. */
    @Test
    void aDeleteWithAJsonBodyDeletes() throws Exception {
        String id = Scim.createUniqueUser("delete-body");
        scim().body("{}").delete("/Users/{id}", id).then().statusCode(204);
        Scim.assertScimError(Scim.getUser(id), 404);

        String other = Scim.createUniqueUser("delete-body-raw");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> r = RecordingHttpClient.send(http, request("/Users/" + other)
                .method("DELETE", HttpRequest.BodyPublishers.ofString("{}")).build());
        assertThat(r.body(), r.statusCode(), equalTo(204));
        Scim.assertScimError(Scim.getUser(other), 404);
    }
}
