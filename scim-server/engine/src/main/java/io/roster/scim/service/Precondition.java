package io.roster.scim.service;

import io.roster.scim.error.ScimException;
import java.util.List;

/**
 * An {@code If-Match} condition (RFC 7232 section 3.1, used by RFC 7644 section 3.14): the entity tags
 * the client believes current, or "*". Roster's tags are weak ({@code W/"<version>"}); comparison is
 * on the opaque part, so a client echoing the tag with or without {@code W/} matches.
 */
public record Precondition(List<String> ifMatch) {
    public static final Precondition NONE = new Precondition(List.of());

    public Precondition {
        ifMatch = List.copyOf(ifMatch);
    }

    public static String etag(long version) {
        return "W/\"" + version + "\"";
    }

    /** Throws 412 when the condition is present and the current version matches none of its tags. */
    public void check(long currentVersion) {
        if (ifMatch.isEmpty()) {
            return;
        }
        for (String tag : ifMatch) {
            if (tag.equals("*") || opaque(tag).equals(String.valueOf(currentVersion))) {
                return;
            }
        }
        throw ScimException.preconditionFailed("The resource has changed: its current version is " + etag(currentVersion)
                + ", the request's If-Match was " + String.join(", ", ifMatch) + ". Read it again and retry.");
    }

    /** True when a {@code If-None-Match} list names the current version (so a GET may answer 304). */
    public static boolean noneMatchHits(List<String> ifNoneMatch, long currentVersion) {
        return noneMatchHits(ifNoneMatch, String.valueOf(currentVersion));
    }

    /** The same for an entity tag's opaque text (weak comparison, RFC 9110 section 13.1.2). */
    public static boolean noneMatchHits(List<String> ifNoneMatch, String currentTag) {
        for (String tag : ifNoneMatch) {
            if (tag.equals("*") || opaque(tag).equals(currentTag)) {
                return true;
            }
        }
        return false;
    }

    private static String opaque(String tag) {
        String t = tag.trim();
        if (t.startsWith("W/") || t.startsWith("w/")) {
            t = t.substring(2);
        }
        if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
            t = t.substring(1, t.length() - 1);
        }
        return t;
    }

    /** Splits header values such as {@code W/"1", W/"2"} into tags. */
    public static List<String> parseTags(List<String> headerValues) {
        if (headerValues == null) {
            return List.of();
        }
        return headerValues.stream()
                .flatMap(v -> java.util.Arrays.stream(v.split(",")))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }
}
