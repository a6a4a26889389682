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
        List<String> names = names(segments);
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
        List<String> names = names(segments);
        return names.size() == 3 && names.get(0).equals("scim") && names.get(1).equals("v2") && names.get(2).equals("Me");
    }

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
