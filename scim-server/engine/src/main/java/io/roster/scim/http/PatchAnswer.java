package io.roster.scim.http;

import io.roster.scim.schema.ResourceType;
import io.roster.scim.spi.ResourceTypeNames;

/**
 * Whether a successful PATCH answers 200 with the resource or 204 No Content. RFC 7644 section 3.5.2
 * lets the server choose: it "MUST return a 200 OK response code and the entire resource ... or MAY
 * return HTTP status code 204 (No Content)". Roster answers a Group's PATCH with 204, the answer Entra ID
 * expects for group PATCH (CLIENTS.md; it accepts 200 too) and the one that does not make a PATCH of one
 * member read and send a membership of a million; every other resource type answers 200 with the
 * resource. A request that names {@code attributes} or {@code excludedAttributes} asks for a body
 * (section 3.9), so it gets 200 with the resource projected, whatever its type. This is the server's
 * RFC-given choice, made for Entra, not a client quirk: no request is read differently.
 */
final class PatchAnswer {
    private PatchAnswer() {
    }

    /** True for 200 with the resource, false for 204 No Content. */
    static boolean withBody(ResourceType type, String attributes, String excludedAttributes) {
        return !type.name().equals(ResourceTypeNames.GROUP) || attributes != null || excludedAttributes != null;
    }
}
