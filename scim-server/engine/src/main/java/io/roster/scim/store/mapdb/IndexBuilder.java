package io.roster.scim.store.mapdb;

import io.roster.scim.store.IndexDefinition;
import io.roster.scim.store.StoredResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Owns index building: makes every defined index complete before the store serves anything. An index is
 * marked built in the settings once complete; one without the mark (new in this version, or its build
 * interrupted by a crash) is built by walking every resource of its type, one walk per type for all of
 * its missing indexes. The entries go through the writer like any write (journal, undo), so a crash
 * during the build loses nothing and the next start simply continues it. Progress is logged every few
 * seconds.
 */
final class IndexBuilder {
    private static final Logger LOG = Logger.getLogger(IndexBuilder.class.getName());
    /** Resources per unit of work while building. */
    private static final int BUILD_CHUNK = 1000;

    private final MapDbStore store;
    private final Tables tables;

    IndexBuilder(MapDbStore store, Tables tables) {
        this.store = store;
        this.tables = tables;
    }

    void buildMissing() {
        for (Map.Entry<String, List<IndexDefinition>> byType : tables.indexesByType().entrySet()) {
            String type = byType.getKey();
            List<IndexDefinition> missing = new ArrayList<>();
            for (IndexDefinition def : byType.getValue()) {
                if (store.read(r -> r.setting(Keys.builtMarker(def))) == null) {
                    missing.add(def);
                }
            }
            if (!missing.isEmpty()) {
                build(type, missing);
            }
        }
    }

    private void build(String type, List<IndexDefinition> missing) {
        String names = missing.stream().map(d -> type + "." + d.name()).reduce((a, b) -> a + ", " + b).orElse("");
        long total = store.read(r -> r.count(type));
        long started = System.nanoTime();
        long lastLog = started;
        if (total > 0) {
            LOG.info("building index " + names + " over " + total + " resources");
        }
        long[] holding = new long[missing.size()];
        long done = 0;
        String after = null;
        while (true) {
            String from = after;
            List<String> ids = store.read(r -> r.ids(type, from, BUILD_CHUNK));
            if (ids.isEmpty()) {
                break;
            }
            long[] chunk = store.write(w -> {
                long[] n = new long[missing.size()];
                for (int i = 0; i < n.length; i++) {
                    n[i] = fill((TableWriter) w, missing.get(i), ids);
                }
                return n;
            });
            for (int i = 0; i < holding.length; i++) {
                holding[i] += chunk[i];
            }
            done += ids.size();
            after = ids.get(ids.size() - 1);
            if (System.nanoTime() - lastLog > TimeUnit.SECONDS.toNanos(5)) {
                lastLog = System.nanoTime();
                double elapsed = (lastLog - started) / 1e9;
                LOG.info(String.format(java.util.Locale.ROOT, "building index %s: %d of %d resources, about %.0f s left", names, done,
                        total, done == 0 ? 0 : elapsed * Math.max(0, total - done) / done));
            }
        }
        store.write(w -> {
            for (int i = 0; i < missing.size(); i++) {
                ((TableWriter) w).setCounter(Keys.indexedCounter(missing.get(i)), holding[i]);
                w.putSetting(Keys.builtMarker(missing.get(i)), "1");
            }
            return null;
        });
        if (total > 0) {
            LOG.info(String.format("index %s built in %d ms", names, (System.nanoTime() - started) / 1_000_000));
        }
    }

    /**
     * Adds the entries the resources with these ids should have in {@code def} and lack; returns how
     * many of them hold a value. Entries already present cost nothing, so building an index that is
     * complete writes nothing.
     */
    private long fill(TableWriter w, IndexDefinition def, List<String> ids) {
        long holding = 0;
        for (String id : ids) {
            StoredResource r = w.get(def.type(), id);
            if (r == null) {
                continue;
            }
            Map<String, String> values = TableWriter.normalised(def, r);
            if (!values.isEmpty()) {
                holding++;
            }
            for (Map.Entry<String, String> v : values.entrySet()) {
                if (def.unique()) {
                    String owner = tables.unique.map.get(Keys.uniqueKey(def, v.getKey()));
                    if (owner == null) {
                        w.putIndexEntry(def, v.getKey(), id);
                    } else if (!owner.equals(id)) {
                        throw new IllegalStateException("cannot build the unique index " + def.type() + "." + def.name()
                                + ": resources " + owner + " and " + id + " both hold \"" + v.getValue() + "\"");
                    }
                } else if (!tables.index.map.containsKey(Keys.indexKey(def, v.getKey(), id))) {
                    w.putIndexEntry(def, v.getKey(), id);
                }
            }
        }
        return holding;
    }
}
