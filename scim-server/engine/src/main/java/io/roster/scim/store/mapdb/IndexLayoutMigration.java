package io.roster.scim.store.mapdb;

import io.roster.scim.store.IndexDefinition;
import io.roster.scim.store.IndexEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Owns layout migration: moves one index into the table layout its definition asks for, when its entries were written under
 * a definition of the other uniqueness. A unique index keeps {@code type/index/value -> id} in the
 * {@code unique} table; a non-unique one keeps {@code type/index/value/id} in the {@code index} table.
 * Roster made {@code externalId} non-unique (RFC 7643 section 3.1: "While the server does not enforce
 * uniqueness, it is assumed that the value's uniqueness is controlled by the client setting the
 * value"), so a data directory written before holds that index in the unique table.
 *
 * <p>Crash safety: each chunk is one write of the store's writer (journaled, atomic, undone on
 * failure) that removes entries from the old table and puts them in the new one, so at any instant
 * every entry is in exactly one of the two tables. The store serves nothing before this has finished,
 * and whether anything is left to move is read from the tables themselves (one B-tree seek), so a start
 * interrupted by a crash simply continues at the next start. The index's "built" marker is untouched:
 * the union of both tables was complete throughout. Moving into a unique layout stops, with the store
 * refusing to open, at a value two resources share; what was moved before stays consistent, and
 * opening with the previous definition moves it back.
 */
final class IndexLayoutMigration {
    private static final Logger LOG = Logger.getLogger(IndexLayoutMigration.class.getName());
    /** Entries per write: bounds one journal record and the writer's hold. */
    static final int CHUNK = 1000;

    private final MapDbStore store;
    private final IndexDefinition def;

    IndexLayoutMigration(MapDbStore store, IndexDefinition def) {
        this.store = store;
        this.def = def;
    }

    /**
     * Moves every index whose uniqueness changed since its entries were written (externalId was unique
     * before Roster followed RFC 7643 section 3.1) into its new layout, before anything is served.
     */
    static void runAll(MapDbStore store, Tables tables) {
        for (List<IndexDefinition> defs : tables.indexesByType().values()) {
            for (IndexDefinition def : defs) {
                new IndexLayoutMigration(store, def).run();
            }
        }
    }

    /** Moves every entry left in the other layout; returns how many were moved (0 when nothing was to do). */
    long run() {
        List<IndexEntry> entries = entriesInOtherLayout(store, def, CHUNK);
        if (entries.isEmpty()) {
            return 0;
        }
        String name = def.type() + "." + def.name();
        String to = def.unique() ? "unique" : "non-unique";
        long total = store.read(r -> r.indexedCount(def.type(), def.name()));
        LOG.info(String.format("index %s was written %s; moving its entries (about %d) to the %s layout",
                name, def.unique() ? "non-unique" : "unique", total, to));
        long started = System.nanoTime();
        long lastLog = started;
        long moved = 0;
        while (!entries.isEmpty()) {
            List<IndexEntry> chunk = entries;
            store.write(w -> {
                moveToLayout((TableWriter) w, def, chunk);
                return null;
            });
            moved += entries.size();
            if (System.nanoTime() - lastLog > TimeUnit.SECONDS.toNanos(5)) {
                lastLog = System.nanoTime();
                LOG.info(String.format("moving index %s to the %s layout: %d entries moved", name, to, moved));
            }
            entries = entriesInOtherLayout(store, def, CHUNK);
        }
        LOG.info(String.format("index %s is now %s: %d entries moved in %d ms", name, to, moved,
                (System.nanoTime() - started) / 1_000_000));
        return moved;
    }

    /**
     * Up to {@code limit} entries of {@code def} held in the layout it does not use: the unique table
     * for a non-unique index, the (value, id) table for a unique one.
     */
    static List<IndexEntry> entriesInOtherLayout(MapDbStore store, IndexDefinition def, int limit) {
        return store.read(r -> {
            Tables tables = ((TableReader) r).tables;
            NavigableMap<String, ?> all = def.unique() ? tables.index.sorted() : tables.unique.sorted();
            List<IndexEntry> out = new ArrayList<>(Math.min(limit, 1024));
            for (Map.Entry<String, ?> e : all.subMap(Keys.indexBase(def), true, Keys.indexEnd(def), false).entrySet()) {
                if (out.size() >= limit) {
                    break;
                }
                out.add(Keys.entry(def, !def.unique(), e.getKey(), e.getValue()));
            }
            return out;
        });
    }

    /**
     * Moves entries found by {@link #entriesInOtherLayout} into the layout {@code def} uses, in one unit
     * of work. Into a unique layout, a value already held by another resource stops the move (the work
     * is undone).
     */
    private static void moveToLayout(TableWriter w, IndexDefinition def, List<IndexEntry> entries) {
        Tables tables = w.tables;
        for (IndexEntry e : entries) {
            if (def.unique()) {
                String owner = tables.unique.map.get(Keys.uniqueKey(def, e.value()));
                if (owner != null && !owner.equals(e.id())) {
                    throw new IllegalStateException("cannot make the index " + def.type() + "." + def.name()
                            + " unique: resources " + owner + " and " + e.id() + " both hold \"" + e.value() + "\"");
                }
                w.remove(tables.index, Keys.indexKey(def, e.value(), e.id()));
            } else {
                w.remove(tables.unique, Keys.uniqueKey(def, e.value()));
            }
            w.putIndexEntry(def, e.value(), e.id());
        }
    }
}
