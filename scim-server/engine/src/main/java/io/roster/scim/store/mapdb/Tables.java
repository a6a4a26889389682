package io.roster.scim.store.mapdb;

import io.roster.scim.store.IndexDefinition;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.Serializer;

/**
 * Owns table access: the MapDB file and the named maps in it, and the index definitions the tables
 * serve. MapDB is opened with its write-ahead log on (so the file changes only at commits, which the
 * checkpoints bracket), memory-mapped, and with explicit serializers (its default POJO serializer
 * fails on Java 16+).
 *
 * <p>Tables: {@code rec.<type>} id to record bytes ({@link RecordCodec}); {@code order.<type>} ids in
 * creation order; {@code unique}, {@code index}, {@code members}, {@code memberOf} (key layouts in
 * {@link Keys}); {@code counters}; {@code settings}. Every redo operation names its table, so replay
 * finds it here by name.
 */
final class Tables {
    /** The MapDB file's name in the data directory. */
    static final String FILE_NAME = "roster.db";

    /** A MapDB map with the name its redo operations carry. */
    static final class Table<V> {
        final String name;
        final Map<String, V> map;

        Table(String name, Map<String, V> map) {
            this.name = name;
            this.map = map;
        }

        boolean ordered() {
            return map instanceof NavigableMap;
        }

        @SuppressWarnings("unchecked")
        NavigableMap<String, V> sorted() {
            return (NavigableMap<String, V>) map;
        }

        @SuppressWarnings("unchecked")
        void apply(RedoOp op) {
            if (op.value() == null) {
                map.remove(op.key());
            } else {
                map.put(op.key(), (V) op.value());
            }
        }
    }

    private final Path dataDir;
    private final List<String> types;
    private final Map<String, List<IndexDefinition>> indexes = new LinkedHashMap<>();
    private DB db;
    private final Map<String, Table<?>> byName = new LinkedHashMap<>();
    private final Map<String, Table<byte[]>> records = new LinkedHashMap<>();
    private final Map<String, Table<Boolean>> order = new LinkedHashMap<>();
    Table<String> unique;
    Table<Boolean> index;
    Table<String> members;
    Table<Boolean> memberOf;
    Table<Long> counters;
    Table<String> settings;

    Tables(Path dataDir, Collection<String> types, Collection<IndexDefinition> definitions) {
        this.dataDir = dataDir;
        this.types = List.copyOf(types);
        for (IndexDefinition def : definitions) {
            if (!types.contains(def.type())) {
                throw new IllegalArgumentException("index " + def.name() + " is on unknown type " + def.type());
            }
            indexes.computeIfAbsent(def.type(), t -> new ArrayList<>()).add(def);
        }
    }

    Path file() {
        return dataDir.resolve(FILE_NAME);
    }

    /** Where a new MapDB file is built before it is moved into place (see {@link Recovery}). */
    Path newFile() {
        return dataDir.resolve(FILE_NAME + ".new");
    }

    /** Opens (with {@code create}: the new file) the MapDB file and every table in it. */
    void open(boolean create) {
        DBMaker.Maker maker = DBMaker.fileDB((create ? newFile() : file()).toFile())
                .transactionEnable()
                .fileMmapEnableIfSupported()
                .fileMmapPreclearDisable()
                .cleanerHackEnable();
        db = maker.make();
        byName.clear();
        records.clear();
        order.clear();
        for (String type : types) {
            records.put(type, table("rec." + type, db.hashMap("rec." + type, Serializer.STRING, Serializer.BYTE_ARRAY).createOrOpen()));
            order.put(type, table("order." + type, db.treeMap("order." + type, Serializer.STRING, Serializer.BOOLEAN).createOrOpen()));
        }
        unique = table("unique", db.treeMap("unique", Serializer.STRING, Serializer.STRING).createOrOpen());
        index = table("index", db.treeMap("index", Serializer.STRING, Serializer.BOOLEAN).createOrOpen());
        members = table("members", db.treeMap("members", Serializer.STRING, Serializer.STRING).createOrOpen());
        memberOf = table("memberOf", db.treeMap("memberOf", Serializer.STRING, Serializer.BOOLEAN).createOrOpen());
        counters = table("counters", db.hashMap("counters", Serializer.STRING, Serializer.LONG).createOrOpen());
        settings = table("settings", db.hashMap("settings", Serializer.STRING, Serializer.STRING).createOrOpen());
    }

    private <V> Table<V> table(String name, Map<String, V> map) {
        Table<V> t = new Table<>(name, map);
        byName.put(name, t);
        return t;
    }

    /** Applies one redo operation (replay, snapshot load). */
    void apply(RedoOp op) throws IOException {
        Table<?> t = byName.get(op.table());
        if (t == null) {
            throw new IOException("journal names unknown table " + op.table());
        }
        t.apply(op);
    }

    /** Every table, records first per type, in a stable order (snapshots walk them so). */
    Collection<Table<?>> all() {
        return Collections.unmodifiableCollection(byName.values());
    }

    /** The creation-order table belonging to a record table. */
    Table<Boolean> orderOf(Table<?> recordTable) {
        return order.get(recordTable.name.substring("rec.".length()));
    }

    static boolean isRecordTable(Table<?> t) {
        return t.name.startsWith("rec.");
    }

    Table<byte[]> records(String type) {
        Table<byte[]> t = records.get(type);
        if (t == null) {
            throw new IllegalArgumentException("unknown resource type " + type);
        }
        return t;
    }

    Table<Boolean> order(String type) {
        Table<Boolean> t = order.get(type);
        if (t == null) {
            throw new IllegalArgumentException("unknown resource type " + type);
        }
        return t;
    }

    List<String> types() {
        return types;
    }

    /** The indexes maintained on a type (empty when none). */
    List<IndexDefinition> indexes(String type) {
        return indexes.getOrDefault(type, List.of());
    }

    /** Every index, grouped by type in registration order. */
    Map<String, List<IndexDefinition>> indexesByType() {
        return Collections.unmodifiableMap(indexes);
    }

    IndexDefinition definition(String type, String name) {
        for (IndexDefinition def : indexes(type)) {
            if (def.name().equals(name)) {
                return def;
            }
        }
        throw new IllegalArgumentException("no index " + name + " on " + type);
    }

    /** Commits MapDB's transaction: only checkpoints and rebuilds do (see {@link Checkpoints}). */
    void commit() {
        db.commit();
    }

    void close() {
        db.close();
        db = null;
    }

    /** Closes the MapDB file if open, ignoring damage (it is about to be rebuilt). */
    void closeQuietly() {
        if (db != null) {
            try {
                db.close();
            } catch (RuntimeException ignored) {
                // the file is about to be rebuilt
            }
            db = null;
        }
    }
}
