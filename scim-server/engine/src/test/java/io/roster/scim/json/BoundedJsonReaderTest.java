package io.roster.scim.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roster.scim.error.ScimException;
import io.roster.scim.error.ScimType;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BoundedJsonReaderTest {

    private static JsonObject parse(String json) {
        return JsonSupport.parseObject(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static ScimException refused(String json) {
        return assertThrows(ScimException.class, () -> parse(json));
    }

    @Test
    void aHugeExponentIsRefusedAsInvalidValueWithoutExpandingIt() {
        long start = System.nanoTime();
        for (String n : new String[] {"1e64000000", "1E+10000000", "-9.9e999999999", "1e-64000000", "0.1e-2000"}) {
            ScimException e = refused("{\"count\": " + n + "}");
            assertEquals(400, e.status());
            assertEquals(ScimType.INVALID_VALUE, e.scimType());
            assertTrue(e.detail().length() < 200, e.detail());
        }
        // expanding any one of them takes seconds; refusing all of them takes far less (a generous bound)
        assertTrue(System.nanoTime() - start < 20_000_000_000L, "refusing huge numbers must not expand them (expanding took 37 s)");
    }

    @Test
    void aNumberWrittenWithThousandsOfDigitsIsRefused() {
        assertEquals(ScimType.INVALID_VALUE, refused("{\"count\": " + "9".repeat(5000) + "}").scimType());
        assertEquals(ScimType.INVALID_VALUE, refused("{\"count\": 0." + "1".repeat(1001) + "}").scimType());
    }

    @Test
    void ordinaryNumbersAreKeptExactly() {
        JsonObject o = parse("{\"a\": 1e308, \"b\": -0.5, \"c\": 42, \"d\": 4.9e-324, \"e\": 1" + "0".repeat(999) + "}");
        assertEquals(new BigDecimal("1e308"), o.getJsonNumber("a").bigDecimalValue());
        assertEquals(new BigDecimal("-0.5"), o.getJsonNumber("b").bigDecimalValue());
        assertEquals(42, o.getInt("c"));
        assertEquals(new BigDecimal("4.9e-324"), o.getJsonNumber("d").bigDecimalValue());
        assertEquals(1000, o.getJsonNumber("e").bigDecimalValue().precision());
    }

    @Test
    void nestingUpToTheLimitIsAcceptedAndDeeperIsInvalidSyntax() {
        int arrays = BoundedJsonReader.MAX_DEPTH - 1; // the enclosing object is the first level
        JsonObject ok = parse("{\"a\": " + "[".repeat(arrays) + "]".repeat(arrays) + "}");
        assertTrue(ok.containsKey("a"));
        ScimException e = refused("{\"a\": " + "[".repeat(arrays + 1) + "]".repeat(arrays + 1) + "}");
        assertEquals(ScimType.INVALID_SYNTAX, e.scimType());
        assertTrue(e.detail().contains("64 levels"), e.detail());
    }

    @Test
    void aThousandLevelsDeepIsInvalidSyntaxNotAServerError() {
        ScimException e = refused("{\"a\": " + "{\"b\": ".repeat(1000) + "1" + "}".repeat(1000) + "}");
        assertEquals(400, e.status());
        assertEquals(ScimType.INVALID_SYNTAX, e.scimType());
    }

    @Test
    void theTreeIsWhatAJsonReaderBuilds() {
        JsonObject o = parse("{\"s\": \"x\", \"t\": true, \"f\": false, \"n\": null, \"a\": [1, {\"k\": [\"v\"]}, []], "
                + "\"o\": {}, \"dup\": 1, \"dup\": 2}");
        assertEquals(JsonSupport.parseTrusted("{\"s\": \"x\", \"t\": true, \"f\": false, \"n\": null, "
                + "\"a\": [1, {\"k\": [\"v\"]}, []], \"o\": {}, \"dup\": 2}"), o);
    }

    @Test
    void malformedOrTrailingOrEmptyInputIsInvalidSyntax() {
        for (String bad : new String[] {"{\"a\": }", "{\"a\": 1} x", "", "{\"a\": [1, 2}", "[1]", "\"s\""}) {
            ScimException e = refused(bad);
            assertEquals(ScimType.INVALID_SYNTAX, e.scimType(), bad + ": " + e.detail());
        }
    }
}
