package io.roster.scim.query;

import io.roster.scim.error.ScimException;
import io.roster.scim.filter.Filter;
import io.roster.scim.filter.FilterEvaluator;
import io.roster.scim.schema.ResourceType;
import io.roster.scim.store.IndexDefinition;
import io.roster.scim.store.IndexEntry;
import io.roster.scim.store.IndexRange;
import io.roster.scim.store.ResourceStore;
import io.roster.scim.store.StoreReader;
import io.roster.scim.store.StoredResource;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.TreeSet;

/**
 * Runs a planned query over the store and returns one page, counting every match.
 *
 * <p>Candidates come in an order. When that order is the one asked for and the plan is exact, the page
 * is found by seeking (an index or the creation-order table walked from the cursor position, or
 * skipped to {@code startIndex} without reading records) and the total is counted from the index
 * alone. Otherwise every candidate is read once, the filter evaluated, and the page kept in a bounded
 * heap (sort) or window (already in order), so memory stays proportional to the page. An index page
 * beyond {@code maxSortWindow} of an in-memory sort is refused with {@code tooMany}.
 *
 * <p>Every read is a short one over a chunk, so writers are never held up for long.
 */
public final class QueryExecutor {
    /** Candidates read per store read. */
    static final int CHUNK = 500;
    /** Index entries skipped per store read when seeking to a deep startIndex. */
    static final int SKIP_CHUNK = 20_000;
    /** Most candidates gathered from lookups, unions and intersections before falling back to a scan. */
    static final int MATERIALIZE_CAP = 100_000;

    /** Builds the full representation that filters and sort keys read. */
    @FunctionalInterface
    public interface Representation {
        JsonObject of(ResourceType type, StoredResource resource, StoreReader reader, boolean groups, boolean members);
    }

    private final ResourceStore store;
    private final QueryPlanner planner;
    private final Representation representation;
    private final int maxSortWindow;

    public QueryExecutor(ResourceStore store, QueryPlanner planner, Representation representation, int maxSortWindow) {
        this.store = store;
        this.planner = planner;
        this.representation = representation;
        this.maxSortWindow = maxSortWindow;
    }

    /** What a query is: its type, plan, filter (null for none) and order. */
    public record Query(ResourceType type, QueryPlan plan, Filter filter, FilterEvaluator evaluator, Sort sort) {
    }

    /**
     * The order a query's results come in: the requested sort, or for a filter answered from one
     * single-valued index range and no sortBy, that index's order (when {@code impliedOrder}).
     */
    public Sort effectiveSort(Query q, boolean impliedOrder, io.roster.scim.schema.AttributeResolver resolver) {
        if (q.sort().byId() && impliedOrder && q.plan().candidates() instanceof Candidates.Range range
                && !range.index().multiValued()) {
            return Sort.byIndex(resolver, q.type(), range.index().name());
        }
        return q.sort();
    }

    public Page execute(Query q, Sort order, Paging paging) {
        Candidates c = q.plan().candidates();
        if (c instanceof Candidates.None) {
            return Page.EMPTY;
        }
        boolean exact = q.plan().exact();
        Source source;
        boolean ordered;
        if (c instanceof Candidates.All) {
            IndexDefinition sortIndex = sortIndex(q.type(), order);
            if (order.byId()) {
                source = new IdSource(q.type().name());
                ordered = true;
            } else if (sortIndex != null) {
                source = new IndexSource(q.type().name(), sortIndex, IndexRange.all(), order.descending(), true);
                ordered = true;
            } else {
                source = new IdSource(q.type().name());
                ordered = false;
            }
        } else if (c instanceof Candidates.Range r && !r.index().multiValued()) {
            boolean sameIndex = !order.byId() && r.index().name().equalsIgnoreCase(order.indexPath());
            source = new IndexSource(q.type().name(), r.index(), r.range(), sameIndex && order.descending(), false);
            ordered = sameIndex;
        } else {
            List<String> ids = store.read(reader -> materialize(reader, c));
            if (ids == null) {
                source = new IdSource(q.type().name());
                exact = false;
            } else {
                source = new ListSource(ids);
            }
            ordered = order.byId();
        }
        if (exact && ordered) {
            return seek(source, order, paging);
        }
        return pass(q, source, ordered, exact, order, paging);
    }

    private IndexDefinition sortIndex(ResourceType type, Sort order) {
        String path = order.indexPath();
        if (path == null) {
            return null;
        }
        IndexDefinition def = planner.index(type, path);
        return def == null || def.multiValued() ? null : def;
    }

    // ------------------------------------------------------------------ seeking (exact plans in order)

    private Page seek(Source source, Sort order, Paging paging) {
        long total = store.read(source::count);
        if (paging instanceof Paging.Index index) {
            List<Row> page = new ArrayList<>();
            if (index.count() > 0 && index.startIndex() <= total) {
                Walk walk = source.forward(null);
                long toSkip = index.startIndex() - 1L;
                while (toSkip > 0) {
                    int step = (int) Math.min(toSkip, SKIP_CHUNK);
                    int skipped = store.read(r -> walk.next(r, step).size());
                    if (skipped == 0) {
                        break;
                    }
                    toSkip -= skipped;
                }
                take(walk, index.count(), page);
            }
            return new Page(page, total, false, false);
        }
        if (paging instanceof Paging.After after) {
            List<Row> page = new ArrayList<>();
            take(source.forward(after.after()), after.count() + 1, page);
            boolean more = page.size() > after.count();
            if (more) {
                page.remove(page.size() - 1);
            }
            boolean before = after.after() != null
                    && !store.read(r -> source.backward(page.isEmpty() ? null : page.get(0)).next(r, 1)).isEmpty();
            return new Page(page, total, before, more);
        }
        Paging.Before before = (Paging.Before) paging;
        List<Row> reversed = new ArrayList<>();
        take(source.backward(before.before()), before.count() + 1, reversed);
        boolean more = reversed.size() > before.count();
        if (more) {
            reversed.remove(reversed.size() - 1);
        }
        Collections.reverse(reversed);
        boolean after = !store.read(r -> source.forward(reversed.isEmpty() ? null : reversed.get(reversed.size() - 1))
                .next(r, 1)).isEmpty();
        return new Page(reversed, total, more, after);
    }

    private void take(Walk walk, int n, List<Row> out) {
        while (out.size() < n) {
            int want = Math.min(CHUNK, n - out.size());
            List<Row> chunk = store.read(r -> walk.next(r, want));
            if (chunk.isEmpty()) {
                return;
            }
            out.addAll(chunk);
        }
    }

    // ------------------------------------------------------------------ one pass over every candidate

    private Page pass(Query q, Source source, boolean ordered, boolean exact, Sort order, Paging paging) {
        Collector collector = new Collector(order.comparator(), paging, ordered, maxSortWindow);
        boolean needRecord = !exact || !ordered;
        Walk walk = source.forward(null);
        while (true) {
            boolean done = store.read(r -> {
                List<Row> chunk = walk.next(r, CHUNK);
                for (Row row : chunk) {
                    if (!needRecord) {
                        collector.accept(row);
                        continue;
                    }
                    StoredResource res = r.get(q.type().name(), row.id());
                    if (res == null) {
                        continue;
                    }
                    JsonObject full = representation.of(q.type(), res, r,
                            q.plan().needsGroups() || needsDerived(order, "groups"),
                            q.plan().needsMembers() || needsDerived(order, "members"));
                    if (!exact && !q.evaluator().matches(q.filter(), full)) {
                        continue;
                    }
                    collector.accept(ordered ? row : new Row(order.key(full), row.id()));
                }
                return chunk.isEmpty();
            });
            if (done) {
                return collector.page();
            }
        }
    }

    private static boolean needsDerived(Sort order, String name) {
        return order.definition() != null && order.container() == null && order.definition().name().equals(name);
    }

    /** Keeps the page while matches stream past, in memory proportional to the page. */
    private static final class Collector {
        private final Comparator<Row> cmp;
        private final Paging paging;
        private final boolean ordered;
        private final int maxWindow;
        private final PriorityQueue<Row> heap;
        private final List<Row> window = new ArrayList<>();
        private final int keep;
        private long total;
        private boolean before;
        private boolean after;

        Collector(Comparator<Row> cmp, Paging paging, boolean ordered, int maxWindow) {
            this.cmp = cmp;
            this.paging = paging;
            this.ordered = ordered;
            this.maxWindow = maxWindow;
            if (paging instanceof Paging.Index index) {
                long k = index.count() == 0 ? 0 : index.startIndex() - 1L + index.count();
                keep = (int) Math.min(Integer.MAX_VALUE - 1, k);
                heap = new PriorityQueue<>(cmp.reversed()); // largest on top: drop it to keep the smallest
            } else if (paging instanceof Paging.After a) {
                keep = a.count() + 1;
                heap = new PriorityQueue<>(cmp.reversed());
            } else {
                keep = paging.count() + 1;
                heap = new PriorityQueue<>(cmp); // smallest on top: drop it to keep the largest
            }
        }

        void accept(Row row) {
            long ordinal = total++;
            if (paging instanceof Paging.Index index) {
                if (keep == 0) {
                    return;
                }
                if (ordered) {
                    if (ordinal >= index.startIndex() - 1L && window.size() < index.count()) {
                        window.add(row);
                    }
                    return;
                }
                offer(row);
                if (heap.size() > maxWindow) {
                    throw ScimException.tooMany("Sorting this query in memory to reach startIndex " + index.startIndex()
                            + " would hold more than " + maxWindow + " resources. Page with cursors instead (cursor= and "
                            + "nextCursor, RFC 9865), sort by an indexed attribute (userName, externalId, displayName), "
                            + "or narrow the filter.");
                }
                return;
            }
            if (paging instanceof Paging.After a) {
                if (a.after() != null && cmp.compare(row, a.after()) <= 0) {
                    before = true;
                    return;
                }
                offer(row);
                return;
            }
            Paging.Before b = (Paging.Before) paging;
            if (b.before() != null && cmp.compare(row, b.before()) >= 0) {
                after = true;
                return;
            }
            offer(row);
        }

        private void offer(Row row) {
            heap.add(row);
            if (heap.size() > keep) {
                heap.poll();
            }
        }

        Page page() {
            if (paging instanceof Paging.Index index) {
                if (ordered) {
                    return new Page(window, total, false, false);
                }
                List<Row> sorted = new ArrayList<>(heap);
                sorted.sort(cmp);
                int from = (int) Math.min(sorted.size(), index.startIndex() - 1L);
                return new Page(new ArrayList<>(sorted.subList(from, sorted.size())), total, false, false);
            }
            List<Row> sorted = new ArrayList<>(heap);
            sorted.sort(cmp);
            int n = paging.count();
            if (paging instanceof Paging.After) {
                boolean more = sorted.size() > n;
                return new Page(more ? new ArrayList<>(sorted.subList(0, n)) : sorted, total, before, more);
            }
            boolean more = sorted.size() > n;
            return new Page(more ? new ArrayList<>(sorted.subList(sorted.size() - n, sorted.size())) : sorted, total, more, after);
        }
    }

    // ------------------------------------------------------------------ materialising candidate sets

    /** The candidate ids in id order, or null when there are more than {@link #MATERIALIZE_CAP}. */
    private static List<String> materialize(StoreReader r, Candidates c) {
        TreeSet<String> ids = set(r, c);
        return ids == null ? null : new ArrayList<>(ids);
    }

    private static TreeSet<String> set(StoreReader r, Candidates c) {
        if (c instanceof Candidates.None) {
            return new TreeSet<>();
        }
        if (c instanceof Candidates.All) {
            return null;
        }
        if (c instanceof Candidates.Lookup l) {
            return new TreeSet<>(l.lookup().apply(r));
        }
        if (c instanceof Candidates.Range range) {
            TreeSet<String> out = new TreeSet<>();
            IndexEntry after = null;
            while (true) {
                List<IndexEntry> chunk = r.scanIndex(range.index().type(), range.index().name(), range.range(), after, false, 5000);
                for (IndexEntry e : chunk) {
                    out.add(e.id());
                }
                if (out.size() > MATERIALIZE_CAP) {
                    return null;
                }
                if (chunk.size() < 5000) {
                    return out;
                }
                after = chunk.get(chunk.size() - 1);
            }
        }
        if (c instanceof Candidates.Union u) {
            TreeSet<String> out = new TreeSet<>();
            for (Candidates part : u.parts()) {
                TreeSet<String> s = set(r, part);
                if (s == null) {
                    return null;
                }
                out.addAll(s);
                if (out.size() > MATERIALIZE_CAP) {
                    return null;
                }
            }
            return out;
        }
        Candidates.Intersection x = (Candidates.Intersection) c;
        // Materialise the smallest side, then keep what every other side also holds.
        Candidates smallest = null;
        long best = Long.MAX_VALUE;
        for (Candidates part : x.parts()) {
            long e = estimate(r, part);
            if (e < best) {
                best = e;
                smallest = part;
            }
        }
        if (smallest == null) {
            return null;
        }
        TreeSet<String> base = set(r, smallest);
        if (base == null) {
            return null;
        }
        for (Candidates part : x.parts()) {
            if (part != smallest) {
                base.removeIf(id -> !holds(r, part, id));
            }
        }
        return base;
    }

    private static long estimate(StoreReader r, Candidates c) {
        if (c instanceof Candidates.None) {
            return 0;
        }
        if (c instanceof Candidates.All) {
            return Long.MAX_VALUE;
        }
        if (c instanceof Candidates.Lookup l) {
            return l.lookup().apply(r).size();
        }
        if (c instanceof Candidates.Range range) {
            return r.countIndex(range.index().type(), range.index().name(), range.range(), MATERIALIZE_CAP + 1L);
        }
        if (c instanceof Candidates.Union u) {
            long sum = 0;
            for (Candidates p : u.parts()) {
                sum += estimate(r, p);
                if (sum >= Long.MAX_VALUE / 2) {
                    return Long.MAX_VALUE;
                }
            }
            return sum;
        }
        long min = Long.MAX_VALUE;
        for (Candidates p : ((Candidates.Intersection) c).parts()) {
            min = Math.min(min, estimate(r, p));
        }
        return min;
    }

    /** Whether the resource {@code id} is among the candidates (reads its record for an index range). */
    private static boolean holds(StoreReader r, Candidates c, String id) {
        if (c instanceof Candidates.None) {
            return false;
        }
        if (c instanceof Candidates.All) {
            return true;
        }
        if (c instanceof Candidates.Lookup l) {
            return l.lookup().apply(r).contains(id);
        }
        if (c instanceof Candidates.Range range) {
            IndexDefinition def = range.index();
            StoredResource res = r.get(def.type(), id);
            if (res == null) {
                return false;
            }
            for (String v : def.extractor().apply(res.attributes())) {
                if (v != null && !v.isEmpty() && v.indexOf('\u0000') < 0 && range.range().contains(def.normalise(v))) {
                    return true;
                }
            }
            return false;
        }
        if (c instanceof Candidates.Union u) {
            return u.parts().stream().anyMatch(p -> holds(r, p, id));
        }
        return ((Candidates.Intersection) c).parts().stream().allMatch(p -> holds(r, p, id));
    }

    // ------------------------------------------------------------------ sources: candidates in an order

    /** A resumable walk: each call returns the next rows (empty at the end), reading through {@code r}. */
    private interface Walk {
        List<Row> next(StoreReader r, int max);
    }

    private interface Source {
        /** Rows strictly after {@code after} in the source's order (null: from the start). */
        Walk forward(Row after);

        /** Rows strictly before {@code before}, nearest first (null: from the end). */
        Walk backward(Row before);

        /** How many rows the source holds in all. */
        long count(StoreReader r);
    }

    /** Every resource of a type in creation (id) order. */
    private record IdSource(String type) implements Source {
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
    private record ListSource(List<String> ids) implements Source {
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
    private record IndexSource(String type, IndexDefinition index, IndexRange range, boolean descending, boolean tail)
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
