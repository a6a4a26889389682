package io.roster.scim.service;

import io.roster.scim.error.ScimException;
import io.roster.scim.filter.Filter;
import io.roster.scim.filter.FilterEvaluator;
import io.roster.scim.filter.FilterParser;
import io.roster.scim.query.Cursors;
import io.roster.scim.query.IndexQueries;
import io.roster.scim.query.QueryPlan;
import io.roster.scim.query.QueryPlanner;
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
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Queries (RFC 7644 section 3.4.2 by GET, section 3.4.3 by POST /.search, RFC 9865 cursors) over one
 * resource type or, for the root /.search, every type: parses and checks the filter and sort, hands the
 * query to the store ({@link ResourceStore#prepare}, store contract rule 8), turns cursors into keyset
 * positions and back, and assembles the page. The store merges several types in one order (by id, i.e.
 * creation, unless sorted).
 */
final class QueryService {
    /** How long a cursor stays valid (advertised as cursorTimeout). Cursors hold no server state. */
    static final Duration CURSOR_TIMEOUT = Duration.ofHours(1);
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
    /** Answers through the store's reads when the store leaves {@link ResourceStore#prepare} empty (a test double). */
    private final IndexQueries byIndexWalk;
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
        this.byIndexWalk = new IndexQueries(store, registry, indexes);
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
        if (byCursor && request.startIndex() != null) {
            throw ScimException.invalidValue("Page either by startIndex (RFC 7644 section 3.4.2.4) or by cursor (RFC 9865), "
                    + "not both in one request.");
        }
        Filter filter = request.filter() == null || request.filter().isBlank() ? null : parser.parse(request.filter());
        List<StoreQuery.Target> targets = new ArrayList<>();
        for (ResourceType type : types) {
            FilterEvaluator evaluator = new FilterEvaluator(registry, type);
            if (filter != null) {
                evaluator.validate(filter);
            }
            targets.add(new StoreQuery.Target(type, evaluator, Sort.parse(resolver, type, request.sortBy(), request.sortOrder())));
        }
        // filters and sort keys read the representation a client sees (meta.location included)
        StoreQuery query = new StoreQuery(targets, filter, types.size() == 1,
                (type, res, reader, groups, members) -> assembler.assemble(type, res, reader, ctx, groups, members));
        PreparedQuery prepared = store.prepare(query).orElseGet(() -> byIndexWalk.prepare(query));
        String fingerprint = Cursors.fingerprint(types.size() == 1 ? types.get(0).name() : "*",
                filter == null ? "" : filter.toString(), prepared.order().fingerprint());

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

        QueryPage page = prepared.page(paging);
        List<ResourceSnapshot> resources = snapshots(page.hits(), ctx);
        if (!byCursor) {
            return new ListResult(page.total(), ((Paging.Index) paging).startIndex(), resources, null, null);
        }
        List<QueryPage.Hit> hits = page.hits();
        String next = null;
        String previous = null;
        if (page.moreAfter()) {
            next = cursors.encode(fingerprint, true, hits.isEmpty()
                    ? (paging instanceof Paging.After ? position : null) : hits.get(hits.size() - 1).position());
        }
        if (page.moreBefore()) {
            previous = cursors.encode(fingerprint, false, hits.isEmpty()
                    ? (paging instanceof Paging.Before ? position : null) : hits.get(0).position());
        }
        return new ListResult(page.total(), null, resources, next, previous);
    }

    /** The page's resources as answered, skipping any deleted since they matched. */
    private List<ResourceSnapshot> snapshots(List<QueryPage.Hit> hits, RequestContext ctx) {
        if (hits.isEmpty()) {
            return List.of();
        }
        return store.read(r -> {
            List<ResourceSnapshot> out = new ArrayList<>(hits.size());
            for (QueryPage.Hit hit : hits) {
                if (hit.resource() != null) {
                    out.add(assembler.snapshot(hit.resource(), r, ctx, true));
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
