package io.roster.scim.service;

import io.roster.scim.error.ScimException;
import io.roster.scim.json.JsonSupport;
import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;

/**
 * A Bulk request's {@code failOnErrors} (RFC 7644 section 3.7: "An integer specifying the number of
 * errors that the service provider will accept before the operation is terminated"), read as the
 * number of failed operations after which nothing more runs. Section 3.7.3's example shows that
 * {@code 1} stops at the first error, so {@code N} stops at the N-th.
 * <ul>
 *   <li>absent or null: no limit, every operation runs (section 3.7.3: "MUST continue performing as
 *       many changes as possible");</li>
 *   <li>{@code 0}: no error is accepted, so the first one stops the request, as {@code 1} does (not
 *       "no limit": zero is a number of errors, not the absence of one);</li>
 *   <li>any larger integer, however large (beyond 64 bits too), in any JSON spelling of an integer
 *       ({@code 10}, {@code 10.0}, {@code 1e1}) or as a string holding one ({@code "10"}, as Roster
 *       takes strings for integer attributes);</li>
 *   <li>a negative number, a fraction or any other value counts no errors, and is refused for the whole
 *       request (400 {@code invalidValue}) before anything runs, rather than guessed at.</li>
 * </ul>
 */
record FailOnErrors(long stopAt) {
    /** Every operation runs, whatever fails. */
    static final FailOnErrors NONE = new FailOnErrors(Long.MAX_VALUE);

    /** The limit a request's {@code failOnErrors} member (null when absent) sets. */
    static FailOnErrors of(JsonValue value) {
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return NONE;
        }
        BigDecimal n = integral(value);
        if (n == null || n.signum() < 0) {
            throw ScimException.invalidValue("\"failOnErrors\" is the number of errors after which the remaining operations "
                    + "are not run: an integer of 0 or more (0 and 1 both stop at the first error), or absent for no limit; not "
                    + JsonSupport.toText(value) + ".");
        }
        // more digits than a long holds: more errors than any request can have, so no limit in effect
        // (counted in long: precision - scale overflows an int at 1e2147483647)
        long stopAt = (long) n.precision() - n.scale() > 18 ? Long.MAX_VALUE : n.longValueExact();
        return new FailOnErrors(Math.max(1, stopAt));
    }

    /** The value without trailing zeros when it is an integer, else null; never expands 1e999999999 into digits. */
    private static BigDecimal integral(JsonValue value) {
        try {
            BigDecimal d = switch (value.getValueType()) {
                case NUMBER -> ((JsonNumber) value).bigDecimalValue();
                case STRING -> {
                    String s = ((JsonString) value).getString().trim();
                    yield s.length() > 64 ? null : new BigDecimal(s);
                }
                default -> null;
            };
            if (d == null || d.signum() == 0) {
                return d == null ? null : BigDecimal.ZERO;
            }
            d = d.stripTrailingZeros();
            return d.scale() > 0 ? null : d;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Whether {@code errors} failed operations stop the rest. */
    boolean reached(int errors) {
        return errors >= stopAt;
    }
}
