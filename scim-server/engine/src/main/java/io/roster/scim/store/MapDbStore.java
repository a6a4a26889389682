package io.roster.scim.store;

import io.roster.scim.error.ScimException;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.DBException;
import org.mapdb.DBMaker;
import org.mapdb.HTreeMap;
import org.mapdb.Serializer;

/**
 * The MapDB store: one file with MapDB's write-ahead log, memory-mapped.
 *
 * <p>Durability and speed come from one writer thread. Write work is queued; the writer takes every
 * waiting unit, runs each under an undo log (so a unit that fails leaves nothing, without disturbing
 * its batch-mates), commits the whole batch with one WAL fsync, and only then answers the callers.
 * A MapDB commit costs milliseconds whatever its size, so sixteen concurrent writers pay roughly one
 * commit, not sixteen.
 *
 * <p>MapDB has a single global transaction without isolation, so readers are kept out while a batch is
 * applied and committed (a read/write lock): a reader never sees a change before it is durable, and
 * never half of a change.
 *
 * <p>Layout (keys joined with NUL, which sorts before every character of an id or value):
 * {@code rec.<type>} id to record bytes; {@code order.<type>} ids in creation order;
 * {@code unique} type/index/value to id; {@code index} type/index/value/id (non-unique indexes);
 * {@code members} group/member to type and display; {@code memberOf} member/group; {@code counters};
 * {@code settings}.
 */
public final class MapDbStore implements ResourceStore {
    private static final Logger LOG = Logger.getLogger(MapDbStore.class.getName());
    static final String SEP = "\u0000";
    /** The first character after {@link #SEP}: the exclusive upper bound of a prefix range. */
    private static final String AFTER = "\u0001";
    private static final String FORMAT_KEY = "store.format";
    private static final String FORMAT = "1";
    public static final String FILE_NAME = "roster.db";

    private final Path file;
    private final DB db;
    private final Map<String, HTreeMap<String, byte[]>> records = new HashMap<>();
    private final Map<String, BTreeMap<String, Boolean>> order = new HashMap<>();
    private final BTreeMap<String, String> unique;
    private final BTreeMap<String, Boolean> index;
    private final BTreeMap<String, String> members;
    private final BTreeMap<String, Boolean> memberOf;
    private final HTreeMap<String, Long> counters;
    private final HTreeMap<String, String> settings;
    private final Map<String, List<IndexDefinition>> indexes = new HashMap<>();

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final BlockingQueue<Job<?>> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private final int maxBatch;
    private volatile boolean closing;
    private volatile boolean closed;
    private final java.util.concurrent.atomic.LongAdder batches = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder jobs = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder applyNanos = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder commitNanos = new java.util.concurrent.atomic.LongAdder();

    private MapDbStore(Path file, DB db, Collection<String> types, Collection<IndexDefinition> indexDefinitions, int maxBatch) {
        this.file = file;
        this.db = db;
        this.maxBatch = maxBatch;
        for (String type : types) {
            records.put(type, db.hashMap("rec." + type, Serializer.STRING, Serializer.BYTE_ARRAY).createOrOpen());
            order.put(type, db.treeMap("order." + type, Serializer.STRING, Serializer.BOOLEAN).createOrOpen());
        }
        this.unique = db.treeMap("unique", Serializer.STRING, Serializer.STRING).createOrOpen();
        this.index = db.treeMap("index", Serializer.STRING, Serializer.BOOLEAN).createOrOpen();
        this.members = db.treeMap("members", Serializer.STRING, Serializer.STRING).createOrOpen();
        this.memberOf = db.treeMap("memberOf", Serializer.STRING, Serializer.BOOLEAN).createOrOpen();
        this.counters = db.hashMap("counters", Serializer.STRING, Serializer.LONG).createOrOpen();
        this.settings = db.hashMap("settings", Serializer.STRING, Serializer.STRING).createOrOpen();
        for (IndexDefinition def : indexDefinitions) {
            if (!records.containsKey(def.type())) {
                throw new IllegalArgumentException("index " + def.name() + " is on unknown type " + def.type());
            }
            indexes.computeIfAbsent(def.type(), t -> new ArrayList<>()).add(def);
        }
        checkFormat();
        db.commit();
        this.writer = new Thread(this::runWriter, "roster-store-writer");
        this.writer.setDaemon(false);
        this.writer.start();
    }

    /**
     * Opens (creating if needed) the store in {@code dataDir}. MapDB replays its write-ahead log here,
     * which is what makes a store killed mid-write open again without repair.
     *
     * @throws IllegalStateException with a message for the operator when the directory is unusable or locked
     */
    public static MapDbStore open(Path dataDir, Collection<String> types, Collection<IndexDefinition> indexes) {
        return open(dataDir, types, indexes, 1000);
    }

    public static MapDbStore open(Path dataDir, Collection<String> types, Collection<IndexDefinition> indexes, int maxBatch) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create data directory " + dataDir.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        if (!Files.isWritable(dataDir)) {
            throw new IllegalStateException("data directory " + dataDir.toAbsolutePath() + " is not writable");
        }
        Path file = dataDir.resolve(FILE_NAME);
        DB db;
        try {
            db = DBMaker.fileDB(file.toFile())
                    .transactionEnable()
                    .fileMmapEnableIfSupported()
                    .fileMmapPreclearDisable()
                    .cleanerHackEnable()
                    .make();
        } catch (DBException.FileLocked e) {
            throw new IllegalStateException("data directory " + dataDir.toAbsolutePath()
                    + " is in use by another Roster process; stop it or choose another --data-dir", e);
        } catch (DBException e) {
            throw new IllegalStateException("cannot open store " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        try {
            return new MapDbStore(file, db, types, indexes, maxBatch);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    private void checkFormat() {
        String format = settings.get(FORMAT_KEY);
        if (format == null) {
            settings.put(FORMAT_KEY, FORMAT);
        } else if (!FORMAT.equals(format)) {
            throw new IllegalStateException("store " + file.toAbsolutePath() + " has format " + format
                    + " but this Roster reads format " + FORMAT + "; use the Roster version that wrote it");
        }
    }

    /** The store's file, for reporting its size. */
    public File file() {
        return file.toFile();
    }

    @Override
    public <T> T read(Function<StoreReader, T> work) {
        lock.readLock().lock();
        try {
            ensureOpen();
            return work.apply(new Access(null));
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public <T> T write(StoreWork<T> work) {
        if (Thread.currentThread() == writer) {
            throw new IllegalStateException("nested write: use the StoreWriter passed to the work");
        }
        if (closing) {
            throw ScimException.unavailable("The server is shutting down; retry against the restarted server.");
        }
        Job<T> job = new Job<>(work);
        queue.add(job);
        try {
            return job.future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ScimException.unavailable("The request was interrupted before its outcome was known; check the resource and retry.");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closing = true;
        queue.add(Job.poison());
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                db.close();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw ScimException.unavailable("The store is closed; the server is shutting down.");
        }
    }

    // ---------------------------------------------------------------- the writer

    private void runWriter() {
        List<Job<?>> batch = new ArrayList<>();
        boolean stop = false;
        while (!stop) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                continue; // only close() ends the writer, through the poison job
            }
            queue.drainTo(batch, maxBatch - 1);
            int poison = -1;
            for (int i = 0; i < batch.size(); i++) {
                if (batch.get(i).isPoison()) {
                    poison = i;
                    break;
                }
            }
            if (poison >= 0) {
                // Work queued before the close request still runs; anything after it is refused.
                List<Job<?>> rest = new ArrayList<>(batch.subList(poison + 1, batch.size()));
                batch = new ArrayList<>(batch.subList(0, poison));
                queue.drainTo(rest);
                rest.stream().filter(j -> !j.isPoison()).forEach(j -> j.future.completeExceptionally(
                        ScimException.unavailable("The server is shutting down; retry against the restarted server.")));
                stop = true;
            }
            if (!batch.isEmpty()) {
                process(batch);
            }
            batch.clear();
        }
    }

    private void process(List<Job<?>> batch) {
        boolean anyApplied = false;
        Throwable fatal = null;
        long started = System.nanoTime();
        long applied = started;
        lock.writeLock().lock();
        try {
            for (Job<?> job : batch) {
                Access access = new Access(new ArrayList<>());
                try {
                    job.apply(access);
                    anyApplied = true;
                } catch (Throwable t) {
                    job.failure = t;
                    try {
                        access.undoAll();
                    } catch (Throwable undoFailure) {
                        fatal = undoFailure;
                        break;
                    }
                }
            }
            applied = System.nanoTime();
            if (fatal == null && anyApplied) {
                try {
                    db.commit();
                } catch (Throwable t) {
                    fatal = t;
                }
            }
            if (fatal != null) {
                LOG.log(Level.SEVERE, "store commit failed; rolling back the batch of " + batch.size() + " changes", fatal);
                try {
                    db.rollback();
                } catch (Throwable t) {
                    LOG.log(Level.SEVERE, "rollback failed too", t);
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
        batches.increment();
        jobs.add(batch.size());
        applyNanos.add(applied - started);
        commitNanos.add(System.nanoTime() - applied);
        for (Job<?> job : batch) {
            if (fatal != null) {
                job.future.completeExceptionally(ScimException.unavailable(
                        "The change could not be saved (" + fatal.getClass().getSimpleName()
                                + "); nothing was changed. Check the server's disk and log, then retry."));
            } else {
                job.complete();
            }
        }
    }

    private static final class Job<T> {
        final StoreWork<T> work;
        final CompletableFuture<T> future = new CompletableFuture<>();
        T result;
        Throwable failure;

        Job(StoreWork<T> work) {
            this.work = work;
        }

        static Job<Void> poison() {
            return new Job<>(null);
        }

        boolean isPoison() {
            return work == null;
        }

        void apply(StoreWriter writer) {
            result = work.apply(writer);
        }

        void complete() {
            if (failure != null) {
                future.completeExceptionally(failure);
            } else {
                future.complete(result);
            }
        }
    }

    // ---------------------------------------------------------------- access (reads, and writes with undo)

    /** Reads, and for the writer also writes that record how to undo themselves. */
    private final class Access implements StoreWriter {
        private final List<Runnable> undo;

        Access(List<Runnable> undo) {
            this.undo = undo;
        }

        void undoAll() {
            for (int i = undo.size() - 1; i >= 0; i--) {
                undo.get(i).run();
            }
            undo.clear();
        }

        private <K, V> void put(Map<K, V> map, K key, V value) {
            V old = map.put(key, value);
            undo.add(() -> {
                if (old == null) {
                    map.remove(key);
                } else {
                    map.put(key, old);
                }
            });
        }

        private <K, V> V remove(Map<K, V> map, K key) {
            V old = map.remove(key);
            if (old != null) {
                undo.add(() -> map.put(key, old));
            }
            return old;
        }

        private void add(String counter, long delta) {
            Long old = counters.get(counter);
            long next = (old == null ? 0 : old) + delta;
            if (next == 0) {
                remove(counters, counter);
            } else {
                put(counters, counter, next);
            }
        }

        private void requireWritable() {
            if (undo == null) {
                throw new IllegalStateException("write attempted inside a read");
            }
        }

        private HTreeMap<String, byte[]> records(String type) {
            HTreeMap<String, byte[]> map = records.get(type);
            if (map == null) {
                throw new IllegalArgumentException("unknown resource type " + type);
            }
            return map;
        }

        // reads

        @Override
        public StoredResource get(String type, String id) {
            byte[] bytes = records(type).get(id);
            return bytes == null ? null : RecordCodec.decode(type, id, bytes);
        }

        @Override
        public String findUnique(String type, String indexName, String value) {
            IndexDefinition def = definition(type, indexName);
            return unique.get(type + SEP + indexName + SEP + def.normalise(value));
        }

        @Override
        public long count(String type) {
            Long n = counters.get("count." + type);
            return n == null ? 0 : n;
        }

        @Override
        public List<String> ids(String type, String afterId, int limit) {
            BTreeMap<String, Boolean> ids = order.get(type);
            if (ids == null) {
                throw new IllegalArgumentException("unknown resource type " + type);
            }
            NavigableMap<String, Boolean> range = afterId == null ? ids : ids.tailMap(afterId, false);
            List<String> out = new ArrayList<>(Math.min(limit, 1024));
            for (String id : range.keySet()) {
                if (out.size() >= limit) {
                    break;
                }
                out.add(id);
            }
            return out;
        }

        @Override
        public List<MemberRef> members(String groupId, String afterMemberId, int limit) {
            String prefix = groupId + SEP;
            NavigableMap<String, String> range = afterMemberId == null
                    ? members.subMap(prefix, true, groupId + AFTER, false)
                    : members.subMap(prefix + afterMemberId, false, groupId + AFTER, false);
            List<MemberRef> out = new ArrayList<>(Math.min(limit, 1024));
            for (Map.Entry<String, String> e : range.entrySet()) {
                if (out.size() >= limit) {
                    break;
                }
                String value = e.getValue();
                int sep = value.indexOf(SEP);
                out.add(new MemberRef(e.getKey().substring(prefix.length()), value.substring(0, sep), value.substring(sep + 1)));
            }
            return out;
        }

        @Override
        public long memberCount(String groupId) {
            Long n = counters.get("members." + groupId);
            return n == null ? 0 : n;
        }

        @Override
        public boolean isMember(String groupId, String memberId) {
            return members.containsKey(groupId + SEP + memberId);
        }

        @Override
        public List<String> groupsOf(String memberId) {
            String prefix = memberId + SEP;
            List<String> out = new ArrayList<>();
            for (String key : memberOf.subMap(prefix, true, memberId + AFTER, false).keySet()) {
                out.add(key.substring(prefix.length()));
            }
            return out;
        }

        @Override
        public String setting(String key) {
            return settings.get(key);
        }

        // writes

        @Override
        public void put(StoredResource resource) {
            requireWritable();
            String type = resource.type();
            String id = resource.id();
            StoredResource old = get(type, id);
            List<IndexDefinition> defs = indexes.getOrDefault(type, List.of());
            List<Set<String>> oldValues = new ArrayList<>(defs.size());
            List<Map<String, String>> newValues = new ArrayList<>(defs.size());
            // Check every unique index before writing anything, so a conflict leaves no trace.
            for (IndexDefinition def : defs) {
                Map<String, String> fresh = normalised(def, resource);
                for (Map.Entry<String, String> v : fresh.entrySet()) {
                    if (def.unique()) {
                        String owner = unique.get(type + SEP + def.name() + SEP + v.getKey());
                        if (owner != null && !owner.equals(id)) {
                            throw ScimException.uniqueness("A " + type + " with " + def.name() + " \"" + v.getValue()
                                    + "\" already exists (id " + owner + ")"
                                    + (def.caseExact() ? "" : "; " + def.name() + " is compared case-insensitively") + ".");
                        }
                    }
                }
                newValues.add(fresh);
                oldValues.add(old == null ? Set.of() : normalised(def, old).keySet());
            }
            put(records(type), id, RecordCodec.encode(resource));
            if (old == null) {
                put(order.get(type), id, Boolean.TRUE);
                add("count." + type, 1);
            }
            for (int i = 0; i < defs.size(); i++) {
                IndexDefinition def = defs.get(i);
                Set<String> before = oldValues.get(i);
                Set<String> after = newValues.get(i).keySet();
                for (String v : before) {
                    if (!after.contains(v)) {
                        removeIndexEntry(def, v, id);
                    }
                }
                for (String v : after) {
                    if (!before.contains(v)) {
                        putIndexEntry(def, v, id);
                    }
                }
            }
        }

        @Override
        public boolean delete(String type, String id) {
            requireWritable();
            StoredResource old = get(type, id);
            if (old == null) {
                return false;
            }
            remove(records(type), id);
            remove(order.get(type), id);
            add("count." + type, -1);
            for (IndexDefinition def : indexes.getOrDefault(type, List.of())) {
                for (String v : normalised(def, old).keySet()) {
                    removeIndexEntry(def, v, id);
                }
            }
            String prefix = id + SEP;
            List<String> memberKeys = new ArrayList<>(members.subMap(prefix, true, id + AFTER, false).keySet());
            for (String key : memberKeys) {
                remove(members, key);
                remove(memberOf, key.substring(prefix.length()) + SEP + id);
            }
            if (!memberKeys.isEmpty()) {
                add("members." + id, -memberKeys.size());
            }
            for (String groupId : groupsOf(id)) {
                removeMember(groupId, id);
            }
            return true;
        }

        @Override
        public boolean addMember(String groupId, MemberRef member) {
            requireWritable();
            String display = member.display() == null ? "" : member.display();
            String old = members.get(groupId + SEP + member.id());
            String value = member.type() + SEP + display;
            if (value.equals(old)) {
                return false;
            }
            put(members, groupId + SEP + member.id(), value);
            if (old != null) {
                return false;
            }
            put(memberOf, member.id() + SEP + groupId, Boolean.TRUE);
            add("members." + groupId, 1);
            return true;
        }

        @Override
        public boolean removeMember(String groupId, String memberId) {
            requireWritable();
            if (remove(members, groupId + SEP + memberId) == null) {
                return false;
            }
            remove(memberOf, memberId + SEP + groupId);
            add("members." + groupId, -1);
            return true;
        }

        @Override
        public void putSetting(String key, String value) {
            requireWritable();
            if (value == null) {
                remove(settings, key);
            } else {
                put(settings, key, value);
            }
        }

        private void putIndexEntry(IndexDefinition def, String value, String id) {
            if (def.unique()) {
                put(unique, def.type() + SEP + def.name() + SEP + value, id);
            } else {
                put(index, def.type() + SEP + def.name() + SEP + value + SEP + id, Boolean.TRUE);
            }
        }

        private void removeIndexEntry(IndexDefinition def, String value, String id) {
            if (def.unique()) {
                remove(unique, def.type() + SEP + def.name() + SEP + value);
            } else {
                remove(index, def.type() + SEP + def.name() + SEP + value + SEP + id);
            }
        }
    }

    /** Normalised value to the value as written, for messages. Values holding NUL cannot be indexed and are skipped. */
    private static Map<String, String> normalised(IndexDefinition def, StoredResource r) {
        List<String> raw = def.extractor().apply(r.attributes());
        if (raw.isEmpty()) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String v : raw) {
            if (v != null && !v.isEmpty() && v.indexOf('\u0000') < 0) {
                out.putIfAbsent(def.normalise(v), v);
            }
        }
        return out;
    }

    private IndexDefinition definition(String type, String name) {
        for (IndexDefinition def : indexes.getOrDefault(type, List.of())) {
            if (def.name().equals(name)) {
                return def;
            }
        }
        throw new IllegalArgumentException("no index " + name + " on " + type);
    }

    /**
     * What the writer has done since start: batches committed, units of work, and the time spent
     * applying them and committing. Jobs per batch shows how well concurrent writes share commits.
     */
    public record WriterStats(long batches, long jobs, long applyMillis, long commitMillis) {
        public double jobsPerBatch() {
            return batches == 0 ? 0 : (double) jobs / batches;
        }
    }

    public WriterStats writerStats() {
        return new WriterStats(batches.sum(), jobs.sum(), applyNanos.sum() / 1_000_000, commitNanos.sum() / 1_000_000);
    }

    /** Resource counts per type, for the start-up log. */
    public Map<String, Long> counts() {
        return read(r -> {
            Map<String, Long> out = new LinkedHashMap<>();
            for (String type : new LinkedHashSet<>(records.keySet())) {
                out.put(type, r.count(type));
            }
            return out;
        });
    }

    /** For diagnostics: the store file's size in bytes. */
    public long sizeOnDisk() {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
