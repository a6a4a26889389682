package io.roster.scim.hook;

import io.roster.scim.filter.Filter;
import io.roster.scim.query.Candidates;
import io.roster.scim.query.QueryPlan;
import io.roster.scim.query.QueryPlanner;
import io.roster.scim.spi.Matches;
import io.roster.scim.spi.ResourceReader;
import io.roster.scim.store.IndexEntry;
import io.roster.scim.store.StoreReader;
import io.roster.scim.store.StoredResource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The engine's {@link Matches}: the query planner's candidates where an index helps (ids only, taken
 * once, sorted), otherwise a walk of every id of the type in chunks; each candidate is evaluated against
 * the reader of the page it is returned in, unless the plan is exact and the candidates were taken for
 * that very page.
 */
final class QueryMatches implements Matches {
    /** Index entries and ids read per chunk. */
    static final int CHUNK = 1000;

    private final EngineFilters filters;
    private final QueryPlanner planner;
    private final String type;
    private final Filter filter;
    private String after;
    private boolean planned;
    /** Sorted candidate ids, or null for a walk of every id. */
    private List<String> candidates;
    private int position;
    private boolean exact;

    QueryMatches(EngineFilters filters, QueryPlanner planner, String type, Filter filter) {
        this.filters = filters;
        this.planner = planner;
        this.type = type;
        this.filter = filter;
    }

    @Override
    public Matches startAfter(String id) {
        this.after = id;
        if (candidates != null) {
            position = id == null ? 0 : firstAfter(candidates, id);
        }
        return this;
    }

    @Override
    public List<String> next(ResourceReader reader, int limit) {
        StoreReader r = ((ReadView) reader).store();
        // exact candidates are skipped unevaluated only in the read that planned them: a later page (a later
        // write, perhaps on the same writer object) must re-check each one against the state then
        boolean plannedNow = !planned;
        if (plannedNow) {
            plan(r);
        }
        List<String> out = new ArrayList<>();
        boolean skipEvaluation = exact && plannedNow;
        if (candidates != null) {
            while (position < candidates.size() && out.size() < limit) {
                String id = candidates.get(position++);
                after = id;
                if (skipEvaluation ? r.get(type, id) != null : matches(r, id)) {
                    out.add(id);
                }
            }
            return out;
        }
        while (out.size() < limit) {
            List<String> chunk = r.ids(type, after, CHUNK);
            for (String id : chunk) {
                after = id;
                if (matches(r, id)) {
                    out.add(id);
                    if (out.size() == limit) {
                        return out;
                    }
                }
            }
            if (chunk.size() < CHUNK) {
                return out;
            }
        }
        return out;
    }

    private boolean matches(StoreReader r, String id) {
        StoredResource s = r.get(type, id);
        return s != null && filters.matches(type, filter, io.roster.scim.json.JsonSupport.object(s.attributes()).add("id", id).build());
    }

    private void plan(StoreReader r) {
        planned = true;
        QueryPlan plan = planner.plan(filters.type(type), filter);
        Candidates c = plan.candidates();
        Collection<String> ids = candidates(r, c);
        if (ids == null) {
            return;
        }
        candidates = new ArrayList<>(new TreeSet<>(ids));
        // an intersection is narrowed to its smallest side only, so its candidates are no longer exact
        exact = plan.exact() && !(c instanceof Candidates.Intersection);
        position = after == null ? 0 : firstAfter(candidates, after);
    }

    private static int firstAfter(List<String> sorted, String id) {
        int i = java.util.Collections.binarySearch(sorted, id);
        return i >= 0 ? i + 1 : -i - 1;
    }

    /** An upper bound from indexes and counts alone (the type's count when only a scan would tell). */
    static long estimate(QueryPlanner planner, EngineFilters filters, StoreReader r, String type, Filter filter) {
        return estimate(r, planner.plan(filters.type(type), filter).candidates(), type);
    }

    /** Candidate ids of a plan, or null for "every resource" (a scan). */
    private Collection<String> candidates(StoreReader r, Candidates c) {
        if (c instanceof Candidates.None) {
            return List.of();
        }
        if (c instanceof Candidates.All) {
            return null;
        }
        if (c instanceof Candidates.Lookup l) {
            return l.lookup().apply(r); // null: too many to hold, so a scan
        }
        if (c instanceof Candidates.Range range) {
            Set<String> out = new HashSet<>(); // a multi-valued index may list one resource several times
            IndexEntry last = null;
            while (true) {
                List<IndexEntry> chunk = r.scanIndex(range.index().type(), range.index().name(), range.range(), last, false, CHUNK);
                chunk.forEach(e -> out.add(e.id()));
                if (chunk.size() < CHUNK) {
                    return out;
                }
                last = chunk.get(chunk.size() - 1);
            }
        }
        if (c instanceof Candidates.Union u) {
            Set<String> out = new HashSet<>();
            for (Candidates part : u.parts()) {
                Collection<String> ids = candidates(r, part);
                if (ids == null) {
                    return null;
                }
                out.addAll(ids);
            }
            return out;
        }
        // Intersection: the smallest side; every candidate is then evaluated
        Candidates smallest = null;
        long best = Long.MAX_VALUE;
        for (Candidates part : ((Candidates.Intersection) c).parts()) {
            long e = estimate(r, part, type);
            if (e < best) {
                best = e;
                smallest = part;
            }
        }
        return smallest == null ? null : candidates(r, smallest);
    }

    private static long estimate(StoreReader r, Candidates c, String type) {
        if (c instanceof Candidates.None) {
            return 0;
        }
        if (c instanceof Candidates.Lookup l) {
            Collection<String> ids = l.lookup().apply(r);
            return ids == null ? r.count(type) : ids.size();
        }
        if (c instanceof Candidates.Range range) {
            return r.countIndex(range.index().type(), range.index().name(), range.range(), Long.MAX_VALUE);
        }
        if (c instanceof Candidates.All) {
            return r.count(type);
        }
        if (c instanceof Candidates.Union u) {
            long sum = 0;
            for (Candidates p : u.parts()) {
                long e = estimate(r, p, type);
                if (e == Long.MAX_VALUE) {
                    return e;
                }
                sum += e;
            }
            return sum;
        }
        long min = Long.MAX_VALUE;
        for (Candidates p : ((Candidates.Intersection) c).parts()) {
            min = Math.min(min, estimate(r, p, type));
        }
        return min;
    }
}
