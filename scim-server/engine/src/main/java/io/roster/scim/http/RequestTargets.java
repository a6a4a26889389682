package io.roster.scim.http;

import io.roster.scim.error.ScimException;
import java.nio.charset.StandardCharsets;

/**
 * Checks and cleans the raw request target before anything routes or authenticates on it.
 * <ul>
 *   <li>Refused (400): dot segments ({@code .} and {@code ..}, plain or percent-encoded, also before a
 *   {@code ;} parameter), encoded slashes ({@code %2F}) and backslashes (plain or {@code %5C}). Roster
 *   never needs them, and they are how a path that looks like one endpoint reaches another: Jersey
 *   matches decoded paths, so {@code /Schemas%2F..%2FUsers} passed for discovery and reached
 *   {@code /Users}. Refusing is safer than normalising (RFC 3986 section 6.2.2 lets servers do either).</li>
 *   <li>Repaired: characters that RFC 3986 (section 2) requires to be percent-encoded but that clients
 *   send raw ({@code |}, {@code "}, {@code {}, bytes beyond ASCII, ...), and a {@code %} that starts no
 *   escape, are percent-encoded, so {@code /Users/a|b} is the resource id {@code a|b} and a raw
 *   {@code "} in a filter is a quote, instead of a URI syntax failure deep in the container.</li>
 * </ul>
 * Grizzly hands the raw target as one char per byte (ISO-8859-1), so a char is a byte here.
 */
final class RequestTargets {
    private static final String REFUSED = "The request path may not contain '.' or '..' segments, encoded slashes (%2F) or "
            + "backslashes; address the endpoint by its plain path, e.g. /scim/v2/Users/{id}.";

    private RequestTargets() {
    }

    /** The path, percent-encoded where it must be; throws a 400 for what is refused. */
    static String path(String raw) {
        if (raw == null || raw.isEmpty()) {
            return "/";
        }
        String path = encodeIllegal(raw, false);
        int start = 0;
        while (start <= path.length()) {
            int slash = path.indexOf('/', start);
            int end = slash < 0 ? path.length() : slash;
            checkSegment(path, start, end);
            if (slash < 0) {
                break;
            }
            start = slash + 1;
        }
        return path;
    }

    /** The query, percent-encoded where it must be (nothing in a query is refused: it routes nothing). */
    static String query(String raw) {
        return raw == null ? null : encodeIllegal(raw, true);
    }

    private static void checkSegment(String path, int start, int end) {
        StringBuilder decoded = new StringBuilder(end - start);
        for (int i = start; i < end; i++) {
            char c = path.charAt(i);
            if (c == '%') {
                int b = Integer.parseInt(path, i + 1, i + 3, 16); // encodeIllegal left only valid escapes
                if (b == '/' || b == '\\') {
                    throw ScimException.badRequest(REFUSED);
                }
                decoded.append((char) b);
                i += 2;
            } else {
                decoded.append(c);
            }
        }
        String name = decoded.toString();
        int semicolon = name.indexOf(';');
        if (semicolon >= 0) {
            name = name.substring(0, semicolon); // "..;x" is ".." to servers that strip path parameters
        }
        if (name.equals(".") || name.equals("..")) {
            throw ScimException.badRequest(REFUSED);
        }
    }

    private static String encodeIllegal(String raw, boolean query) {
        StringBuilder out = null;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            boolean ok;
            if (c == '%') {
                ok = i + 2 < raw.length() && hex(raw.charAt(i + 1)) && hex(raw.charAt(i + 2));
            } else if (c == '\\' && !query) {
                throw ScimException.badRequest(REFUSED);
            } else {
                ok = allowed(c, query);
            }
            if (!ok && out == null) {
                out = new StringBuilder(raw.length() + 16).append(raw, 0, i);
            }
            if (out != null) {
                if (ok) {
                    out.append(c);
                } else {
                    appendEncoded(out, c);
                }
            }
        }
        return out == null ? raw : out.toString();
    }

    private static void appendEncoded(StringBuilder out, char c) {
        byte[] bytes = c <= 0xFF ? new byte[] {(byte) c} : String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                    .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
        }
    }

    /** RFC 3986 section 3.3 pchar and "/", plus "?" in a query (section 3.4). */
    private static boolean allowed(char c, boolean query) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
            return true;
        }
        return switch (c) {
            case '-', '.', '_', '~', '!', '$', '&', '\'', '(', ')', '*', '+', ',', ';', '=', ':', '@', '/' -> true;
            case '?' -> query;
            default -> false;
        };
    }

    private static boolean hex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
