package io.roster.scim.filter;

import java.util.Locale;

/** The attribute operators of RFC 7644 section 3.4.2.2, table 3, except {@code pr} (see {@link Present}). */
public enum CompareOp {
    EQ, NE, CO, SW, EW, GT, GE, LT, LE;

    private final String keyword = name().toLowerCase(Locale.ROOT);

    /** The lower-case keyword as written in filters ("eq"). */
    public String keyword() {
        return keyword;
    }

    /** Whether the operator needs an ordering of values (gt, ge, lt, le). */
    public boolean isOrdering() {
        return this == GT || this == GE || this == LT || this == LE;
    }

    /** Whether the operator is a substring match (co, sw, ew). */
    public boolean isSubstring() {
        return this == CO || this == SW || this == EW;
    }

    /** Operators are case-insensitive (RFC 7644 section 3.4.2.2); null when {@code word} is none of them. */
    static CompareOp ofKeyword(String word) {
        for (CompareOp op : values()) {
            if (op.keyword.equalsIgnoreCase(word)) {
                return op;
            }
        }
        return null;
    }
}
