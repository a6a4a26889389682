package io.roster.conformance.kit;

/**
 * Optional features of a SCIM server, each read from what the server says about itself (RFC 7644 section
 * 4: /ServiceProviderConfig, /ResourceTypes, /Schemas) or, where discovery has no field for it, from one
 * harmless probe. See {@link Capabilities} for how each is decided.
 */
public enum Capability {
    /** ServiceProviderConfig {@code etag.supported} (RFC 7643 5, RFC 7644 3.14). */
    ETAG("etag.supported"),
    /** ServiceProviderConfig {@code bulk.supported} (RFC 7644 3.7). */
    BULK("bulk.supported"),
    /** ServiceProviderConfig {@code sort.supported} (RFC 7644 3.4.2.3). */
    SORT("sort.supported"),
    /** ServiceProviderConfig {@code filter.supported} (RFC 7644 3.4.2.2). */
    FILTER("filter.supported"),
    /** ServiceProviderConfig {@code patch.supported} (RFC 7644 3.5.2). */
    PATCH("patch.supported"),
    /** ServiceProviderConfig {@code changePassword.supported} (RFC 7643 5). */
    CHANGE_PASSWORD("changePassword.supported"),
    /** ServiceProviderConfig {@code pagination.cursor} (RFC 9865 4). */
    CURSOR("pagination.cursor"),
    /** {@code /Me} answers other than 501 Not Implemented (RFC 7644 3.11). */
    ME("/Me implemented"),
    /** {@code POST /Users/.search} (RFC 7644 3.4.3: queries by POST; a server may not offer them). */
    SEARCH("POST /Users/.search"),
    /** {@code POST /.search} at the SCIM root (RFC 7644 3.4.3, a MAY). */
    ROOT_SEARCH("POST /.search at the root"),
    /** The User schema has the read-only {@code groups} attribute (RFC 7643 4.1.2; optional to support). */
    USER_GROUPS("User.groups in /Schemas"),
    /** /ResourceTypes lists the Group resource type (RFC 7643 4.2; a server may serve Users only). */
    GROUPS("Group in /ResourceTypes"),
    /** The User resource type carries the enterprise extension (RFC 7643 4.3). */
    ENTERPRISE_USER("enterprise User extension in /ResourceTypes"),
    /** The discovery endpoints answer without a token (RFC 7644 4 leaves authentication to the provider). */
    ANONYMOUS_DISCOVERY("discovery without a token"),
    /** The run has a token (the runner's --no-auth has none; authentication tests need one). */
    TOKEN("a bearer token for the run"),
    /** Large data sets (thousands of members or users): opt-in against another server (--stress). */
    STRESS("--stress");

    private final String source;

    Capability(String source) {
        this.source = source;
    }

    /** Where the kit reads it, for the skip reason. */
    public String source() {
        return source;
    }
}
