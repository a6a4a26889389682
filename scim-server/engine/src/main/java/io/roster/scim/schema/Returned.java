package io.roster.scim.schema;

/** RFC 7643 section 7, "returned". */
public enum Returned {
    ALWAYS("always"),
    NEVER("never"),
    DEFAULT("default"),
    REQUEST("request");

    private final String json;

    Returned(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }

    public static Returned fromJson(String value) {
        for (Returned r : values()) {
            if (r.json.equalsIgnoreCase(value)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown returned '" + value + "'");
    }
}
