package io.roster.scim.query;

import io.roster.scim.store.IndexDefinition;
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
 * Turns candidates that are not one ordered index walk (lookups, unions, intersections, multi-valued
 * ranges) into a set of ids in id order, materialising the smallest side of an intersection and testing
 * the others on it; gives up (null: scan instead) beyond {@link #MATERIALIZE_CAP} ids, and so does a
 * lookup that answers null (it found more than that).
 */
final class CandidateSets {
    /** Most candidates gathered from lookups, unions and intersections before falling back to a scan. */
    static final int MATERIALIZE_CAP = 100_000;

    private CandidateSets() {
    }

    /** The candidate ids in id order, or null when there are more than {@link #MATERIALIZE_CAP}. */
    static List<String> materialize(StoreReader r, Candidates c) {
        try {
            TreeSet<String> ids = set(r, c);
            return ids == null ? null : new ArrayList<>(ids);
        } catch (TooMany e) {
            return null;
        }
    }

    /** A lookup inside a union or intersection found more than the cap: scan instead. */
    private static final class TooMany extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooMany() {
            super(null, null, false, false);
        }
    }

    /** A lookup's ids; throws {@link TooMany} when it gave up. */
    private static Collection<String> found(StoreReader r, Candidates.Lookup l) {
        Collection<String> ids = l.lookup().apply(r);
        if (ids == null) {
            throw new TooMany();
        }
        return ids;
    }

    private static TreeSet<String> set(StoreReader r, Candidates c) {
        if (c instanceof Candidates.None) {
            return new TreeSet<>();
        }
        if (c instanceof Candidates.All) {
            return null;
        }
        if (c instanceof Candidates.Lookup l) {
            return new TreeSet<>(found(r, l));
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
            if (part == smallest) {
                continue;
            }
            if (part instanceof Candidates.Lookup l) {
                Set<String> in = new HashSet<>(found(r, l)); // once, not once per id
                base.removeIf(id -> !in.contains(id));
            } else {
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
            Collection<String> ids = l.lookup().apply(r);
            return ids == null ? Long.MAX_VALUE : ids.size();
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
            return found(r, l).contains(id);
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
}
