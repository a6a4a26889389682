package io.roster.scim.query;

import io.roster.scim.error.ScimException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 9865 cursors. A cursor is a keyset position, not an offset: the sort key and id of the row a
 * page ended (or, going back, started) at, so a walk returns every resource that exists throughout
 * it exactly once however many are created or deleted meanwhile, and no state is kept on the server.
 * The position travels with the query's fingerprint, the direction and the time it was issued,
 * base64url-encoded (RFC 3986 unreserved characters only) and signed with HMAC-SHA256 under a key
 * kept in the store, so a forged, altered or foreign cursor is refused ({@code invalidCursor}), and
 * one older than the timeout is {@code expiredCursor}.
 */
public final class Cursors {
    private static final String VERSION = "1";
    private static final int MAC_BYTES = 16;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final Supplier<byte[]> key;
    private final Clock clock;
    private final Duration timeout;

    /**
     * @param key     the signing key (read lazily, so the store can create it on first use)
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
        String payload = String.join("\n", VERSION, fingerprint, forward ? "n" : "p",
                Long.toString(clock.instant().getEpochSecond()),
                position == null ? "" : position.id(),
                position == null ? "-" : Sort.encodeKey(position.key()));
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        return ENCODER.encodeToString(bytes) + "." + ENCODER.encodeToString(mac(bytes));
    }

    /** The position a cursor holds; throws invalidCursor or expiredCursor (RFC 9865 section 2.1). */
    public Position decode(String token, String fingerprint) {
        String t = token.trim();
        int dot = t.indexOf('.');
        byte[] payload;
        byte[] mac;
        try {
            if (dot <= 0) {
                throw new IllegalArgumentException();
            }
            payload = DECODER.decode(t.substring(0, dot));
            mac = DECODER.decode(t.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (!MessageDigest.isEqual(mac, mac(payload))) {
            throw invalid();
        }
        String[] f = new String(payload, StandardCharsets.UTF_8).split("\n", 6);
        if (f.length != 6 || !f[0].equals(VERSION)) {
            throw invalid();
        }
        if (!f[1].equals(fingerprint)) {
            throw ScimException.invalidCursor("This cursor belongs to a different query: send every parameter "
                    + "(filter, sortBy, sortOrder) exactly as in the request that returned it, changing only cursor.");
        }
        long issued;
        Row position;
        try {
            issued = Long.parseLong(f[3]);
            position = f[4].isEmpty() ? null : new Row(Sort.decodeKey(f[5]), f[4]);
        } catch (RuntimeException e) {
            throw invalid();
        }
        long age = clock.instant().getEpochSecond() - issued;
        if (age > timeout.toSeconds()) {
            throw ScimException.expiredCursor("The cursor has expired: cursors are valid for " + timeout.toSeconds()
                    + " seconds (cursorTimeout in /ServiceProviderConfig). Start again without a cursor value.");
        }
        return new Position(f[2].equals("n"), position);
    }

    private static ScimException invalid() {
        return ScimException.invalidCursor("The cursor is not one this server issued: leave cursor empty for the first "
                + "page, then send the nextCursor or previousCursor value of the previous response unchanged.");
    }

    private byte[] mac(byte[] payload) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(key.get(), "HmacSHA256"));
            byte[] full = m.doFinal(payload);
            byte[] out = new byte[MAC_BYTES];
            System.arraycopy(full, 0, out, 0, MAC_BYTES);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
