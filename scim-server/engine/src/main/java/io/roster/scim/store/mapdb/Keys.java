package io.roster.scim.store.mapdb;

import io.roster.scim.store.IndexDefinition;
import io.roster.scim.store.IndexEntry;
import io.roster.scim.store.IndexRange;

/**
 * Owns key encoding: how the store's composite keys are laid out in its MapDB tables, and the key ranges
 * that answer index and membership reads. Parts are joined with NUL, which sorts before every character
 * of an id or an indexed value (values holding NUL are never indexed), so key order is (value, id) order
 * and every prefix is a contiguous range ending just before {@code prefix-without-NUL + U+0001}.
 *
 * <ul>
 *   <li>{@code unique}: {@code type NUL index NUL value} to the id holding it;</li>
 *   <li>{@code index}: {@code type NUL index NUL value NUL id};</li>
 *   <li>{@code members}: {@code group NUL member} to {@code memberType NUL display};</li>
 *   <li>{@code memberOf}: {@code member NUL group};</li>
 *   <li>{@code counters}: {@code count.<type>}, {@code members.<group>}, {@code indexed.<type>.<index>}.</li>
 * </ul>
 */
final class Keys {
    static final String SEP = "\u0000";
    /** The first character after {@link #SEP}: the exclusive upper bound of a prefix range. */
    static final String AFTER = "\u0001";

    private Keys() {
    }

    /** The first key of an index's entries (both layouts). */
    static String indexBase(IndexDefinition def) {
        return def.type() + SEP + def.name() + SEP;
    }

    /** Just past the last key of an index's entries (both layouts). */
    static String indexEnd(IndexDefinition def) {
        return def.type() + SEP + def.name() + AFTER;
    }

    static String uniqueKey(IndexDefinition def, String value) {
        return indexBase(def) + value;
    }

    static String indexKey(IndexDefinition def, String value, String id) {
        return indexBase(def) + value + SEP + id;
    }

    /** The entry a key of the unique table (to {@code id}) or the index table stands for. */
    static IndexEntry entry(IndexDefinition def, boolean uniqueLayout, String key, Object value) {
        int base = indexBase(def).length();
        if (uniqueLayout) {
            return new IndexEntry(key.substring(base), (String) value);
        }
        int sep = key.indexOf(SEP, base);
        return new IndexEntry(key.substring(base, sep), key.substring(sep + 1));
    }

    static String memberKey(String groupId, String memberId) {
        return groupId + SEP + memberId;
    }

    static String memberOfKey(String memberId, String groupId) {
        return memberId + SEP + groupId;
    }

    /** The first key of everything filed under {@code owner} in a two-part table (members, memberOf). */
    static String prefix(String owner) {
        return owner + SEP;
    }

    /** Just past the last key filed under {@code owner}. */
    static String prefixEnd(String owner) {
        return owner + AFTER;
    }

    static String countCounter(String type) {
        return "count." + type;
    }

    static String membersCounter(String groupId) {
        return "members." + groupId;
    }

    static String indexedCounter(IndexDefinition def) {
        return "indexed." + def.type() + "." + def.name();
    }

    private static final String BUILT_MARKER = "index.built.";

    /**
     * Settings this backend keeps for itself (the file format, index build marks): derived from how this
     * store is laid out, so an export leaves them out and another store derives its own.
     */
    static boolean isBackendSetting(String key) {
        return key.startsWith(BUILT_MARKER) || key.equals(Recovery.FORMAT_KEY);
    }

    /** The setting that marks an index complete (see {@link IndexBuilder}). */
    static String builtMarker(IndexDefinition def) {
        return BUILT_MARKER + def.type() + "." + def.name();
    }

    /**
     * The key bounds of {@code range} in an index's table, strictly after {@code after} in the walking
     * order; null when no key can lie within. Unique keys are {@code type/index/value} (to the id), others
     * {@code type/index/value/id}.
     */
    static Bounds bounds(IndexDefinition def, IndexRange range, IndexEntry after, boolean descending) {
        String base = indexBase(def);
        boolean uniq = def.unique();
        String lo;
        boolean loInc;
        if (range.lower() == null) {
            lo = base;
            loInc = true;
        } else if (uniq) {
            lo = base + range.lower();
            loInc = range.lowerInclusive();
        } else {
            lo = base + range.lower() + (range.lowerInclusive() ? SEP : AFTER);
            loInc = true;
        }
        String hi;
        boolean hiInc;
        if (range.upper() == null) {
            hi = indexEnd(def);
            hiInc = false;
        } else if (uniq) {
            hi = base + range.upper();
            hiInc = range.upperInclusive();
        } else {
            hi = base + range.upper() + (range.upperInclusive() ? AFTER : SEP);
            hiInc = false;
        }
        if (after != null) {
            String mark = uniq ? base + after.value() : base + after.value() + SEP + after.id();
            if (!descending && mark.compareTo(lo) >= 0) {
                lo = mark;
                loInc = false;
            } else if (descending && mark.compareTo(hi) <= 0) {
                hi = mark;
                hiInc = false;
            }
        }
        int c = lo.compareTo(hi);
        if (c > 0 || (c == 0 && !(loInc && hiInc))) {
            return null;
        }
        return new Bounds(lo, loInc, hi, hiInc);
    }

    /** A key range of an ordered table. */
    record Bounds(String lo, boolean loInclusive, String hi, boolean hiInclusive) {
    }
}
