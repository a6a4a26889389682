package io.roster.scim.query;

import io.roster.scim.error.ScimException;
import io.roster.scim.store.Row;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.function.Supplier;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 9865 cursors. A cursor is a keyset position, not an offset: the sort key and id of the row a
 * page ended (or, going back, started) at, so a walk returns every resource that exists throughout
 * it exactly once however many are created or deleted meanwhile, and no state is kept on the server.
 *
 * <p>The position travels with the query's fingerprint, the direction and the time it was issued,
 * encrypted and authenticated with AES-256-GCM: a sort key is an attribute value of some resource, and
 * the cursor must not show it to whoever holds the cursor (RFC 9865 section 2 calls cursors opaque). Each
 * cursor is sealed under its own key, HMAC-SHA256(store key, random 128-bit salt), with a random 96-bit
 * nonce: random nonces under one key are safe only up to 2^32 messages (NIST SP 800-38D section 8.3),
 * which a busy server issuing a cursor per page could reach in weeks; a key per cursor removes that
 * limit without any counter state. The token is {@code version byte | salt | nonce | ciphertext and
 * tag}, base64url-encoded (RFC 3986 unreserved characters only). A forged, altered, truncated or foreign cursor fails authentication ({@code invalidCursor}); one
 * issued for another query says so ({@code invalidCursor}); one older than the timeout is
 * {@code expiredCursor}. Cursors of an earlier format, or under another key, are simply {@code invalidCursor}.
 */
public final class Cursors {
    private static final byte VERSION = 2;
    private static final int SALT_BYTES = 16;
    private static final int NONCE_BYTES = 12;
    private static final int HEADER_BYTES = 1 + SALT_BYTES + NONCE_BYTES;
    private static final byte[] KDF_LABEL = "roster cursor v2".getBytes(StandardCharsets.UTF_8);
    private static final int TAG_BITS = 128;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final Supplier<byte[]> key;
    private final Clock clock;
    private final Duration timeout;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param key     the 256-bit master key (read lazily, so the store can create it on first use)
     * @param timeout how long a cursor stays valid (advertised as cursorTimeout)
     */
    public Cursors(Supplier<byte[]> key, Clock clock, Duration timeout) {
        this.key = key;
        this.clock = clock;
        this.timeout = timeout;
    }

    public Duration timeout() {
        return timeout;
    }

    /** A decoded cursor: continue forward after {@code position}, or backward before it. Null position: an end. */
    public record Position(boolean forward, Row position) {
    }

    /** A short, stable digest of the query's text, so a cursor only continues the query it came from. */
    public static String fingerprint(String... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String p : parts) {
                sha.update((p == null ? "\u0000" : p).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0x1f);
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String encode(String fingerprint, boolean forward, Row position) {
        String payload = String.join("\n", fingerprint, forward ? "n" : "p",
                Long.toString(clock.instant().getEpochSecond()),
                position == null ? "" : position.id(),
                position == null ? "-" : encodeKey(position.key()));
        byte[] header = new byte[HEADER_BYTES];
        random.nextBytes(header);
        header[0] = VERSION;
        byte[] sealed = crypt(Cipher.ENCRYPT_MODE, header, payload.getBytes(StandardCharsets.UTF_8), 0);
        byte[] token = Arrays.copyOf(header, HEADER_BYTES + sealed.length);
        System.arraycopy(sealed, 0, token, HEADER_BYTES, sealed.length);
        return ENCODER.encodeToString(token);
    }

    /** The position a cursor holds; throws invalidCursor or expiredCursor (RFC 9865 section 2.1). */
    public Position decode(String token, String fingerprint) {
        byte[] bytes;
        try {
            bytes = DECODER.decode(token.trim());
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (bytes.length < HEADER_BYTES + TAG_BITS / 8 || bytes[0] != VERSION) {
            throw invalid();
        }
        byte[] opened = crypt(Cipher.DECRYPT_MODE, bytes, bytes, HEADER_BYTES);
        if (opened == null) {
            throw invalid();
        }
        String[] f = new String(opened, StandardCharsets.UTF_8).split("\n", 5);
        if (f.length != 5) {
            throw invalid();
        }
        if (!f[0].equals(fingerprint)) {
            throw ScimException.invalidCursor("This cursor belongs to a different query: send every parameter "
                    + "(filter, sortBy, sortOrder) exactly as in the request that returned it, changing only cursor.");
        }
        long issued;
        Row position;
        try {
            issued = Long.parseLong(f[2]);
            position = f[3].isEmpty() ? null : new Row(decodeKey(f[4]), f[3]);
        } catch (RuntimeException e) {
            throw invalid();
        }
        long age = clock.instant().getEpochSecond() - issued;
        if (age > timeout.toSeconds()) {
            throw ScimException.expiredCursor("The cursor has expired: cursors are valid for " + timeout.toSeconds()
                    + " seconds (cursorTimeout in /ServiceProviderConfig). Start again without a cursor value.");
        }
        return new Position(f[1].equals("n"), position);
    }

    private static ScimException invalid() {
        return ScimException.invalidCursor("The cursor is not one this server issued: leave cursor empty for the first "
                + "page, then send the nextCursor or previousCursor value of the previous response unchanged.");
    }

    /**
     * AES-GCM over {@code input} from {@code offset}, under the key and nonce the header (version, salt,
     * nonce) gives; the whole header is authenticated as associated data. Null when decryption fails
     * authentication.
     */
    private byte[] crypt(int mode, byte[] header, byte[] input, int offset) {
        try {
            Mac kdf = Mac.getInstance("HmacSHA256");
            kdf.init(new SecretKeySpec(key.get(), "HmacSHA256"));
            kdf.update(KDF_LABEL);
            kdf.update(header, 1, SALT_BYTES);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(mode, new SecretKeySpec(kdf.doFinal(), "AES"), new GCMParameterSpec(TAG_BITS, header, 1 + SALT_BYTES, NONCE_BYTES));
            c.updateAAD(header, 0, HEADER_BYTES);
            return c.doFinal(input, offset, input.length - offset);
        } catch (AEADBadTagException e) {
            return null;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM or HMAC-SHA256 is missing from this JDK", e);
        }
    }

    /** A key as text for a cursor: a type letter, then the value. */
    private static String encodeKey(Object key) {
        if (key == null) {
            return "-";
        }
        if (key instanceof String s) {
            return "s" + s;
        }
        if (key instanceof BigDecimal d) {
            return "n" + d.toString();
        }
        if (key instanceof Instant i) {
            return "t" + i.toString();
        }
        if (key instanceof Boolean b) {
            return "b" + b;
        }
        throw new IllegalArgumentException("unsupported sort key " + key.getClass());
    }

    /** Inverse of {@link #encodeKey}; throws IllegalArgumentException on text it never wrote. */
    private static Object decodeKey(String text) {
        if (text.equals("-")) {
            return null;
        }
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty key");
        }
        String v = text.substring(1);
        return switch (text.charAt(0)) {
            case 's' -> v;
            case 'n' -> new BigDecimal(v);
            case 't' -> Instant.parse(v);
            case 'b' -> Boolean.parseBoolean(v);
            default -> throw new IllegalArgumentException("unknown key kind");
        };
    }
}
