package io.roster.scim.schema;

/** RFC 7643 section 7, "returned". */
public enum Returned implements JsonNamed {
    ALWAYS("always"),
    NEVER("never"),
    DEFAULT("default"),
    REQUEST("request");

    private final String json;

    Returned(String json) {
        this.json = json;
    }

    @Override
    public String json() {
        return json;
    }

    public static Returned fromJson(String value) {
        return JsonNamed.fromJson(Returned.class, value, "returned");
    }
}
