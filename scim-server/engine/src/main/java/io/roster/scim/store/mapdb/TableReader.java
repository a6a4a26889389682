package io.roster.scim.store.mapdb;

import io.roster.scim.store.IndexDefinition;
import io.roster.scim.store.IndexEntry;
import io.roster.scim.store.IndexRange;
import io.roster.scim.store.MemberRef;
import io.roster.scim.store.StoreReader;
import io.roster.scim.store.StoredResource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.function.BiConsumer;

/**
 * Owns the reads of the SPI ({@link StoreReader}) over the tables. The caller provides the isolation:
 * {@link MapDbStore#read} holds the read lock, the writer thread the write lock, for as long as the
 * reader is used.
 */
class TableReader implements StoreReader {
    final Tables tables;

    TableReader(Tables tables) {
        this.tables = tables;
    }

    @Override
    public StoredResource get(String type, String id) {
        byte[] bytes = tables.records(type).map.get(id);
        return bytes == null ? null : RecordCodec.decode(type, id, bytes);
    }

    @Override
    public String findUnique(String type, String indexName, String value) {
        IndexDefinition def = tables.definition(type, indexName);
        if (!def.unique()) {
            // a non-unique index may hold the value for many resources: asking for "the" one is a bug
            throw new IllegalArgumentException("index " + type + "." + indexName + " is not unique; use scanIndex");
        }
        return tables.unique.map.get(Keys.uniqueKey(def, def.normalise(value)));
    }

    @Override
    public long count(String type) {
        return counter(Keys.countCounter(type));
    }

    long counter(String name) {
        Long n = tables.counters.map.get(name);
        return n == null ? 0 : n;
    }

    @Override
    public List<String> ids(String type, String afterId, int limit) {
        NavigableMap<String, Boolean> ids = tables.order(type).sorted();
        return firstKeys(afterId == null ? ids : ids.tailMap(afterId, false), limit);
    }

    @Override
    public List<String> idsBefore(String type, String beforeId, int limit) {
        NavigableMap<String, Boolean> ids = tables.order(type).sorted();
        return firstKeys((beforeId == null ? ids : ids.headMap(beforeId, false)).descendingMap(), limit);
    }

    private static List<String> firstKeys(NavigableMap<String, Boolean> range, int limit) {
        List<String> out = new ArrayList<>(Math.min(limit, 1024));
        for (String id : range.keySet()) {
            if (out.size() >= limit) {
                break;
            }
            out.add(id);
        }
        return out;
    }

    @Override
    public List<IndexEntry> scanIndex(String type, String indexName, IndexRange range, IndexEntry after,
                                      boolean descending, int limit) {
        IndexDefinition def = tables.definition(type, indexName);
        NavigableMap<String, ?> slice = slice(def, range, after, descending);
        List<IndexEntry> out = new ArrayList<>(Math.min(limit, 1024));
        if (slice == null) {
            return out;
        }
        for (Map.Entry<String, ?> e : slice.entrySet()) {
            if (out.size() >= limit) {
                break;
            }
            out.add(Keys.entry(def, def.unique(), e.getKey(), e.getValue()));
        }
        return out;
    }

    @Override
    public long countIndex(String type, String indexName, IndexRange range, long cap) {
        NavigableMap<String, ?> slice = slice(tables.definition(type, indexName), range, null, false);
        long n = 0;
        if (slice != null) {
            for (Iterator<String> it = slice.keySet().iterator(); it.hasNext() && n < cap; it.next()) {
                n++;
            }
        }
        return n;
    }

    @Override
    public long indexedCount(String type, String indexName) {
        return counter(Keys.indexedCounter(tables.definition(type, indexName)));
    }

    /** The part of the index's table holding {@code range} after {@code after}, oriented for walking; null when empty. */
    private NavigableMap<String, ?> slice(IndexDefinition def, IndexRange range, IndexEntry after, boolean descending) {
        Keys.Bounds b = Keys.bounds(def, range, after, descending);
        if (b == null) {
            return null;
        }
        NavigableMap<String, ?> all = def.unique() ? tables.unique.sorted() : tables.index.sorted();
        NavigableMap<String, ?> sub = all.subMap(b.lo(), b.loInclusive(), b.hi(), b.hiInclusive());
        return descending ? sub.descendingMap() : sub;
    }

    @Override
    public List<MemberRef> members(String groupId, String afterMemberId, int limit) {
        String prefix = Keys.prefix(groupId);
        NavigableMap<String, String> all = tables.members.sorted();
        NavigableMap<String, String> range = afterMemberId == null
                ? all.subMap(prefix, true, Keys.prefixEnd(groupId), false)
                : all.subMap(prefix + afterMemberId, false, Keys.prefixEnd(groupId), false);
        List<MemberRef> out = new ArrayList<>(Math.min(limit, 1024));
        for (Map.Entry<String, String> e : range.entrySet()) {
            if (out.size() >= limit) {
                break;
            }
            String value = e.getValue();
            int sep = value.indexOf(Keys.SEP);
            out.add(new MemberRef(e.getKey().substring(prefix.length()), value.substring(0, sep), value.substring(sep + 1)));
        }
        return out;
    }

    @Override
    public long memberCount(String groupId) {
        return counter(Keys.membersCounter(groupId));
    }

    @Override
    public boolean isMember(String groupId, String memberId) {
        return tables.members.map.containsKey(Keys.memberKey(groupId, memberId));
    }

    @Override
    public List<String> groupsOf(String memberId) {
        String prefix = Keys.prefix(memberId);
        List<String> out = new ArrayList<>();
        for (String key : tables.memberOf.sorted().subMap(prefix, true, Keys.prefixEnd(memberId), false).keySet()) {
            out.add(key.substring(prefix.length()));
        }
        return out;
    }

    @Override
    public String setting(String key) {
        return tables.settings.map.get(key);
    }

    @Override
    public void forEachSetting(BiConsumer<String, String> visitor) {
        for (Map.Entry<String, String> e : tables.settings.map.entrySet()) {
            if (!Keys.isBackendSetting(e.getKey())) {
                visitor.accept(e.getKey(), e.getValue());
            }
        }
    }

    /** Member ids of a group as keys of the members table, for a delete that removes them all. */
    List<String> memberKeys(String groupId) {
        return new ArrayList<>(tables.members.sorted().subMap(Keys.prefix(groupId), true, Keys.prefixEnd(groupId), false).keySet());
    }
}
