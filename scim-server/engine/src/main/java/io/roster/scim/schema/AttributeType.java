package io.roster.scim.schema;

import java.util.Locale;

/** Attribute data types, RFC 7643 section 2.3. */
public enum AttributeType implements JsonNamed {
    STRING("string"),
    BOOLEAN("boolean"),
    DECIMAL("decimal"),
    INTEGER("integer"),
    DATE_TIME("dateTime"),
    BINARY("binary"),
    REFERENCE("reference"),
    COMPLEX("complex");

    private final String json;

    AttributeType(String json) {
        this.json = json;
    }

    @Override
    public String json() {
        return json;
    }

    public static AttributeType fromJson(String value) {
        return JsonNamed.fromJson(AttributeType.class, value, "attribute type");
    }

    /** Types that have an order (RFC 7644 section 3.4.2.2: gt/ge/lt/le are not defined on boolean and binary). */
    public boolean isOrdered() {
        return this != BOOLEAN && this != BINARY && this != COMPLEX;
    }

    @Override
    public String toString() {
        return json.toLowerCase(Locale.ROOT);
    }
}
