package io.roster.scim.store;

/**
 * A range of normalised values of one index ({@link IndexDefinition#normalise}), for equality, prefix
 * ({@code sw}) and ordering ({@code gt ge lt le}) conditions and for walking an index in order.
 *
 * @param lower          the lowest value, or null for no lower bound
 * @param lowerInclusive whether {@code lower} itself is in the range
 * @param upper          the highest value, or null for no upper bound
 * @param upperInclusive whether {@code upper} itself is in the range
 */
public record IndexRange(String lower, boolean lowerInclusive, String upper, boolean upperInclusive) {

    public static IndexRange all() {
        return new IndexRange(null, false, null, false);
    }

    public static IndexRange eq(String value) {
        return new IndexRange(value, true, value, true);
    }

    /**
     * Every value starting with {@code prefix}: from the prefix itself up to, not including, the first
     * string that no longer starts with it (the prefix with its last incrementable character incremented).
     */
    public static IndexRange prefix(String prefix) {
        int i = prefix.length() - 1;
        while (i >= 0 && prefix.charAt(i) == Character.MAX_VALUE) {
            i--;
        }
        if (i < 0) {
            return new IndexRange(prefix.isEmpty() ? null : prefix, true, null, false);
        }
        String upper = prefix.substring(0, i) + (char) (prefix.charAt(i) + 1);
        return new IndexRange(prefix, true, upper, false);
    }

    public static IndexRange greaterThan(String value, boolean inclusive) {
        return new IndexRange(value, inclusive, null, false);
    }

    public static IndexRange lessThan(String value, boolean inclusive) {
        return new IndexRange(null, false, value, inclusive);
    }

    /** The values in both ranges. */
    public IndexRange intersect(IndexRange other) {
        String lo = lower;
        boolean loInc = lowerInclusive;
        if (other.lower != null && (lo == null || other.lower.compareTo(lo) > 0
                || (other.lower.equals(lo) && !other.lowerInclusive))) {
            lo = other.lower;
            loInc = other.lowerInclusive;
        }
        String hi = upper;
        boolean hiInc = upperInclusive;
        if (other.upper != null && (hi == null || other.upper.compareTo(hi) < 0
                || (other.upper.equals(hi) && !other.upperInclusive))) {
            hi = other.upper;
            hiInc = other.upperInclusive;
        }
        return new IndexRange(lo, loInc, hi, hiInc);
    }

    /** Whether no value can be in the range. */
    public boolean isEmpty() {
        if (lower == null || upper == null) {
            return false;
        }
        int c = lower.compareTo(upper);
        return c > 0 || (c == 0 && !(lowerInclusive && upperInclusive));
    }

    public boolean contains(String value) {
        if (lower != null) {
            int c = value.compareTo(lower);
            if (c < 0 || (c == 0 && !lowerInclusive)) {
                return false;
            }
        }
        if (upper != null) {
            int c = value.compareTo(upper);
            return c < 0 || (c == 0 && upperInclusive);
        }
        return true;
    }

    @Override
    public String toString() {
        if (lower != null && lower.equals(upper) && lowerInclusive && upperInclusive) {
            return "= \"" + lower + "\"";
        }
        StringBuilder b = new StringBuilder();
        b.append(lower == null ? "(-inf" : (lowerInclusive ? "[" : "(") + "\"" + lower + "\"");
        b.append(", ");
        b.append(upper == null ? "+inf)" : "\"" + upper + "\"" + (upperInclusive ? "]" : ")"));
        return b.toString();
    }
}
