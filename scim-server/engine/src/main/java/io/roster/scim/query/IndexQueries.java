package io.roster.scim.query;

import io.roster.scim.error.ScimException;
import io.roster.scim.schema.AttributeResolver;
import io.roster.scim.schema.ResourceType;
import io.roster.scim.schema.SchemaRegistry;
import io.roster.scim.store.IndexDefinition;
import io.roster.scim.store.Paging;
import io.roster.scim.store.PreparedQuery;
import io.roster.scim.store.QueryPage;
import io.roster.scim.store.ResourceStore;
import io.roster.scim.store.Row;
import io.roster.scim.store.Sort;
import io.roster.scim.store.StoreQuery;
import io.roster.scim.store.StoredResource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Queries answered from a store's ordered indexes (store contract, rule 8), for any store that offers
 * the ordered key-value reads of {@link io.roster.scim.store.StoreReader}: the {@link QueryPlanner}
 * finds each type's candidates (an id lookup, index ranges, unions and intersections, or a scan), the
 * {@link QueryExecutor} seeks or streams through them in short reads, and a search over several types
 * merges their pages in the first type's order. The MapDB backend answers every query this way; the
 * engine also answers this way for a store that leaves {@link ResourceStore#prepare} empty (a test
 * double wrapping another store), reading through it.
 */
public final class IndexQueries {
    /** The most resources an in-memory sort keeps to answer a startIndex page (beyond: tooMany). */
    public static final int MAX_SORT_WINDOW = 100_000;

    private final ResourceStore store;
    private final QueryPlanner planner;
    private final AttributeResolver resolver;

    /**
     * @param store    the store read through
     * @param registry the schemas the filters and sorts resolve against
     * @param indexes  the indexes the store maintains
     */
    public IndexQueries(ResourceStore store, SchemaRegistry registry, Collection<IndexDefinition> indexes) {
        this.store = store;
        this.planner = new QueryPlanner(registry, indexes);
        this.resolver = new AttributeResolver(registry);
    }

    public PreparedQuery prepare(StoreQuery query) {
        QueryExecutor executor = new QueryExecutor(store, planner, query.representation(), MAX_SORT_WINDOW);
        List<QueryExecutor.Query> queries = new ArrayList<>();
        List<Sort> orders = new ArrayList<>();
        for (StoreQuery.Target t : query.targets()) {
            QueryExecutor.Query q = new QueryExecutor.Query(t.type(), planner.plan(t.type(), query.filter()), query.filter(),
                    t.evaluator(), t.sort());
            queries.add(q);
            orders.add(executor.effectiveSort(q, query.naturalOrder() && query.targets().size() == 1, resolver));
        }
        return new Prepared(executor, queries, orders);
    }

    private final class Prepared implements PreparedQuery {
        private final QueryExecutor executor;
        private final List<QueryExecutor.Query> queries;
        private final List<Sort> orders;

        Prepared(QueryExecutor executor, List<QueryExecutor.Query> queries, List<Sort> orders) {
            this.executor = executor;
            this.queries = queries;
            this.orders = orders;
        }

        @Override
        public Sort order() {
            return orders.get(0);
        }

        @Override
        public QueryPage page(Paging paging) {
            List<Typed> rows = new ArrayList<>();
            Page page = queries.size() == 1 ? single(paging, rows) : merge(paging, rows);
            return new QueryPage(load(rows), page.total(), page.moreBefore(), page.moreAfter());
        }

        private Page single(Paging paging, List<Typed> out) {
            QueryExecutor.Query q = queries.get(0);
            Page page = executor.execute(q, orders.get(0), paging);
            page.rows().forEach(r -> out.add(new Typed(q.type(), r)));
            return page;
        }

        /** Several types: each type's page in the common order, merged, then cut to the page asked for. */
        private Page merge(Paging paging, List<Typed> out) {
            Comparator<Row> comparator = orders.get(0).comparator();
            Paging each = paging;
            if (paging instanceof Paging.Index index && index.count() > 0) {
                long k = index.startIndex() - 1L + index.count();
                if (k > MAX_SORT_WINDOW) {
                    throw ScimException.tooMany("A search across every resource type reaches startIndex " + index.startIndex()
                            + ", beyond the " + MAX_SORT_WINDOW + " results it merges; page with cursors (RFC 9865) instead, "
                            + "or search one resource type.");
                }
                each = new Paging.After(null, (int) k);
            }
            long total = 0;
            boolean before = false;
            boolean after = false;
            List<Typed> all = new ArrayList<>();
            for (int i = 0; i < queries.size(); i++) {
                Page p = executor.execute(queries.get(i), orders.get(i), each);
                total += p.total();
                before |= p.moreBefore();
                after |= p.moreAfter();
                ResourceType type = queries.get(i).type();
                p.rows().forEach(r -> all.add(new Typed(type, r)));
            }
            all.sort((a, b) -> comparator.compare(a.row(), b.row()));
            List<Typed> page;
            int n = paging.count();
            if (paging instanceof Paging.Index index) {
                int from = (int) Math.min(all.size(), index.startIndex() - 1L);
                page = all.subList(from, Math.min(all.size(), from + n));
                before = false;
                after = false;
            } else if (paging instanceof Paging.After) {
                after |= all.size() > n;
                page = all.subList(0, Math.min(n, all.size()));
            } else {
                before |= all.size() > n;
                page = all.subList(Math.max(0, all.size() - n), all.size());
            }
            out.addAll(page);
            return new Page(page.stream().map(Typed::row).toList(), total, before, after);
        }

        /** The page's resources, read together; null for any deleted since it matched. */
        private List<QueryPage.Hit> load(List<Typed> rows) {
            if (rows.isEmpty()) {
                return List.of();
            }
            return store.read(r -> {
                List<QueryPage.Hit> out = new ArrayList<>(rows.size());
                for (Typed t : rows) {
                    StoredResource res = r.get(t.type().name(), t.row().id());
                    out.add(new QueryPage.Hit(t.type(), t.row(), res));
                }
                return out;
            });
        }
    }

    private record Typed(ResourceType type, Row row) {
    }
}
