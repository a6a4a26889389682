package io.roster.scim.query;

import io.roster.scim.store.IndexDefinition;
import io.roster.scim.store.IndexEntry;
import io.roster.scim.store.StoreReader;
import io.roster.scim.store.StoredResource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns candidates that are not one ordered index walk (lookups, unions, intersections, multi-valued
 * ranges) into a set of ids in id order, materialising the smallest side of an intersection and testing
 * the others on it; gives up (null: scan instead) beyond {@link #MATERIALIZE_CAP} ids, and so does a
 * lookup that answers null (it found more than that).
 */
final class CandidateSets {
    /** Most candidates gathered from lookups, unions and intersections before falling back to a scan. */
    static final int MATERIALIZE_CAP = 100_000;

    /** The candidate ids in id order, or null when there are more than {@link #MATERIALIZE_CAP}. */
    static List<String> materialize(StoreReader r, Candidates c) {
        try {
            TreeSet<String> ids = new CandidateSets(r).set(c);
            return ids == null ? null : new ArrayList<>(ids);
        } catch (TooMany e) {
            return null;
        }
    }

    private final StoreReader r;
    /** Each lookup's ids, asked once per materialisation however often sizing and testing need them. */
    private final Map<Candidates.Lookup, Set<String>> lookups = new IdentityHashMap<>();

    private CandidateSets(StoreReader r) {
        this.r = r;
    }

    /** A lookup inside a union or intersection found more than the cap: scan instead. */
    private static final class TooMany extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooMany() {
            super(null, null, false, false);
        }
    }

    /** A lookup's ids, looked up once; throws {@link TooMany} when it gave up. */
    private Set<String> found(Candidates.Lookup l) {
        if (!lookups.containsKey(l)) {
            Collection<String> got = l.lookup().apply(r);
            lookups.put(l, got == null ? null : got instanceof Set<String> set ? set : new HashSet<>(got)); // null: gave up
        }
        Set<String> ids = lookups.get(l);
        if (ids == null) {
            throw new TooMany();
        }
        return ids;
    }

    private TreeSet<String> set(Candidates c) {
        if (c instanceof Candidates.None) {
            return new TreeSet<>();
        }
        if (c instanceof Candidates.All) {
            return null;
        }
        if (c instanceof Candidates.Lookup l) {
            return new TreeSet<>(found(l));
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
                TreeSet<String> s = set(part);
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
            long e = estimate(part);
            if (e < best) {
                best = e;
                smallest = part;
            }
        }
        if (smallest == null) {
            return null;
        }
        TreeSet<String> base = set(smallest);
        if (base == null) {
            return null;
        }
        for (Candidates part : x.parts()) {
            if (part != smallest) {
                base.removeIf(id -> !holds(part, id));
            }
        }
        return base;
    }

    private long estimate(Candidates c) {
        if (c instanceof Candidates.None) {
            return 0;
        }
        if (c instanceof Candidates.All) {
            return Long.MAX_VALUE;
        }
        if (c instanceof Candidates.Lookup l) {
            try {
                return found(l).size();
            } catch (TooMany e) {
                return Long.MAX_VALUE;
            }
        }
        if (c instanceof Candidates.Range range) {
            return r.countIndex(range.index().type(), range.index().name(), range.range(), MATERIALIZE_CAP + 1L);
        }
        if (c instanceof Candidates.Union u) {
            long sum = 0;
            for (Candidates p : u.parts()) {
                sum += estimate(p);
                if (sum >= Long.MAX_VALUE / 2) {
                    return Long.MAX_VALUE;
                }
            }
            return sum;
        }
        long min = Long.MAX_VALUE;
        for (Candidates p : ((Candidates.Intersection) c).parts()) {
            min = Math.min(min, estimate(p));
        }
        return min;
    }

    /** Whether the resource {@code id} is among the candidates (reads its record for an index range). */
    private boolean holds(Candidates c, String id) {
        if (c instanceof Candidates.None) {
            return false;
        }
        if (c instanceof Candidates.All) {
            return true;
        }
        if (c instanceof Candidates.Lookup l) {
            return found(l).contains(id);
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
            return u.parts().stream().anyMatch(p -> holds(p, id));
        }
        return ((Candidates.Intersection) c).parts().stream().allMatch(p -> holds(p, id));
    }
}
