package io.roster.scim.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roster.scim.error.ScimException;
import io.roster.scim.json.JsonSupport;
import jakarta.json.JsonObject;
import jakarta.json.stream.JsonParsingException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each mapper is bound to the exception type it claims (a peer once shipped a mapper bound to the
 * wrong type), and each answers with the RFC 7644 error object, never a stack trace.
 */
class ExceptionMappersTest {
    private static HttpServer server;
    private static String base;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Path("boom")
    public static final class Thrower {
        @GET
        @Path("scim")
        public String scim() {
            throw ScimException.invalidValue("bad value");
        }

        @GET
        @Path("json")
        public String json() {
            throw new JsonParsingException("unexpected char", null);
        }

        @GET
        @Path("bug")
        public String bug() {
            throw new IllegalStateException("secret internal detail");
        }
    }

    @BeforeAll
    static void start() {
        ResourceConfig rc = new ResourceConfig()
                .register(new Thrower())
                .register(new ScimExceptionMapper())
                .register(new JsonExceptionMapper())
                .register(new WebApplicationExceptionMapper())
                .register(new UnexpectedExceptionMapper());
        server = GrizzlyHttpServerFactory.createHttpServer(URI.create("http://127.0.0.1:0/"), rc, true);
        base = "http://127.0.0.1:" + server.getListeners().iterator().next().getPort() + "/";
    }

    @AfterAll
    static void stop() {
        server.shutdownNow();
    }

    private static HttpResponse<String> call(String method, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject scimError(HttpResponse<String> r, int status) {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals("application/scim+json", r.headers().firstValue("Content-Type").orElse(""));
        JsonObject body = JsonSupport.parseObject(new ByteArrayInputStream(r.body().getBytes(StandardCharsets.UTF_8)));
        assertEquals("urn:ietf:params:scim:api:messages:2.0:Error", body.getJsonArray("schemas").getString(0));
        assertEquals(Integer.toString(status), body.getString("status"));
        assertFalse(body.getString("detail").isBlank());
        return body;
    }

    @Test
    void scimExceptionMapperAnswersWithItsStatusAndScimType() throws Exception {
        JsonObject body = scimError(call("GET", "boom/scim"), 400);
        assertEquals("invalidValue", body.getString("scimType"));
        assertEquals("bad value", body.getString("detail"));
    }

    @Test
    void jsonExceptionMapperTurnsMalformedJsonIntoInvalidSyntax() throws Exception {
        assertEquals("invalidSyntax", scimError(call("GET", "boom/json"), 400).getString("scimType"));
    }

    @Test
    void webApplicationExceptionMapperAnswersUnknownPathsAndWrongMethods() throws Exception {
        scimError(call("GET", "nowhere"), 404);
        HttpResponse<String> r = call("DELETE", "boom/scim");
        scimError(r, 405);
        assertTrue(r.headers().firstValue("Allow").orElse("").contains("GET"), r.headers().map().toString());
    }

    @Test
    void catchAllAnswers500WithAnErrorIdAndNoInternals() throws Exception {
        JsonObject body = scimError(call("GET", "boom/bug"), 500);
        String detail = body.getString("detail");
        assertTrue(detail.contains("error id"), detail);
        assertFalse(detail.contains("secret internal detail"), detail);
        assertFalse(detail.contains("IllegalStateException"), detail);
        assertFalse(body.containsKey("scimType"));
    }
}
