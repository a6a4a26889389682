package io.roster.scim.service;

import io.roster.scim.error.ScimException;
import io.roster.scim.filter.Filter;
import io.roster.scim.filter.FilterEvaluator;
import io.roster.scim.filter.FilterParser;
import io.roster.scim.query.Cursors;
import io.roster.scim.query.Page;
import io.roster.scim.query.Paging;
import io.roster.scim.query.QueryExecutor;
import io.roster.scim.query.QueryPlan;
import io.roster.scim.query.QueryPlanner;
import io.roster.scim.query.Row;
import io.roster.scim.query.Sort;
import io.roster.scim.schema.AttributeResolver;
import io.roster.scim.schema.ResourceType;
import io.roster.scim.schema.SchemaRegistry;
import io.roster.scim.store.IndexDefinition;
import io.roster.scim.store.ResourceStore;
import io.roster.scim.store.StoredResource;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;

/**
 * Queries (RFC 7644 section 3.4.2 by GET, section 3.4.3 by POST /.search, RFC 9865 cursors) over one
 * resource type or, for the root /.search, every type: parses and checks the filter, plans it against
 * the indexes, pages by startIndex/count or by cursor, and loads the page. Results of several types
 * are merged in one order (by id, i.e. creation, unless sorted).
 */
final class QueryService {
    /** How long a cursor stays valid (advertised as cursorTimeout). Cursors hold no server state. */
    static final Duration CURSOR_TIMEOUT = Duration.ofHours(1);
    /** The most resources an in-memory sort keeps to answer a startIndex page (beyond: tooMany). */
    static final int MAX_SORT_WINDOW = 100_000;
    /** The master key of opaque cursors (see {@link Cursors}). */
    private static final String CURSOR_KEY_SETTING = "cursor.key.v2";
    /** The HMAC key of the signed-only cursors before them: dropped when the new key is made. */
    private static final String OLD_CURSOR_KEY_SETTING = "cursor.key";

    private final SchemaRegistry registry;
    private final ResourceStore store;
    private final ServiceSettings settings;
    private final ResourceAssembler assembler;
    private final FilterParser parser;
    private final AttributeResolver resolver;
    private final QueryPlanner planner;
    private final Cursors cursors;
    private volatile byte[] cursorKey;

    QueryService(SchemaRegistry registry, ResourceStore store, ServiceSettings settings, ResourceAssembler assembler,
                 Clock clock, List<IndexDefinition> indexes) {
        this.registry = registry;
        this.store = store;
        this.settings = settings;
        this.assembler = assembler;
        this.parser = new FilterParser(settings.maxFilterLength(), settings.maxFilterDepth());
        this.resolver = new AttributeResolver(registry);
        this.planner = new QueryPlanner(registry, indexes);
        this.cursors = new Cursors(this::cursorKey, clock, CURSOR_TIMEOUT);
    }

    /** The plan a filter gets on a type; for tests and diagnostics. */
    QueryPlan plan(ResourceType type, String filter) {
        Filter f = filter == null || filter.isBlank() ? null : parser.parse(filter);
        if (f != null) {
            new FilterEvaluator(registry, type).validate(f);
        }
        return planner.plan(type, f);
    }

    ListResult run(List<ResourceType> types, ListRequest request, RequestContext ctx) {
        int count = request.count() == null ? settings.defaultCount()
                : Math.max(0, Math.min(request.count(), settings.maxResults()));
        boolean byCursor = request.cursor() != null;
        // filters and sort keys read the representation a client sees (meta.location included)
        QueryExecutor executor = new QueryExecutor(store, planner,
                (type, res, reader, groups, members) -> assembler.assemble(type, res, reader, ctx, groups, members),
                MAX_SORT_WINDOW);
        if (byCursor && request.startIndex() != null) {
            throw ScimException.invalidValue("Page either by startIndex (RFC 7644 section 3.4.2.4) or by cursor (RFC 9865), "
                    + "not both in one request.");
        }
        Filter filter = request.filter() == null || request.filter().isBlank() ? null : parser.parse(request.filter());
        List<QueryExecutor.Query> queries = new ArrayList<>();
        List<Sort> orders = new ArrayList<>();
        for (ResourceType type : types) {
            FilterEvaluator evaluator = new FilterEvaluator(registry, type);
            if (filter != null) {
                evaluator.validate(filter);
            }
            QueryExecutor.Query q = new QueryExecutor.Query(type, planner.plan(type, filter), filter, evaluator,
                    Sort.parse(resolver, type, request.sortBy(), request.sortOrder()));
            queries.add(q);
            orders.add(executor.effectiveSort(q, types.size() == 1, resolver));
        }
        Comparator<Row> comparator = orders.get(0).comparator();
        String fingerprint = Cursors.fingerprint(types.size() == 1 ? types.get(0).name() : "*",
                filter == null ? "" : filter.toString(), orders.get(0).fingerprint());

        Paging paging;
        Row position = null;
        if (!byCursor) {
            int startIndex = request.startIndex() == null || request.startIndex() < 1 ? 1 : request.startIndex();
            paging = new Paging.Index(startIndex, count);
        } else if (request.cursor().isBlank()) {
            paging = new Paging.After(null, count);
        } else {
            Cursors.Position p = cursors.decode(request.cursor(), fingerprint);
            position = p.position();
            paging = p.forward() ? new Paging.After(position, count) : new Paging.Before(position, count);
        }

        List<Typed> rows = new ArrayList<>();
        Page merged = types.size() == 1 ? single(executor, queries.get(0), orders.get(0), paging, rows)
                : merge(executor, queries, orders, comparator, paging, rows);
        List<ResourceSnapshot> resources = load(rows, ctx);
        if (!byCursor) {
            return new ListResult(merged.total(), ((Paging.Index) paging).startIndex(), resources, null, null);
        }
        List<Row> pageRows = merged.rows();
        String next = null;
        String previous = null;
        if (merged.moreAfter()) {
            next = cursors.encode(fingerprint, true, pageRows.isEmpty()
                    ? (paging instanceof Paging.After ? position : null) : pageRows.get(pageRows.size() - 1));
        }
        if (merged.moreBefore()) {
            previous = cursors.encode(fingerprint, false, pageRows.isEmpty()
                    ? (paging instanceof Paging.Before ? position : null) : pageRows.get(0));
        }
        return new ListResult(merged.total(), null, resources, next, previous);
    }

    private record Typed(ResourceType type, Row row) {
    }

    private Page single(QueryExecutor executor, QueryExecutor.Query q, Sort order, Paging paging, List<Typed> out) {
        Page page = executor.execute(q, order, paging);
        page.rows().forEach(r -> out.add(new Typed(q.type(), r)));
        return page;
    }

    /** Several types: each type's page in the common order, merged, then cut to the page asked for. */
    private Page merge(QueryExecutor executor, List<QueryExecutor.Query> queries, List<Sort> orders, Comparator<Row> comparator, Paging paging,
                       List<Typed> out) {
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

    /** The page's resources, skipping any deleted since they matched. */
    private List<ResourceSnapshot> load(List<Typed> rows, RequestContext ctx) {
        if (rows.isEmpty()) {
            return List.of();
        }
        return store.read(r -> {
            List<ResourceSnapshot> out = new ArrayList<>(rows.size());
            for (Typed t : rows) {
                StoredResource res = r.get(t.type().name(), t.row().id());
                if (res != null) {
                    out.add(assembler.snapshot(res, r, ctx, true));
                }
            }
            return out;
        });
    }

    /** The cursor key, created (durably, through the store) on first use. */
    private byte[] cursorKey() {
        byte[] k = cursorKey;
        if (k != null) {
            return k;
        }
        String stored = store.read(r -> r.setting(CURSOR_KEY_SETTING));
        if (stored == null) {
            byte[] fresh = new byte[32];
            new SecureRandom().nextBytes(fresh);
            String encoded = Base64.getEncoder().encodeToString(fresh);
            stored = store.write(w -> {
                String existing = w.setting(CURSOR_KEY_SETTING);
                if (existing != null) {
                    return existing;
                }
                w.putSetting(CURSOR_KEY_SETTING, encoded);
                if (w.setting(OLD_CURSOR_KEY_SETTING) != null) {
                    w.putSetting(OLD_CURSOR_KEY_SETTING, null);
                }
                return encoded;
            });
        }
        k = Base64.getDecoder().decode(stored);
        cursorKey = k;
        return k;
    }
}
