package io.roster.scim.schema;

/** RFC 7643 section 7, "uniqueness". */
public enum Uniqueness {
    NONE("none"),
    SERVER("server"),
    GLOBAL("global");

    private final String json;

    Uniqueness(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }

    public static Uniqueness fromJson(String value) {
        for (Uniqueness u : values()) {
            if (u.json.equalsIgnoreCase(value)) {
                return u;
            }
        }
        throw new IllegalArgumentException("unknown uniqueness '" + value + "'");
    }
}
