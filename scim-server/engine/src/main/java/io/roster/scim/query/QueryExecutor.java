package io.roster.scim.query;

import io.roster.scim.filter.Filter;
import io.roster.scim.filter.FilterEvaluator;
import io.roster.scim.schema.AttributeResolver;
import io.roster.scim.schema.ResourceType;
import io.roster.scim.store.IndexDefinition;
import io.roster.scim.store.IndexRange;
import io.roster.scim.store.Paging;
import io.roster.scim.store.ResourceStore;
import io.roster.scim.store.Row;
import io.roster.scim.store.Sort;
import io.roster.scim.store.StoreQuery;
import io.roster.scim.store.StoredResource;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

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
 * <p>Every read is a short one over a chunk, so writers are never held up for long. It needs nothing
 * from the store but the ordered key-value reads of {@link io.roster.scim.store.StoreReader}: it is how
 * the MapDB backend answers queries ({@link IndexQueries}), and how any store that only offers those
 * reads would. Helpers: {@link Sources} (candidates in an order), {@link CandidateSets} (lookups,
 * unions, intersections), {@link PageCollector} (the page kept while matches stream past).
 */
public final class QueryExecutor {
    /** Candidates read per store read. */
    static final int CHUNK = 500;
    /** Index entries skipped per store read when seeking to a deep startIndex. */
    static final int SKIP_CHUNK = 20_000;

    private final ResourceStore store;
    private final QueryPlanner planner;
    private final StoreQuery.Representation representation;
    private final int maxSortWindow;

    public QueryExecutor(ResourceStore store, QueryPlanner planner, StoreQuery.Representation representation, int maxSortWindow) {
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
    public Sort effectiveSort(Query q, boolean impliedOrder, AttributeResolver resolver) {
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
        Sources.Source source;
        boolean ordered;
        if (c instanceof Candidates.All) {
            IndexDefinition sortIndex = sortIndex(q.type(), order);
            if (order.byId()) {
                source = new Sources.IdSource(q.type().name());
                ordered = true;
            } else if (sortIndex != null) {
                source = new Sources.IndexSource(q.type().name(), sortIndex, IndexRange.all(), order.descending(), true);
                ordered = true;
            } else {
                source = new Sources.IdSource(q.type().name());
                ordered = false;
            }
        } else if (c instanceof Candidates.Range r && !r.index().multiValued()) {
            boolean sameIndex = !order.byId() && r.index().name().equalsIgnoreCase(order.indexPath());
            source = new Sources.IndexSource(q.type().name(), r.index(), r.range(), sameIndex && order.descending(), false);
            ordered = sameIndex;
        } else {
            List<String> ids = store.read(reader -> CandidateSets.materialize(reader, c));
            if (ids == null) {
                source = new Sources.IdSource(q.type().name());
                exact = false;
            } else {
                source = new Sources.ListSource(ids);
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

    private Page seek(Sources.Source source, Sort order, Paging paging) {
        long total = store.read(source::count);
        if (paging instanceof Paging.Index index) {
            List<Row> page = new ArrayList<>();
            if (index.count() > 0 && index.startIndex() <= total) {
                Sources.Walk walk = source.forward(null);
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

    private void take(Sources.Walk walk, int n, List<Row> out) {
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

    private Page pass(Query q, Sources.Source source, boolean ordered, boolean exact, Sort order, Paging paging) {
        PageCollector collector = new PageCollector(order.comparator(), paging, ordered, maxSortWindow);
        boolean needRecord = !exact || !ordered;
        Sources.Walk walk = source.forward(null);
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
}
