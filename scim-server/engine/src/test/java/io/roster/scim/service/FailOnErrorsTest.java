package io.roster.scim.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roster.scim.error.ScimException;
import io.roster.scim.error.ScimType;
import io.roster.scim.json.JsonSupport;
import jakarta.json.JsonValue;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 7644 section 3.7's failOnErrors: which values are taken, and after how many errors they stop. */
class FailOnErrorsTest {

    private static FailOnErrors parse(String json) {
        return FailOnErrors.of(JsonSupport.parseTrusted("{\"f\": " + json + "}").get("f"));
    }

    @ParameterizedTest(name = "failOnErrors {0} stops at error {1}")
    @CsvSource(delimiter = '|', value = {
            "1 | 1",
            "0 | 1",                      // no error accepted: the first stops, as 1 does
            "-0 | 1",
            "3 | 3",
            "10.0 | 10",                  // an integer spelled with a zero fraction
            "1e1 | 10",
            "\"7\" | 7",                  // a string holding an integer, as for integer attributes
            "\" 2 \" | 2",
            "2147483648 | 2147483648",    // past int
            "9223372036854775807 | 9223372036854775807",
            "99999999999999999999999999 | 9223372036854775807", // past long: no limit in effect, no wrap-around
            "1e999999999 | 9223372036854775807",
            "1e2147483647 | 9223372036854775807", // the largest exponent: no int overflow in the digit count
            "\"1e2147483647\" | 9223372036854775807"})
    void integersOfZeroOrMoreAreTaken(String json, long stopAt) {
        assertEquals(stopAt, parse(json).stopAt());
    }

    @ParameterizedTest(name = "failOnErrors {0} is refused")
    @ValueSource(strings = {"-1", "-99999999999999999999", "1.5", "1e-1", "\"two\"", "\"\"", "true", "[1]", "{}"})
    void negativeFractionalAndNonNumericValuesAreRefusedWithInvalidValue(String json) {
        ScimException e = assertThrows(ScimException.class, () -> parse(json));
        assertEquals(400, e.status());
        assertEquals(ScimType.INVALID_VALUE, e.scimType());
        assertTrue(e.getMessage().contains("failOnErrors"), e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void absentOrNullMeansNoLimit() {
        assertEquals(FailOnErrors.NONE, FailOnErrors.of(null));
        assertEquals(FailOnErrors.NONE, FailOnErrors.of(JsonValue.NULL));
        assertFalse(FailOnErrors.NONE.reached(Integer.MAX_VALUE));
        assertTrue(parse("2").reached(2));
        assertFalse(parse("2").reached(1));
    }
}
