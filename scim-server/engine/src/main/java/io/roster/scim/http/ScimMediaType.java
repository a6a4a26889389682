package io.roster.scim.http;

import jakarta.ws.rs.core.MediaType;

/** RFC 7644 section 3.1: SCIM's media type, used on every response. */
public final class ScimMediaType {
    public static final String SCIM_JSON = "application/scim+json";
    public static final MediaType SCIM_JSON_TYPE = MediaType.valueOf(SCIM_JSON);

    private ScimMediaType() {
    }

    /** Request bodies may be application/scim+json, application/json, or any other +json type. */
    static boolean acceptable(MediaType type) {
        if (type == null) {
            return true; // no Content-Type at all: be liberal and try JSON
        }
        String subtype = type.getSubtype().toLowerCase(java.util.Locale.ROOT);
        return type.getType().equalsIgnoreCase("application") && (subtype.equals("json") || subtype.endsWith("+json"));
    }
}
