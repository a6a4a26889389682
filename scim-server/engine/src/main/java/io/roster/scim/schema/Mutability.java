package io.roster.scim.schema;

/** RFC 7643 section 7, "mutability". */
public enum Mutability {
    READ_ONLY("readOnly"),
    READ_WRITE("readWrite"),
    IMMUTABLE("immutable"),
    WRITE_ONLY("writeOnly");

    private final String json;

    Mutability(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }

    public static Mutability fromJson(String value) {
        for (Mutability m : values()) {
            if (m.json.equalsIgnoreCase(value)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown mutability '" + value + "'");
    }

    /** Whether a client may supply a value for the attribute at all. */
    public boolean clientWritable() {
        return this != READ_ONLY;
    }
}
