package io.roster.scim.error;

/** The {@code scimType} error keywords of RFC 7644 section 3.12 (table 9), plus RFC 9865's cursor errors. */
public enum ScimType {
    INVALID_FILTER("invalidFilter"),
    TOO_MANY("tooMany"),
    UNIQUENESS("uniqueness"),
    MUTABILITY("mutability"),
    INVALID_SYNTAX("invalidSyntax"),
    INVALID_PATH("invalidPath"),
    NO_TARGET("noTarget"),
    INVALID_VALUE("invalidValue"),
    INVALID_VERS("invalidVers"),
    SENSITIVE("sensitive"),
    INVALID_CURSOR("invalidCursor"),
    EXPIRED_CURSOR("expiredCursor");

    private final String keyword;

    ScimType(String keyword) {
        this.keyword = keyword;
    }

    public String keyword() {
        return keyword;
    }
}
