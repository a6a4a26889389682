package io.roster.scim.schema;

/** An enum whose constants have their own JSON spelling in RFC 7643 ("readOnly", "dateTime", ...). */
interface JsonNamed {
    String json();

    /** The constant spelled {@code value}, compared case-insensitively. */
    static <E extends Enum<E> & JsonNamed> E fromJson(Class<E> type, String value, String what) {
        for (E constant : type.getEnumConstants()) {
            if (constant.json().equalsIgnoreCase(value)) {
                return constant;
            }
        }
        throw new IllegalArgumentException("unknown " + what + " '" + value + "'");
    }
}
