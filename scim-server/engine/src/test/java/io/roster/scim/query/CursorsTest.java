package io.roster.scim.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roster.scim.error.ScimException;
import io.roster.scim.error.ScimType;
import io.roster.scim.store.Row;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** RFC 9865 cursors are opaque: encrypted and authenticated, bound to their query, and they expire. */
class CursorsTest {
    private static final byte[] KEY = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");
    private static final String SECRET_VALUE = "$pbkdf2-sha256$100000$c2FsdA$aGFzaC1vZi1hLXBhc3N3b3Jk";
    private static final String ID = "0193f7a2-5b1c-7d3e-9f00-123456789abc";

    private final Cursors cursors = new Cursors(() -> KEY, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofHours(1));

    private static ScimException refused(Cursors c, String token, String fingerprint) {
        return assertThrows(ScimException.class, () -> c.decode(token, fingerprint));
    }

    @Test
    void aCursorRoundTripsItsPositionDirectionAndKeyType() {
        for (Object key : new Object[] {SECRET_VALUE, new java.math.BigDecimal("12.5"), NOW, Boolean.TRUE, null}) {
            String token = cursors.encode("fp", false, new Row(key, ID));
            Cursors.Position p = cursors.decode(token, "fp");
            assertFalse(p.forward());
            assertEquals(new Row(key, ID), p.position());
        }
        assertEquals(new Cursors.Position(true, null), cursors.decode(cursors.encode("fp", true, null), "fp"));
    }

    @Test
    void noAttributeValueIdOrFingerprintCanBeReadFromACursor() {
        String token = cursors.encode("fingerprint-1", true, new Row(SECRET_VALUE, ID));
        assertTrue(token.matches("[A-Za-z0-9_-]+"), "RFC 3986 unreserved characters only: " + token);
        String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.ISO_8859_1);
        for (String secret : new String[] {SECRET_VALUE, "pbkdf2", "c2FsdA", ID, "123456789abc", "fingerprint-1"}) {
            assertFalse(decoded.contains(secret), "the cursor shows " + secret);
            assertFalse(token.contains(secret), "the cursor shows " + secret);
        }
        // Two cursors for the same position share nothing but the version byte: no value can be compared across them.
        assertNotEquals(token, cursors.encode("fingerprint-1", true, new Row(SECRET_VALUE, ID)));
    }

    @Test
    void everyAlteredByteMakesTheCursorInvalid() {
        byte[] bytes = Base64.getUrlDecoder().decode(cursors.encode("fp", true, new Row("value", ID)));
        for (int i = 0; i < bytes.length; i++) {
            byte[] altered = bytes.clone();
            altered[i] ^= 0x01;
            String token = Base64.getUrlEncoder().withoutPadding().encodeToString(altered);
            assertEquals(ScimType.INVALID_CURSOR, refused(cursors, token, "fp").scimType(), "byte " + i);
        }
        String good = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        for (String broken : new String[] {"", "not-a-cursor", "%%%", good.substring(0, good.length() - 2), good + "AA"}) {
            ScimException e = refused(cursors, broken, "fp");
            assertEquals(ScimType.INVALID_CURSOR, e.scimType(), broken);
            assertEquals(400, e.status());
        }
    }

    @Test
    void aCursorOfAnotherQueryOrAnotherKeyIsInvalid() {
        String token = cursors.encode("fp", true, new Row("value", ID));
        ScimException other = refused(cursors, token, "other-fp");
        assertEquals(ScimType.INVALID_CURSOR, other.scimType());
        assertTrue(other.detail().contains("different query"), other.detail());
        byte[] otherKey = KEY.clone();
        otherKey[0] ^= 1;
        Cursors elsewhere = new Cursors(() -> otherKey, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofHours(1));
        assertEquals(ScimType.INVALID_CURSOR, refused(elsewhere, token, "fp").scimType());
    }

    @Test
    void aCursorInTheEarlierSignedButReadableFormatIsInvalid() throws Exception {
        // Version 1: base64url(payload) "." base64url(first 16 bytes of HMAC-SHA256(key, payload)), payload in clear.
        String payload = String.join("\n", "1", "fp", "n", Long.toString(NOW.getEpochSecond()), ID, "s" + SECRET_VALUE);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        byte[] tag = java.util.Arrays.copyOf(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)), 16);
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String v1 = b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + b64.encodeToString(tag);
        assertEquals(ScimType.INVALID_CURSOR, refused(cursors, v1, "fp").scimType());
    }

    @Test
    void aCursorOlderThanTheTimeoutHasExpired() {
        String token = cursors.encode("fp", true, new Row("value", ID));
        Cursors later = new Cursors(() -> KEY, Clock.fixed(NOW.plus(Duration.ofHours(1)), ZoneOffset.UTC), Duration.ofHours(1));
        assertEquals(new Row("value", ID), later.decode(token, "fp").position(), "valid for the whole timeout");
        Cursors tooLate = new Cursors(() -> KEY, Clock.fixed(NOW.plus(Duration.ofSeconds(3601)), ZoneOffset.UTC), Duration.ofHours(1));
        ScimException e = refused(tooLate, token, "fp");
        assertEquals(ScimType.EXPIRED_CURSOR, e.scimType());
        assertEquals(400, e.status());
    }
}
