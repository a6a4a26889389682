package io.roster.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ScimClientTest {

    @Test
    void filterIsPercentEncodedWithSpacesAsPercent20() {
        assertEquals("/Users?filter=userName%20eq%20%22load-x-1%40example.com%22",
                ScimClient.filterPath("load-x-1@example.com"));
    }

    @Test
    void filterEscapesQuotesInsideTheLiteral() {
        assertEquals("/Users?filter=userName%20eq%20%22a%5C%22b%22", ScimClient.filterPath("a\"b"));
    }

    @Test
    void listPath() {
        assertEquals("/Users?startIndex=1001&count=1000&attributes=id", ScimClient.listPath(1001, 1000, "id"));
        assertEquals("/Users?startIndex=1&count=1", ScimClient.listPath(1, 1, null));
    }

    @Test
    void encodeIsSafeForPathSegments() {
        assertEquals("2819c223-7f76-453a", ScimClient.encode("2819c223-7f76-453a"));
        assertEquals("a%2Fb%20c%2Bd", ScimClient.encode("a/b c+d"));
    }
}
