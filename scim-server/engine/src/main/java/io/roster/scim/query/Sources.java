package io.roster.scim.query;

import io.roster.scim.store.IndexDefinition;
import io.roster.scim.store.IndexEntry;
import io.roster.scim.store.IndexRange;
import io.roster.scim.store.Row;
import io.roster.scim.store.StoreReader;
import io.roster.scim.store.StoredResource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * Candidates in an order, walked in chunks that each read through their own short store read: every
 * resource of a type in id (creation) order, a materialised id list, or a single-valued index range in
 * (value, id) order, optionally followed by the resources holding no value. Each walk resumes strictly
 * after (or before) a keyset position.
 */
final class Sources {
    /** Ids read per store read while looking for resources without a value. */
    static final int CHUNK = QueryExecutor.CHUNK;

    private Sources() {
    }

    /** A resumable walk: each call returns the next rows (empty at the end), reading through {@code r}. */
    interface Walk {
        List<Row> next(StoreReader r, int max);
    }

    interface Source {
        /** Rows strictly after {@code after} in the source's order (null: from the start). */
        Walk forward(Row after);

        /** Rows strictly before {@code before}, nearest first (null: from the end). */
        Walk backward(Row before);

        /** How many rows the source holds in all. */
        long count(StoreReader r);
    }

    /** Every resource of a type in creation (id) order. */
    record IdSource(String type) implements Source {
        @Override
        public Walk forward(Row after) {
            String[] last = {after == null ? null : after.id()};
            return (r, max) -> rows(r.ids(type, last[0], max), last);
        }

        @Override
        public Walk backward(Row before) {
            String[] last = {before == null ? null : before.id()};
            return (r, max) -> rows(r.idsBefore(type, last[0], max), last);
        }

        private static List<Row> rows(List<String> ids, String[] last) {
            List<Row> out = new ArrayList<>(ids.size());
            for (String id : ids) {
                out.add(new Row(null, id));
            }
            if (!ids.isEmpty()) {
                last[0] = ids.get(ids.size() - 1);
            }
            return out;
        }

        @Override
        public long count(StoreReader r) {
            return r.count(type);
        }
    }

    /** Materialised candidate ids, in id order. */
    record ListSource(List<String> ids) implements Source {
        @Override
        public Walk forward(Row after) {
            int start = after == null ? 0 : insertionPoint(after.id(), true);
            int[] pos = {start};
            return (r, max) -> {
                List<Row> out = new ArrayList<>();
                while (pos[0] < ids.size() && out.size() < max) {
                    out.add(new Row(null, ids.get(pos[0]++)));
                }
                return out;
            };
        }

        @Override
        public Walk backward(Row before) {
            int start = before == null ? ids.size() - 1 : insertionPoint(before.id(), false) - 1;
            int[] pos = {start};
            return (r, max) -> {
                List<Row> out = new ArrayList<>();
                while (pos[0] >= 0 && out.size() < max) {
                    out.add(new Row(null, ids.get(pos[0]--)));
                }
                return out;
            };
        }

        /** The index of the first id greater than (strictly, or when {@code !after}, not less than) {@code id}. */
        private int insertionPoint(String id, boolean after) {
            int i = Collections.binarySearch(ids, id);
            if (i >= 0) {
                return after ? i + 1 : i;
            }
            return -i - 1;
        }

        @Override
        public long count(StoreReader r) {
            return ids.size();
        }
    }

    /**
     * The entries of a single-valued index range in (value, id) order or its reverse, each row keyed by
     * its normalised value; with {@code tail}, followed by the resources without a value, in id order
     * (they sort last either way).
     */
    record IndexSource(String type, IndexDefinition index, IndexRange range, boolean descending, boolean tail)
            implements Source {

        @Override
        public Walk forward(Row after) {
            boolean[] inTail = {after != null && after.key() == null};
            IndexEntry[] last = {after == null || after.key() == null ? null : new IndexEntry((String) after.key(), after.id())};
            String[] lastTail = {inTail[0] ? after.id() : null};
            return (r, max) -> {
                List<Row> out = new ArrayList<>();
                if (!inTail[0]) {
                    List<IndexEntry> entries = r.scanIndex(type, index.name(), range, last[0], descending, max);
                    for (IndexEntry e : entries) {
                        out.add(new Row(e.value(), e.id()));
                    }
                    if (!entries.isEmpty()) {
                        last[0] = entries.get(entries.size() - 1);
                        return out;
                    }
                    if (!tail) {
                        return out;
                    }
                    inTail[0] = true;
                }
                return missing(r, max, lastTail, true);
            };
        }

        @Override
        public Walk backward(Row before) {
            boolean[] inTail = {tail && (before == null || before.key() == null)};
            IndexEntry[] last = {before == null || before.key() == null ? null : new IndexEntry((String) before.key(), before.id())};
            String[] lastTail = {before != null && before.key() == null ? before.id() : null};
            return (r, max) -> {
                if (inTail[0]) {
                    List<Row> out = missing(r, max, lastTail, false);
                    if (!out.isEmpty()) {
                        return out;
                    }
                    inTail[0] = false;
                }
                List<Row> out = new ArrayList<>();
                List<IndexEntry> entries = r.scanIndex(type, index.name(), range, last[0], !descending, max);
                for (IndexEntry e : entries) {
                    out.add(new Row(e.value(), e.id()));
                }
                if (!entries.isEmpty()) {
                    last[0] = entries.get(entries.size() - 1);
                }
                return out;
            };
        }

        /** Resources without a value for the index, in id order (or reversed), after/before lastTail[0]. */
        private List<Row> missing(StoreReader r, int max, String[] lastTail, boolean forward) {
            List<Row> out = new ArrayList<>();
            if (r.count(type) <= r.indexedCount(type, index.name())) {
                return out; // every resource holds a value
            }
            while (out.size() < max) {
                List<String> ids = forward ? r.ids(type, lastTail[0], CHUNK) : r.idsBefore(type, lastTail[0], CHUNK);
                if (ids.isEmpty()) {
                    return out;
                }
                for (String id : ids) {
                    lastTail[0] = id;
                    StoredResource res = r.get(type, id);
                    if (res != null && !holdsValue(res)) {
                        out.add(new Row(null, id));
                        if (out.size() >= max) {
                            return out;
                        }
                    }
                }
            }
            return out;
        }

        private boolean holdsValue(StoredResource res) {
            Collection<String> values = index.extractor().apply(res.attributes());
            for (String v : values) {
                if (v != null && !v.isEmpty() && v.indexOf('\u0000') < 0) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public long count(StoreReader r) {
            return tail ? r.count(type) : r.countIndex(type, index.name(), range, Long.MAX_VALUE);
        }
    }
}
