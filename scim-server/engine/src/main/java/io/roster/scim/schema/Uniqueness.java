package io.roster.scim.schema;

/** RFC 7643 section 7, "uniqueness". */
public enum Uniqueness implements JsonNamed {
    NONE("none"),
    SERVER("server"),
    GLOBAL("global");

    private final String json;

    Uniqueness(String json) {
        this.json = json;
    }

    @Override
    public String json() {
        return json;
    }

    public static Uniqueness fromJson(String value) {
        return JsonNamed.fromJson(Uniqueness.class, value, "uniqueness");
    }
}
