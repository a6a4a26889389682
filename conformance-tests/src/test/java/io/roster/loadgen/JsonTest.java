package io.roster.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class JsonTest {

    private static final String CREATED_USER = """
            {
              "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
              "meta": {"resourceType": "User", "id": "not-this-one", "location": "https://x/Users/abc"},
              "groups": [{"value": "g1", "id": "nor-this"}],
              "userName": "a@example.com",
              "id": "2819c223-7f76-453a-919d-413861904646",
              "active": true
            }""";

    @Test
    void topLevelIdWinsOverNestedIds() {
        assertEquals(Optional.of("2819c223-7f76-453a-919d-413861904646"), Json.stringField(CREATED_USER, "id"));
        assertEquals(Optional.of("a@example.com"), Json.stringField(CREATED_USER, "userName"));
    }

    @Test
    void missingOrNonStringFieldIsEmpty() {
        assertEquals(Optional.empty(), Json.stringField(CREATED_USER, "externalId"));
        assertEquals(Optional.empty(), Json.stringField(CREATED_USER, "active"));
        assertEquals(Optional.empty(), Json.stringField("{\"meta\":{\"id\":\"x\"}}", "id"));
    }

    @Test
    void decodesEscapes() {
        String json = "{\"id\":\"a\\\"b\\\\c\\/d\\u00e9\\n\"}";
        assertEquals(Optional.of("a\"b\\c/dé\n"), Json.stringField(json, "id"));
    }

    @Test
    void bracesInsideStringsDoNotConfuseDepth() {
        String json = "{\"displayName\":\"}{][\\\"\",\"nested\":{\"a\":[1,{\"b\":\"}\"}]},\"id\":\"real\"}";
        assertEquals(Optional.of("real"), Json.stringField(json, "id"));
    }

    @Test
    void readsTotalResults() {
        String json = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:ListResponse\"],"
                + "\"totalResults\": 1, \"itemsPerPage\":1,\"startIndex\":1,\"Resources\":[{\"id\":\"x\"}]}";
        assertEquals(OptionalLong.of(1), Json.longField(json, "totalResults"));
        assertEquals(OptionalLong.of(0), Json.longField("{\"totalResults\":0,\"Resources\":[]}", "totalResults"));
    }

    @Test
    void nonIntegerTotalResultsIsEmpty() {
        assertEquals(OptionalLong.empty(), Json.longField("{\"totalResults\":\"1\"}", "totalResults"));
        assertEquals(OptionalLong.empty(), Json.longField("{\"totalResults\":1.5}", "totalResults"));
        assertEquals(OptionalLong.empty(), Json.longField("{\"totalResults\":null}", "totalResults"));
        assertEquals(OptionalLong.empty(), Json.longField("{}", "totalResults"));
    }

    @Test
    void collectsIdsFromResources() {
        String json = """
                {"totalResults":3,"Resources":[
                  {"id":"one","meta":{"id":"x"}},
                  {"userName":"no-id"},
                  {"emails":[{"value":"e"}],"id":"two"}
                ],"startIndex":1}""";
        assertEquals(List.of("one", "two"), Json.stringsInArray(json, "Resources", "id"));
        assertEquals(List.of("no-id"), Json.stringsInArray(json, "Resources", "userName"));
    }

    @Test
    void emptyOrAbsentResources() {
        assertEquals(List.of(), Json.stringsInArray("{\"totalResults\":0,\"Resources\":[]}", "Resources", "id"));
        assertEquals(List.of(), Json.stringsInArray("{\"totalResults\":0}", "Resources", "id"));
        assertEquals(List.of(), Json.stringsInArray("{\"Resources\":null}", "Resources", "id"));
    }

    @Test
    void malformedInputYieldsNothingInsteadOfThrowing() {
        for (String bad : new String[] {null, "", "[]", "{", "{\"id\":", "{\"id\":\"unterminated", "<html>502</html>"}) {
            assertEquals(Optional.empty(), Json.stringField(bad, "id"), String.valueOf(bad));
            assertEquals(OptionalLong.empty(), Json.longField(bad, "totalResults"), String.valueOf(bad));
            assertTrue(Json.stringsInArray(bad, "Resources", "id").isEmpty(), String.valueOf(bad));
        }
    }

    @Test
    void truncatedListKeepsWhatWasRead() {
        String json = "{\"Resources\":[{\"id\":\"a\"},{\"id\":\"b\"},{\"id\":\"c";
        assertEquals(List.of("a", "b"), Json.stringsInArray(json, "Resources", "id"));
    }

    @Test
    void quoteEscapesWhatJsonRequires() {
        assertEquals("\"plain\"", Json.quote("plain"));
        assertEquals("\"a\\\"b\\\\c\\nd\\u0001\"", Json.quote("a\"b\\c\nd\u0001"));
        String round = "{\"k\":" + Json.quote("x\"y\\z\t") + "}";
        assertEquals(Optional.of("x\"y\\z\t"), Json.stringField(round, "k"));
    }

    /** RFC 7644 section 3.7.3's BulkResponse, pretty-printed, with the status as the RFC's string. */
    private static final String RFC_BULK_RESPONSE = """
            {
                 "schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkResponse"],
                 "Operations": [
                   {
                     "location": "https://example.com/v2/Users/92b725cd-9465-4e7d-8c16-01f8e146b87a",
                     "method": "POST",
                     "bulkId": "qwerty",
                     "version": "W\\/\\"oY4m4wn58tkVjJxK\\"",
                     "status": "201"
                   },
                   {
                     "method": "POST",
                     "bulkId": "ytrewq",
                     "status": "400",
                     "response": {"schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"], "status": "400", "scimType": "invalidSyntax"}
                   }
                 ]
            }""";

    @Test
    void bulkStatusesAreReadAsStringsOrNumbers() {
        assertEquals(List.of("201", "400"), Json.scalarsInArray(RFC_BULK_RESPONSE, "Operations", "status"));
        String numeric = "{\"Operations\":[{\"status\":201,\"response\":{\"status\":\"nested\"}},{\"method\":\"POST\",\"status\" : 409 },"
                + "{\"status\":null},{\"status\":{\"code\":201}},{\"status\":\"204\"}]}";
        assertEquals(List.of("201", "409", "204"), Json.scalarsInArray(numeric, "Operations", "status"));
        assertEquals(List.of("204"), Json.stringsInArray(numeric, "Operations", "status"), "strings only, as before");
    }

    @Test
    void bulkCreatesAreCountedFromTheStatusWhateverItsSpelling() {
        assertEquals(1, GroupScenarios.created(RFC_BULK_RESPONSE));
        assertEquals(3, GroupScenarios.created("{\"Operations\":[{\"status\":201},{\"status\": \"201\"},{\"status\":200},"
                + "{\"status\":409},{\"status\":\"2010\"}]}"));
        assertEquals(0, GroupScenarios.created("<html>502 Bad Gateway</html>"));
    }

    @Test
    void scalarsAtAPathOfNestedObjects() {
        String spc = """
                {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
                 "patch": {"supported": true}, "bulk": {"supported": false, "maxOperations": 1000, "maxPayloadSize": 1048576},
                 "filter": {"supported": true, "maxResults": 200}, "pagination": {"cursor": "true"}, "etag": null}""";
        assertEquals(Optional.of("true"), Json.scalarAt(spc, "patch", "supported"));
        assertEquals(Optional.of("false"), Json.scalarAt(spc, "bulk", "supported"));
        assertEquals(Optional.of("1000"), Json.scalarAt(spc, "bulk", "maxOperations"));
        assertEquals(Optional.of("true"), Json.scalarAt(spc, "pagination", "cursor"));
        assertEquals(Optional.empty(), Json.scalarAt(spc, "sort", "supported"), "absent");
        assertEquals(Optional.empty(), Json.scalarAt(spc, "etag", "supported"), "null is no object");
        assertEquals(Optional.empty(), Json.scalarAt(spc, "bulk"), "an object is no scalar");
        assertEquals(Optional.empty(), Json.scalarAt("{\"bulk\":", "bulk", "supported"), "malformed");
    }
}
