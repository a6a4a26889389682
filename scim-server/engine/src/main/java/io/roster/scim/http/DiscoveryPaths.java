package io.roster.scim.http;

import jakarta.ws.rs.core.PathSegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which request paths are the discovery endpoints of RFC 7644 section 4: {@code /ServiceProviderConfig},
 * {@code /Schemas}, {@code /ResourceTypes}, and the latter two's {@code /{id}}. Decided on the decoded
 * path segments, exactly, never on a prefix of the raw path (a raw prefix let
 * {@code /Schemas%2F..%2FUsers} pass as discovery). Empty segments ({@code //}) are ignored as Jersey's
 * matching ignores them; a segment with matrix parameters ({@code ;x}) matches no endpoint name.
 */
final class DiscoveryPaths {
    private static final Set<String> LISTS = Set.of("Schemas", "ResourceTypes");

    private DiscoveryPaths() {
    }

    static boolean isDiscovery(List<PathSegment> segments) {
        return isDiscoveryPath(names(segments));
    }

    /** The same decision on a raw request path, as {@link RequestTargets#path} leaves it (before Jersey runs). */
    static boolean isDiscovery(String rawPath) {
        return isDiscoveryPath(names(rawPath));
    }

    private static boolean isDiscoveryPath(List<String> names) {
        if (names.size() < 3 || !names.get(0).equals("scim") || !names.get(1).equals("v2")) {
            return false;
        }
        String endpoint = names.get(2);
        if (names.size() == 3) {
            return endpoint.equals("ServiceProviderConfig") || LISTS.contains(endpoint);
        }
        return names.size() == 4 && LISTS.contains(endpoint) && !names.get(3).contains("/") && !names.get(3).equals(".search");
    }

    /** {@code /scim/v2/Me} exactly. */
    static boolean isMe(List<PathSegment> segments) {
        return isMePath(names(segments));
    }

    static boolean isMe(String rawPath) {
        return isMePath(names(rawPath));
    }

    private static boolean isMePath(List<String> names) {
        return names.size() == 3 && names.get(0).equals("scim") && names.get(1).equals("v2") && names.get(2).equals("Me");
    }

    /**
     * The segment names of a raw path, decoded as Jersey decodes them (percent escapes as UTF-8; a segment
     * with a {@code ;} parameter marked so that it matches no endpoint name).
     */
    private static List<String> names(String rawPath) {
        List<String> names = new ArrayList<>();
        for (String segment : rawPath.split("/")) {
            int semicolon = segment.indexOf(';');
            String name = URI_DECODER.apply(semicolon < 0 ? segment : segment.substring(0, semicolon));
            if (semicolon >= 0) {
                names.add(name + ";");
            } else if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }

    /** Percent-decoding of a path segment ('+' is a plus sign in a path, unlike in a query). */
    private static final java.util.function.UnaryOperator<String> URI_DECODER = s -> s.indexOf('%') < 0 ? s
            : java.net.URLDecoder.decode(s.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);

    private static List<String> names(List<PathSegment> segments) {
        List<String> names = new ArrayList<>(segments.size());
        for (PathSegment s : segments) {
            if (!s.getMatrixParameters().isEmpty()) {
                names.add(s.getPath() + ";"); // matches no endpoint name: whatever Jersey makes of it, it is not public
            } else if (!s.getPath().isEmpty()) {
                names.add(s.getPath());
            }
        }
        return names;
    }
}
