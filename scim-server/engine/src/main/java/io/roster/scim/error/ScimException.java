package io.roster.scim.error;

import java.util.Map;

/**
 * A request that cannot be honoured, with everything needed to answer it as an RFC 7644 section 3.12
 * error: the HTTP status, an optional {@code scimType}, and a detail telling the caller what to do.
 * Extra headers (for example {@code WWW-Authenticate} on a 401) travel with it. The detail is capped
 * ({@link Details#cap}): a detail quoting client input can never echo megabytes back.
 */
public class ScimException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final ScimType scimType;
    private final transient Map<String, String> headers;

    public ScimException(int status, ScimType scimType, String detail) {
        this(status, scimType, detail, Map.of());
    }

    public ScimException(int status, ScimType scimType, String detail, Map<String, String> headers) {
        super(Details.cap(detail), null, false, false);
        this.status = status;
        this.scimType = scimType;
        this.headers = Map.copyOf(headers);
    }

    public int status() {
        return status;
    }

    /** The RFC 7644 keyword, or null where the RFC defines none for the status. */
    public ScimType scimType() {
        return scimType;
    }

    public String detail() {
        return getMessage();
    }

    public Map<String, String> headers() {
        return headers;
    }

    // 400s with an RFC 7644 scimType

    public static ScimException invalidFilter(String detail) {
        return new ScimException(400, ScimType.INVALID_FILTER, detail);
    }

    public static ScimException tooMany(String detail) {
        return new ScimException(400, ScimType.TOO_MANY, detail);
    }

    /** RFC 9865 section 2.1: a cursor the server did not issue, or issued for another query. */
    public static ScimException invalidCursor(String detail) {
        return new ScimException(400, ScimType.INVALID_CURSOR, detail);
    }

    /** RFC 9865 section 2.1: a cursor older than the advertised cursorTimeout. */
    public static ScimException expiredCursor(String detail) {
        return new ScimException(400, ScimType.EXPIRED_CURSOR, detail);
    }

    public static ScimException mutability(String detail) {
        return new ScimException(400, ScimType.MUTABILITY, detail);
    }

    public static ScimException invalidSyntax(String detail) {
        return new ScimException(400, ScimType.INVALID_SYNTAX, detail);
    }

    public static ScimException invalidPath(String detail) {
        return new ScimException(400, ScimType.INVALID_PATH, detail);
    }

    public static ScimException noTarget(String detail) {
        return new ScimException(400, ScimType.NO_TARGET, detail);
    }

    public static ScimException invalidValue(String detail) {
        return new ScimException(400, ScimType.INVALID_VALUE, detail);
    }

    public static ScimException invalidVersion(String detail) {
        return new ScimException(400, ScimType.INVALID_VERS, detail);
    }

    public static ScimException badRequest(String detail) {
        return new ScimException(400, null, detail);
    }

    // other statuses

    public static ScimException uniqueness(String detail) {
        return new ScimException(409, ScimType.UNIQUENESS, detail);
    }

    public static ScimException conflict(String detail) {
        return new ScimException(409, null, detail);
    }

    public static ScimException unauthorized(String detail) {
        return new ScimException(401, null, detail, Map.of("WWW-Authenticate", "Bearer realm=\"roster\""));
    }

    public static ScimException forbidden(String detail) {
        return new ScimException(403, null, detail);
    }

    public static ScimException notFound(String detail) {
        return new ScimException(404, null, detail);
    }

    public static ScimException methodNotAllowed(String detail) {
        return new ScimException(405, null, detail);
    }

    public static ScimException preconditionFailed(String detail) {
        return new ScimException(412, null, detail);
    }

    public static ScimException payloadTooLarge(String detail) {
        return new ScimException(413, null, detail);
    }

    /** RFC 9110 section 15.5.9: the client did not send its request body in time. */
    public static ScimException requestTimeout(String detail) {
        return new ScimException(408, null, detail);
    }

    /**
     * RFC 6585 section 4: the caller has too many requests in progress; {@code Retry-After} (RFC 9110
     * section 10.2.3) says in how many seconds to try again.
     */
    public static ScimException tooManyRequests(String detail, int retryAfterSeconds) {
        return new ScimException(429, null, detail, Map.of("Retry-After", Integer.toString(retryAfterSeconds)));
    }

    public static ScimException unsupportedMediaType(String detail) {
        return new ScimException(415, null, detail);
    }

    public static ScimException unavailable(String detail) {
        return new ScimException(503, null, detail);
    }

    public static ScimException notImplemented(String detail) {
        return new ScimException(501, null, detail);
    }
}
