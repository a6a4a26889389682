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
 * (value, id) order, optionally with the resources holding no value (after the values when ascending,
 * before them when descending). Each walk resumes strictly after (or before) a keyset position.
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
     * its normalised value; with {@code tail}, also the resources without a value (keyed null), as
     * {@link io.roster.scim.store.Sort#comparator()} orders them. RFC 7644 section 3.4.2.3 orders them
     * "last if ascending and first if descending", so the source is one ascending order, the values by
     * (value, id) and after them the resources without a value by id, walked up when ascending and down
     * when descending: descending starts with the resources without a value, highest id first.
     */
    record IndexSource(String type, IndexDefinition index, IndexRange range, boolean descending, boolean tail)
            implements Source {

        @Override
        public Walk forward(Row after) {
            return walk(after, !descending);
        }

        @Override
        public Walk backward(Row before) {
            return walk(before, descending);
        }

        /**
         * Rows strictly past {@code from} (null: from the end the walk starts at) in the ascending order
         * ({@code up}) or against it: going up, the values and then the resources without one; going
         * down, the resources without a value and then the values.
         */
        private Walk walk(Row from, boolean up) {
            return new Walk() {
                private boolean inMissing = from == null ? !up : from.key() == null;
                private IndexEntry lastEntry = from == null || from.key() == null
                        ? null : new IndexEntry((String) from.key(), from.id());
                private String lastId = from != null && from.key() == null ? from.id() : null;
                /** Every resource without a value was returned, as counted in the read that found the last. */
                private boolean missingDone;

                @Override
                public List<Row> next(StoreReader r, int max) {
                    if (up) {
                        if (!inMissing) {
                            List<Row> out = values(r, max);
                            if (!out.isEmpty()) {
                                return out;
                            }
                            inMissing = true;
                        }
                        return missing(r, max);
                    }
                    if (inMissing) {
                        List<Row> out = missing(r, max);
                        if (!out.isEmpty()) {
                            return out;
                        }
                        inMissing = false;
                    }
                    return values(r, max);
                }

                private List<Row> values(StoreReader r, int max) {
                    List<IndexEntry> entries = r.scanIndex(type, index.name(), range, lastEntry, !up, max);
                    List<Row> out = new ArrayList<>(entries.size());
                    for (IndexEntry e : entries) {
                        out.add(new Row(e.value(), e.id()));
                    }
                    if (!entries.isEmpty()) {
                        lastEntry = entries.get(entries.size() - 1);
                    }
                    return out;
                }

                /**
                 * Resources without a value for the index, by id (up) or id descending, past lastId. They
                 * are found by reading resources; a call that starts at the first of them knows from the
                 * counts of its read how many there are, and stops at the last instead of reading every
                 * resource of the type (the first page of a descending sort, where a few lack a value).
                 */
                private List<Row> missing(StoreReader r, int max) {
                    List<Row> out = new ArrayList<>();
                    long without = tail && !missingDone ? r.count(type) - r.indexedCount(type, index.name()) : 0;
                    if (without <= 0) {
                        return out; // only the range is walked, every resource holds a value, or all were returned
                    }
                    // exact within this read only: a resource that lacked a value throughout the walk was
                    // counted here, so stopping at the count skips only what changed after this read
                    long left = lastId == null ? without : Long.MAX_VALUE;
                    while (out.size() < max && left > 0) {
                        List<String> ids = up ? r.ids(type, lastId, CHUNK) : r.idsBefore(type, lastId, CHUNK);
                        if (ids.isEmpty()) {
                            return out;
                        }
                        for (String id : ids) {
                            lastId = id;
                            StoredResource res = r.get(type, id);
                            if (res != null && !holdsValue(res)) {
                                out.add(new Row(null, id));
                                if (--left == 0) {
                                    missingDone = true;
                                    return out;
                                }
                                if (out.size() >= max) {
                                    return out;
                                }
                            }
                        }
                    }
                    return out;
                }
            };
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
