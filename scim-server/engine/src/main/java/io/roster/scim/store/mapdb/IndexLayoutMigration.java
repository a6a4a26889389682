package io.roster.scim.store.mapdb;

import io.roster.scim.store.IndexDefinition;
import io.roster.scim.store.IndexEntry;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Moves one index into the table layout its definition asks for, when its entries were written under
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

    /** Moves every entry left in the other layout; returns how many were moved (0 when nothing was to do). */
    long run() {
        List<IndexEntry> entries = store.entriesInOtherLayout(def, CHUNK);
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
            store.moveToLayout(def, entries);
            moved += entries.size();
            if (System.nanoTime() - lastLog > TimeUnit.SECONDS.toNanos(5)) {
                lastLog = System.nanoTime();
                LOG.info(String.format("moving index %s to the %s layout: %d entries moved", name, to, moved));
            }
            entries = store.entriesInOtherLayout(def, CHUNK);
        }
        LOG.info(String.format("index %s is now %s: %d entries moved in %d ms", name, to, moved,
                (System.nanoTime() - started) / 1_000_000));
        return moved;
    }
}
