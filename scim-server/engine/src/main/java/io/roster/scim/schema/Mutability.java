package io.roster.scim.schema;

/** RFC 7643 section 7, "mutability". */
public enum Mutability implements JsonNamed {
    READ_ONLY("readOnly"),
    READ_WRITE("readWrite"),
    IMMUTABLE("immutable"),
    WRITE_ONLY("writeOnly");

    private final String json;

    Mutability(String json) {
        this.json = json;
    }

    @Override
    public String json() {
        return json;
    }

    public static Mutability fromJson(String value) {
        return JsonNamed.fromJson(Mutability.class, value, "mutability");
    }

    /** Whether a client may supply a value for the attribute at all. */
    public boolean clientWritable() {
        return this != READ_ONLY;
    }
}
