package io.roster.scim.http;

import io.roster.scim.error.ScimException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

/**
 * Serves the admin console: the static files under {@code io/roster/scim/console/} in the jar, at
 * {@code /admin/}. They are public (they hold no data; the console signs in with a token and then talks to
 * the SCIM API like any client), so they are answered at the edge before authentication, as the health
 * probes are.
 * <ul>
 *   <li>Only names made of lower-case letters, digits, {@code -} and {@code /}, with one known extension,
 *   are looked up: no dot segment, encoded character or backslash can reach the class path (the edge has
 *   already refused those in the raw target, {@link RequestTargets}); anything else, or a file that does not
 *   exist, is 404.</li>
 *   <li>Every answer forbids inline script and anything from another origin (Content-Security-Policy), is
 *   never sniffed into another type ({@code nosniff}) or framed, and leaks no Referer.</li>
 *   <li>Assets are revalidated on every use ({@code no-cache}) with a strong ETag of their bytes, so an
 *   upgraded server is picked up at once and an unchanged file costs a 304 (RFC 9111 section 5.2.2.4,
 *   RFC 9110 section 13.1.2).</li>
 * </ul>
 */
final class ConsoleAssets {
    static final String PREFIX = "/admin";
    private static final String ROOT = "io/roster/scim/console/";
    private static final Pattern NAME = Pattern.compile("[a-z0-9-]+(/[a-z0-9-]+)*\\.(html|css|js|svg|png|ico)");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8", // RFC 9239 section 6
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon");
    /** Scripts and styles only from this origin and never inline; data only from this origin's API. */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

    /** On every answer, errors included (which are SCIM errors like every other refusal, RFC 7644 section 3.12). */
    private static final Map<String, String> SECURITY_HEADERS = Map.of(
            "Content-Security-Policy", CSP,
            "X-Content-Type-Options", "nosniff",
            "X-Frame-Options", "DENY",
            "Referrer-Policy", "no-referrer",
            "Cross-Origin-Opener-Policy", "same-origin",
            "Cache-Control", "no-store");

    private record Asset(byte[] bytes, String type, String etag) {
    }

    private final ClassLoader loader;
    /** Holds only files that exist in the jar, so it is bounded by the jar's contents. */
    private final Map<String, Asset> cache = new ConcurrentHashMap<>();

    ConsoleAssets() {
        this(ConsoleAssets.class.getClassLoader());
    }

    ConsoleAssets(ClassLoader loader) {
        this.loader = loader;
    }

    /** Whether the (already checked) request path is the console's. */
    static boolean handles(String path) {
        return path.equals(PREFIX) || path.startsWith(PREFIX + "/");
    }

    void answer(Request request, Response response) throws IOException {
        String path = request.getRequestURI();
        secure(response);
        Method method = request.getMethod();
        if (method != Method.GET && method != Method.HEAD) {
            Map<String, String> headers = new java.util.LinkedHashMap<>(SECURITY_HEADERS);
            headers.put("Allow", "GET, HEAD");
            // A body it may carry is not read: the connection closes after the answer.
            GrizzlyErrors.write(response, new ScimException(405, null, "The admin console's files are read with GET; "
                    + method.getMethodString() + " is not allowed on " + PREFIX + ".", headers), SlowBodyGuard.hasBody(request));
            return;
        }
        if (path.equals(PREFIX)) {
            // Relative links in index.html resolve against /admin/, so the bare prefix moves there.
            response.setStatus(308);
            response.setHeader("Location", PREFIX + "/");
            response.setContentLength(0);
            return;
        }
        String name = path.substring(PREFIX.length() + 1);
        if (name.isEmpty()) {
            name = "index.html";
        }
        Optional<Asset> asset = find(name);
        if (asset.isEmpty()) {
            GrizzlyErrors.write(response, new ScimException(404, null, "The admin console has no file "
                    + name.replaceAll("[^A-Za-z0-9./_-]", "?") + "; it starts at " + PREFIX + "/.", SECURITY_HEADERS), false);
            return;
        }
        Asset a = asset.get();
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("ETag", a.etag());
        String match = request.getHeader("If-None-Match");
        if (match != null && matches(match, a.etag())) {
            response.setStatus(304);
            return;
        }
        response.setContentType(a.type());
        response.setContentLength(a.bytes().length);
        if (method == Method.GET) {
            response.getOutputStream().write(a.bytes());
        }
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.trim();
            if (t.equals("*") || t.equals(etag) || t.equals("W/" + etag)) { // weak comparison (RFC 9110 section 13.1.2)
                return true;
            }
        }
        return false;
    }

    Optional<Asset> find(String name) {
        if (name.length() > 200 || !NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        Asset cached = cache.get(name);
        if (cached != null) {
            return Optional.of(cached);
        }
        try (InputStream in = loader.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readAllBytes();
            String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
            Asset a = new Asset(bytes, type, "\"" + sha256(bytes) + "\"");
            cache.putIfAbsent(name, a);
            return Optional.of(a);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the console file " + name, e);
        }
    }

    private static void secure(Response response) {
        SECURITY_HEADERS.forEach(response::setHeader);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
