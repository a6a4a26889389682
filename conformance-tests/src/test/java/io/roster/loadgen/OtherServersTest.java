package io.roster.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The load generator against a SCIM server that is not Roster: it reads discovery before writing
 * anything and names what is missing, reads a BulkResponse's status whether string or number, keeps
 * to the server's bulk.maxOperations, and sends no Authorization header when it has no token.
 */
class OtherServersTest {
    private static final String USERS_AND_GROUPS = """
            {"schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], "totalResults": 2, "Resources": [
              {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"], "id": "User", "name": "User",
               "endpoint": "/Users", "schema": "urn:ietf:params:scim:schemas:core:2.0:User"},
              {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"], "id": "Group", "name": "Group",
               "endpoint": "/Groups", "schema": "urn:ietf:params:scim:schemas:core:2.0:Group"}]}""";
    private static final Pattern BULK_ID = Pattern.compile("\"bulkId\"\\s*:\\s*\"([^\"]+)\"");

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private FakeScimServer server;

    @BeforeEach
    void start() throws IOException {
        server = new FakeScimServer().answer("GET /ResourceTypes", 200, USERS_AND_GROUPS);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private int run(String... args) {
        return LoadGenerator.run(args, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static String spc(boolean bulk, int maxOperations, String more) {
        return """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"], "patch": {"supported": true},
                 "bulk": {"supported": %s, "maxOperations": %d, "maxPayloadSize": 1048576},
                 "filter": {"supported": true, "maxResults": 200}, "sort": {"supported": false}%s}""".formatted(bulk, maxOperations, more);
    }

    /** Answers every operation of a Bulk request with 201, the status written as a number. */
    private static Object[] numericBulkResponse(String request) {
        StringBuilder ops = new StringBuilder();
        Matcher m = BULK_ID.matcher(request);
        while (m.find()) {
            ops.append(ops.length() == 0 ? "" : ",").append("{\"method\": \"POST\", \"bulkId\": \"").append(m.group(1))
                    .append("\", \"location\": \"https://other.example/Users/").append(m.group(1)).append("\", \"status\": 201}");
        }
        return new Object[] {200, "{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:BulkResponse\"], \"Operations\": [" + ops + "]}"};
    }

    private boolean anyWrite() {
        return server.requests().stream().anyMatch(r -> !r.method().equals("GET"));
    }

    @Test
    void aScenarioNeedingAResourceTypeTheServerLacksStopsBeforeWritingAnything() {
        server.answer("GET /ServiceProviderConfig", 200, spc(true, 1000, ""));
        assertEquals(1, run("licensing", "--url", server.url()));
        String e = errors();
        assertTrue(e.contains("scenario licensing needs what the server at " + server.url() + " does not offer"), e);
        assertTrue(e.contains("/Licenses (GET /ResourceTypes lists /Users, /Groups)"), e);
        assertTrue(!anyWrite(), "nothing was created: " + server.requests());

        assertEquals(1, run("ua-get-users", "--url", server.url()));
        assertTrue(errors().contains("/Roles (GET /ResourceTypes lists"), errors());
    }

    @Test
    void bulkImportAgainstAServerWithoutBulkSaysSo() {
        server.answer("GET /ServiceProviderConfig", 200, spc(false, 0, ""));
        assertEquals(1, run("bulk-import", "--users", "10", "--url", server.url()));
        assertTrue(errors().contains("Bulk (RFC 7644 section 3.7) (/ServiceProviderConfig bulk.supported is false)"), errors());
        assertTrue(!anyWrite());
    }

    @Test
    void cursorWalkNeedsTheRfc9865PaginationBlock() {
        server.answer("GET /ServiceProviderConfig", 200, spc(true, 10, ""));
        assertEquals(1, run("cursor-walk", "--url", server.url()));
        assertTrue(errors().contains("cursor paging (RFC 9865) (/ServiceProviderConfig pagination.cursor is absent)"), errors());
    }

    @Test
    void anExtensionAttributeMissingFromSchemasIsNamed() {
        server.answer("GET /ServiceProviderConfig", 200, spc(true, 10, ""));
        assertEquals(1, run("dynamic-groups", "--url", server.url()));
        assertTrue(errors().contains("the attribute urn:ietf:params:scim:schemas:extension:roster:2.0:Group:membershipRule"), errors());
    }

    @Test
    void bulkImportReadsNumericStatusesKeepsToMaxOperationsAndSendsNoTokenWhenItHasNone() {
        server.answer("GET /ServiceProviderConfig", 200, spc(true, 2, ""))
                .answer("POST /Bulk", OtherServersTest::numericBulkResponse);
        assertEquals(0, run("bulk-import", "--users", "5", "--clients", "1", "--url", server.url()), errors());
        String e = errors();
        assertTrue(e.contains("--batch 1000 is more than the server's bulk.maxOperations 2: sending 2 operations per request"), e);
        assertTrue(e.contains("bulk-import: 5 users created"), e);
        List<FakeScimServer.Request> bulks = server.requests().stream().filter(r -> r.path().equals("/Bulk")).toList();
        assertEquals(3, bulks.size(), "2 + 2 + 1 operations");
        assertTrue(server.requests().stream().allMatch(r -> r.authorization() == null), "no Authorization header without a token");
    }

    @Test
    void aGivenTokenIsSentAsABearer() {
        server.answer("GET /ServiceProviderConfig", 200, spc(true, 1000, ""))
                .answer("POST /Bulk", OtherServersTest::numericBulkResponse);
        assertEquals(0, run("bulk-import", "--users", "1", "--clients", "1", "--token", "s3cret", "--url", server.url()), errors());
        assertTrue(server.requests().stream().allMatch(r -> "Bearer s3cret".equals(r.authorization())), server.requests().toString());
    }

    @Test
    void aServerWantingAuthenticationIsToldAboutWhenNoTokenWasGiven() {
        server.answer("GET /Users", 401, "{\"status\": \"401\"}");
        assertEquals(1, run("get-users", "--url", server.url()));
        assertTrue(errors().contains("wants authentication (HTTP 401): pass a bearer token with --token"), errors());
    }
}
