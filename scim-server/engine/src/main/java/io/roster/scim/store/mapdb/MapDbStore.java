package io.roster.scim.store.mapdb;

import io.roster.scim.error.ScimException;
import io.roster.scim.store.IndexDefinition;
import io.roster.scim.store.IndexEntry;
import io.roster.scim.store.IndexRange;
import io.roster.scim.store.MemberRef;
import io.roster.scim.store.ResourceStore;
import io.roster.scim.store.StoreReader;
import io.roster.scim.store.StoreWork;
import io.roster.scim.store.StoreWriter;
import io.roster.scim.store.StoredResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.HTreeMap;
import org.mapdb.Serializer;

/**
 * The MapDB store, made crash-safe by a journal of its own.
 *
 * <p><b>Durability.</b> One writer thread takes every waiting unit of work, runs each under an undo
 * log (a unit that fails leaves nothing, without disturbing its batch-mates) while recording the redo
 * operations it performed, appends the batch's redo record to the {@link Journal} and forces it to
 * disk, and only then answers the callers. One journal force (well under a millisecond here) serves
 * every write in the batch.
 *
 * <p><b>Checkpoints.</b> MapDB holds the materialised tables and their indexes. Its own write-ahead log
 * is used only so that the MapDB file changes at commits; MapDB 3.1 does not replay that log after a
 * crash, and a process killed inside a MapDB commit can leave the file half-written. So MapDB is
 * committed only at checkpoints (about once a second), each bracketed by the {@link CheckpointMarker}:
 * "busy" before, "idle at S" after.
 *
 * <p><b>Recovery.</b> "Idle at S": open MapDB and replay the journal after S. Anything else (killed
 * inside a checkpoint, killed while the store was first created, MapDB failing to open): rebuild the
 * MapDB file from the newest snapshot and the journal after it. Fuzzy snapshots, written in the
 * background while writes go on, keep the journal from growing without bound.
 *
 * <p><b>Isolation.</b> Readers take a read lock; the writer holds the write lock from applying a batch
 * until its journal record is on disk, so a reader never sees a change before it is durable, nor half
 * of one.
 *
 * <p>Tables (keys joined with NUL, which sorts before every character of an id or value):
 * {@code rec.<type>} id to record bytes; {@code order.<type>} ids in creation order; {@code unique}
 * type/index/value to id; {@code index} type/index/value/id; {@code members} group/member to type and
 * display; {@code memberOf} member/group; {@code counters}; {@code settings}.
 */
public final class MapDbStore implements ResourceStore {
    private static final Logger LOG = Logger.getLogger(MapDbStore.class.getName());
    static final String SEP = "\u0000";
    /** The first character after {@link #SEP}: the exclusive upper bound of a prefix range. */
    private static final String AFTER = "\u0001";
    private static final String FORMAT_KEY = "store.format";
    private static final String FORMAT = "2";
    public static final String FILE_NAME = "roster.db";
    private static final String LOCK_FILE = "roster.lock";
    private static final String JOURNAL_DIR = "journal";
    /** Operations applied per MapDB commit while rebuilding, to bound the memory of one MapDB transaction. */
    private static final int REBUILD_COMMIT_OPS = 50_000;
    /** Resources per unit of work while building an index at open. */
    private static final int BUILD_CHUNK = 1000;

    /**
     * Tuning of the store.
     *
     * @param maxBatch             most units of work sharing one journal force
     * @param checkpointMillis     longest time between checkpoints while there are writes
     * @param checkpointOps        most redo operations between checkpoints
     * @param journalSegmentBytes  size at which a new journal segment starts
     * @param snapshotMinBytes     journal bytes that must accumulate before a snapshot is considered
     */
    public record Options(int maxBatch, long checkpointMillis, int checkpointOps, long journalSegmentBytes,
                          long snapshotMinBytes) {
        public static Options defaults() {
            return new Options(1000, 1000, 100_000, 64L << 20, 64L << 20);
        }
    }

    private final Path dataDir;
    private final Path file;
    private final Options options;
    private final FileChannel lockChannel;
    private final FileLock processLock;
    private DB db;
    private final Map<String, Table<?>> tables = new LinkedHashMap<>();
    private final Map<String, Table<byte[]>> records = new LinkedHashMap<>();
    private final Map<String, Table<Boolean>> order = new LinkedHashMap<>();
    private Table<String> unique;
    private Table<Boolean> index;
    private Table<String> members;
    private Table<Boolean> memberOf;
    private Table<Long> counters;
    private Table<String> settings;
    private final Map<String, List<IndexDefinition>> indexes = new LinkedHashMap<>();

    private final Journal journal;
    private final CheckpointMarker marker;
    private long lastSeq;
    private long checkpointSeq;
    private int opsSinceCheckpoint;
    private long lastCheckpointNanos = System.nanoTime();
    private long lastSnapshotBytes;
    private volatile boolean snapshotRunning;
    private volatile Throwable failure;

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final BlockingQueue<Job<?>> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean closing;
    private volatile boolean closed;
    private final LongAdder batches = new LongAdder();
    private final LongAdder jobs = new LongAdder();
    private final LongAdder applyNanos = new LongAdder();
    private final LongAdder journalNanos = new LongAdder();
    private final LongAdder checkpoints = new LongAdder();
    private final LongAdder checkpointNanos = new LongAdder();
    private final String recovery;

    /** A MapDB map with the name its redo operations carry. */
    private static final class Table<V> {
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
        void apply(RedoOp op) {
            if (op.value() == null) {
                map.remove(op.key());
            } else {
                map.put(op.key(), (V) op.value());
            }
        }
    }

    private MapDbStore(Path dataDir, Collection<String> types, Collection<IndexDefinition> indexDefinitions,
                       Options options, FileChannel lockChannel, FileLock processLock) throws IOException {
        this.dataDir = dataDir;
        this.file = dataDir.resolve(FILE_NAME);
        this.options = options;
        this.lockChannel = lockChannel;
        this.processLock = processLock;
        for (IndexDefinition def : indexDefinitions) {
            if (!types.contains(def.type())) {
                throw new IllegalArgumentException("index " + def.name() + " is on unknown type " + def.type());
            }
            indexes.computeIfAbsent(def.type(), t -> new ArrayList<>()).add(def);
        }

        CheckpointMarker.State state = CheckpointMarker.read(dataDir);
        Path snapshot = SnapshotFile.latest(dataDir);
        Journal opened = null;
        String how;
        try {
        if (state != null && state.idle() && Files.exists(file)) {
            try {
                openTables(types, false);
                long[] replayed = {0};
                opened = Journal.open(dataDir.resolve(JOURNAL_DIR), options.journalSegmentBytes(), state.seq(),
                        (seq, payload) -> replayed[0] += replay(payload));
                checkpointSeq = state.seq();
                how = replayed[0] == 0 ? "clean" : "replayed " + replayed[0] + " journal operations after checkpoint " + state.seq();
            } catch (IOException | RuntimeException e) { // MapDB reports damage as DBException, a RuntimeException
                LOG.log(Level.WARNING, "the store file could not be used (" + e + "); rebuilding it from snapshot and journal");
                closeQuietly();
                if (opened != null) {
                    opened.close();
                    opened = null;
                }
                opened = rebuild(types, snapshot);
                how = "rebuilt from " + (snapshot == null ? "the journal" : "snapshot and journal");
            }
        } else {
            boolean fresh = state == null && !Files.exists(file) && snapshot == null
                    && !Files.isDirectory(dataDir.resolve(JOURNAL_DIR));
            opened = rebuild(types, snapshot);
            how = fresh ? "new store" : "rebuilt from " + (snapshot == null ? "the journal" : "snapshot and journal")
                    + " (the previous run stopped inside a checkpoint)";
        }
        } catch (IOException | RuntimeException e) {
            closeQuietly();
            if (opened != null) {
                opened.close();
            }
            throw e;
        }
        this.journal = opened;
        this.lastSeq = Math.max(journal.lastSeq(), checkpointSeq);
        this.marker = CheckpointMarker.open(dataDir);
        try {
            checkFormat();
            checkpoint();
        } catch (RuntimeException e) {
            closeQuietly();
            journal.close();
            marker.close();
            throw e;
        }
        this.recovery = how;
        if (snapshot != null) {
            lastSnapshotBytes = Files.size(snapshot);
        }
        this.writer = new Thread(this::runWriter, "roster-store-writer");
        this.writer.setDaemon(false);
        this.writer.start();
    }

    /**
     * Opens (creating if needed) the store in {@code dataDir}, recovering from a crash as described
     * above.
     *
     * @throws IllegalStateException with a message for the operator when the directory is unusable or locked
     */
    public static MapDbStore open(Path dataDir, Collection<String> types, Collection<IndexDefinition> indexes) {
        return open(dataDir, types, indexes, Options.defaults());
    }

    public static MapDbStore open(Path dataDir, Collection<String> types, Collection<IndexDefinition> indexes, Options options) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create data directory " + dataDir.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        if (!Files.isWritable(dataDir)) {
            throw new IllegalStateException("data directory " + dataDir.toAbsolutePath() + " is not writable");
        }
        FileChannel lockChannel = null;
        try {
            lockChannel = FileChannel.open(dataDir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock processLock;
            try {
                processLock = lockChannel.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException e) {
                processLock = null;
            }
            if (processLock == null) {
                throw new IllegalStateException("data directory " + dataDir.toAbsolutePath()
                        + " is in use by another Roster process; stop it or choose another --data-dir");
            }
            MapDbStore store = new MapDbStore(dataDir, types, indexes, options, lockChannel, processLock);
            try {
                store.migrateIndexLayouts();
                store.buildMissingIndexes();
            } catch (RuntimeException e) {
                store.close();
                throw e;
            }
            return store;
        } catch (IOException e) {
            closeChannel(lockChannel);
            throw new IllegalStateException("cannot open the store in " + dataDir.toAbsolutePath() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeChannel(lockChannel);
            throw e;
        }
    }

    private static void closeChannel(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing more to do
            }
        }
    }

    // ---------------------------------------------------------------- opening and recovery

    private void openTables(Collection<String> types, boolean create) {
        DBMaker.Maker maker = DBMaker.fileDB((create ? dataDir.resolve(FILE_NAME + ".new") : file).toFile())
                .transactionEnable()
                .fileMmapEnableIfSupported()
                .fileMmapPreclearDisable()
                .cleanerHackEnable();
        db = maker.make();
        tables.clear();
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
        tables.put(name, t);
        return t;
    }

    /**
     * Builds a fresh MapDB file from the snapshot (if any) and the journal after it. The file is
     * created under a temporary name and moved into place once its structure exists, so a crash here
     * leaves nothing half-made; the marker stays "busy" until the closing checkpoint.
     */
    private Journal rebuild(Collection<String> types, Path snapshot) throws IOException {
        CheckpointMarker.State before = CheckpointMarker.read(dataDir);
        try (CheckpointMarker m = CheckpointMarker.open(dataDir)) {
            m.busy(before == null ? 0 : before.seq());
        }
        deleteStoreFiles();
        openTables(types, true);
        db.commit();
        db.close();
        Files.move(dataDir.resolve(FILE_NAME + ".new"), file, StandardCopyOption.ATOMIC_MOVE);
        Journal.syncDirectory(dataDir);
        openTables(types, false);

        long[] applied = {0};
        long[] lastLog = {System.nanoTime()};
        long startSeq = 0;
        if (snapshot != null) {
            LOG.info("rebuilding the store from " + snapshot.getFileName() + " and the journal");
            startSeq = SnapshotFile.read(snapshot, ops -> {
                ops.forEach(op -> tables.get(op.table()).apply(op));
                applied[0] += ops.size();
                progress(applied, lastLog);
            });
        }
        long from = startSeq;
        Journal j = Journal.open(dataDir.resolve(JOURNAL_DIR), options.journalSegmentBytes(), from, (seq, payload) -> {
            applied[0] += replay(payload);
            progress(applied, lastLog);
        });
        checkpointSeq = 0;
        if (applied[0] > 0 || snapshot != null) {
            LOG.info("store rebuilt: " + applied[0] + " operations applied");
        }
        return j;
    }

    private void progress(long[] applied, long[] lastLog) {
        if (applied[0] % REBUILD_COMMIT_OPS < 1000 && applied[0] >= REBUILD_COMMIT_OPS) {
            db.commit(); // bounds the size of one MapDB transaction; the marker is still "busy"
        }
        if (System.nanoTime() - lastLog[0] > TimeUnit.SECONDS.toNanos(5)) {
            LOG.info("rebuilding the store: " + applied[0] + " operations applied so far");
            lastLog[0] = System.nanoTime();
        }
    }

    private int replay(byte[] payload) throws IOException {
        List<RedoOp> ops = RedoOp.decode(payload);
        for (RedoOp op : ops) {
            Table<?> t = tables.get(op.table());
            if (t == null) {
                throw new IOException("journal names unknown table " + op.table());
            }
            t.apply(op);
        }
        return ops.size();
    }

    private void deleteStoreFiles() throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dataDir, FILE_NAME + "*")) {
            for (Path p : ds) {
                Files.deleteIfExists(p);
            }
        }
    }

    private void closeQuietly() {
        if (db != null) {
            try {
                db.close();
            } catch (RuntimeException ignored) {
                // the file is about to be rebuilt
            }
            db = null;
        }
    }

    private void checkFormat() {
        String format = settings.map.get(FORMAT_KEY);
        if (format == null) {
            settings.map.put(FORMAT_KEY, FORMAT); // recorded by the next checkpoint; derivable, so not journaled
        } else if (!FORMAT.equals(format)) {
            throw new IllegalStateException("store " + file.toAbsolutePath() + " has format " + format
                    + " but this Roster reads format " + FORMAT + "; use the Roster version that wrote it");
        }
    }

    /** How the store was opened: new, clean, replayed or rebuilt. */
    public String recovery() {
        return recovery;
    }

    // ---------------------------------------------------------------- reads and writes

    @Override
    public <T> T read(Function<StoreReader, T> work) {
        lock.readLock().lock();
        try {
            ensureUsable();
            return work.apply(new Access(null, null));
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public <T> T write(StoreWork<T> work) {
        CompletableFuture<T> future = submit(work);
        try {
            return future.get();
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
    public <T> CompletableFuture<T> submit(StoreWork<T> work) {
        if (Thread.currentThread() == writer) {
            throw new IllegalStateException("nested write: use the StoreWriter passed to the work");
        }
        if (closing) {
            throw ScimException.unavailable("The server is shutting down; retry against the restarted server.");
        }
        ensureUsable();
        Job<T> job = new Job<>(work);
        queue.add(job);
        return job.future;
    }

    private void ensureUsable() {
        if (closed) {
            throw ScimException.unavailable("The store is closed; the server is shutting down.");
        }
        if (failure != null) {
            throw ScimException.unavailable("The store stopped after a disk error (" + failure.getClass().getSimpleName()
                    + "); restart the server, which recovers every acknowledged write from the journal.");
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
        while (snapshotRunning) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        lock.writeLock().lock();
        try {
            if (!closed) {
                if (failure == null) {
                    checkpoint();
                }
                closed = true;
                journal.close();
                marker.close();
                db.close();
                processLock.release();
                lockChannel.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("closing the store failed", e);
        } finally {
            lock.writeLock().unlock();
        }
    }

    // ---------------------------------------------------------------- the writer

    private void runWriter() {
        List<Job<?>> batch = new ArrayList<>();
        boolean stop = false;
        while (!stop) {
            Job<?> first;
            try {
                first = queue.poll(options.checkpointMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                continue; // only close() ends the writer, through the poison job
            }
            if (first == null) {
                checkpointIfDue(true);
                continue;
            }
            batch.add(first);
            queue.drainTo(batch, options.maxBatch() - 1);
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
            checkpointIfDue(false);
        }
    }

    private void process(List<Job<?>> batch) {
        if (failure != null) {
            batch.forEach(j -> j.future.completeExceptionally(ScimException.unavailable(
                    "The store stopped after a disk error; restart the server.")));
            return;
        }
        long started = System.nanoTime();
        long applied;
        List<RedoOp> ops = new ArrayList<>();
        Throwable fatal = null;
        lock.writeLock().lock();
        try {
            for (Job<?> job : batch) {
                Access access = new Access(new ArrayList<>(), new ArrayList<>());
                try {
                    job.apply(access);
                    ops.addAll(access.redo);
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
            if (fatal == null && !ops.isEmpty()) {
                try {
                    journal.append(lastSeq + 1, RedoOp.encode(ops));
                    lastSeq++;
                    opsSinceCheckpoint += ops.size();
                } catch (Throwable t) {
                    fatal = t;
                }
            }
            if (fatal != null) {
                // Applied to MapDB's open transaction but not durable: stop taking writes. A restart
                // rebuilds the state from the last checkpoint and the journal, which holds exactly the
                // acknowledged writes.
                failure = fatal;
                LOG.log(Level.SEVERE, "the store could not write its journal; refusing further requests until restart", fatal);
            }
        } finally {
            lock.writeLock().unlock();
        }
        batches.increment();
        jobs.add(batch.size());
        applyNanos.add(applied - started);
        journalNanos.add(System.nanoTime() - applied);
        for (Job<?> job : batch) {
            if (fatal != null) {
                job.future.completeExceptionally(ScimException.unavailable(
                        "The change could not be saved (" + fatal.getClass().getSimpleName()
                                + "); nothing was changed. Check the server's disk and log, then restart it."));
            } else {
                job.complete();
            }
        }
    }

    private void checkpointIfDue(boolean idle) {
        if (failure != null || lastSeq == checkpointSeq) {
            return;
        }
        boolean due = opsSinceCheckpoint >= options.checkpointOps()
                || System.nanoTime() - lastCheckpointNanos >= TimeUnit.MILLISECONDS.toNanos(options.checkpointMillis())
                || idle;
        if (!due) {
            return;
        }
        lock.writeLock().lock();
        try {
            checkpoint();
        } catch (RuntimeException e) {
            failure = e;
            LOG.log(Level.SEVERE, "checkpoint failed; refusing further requests until restart", e);
        } finally {
            lock.writeLock().unlock();
        }
        maybeSnapshot();
    }

    /** Commits MapDB between two marker writes. Callers hold the write lock (or are still constructing). */
    private void checkpoint() {
        long started = System.nanoTime();
        try {
            marker.busy(lastSeq);
            db.commit();
            marker.idle(lastSeq);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the checkpoint marker", e);
        }
        checkpointSeq = lastSeq;
        opsSinceCheckpoint = 0;
        lastCheckpointNanos = System.nanoTime();
        checkpoints.increment();
        checkpointNanos.add(lastCheckpointNanos - started);
    }

    // ---------------------------------------------------------------- snapshots

    /**
     * Starts a background snapshot once the journal since the last one outweighs it (and a minimum),
     * so that the work is proportional to what was written. Runs right after a checkpoint, so the
     * snapshot's start sequence is also the checkpoint's: deleting the journal up to it keeps every
     * record either recovery path can need.
     */
    private void maybeSnapshot() {
        if (snapshotRunning || closing || failure != null) {
            return;
        }
        long threshold = Math.max(options.snapshotMinBytes(), lastSnapshotBytes + lastSnapshotBytes / 2);
        if (journal.bytesSinceSnapshot() < threshold) {
            return;
        }
        snapshotRunning = true;
        long startSeq = checkpointSeq;
        long mark = journal.mark();
        Thread t = new Thread(() -> {
            try {
                takeSnapshot(startSeq, mark);
            } catch (Throwable e) {
                LOG.log(Level.WARNING, "snapshot failed (the journal is kept, nothing is lost); will retry later", e);
            } finally {
                snapshotRunning = false;
            }
        }, "roster-snapshot");
        t.setDaemon(true);
        t.start();
    }

    /** Writes a snapshot; public for tests and tools that want one now. */
    public void snapshotNow() {
        lock.writeLock().lock();
        long startSeq;
        long mark;
        try {
            checkpoint();
            startSeq = checkpointSeq;
            mark = journal.mark();
        } finally {
            lock.writeLock().unlock();
        }
        try {
            takeSnapshot(startSeq, mark);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void takeSnapshot(long startSeq, long mark) throws IOException {
        long started = System.nanoTime();
        Path written;
        long bytes;
        try (SnapshotFile.Writer w = new SnapshotFile.Writer(dataDir, startSeq)) {
            for (Table<?> t : tables.values()) {
                if (t.name.startsWith("rec.")) {
                    snapshotRecords(w, t, order.get(t.name.substring(4)));
                } else if (t.ordered()) {
                    snapshotOrdered(w, t);
                } else {
                    snapshotSmall(w, t);
                }
            }
            bytes = w.seal();
            written = dataDir.resolve(String.format("snapshot-%020d.dat", startSeq));
        }
        lock.writeLock().lock();
        try {
            journal.deleteCoveredBy(startSeq, mark);
            SnapshotFile.deleteOlderThan(dataDir, written);
            lastSnapshotBytes = bytes;
        } finally {
            lock.writeLock().unlock();
        }
        LOG.info(String.format("snapshot at journal sequence %d written (%.1f MB) in %d ms", startSeq, bytes / 1e6,
                (System.nanoTime() - started) / 1_000_000));
    }

    private static final int SNAPSHOT_CHUNK = 2000;

    /** Reads a B-tree table in key order, one short read at a time. */
    private void snapshotOrdered(SnapshotFile.Writer w, Table<?> t) throws IOException {
        NavigableMap<String, ?> map = (NavigableMap<String, ?>) t.map;
        String after = null;
        while (true) {
            String from = after;
            List<RedoOp> ops = read(r -> {
                List<RedoOp> out = new ArrayList<>();
                NavigableMap<String, ?> range = from == null ? map : map.tailMap(from, false);
                for (Map.Entry<String, ?> e : range.entrySet()) {
                    if (out.size() >= SNAPSHOT_CHUNK) {
                        break;
                    }
                    out.add(new RedoOp(t.name, e.getKey(), e.getValue()));
                }
                return out;
            });
            if (ops.isEmpty()) {
                return;
            }
            w.chunk(ops);
            after = ops.get(ops.size() - 1).key();
        }
    }

    /** Reads a record table by walking its creation-order index (hash maps cannot resume by key). */
    private void snapshotRecords(SnapshotFile.Writer w, Table<?> recordsTable, Table<Boolean> orderTable) throws IOException {
        NavigableMap<String, Boolean> ids = (NavigableMap<String, Boolean>) orderTable.map;
        String after = null;
        while (true) {
            String from = after;
            List<String> chunk = new ArrayList<>();
            List<RedoOp> ops = read(r -> {
                List<RedoOp> out = new ArrayList<>();
                NavigableMap<String, Boolean> range = from == null ? ids : ids.tailMap(from, false);
                for (String id : range.keySet()) {
                    if (chunk.size() >= SNAPSHOT_CHUNK) {
                        break;
                    }
                    chunk.add(id);
                    Object value = recordsTable.map.get(id);
                    if (value != null) {
                        out.add(new RedoOp(recordsTable.name, id, value));
                    }
                }
                return out;
            });
            if (chunk.isEmpty()) {
                return;
            }
            w.chunk(ops);
            after = chunk.get(chunk.size() - 1);
        }
    }

    private void snapshotSmall(SnapshotFile.Writer w, Table<?> t) throws IOException {
        List<RedoOp> ops = read(r -> {
            List<RedoOp> out = new ArrayList<>();
            for (Map.Entry<String, ?> e : t.map.entrySet()) {
                out.add(new RedoOp(t.name, e.getKey(), e.getValue()));
            }
            return out;
        });
        w.chunk(ops);
    }

    // ---------------------------------------------------------------- jobs

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

    // ---------------------------------------------------------------- access (reads, and writes with undo and redo)

    /** Reads, and for the writer also writes that record how to undo and how to redo themselves. */
    private final class Access implements StoreWriter {
        private final List<Runnable> undo;
        private final List<RedoOp> redo;

        Access(List<Runnable> undo, List<RedoOp> redo) {
            this.undo = undo;
            this.redo = redo;
        }

        void undoAll() {
            for (int i = undo.size() - 1; i >= 0; i--) {
                undo.get(i).run();
            }
            undo.clear();
            redo.clear();
        }

        private <V> void put(Table<V> table, String key, V value) {
            V old = table.map.put(key, value);
            undo.add(() -> {
                if (old == null) {
                    table.map.remove(key);
                } else {
                    table.map.put(key, old);
                }
            });
            redo.add(new RedoOp(table.name, key, value));
        }

        private <V> V remove(Table<V> table, String key) {
            V old = table.map.remove(key);
            if (old != null) {
                undo.add(() -> table.map.put(key, old));
                redo.add(new RedoOp(table.name, key, null));
            }
            return old;
        }

        private void add(String counter, long delta) {
            Long old = counters.map.get(counter);
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

        private Table<byte[]> records(String type) {
            Table<byte[]> t = records.get(type);
            if (t == null) {
                throw new IllegalArgumentException("unknown resource type " + type);
            }
            return t;
        }

        // reads

        @Override
        public StoredResource get(String type, String id) {
            byte[] bytes = records(type).map.get(id);
            return bytes == null ? null : RecordCodec.decode(type, id, bytes);
        }

        @Override
        public String findUnique(String type, String indexName, String value) {
            IndexDefinition def = definition(type, indexName);
            if (!def.unique()) {
                // a non-unique index may hold the value for many resources: asking for "the" one is a bug
                throw new IllegalArgumentException("index " + type + "." + indexName + " is not unique; use scanIndex");
            }
            return unique.map.get(type + SEP + indexName + SEP + def.normalise(value));
        }

        @Override
        public long count(String type) {
            Long n = counters.map.get("count." + type);
            return n == null ? 0 : n;
        }

        @Override
        public List<String> ids(String type, String afterId, int limit) {
            NavigableMap<String, Boolean> ids = orderOf(type);
            return firstKeys(afterId == null ? ids : ids.tailMap(afterId, false), limit);
        }

        @Override
        public List<String> idsBefore(String type, String beforeId, int limit) {
            NavigableMap<String, Boolean> ids = orderOf(type);
            return firstKeys((beforeId == null ? ids : ids.headMap(beforeId, false)).descendingMap(), limit);
        }

        private NavigableMap<String, Boolean> orderOf(String type) {
            Table<Boolean> t = order.get(type);
            if (t == null) {
                throw new IllegalArgumentException("unknown resource type " + type);
            }
            return (NavigableMap<String, Boolean>) t.map;
        }

        private List<String> firstKeys(NavigableMap<String, Boolean> range, int limit) {
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
        public List<IndexEntry> scanIndex(String type, String indexName, IndexRange range, IndexEntry after,
                                          boolean descending, int limit) {
            IndexDefinition def = definition(type, indexName);
            NavigableMap<String, ?> slice = slice(def, range, after, descending);
            List<IndexEntry> out = new ArrayList<>(Math.min(limit, 1024));
            if (slice == null) {
                return out;
            }
            int base = (def.type() + SEP + def.name() + SEP).length();
            for (Map.Entry<String, ?> e : slice.entrySet()) {
                if (out.size() >= limit) {
                    break;
                }
                String key = e.getKey();
                if (def.unique()) {
                    out.add(new IndexEntry(key.substring(base), (String) e.getValue()));
                } else {
                    int sep = key.indexOf(SEP, base);
                    out.add(new IndexEntry(key.substring(base, sep), key.substring(sep + 1)));
                }
            }
            return out;
        }

        @Override
        public long countIndex(String type, String indexName, IndexRange range, long cap) {
            NavigableMap<String, ?> slice = slice(definition(type, indexName), range, null, false);
            long n = 0;
            if (slice != null) {
                for (java.util.Iterator<String> it = slice.keySet().iterator(); it.hasNext() && n < cap; it.next()) {
                    n++;
                }
            }
            return n;
        }

        @Override
        public long indexedCount(String type, String indexName) {
            Long n = counters.map.get(indexedCounter(definition(type, indexName)));
            return n == null ? 0 : n;
        }

        /**
         * The part of the index table holding {@code range}, strictly after {@code after} in the walking
         * order, oriented for walking; null when empty. Unique keys are {@code type/index/value} (to the
         * id), others {@code type/index/value/id}; NUL sorts before every character of a value, so key
         * order is (value, id) order.
         */
        private NavigableMap<String, ?> slice(IndexDefinition def, IndexRange range, IndexEntry after, boolean descending) {
            String base = def.type() + SEP + def.name() + SEP;
            boolean uniq = def.unique();
            String lo;
            boolean loInc;
            if (range.lower() == null) {
                lo = base;
                loInc = true;
            } else if (uniq) {
                lo = base + range.lower();
                loInc = range.lowerInclusive();
            } else {
                lo = base + range.lower() + (range.lowerInclusive() ? SEP : AFTER);
                loInc = true;
            }
            String hi;
            boolean hiInc;
            if (range.upper() == null) {
                hi = def.type() + SEP + def.name() + AFTER;
                hiInc = false;
            } else if (uniq) {
                hi = base + range.upper();
                hiInc = range.upperInclusive();
            } else {
                hi = base + range.upper() + (range.upperInclusive() ? AFTER : SEP);
                hiInc = false;
            }
            if (after != null) {
                String mark = uniq ? base + after.value() : base + after.value() + SEP + after.id();
                if (!descending && mark.compareTo(lo) >= 0) {
                    lo = mark;
                    loInc = false;
                } else if (descending && mark.compareTo(hi) <= 0) {
                    hi = mark;
                    hiInc = false;
                }
            }
            int c = lo.compareTo(hi);
            if (c > 0 || (c == 0 && !(loInc && hiInc))) {
                return null;
            }
            NavigableMap<String, ?> all = (NavigableMap<String, ?>) (uniq ? unique.map : index.map);
            NavigableMap<String, ?> sub = all.subMap(lo, loInc, hi, hiInc);
            return descending ? sub.descendingMap() : sub;
        }

        @Override
        public List<MemberRef> members(String groupId, String afterMemberId, int limit) {
            String prefix = groupId + SEP;
            NavigableMap<String, String> all = (NavigableMap<String, String>) members.map;
            NavigableMap<String, String> range = afterMemberId == null
                    ? all.subMap(prefix, true, groupId + AFTER, false)
                    : all.subMap(prefix + afterMemberId, false, groupId + AFTER, false);
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
            Long n = counters.map.get("members." + groupId);
            return n == null ? 0 : n;
        }

        @Override
        public boolean isMember(String groupId, String memberId) {
            return members.map.containsKey(groupId + SEP + memberId);
        }

        @Override
        public List<String> groupsOf(String memberId) {
            String prefix = memberId + SEP;
            NavigableMap<String, Boolean> all = (NavigableMap<String, Boolean>) memberOf.map;
            List<String> out = new ArrayList<>();
            for (String key : all.subMap(prefix, true, memberId + AFTER, false).keySet()) {
                out.add(key.substring(prefix.length()));
            }
            return out;
        }

        @Override
        public String setting(String key) {
            return settings.map.get(key);
        }

        // writes

        @Override
        public void put(StoredResource resource) {
            requireWritable();
            String type = resource.type();
            String id = resource.id();
            StoredResource old = get(type, id);
            checkVersion(resource, old);
            List<IndexDefinition> defs = indexes.getOrDefault(type, List.of());
            List<Set<String>> oldValues = new ArrayList<>(defs.size());
            List<Map<String, String>> newValues = new ArrayList<>(defs.size());
            // Check every unique index before writing anything, so a conflict leaves no trace.
            for (IndexDefinition def : defs) {
                Map<String, String> fresh = normalised(def, resource);
                if (def.unique()) {
                    for (Map.Entry<String, String> v : fresh.entrySet()) {
                        String owner = unique.map.get(type + SEP + def.name() + SEP + v.getKey());
                        if (owner != null && !owner.equals(id)) {
                            // The detail never names the owner: the caller may not be allowed to read it.
                            throw ScimException.uniqueness("A " + type + " with " + def.name() + " \"" + v.getValue()
                                    + "\" already exists"
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
                if (before.isEmpty() != after.isEmpty()) {
                    add(indexedCounter(def), after.isEmpty() ? -1 : 1);
                }
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

        /** Store contract, rule 4: 1 for a new resource; for an existing one the stored version or one more. */
        private void checkVersion(StoredResource resource, StoredResource old) {
            long v = resource.version();
            boolean ok = old == null ? v == 1 : v == old.version() || v == old.version() + 1;
            if (!ok) {
                throw new IllegalStateException("put of " + resource.type() + "/" + resource.id() + " at version " + v
                        + (old == null ? " creates it, so must be version 1" : " where version " + old.version()
                        + " is stored: a new version is one more than the stored one, read in the same unit of work"));
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
                Set<String> values = normalised(def, old).keySet();
                for (String v : values) {
                    removeIndexEntry(def, v, id);
                }
                if (!values.isEmpty()) {
                    add(indexedCounter(def), -1);
                }
            }
            String prefix = id + SEP;
            NavigableMap<String, String> all = (NavigableMap<String, String>) members.map;
            List<String> memberKeys = new ArrayList<>(all.subMap(prefix, true, id + AFTER, false).keySet());
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
            String old = members.map.get(groupId + SEP + member.id());
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

        /**
         * Adds the entries the resources with these ids should have in {@code def} and lack (an index
         * added to an existing store, or one whose build was interrupted); returns how many of them hold
         * a value. Entries already present cost nothing, so building an index that is complete writes nothing.
         */
        long fillIndex(IndexDefinition def, List<String> ids) {
            requireWritable();
            long holding = 0;
            for (String id : ids) {
                StoredResource r = get(def.type(), id);
                if (r == null) {
                    continue;
                }
                Map<String, String> values = normalised(def, r);
                if (!values.isEmpty()) {
                    holding++;
                }
                for (Map.Entry<String, String> v : values.entrySet()) {
                    if (def.unique()) {
                        String owner = unique.map.get(def.type() + SEP + def.name() + SEP + v.getKey());
                        if (owner == null) {
                            putIndexEntry(def, v.getKey(), id);
                        } else if (!owner.equals(id)) {
                            throw new IllegalStateException("cannot build the unique index " + def.type() + "." + def.name()
                                    + ": resources " + owner + " and " + id + " both hold \"" + v.getValue() + "\"");
                        }
                    } else if (!index.map.containsKey(def.type() + SEP + def.name() + SEP + v.getKey() + SEP + id)) {
                        putIndexEntry(def, v.getKey(), id);
                    }
                }
            }
            return holding;
        }

        /**
         * Up to {@code limit} entries of {@code def} held in the layout it does not use: the unique table
         * for a non-unique index, the (value, id) table for a unique one. Entries there were written under
         * a definition whose uniqueness has since changed (see {@link IndexLayoutMigration}).
         */
        List<IndexEntry> entriesInOtherLayout(IndexDefinition def, int limit) {
            String base = def.type() + SEP + def.name() + SEP;
            NavigableMap<String, ?> all = (NavigableMap<String, ?>) (def.unique() ? index.map : unique.map);
            List<IndexEntry> out = new ArrayList<>(Math.min(limit, 1024));
            for (Map.Entry<String, ?> e : all.subMap(base, true, def.type() + SEP + def.name() + AFTER, false).entrySet()) {
                if (out.size() >= limit) {
                    break;
                }
                String key = e.getKey();
                if (def.unique()) {
                    int sep = key.indexOf(SEP, base.length());
                    out.add(new IndexEntry(key.substring(base.length(), sep), key.substring(sep + 1)));
                } else {
                    out.add(new IndexEntry(key.substring(base.length()), (String) e.getValue()));
                }
            }
            return out;
        }

        /**
         * Moves entries found by {@link #entriesInOtherLayout} into the layout {@code def} uses. Into a
         * unique layout, a value already held by another resource stops the move (the work is undone).
         */
        void moveToLayout(IndexDefinition def, List<IndexEntry> entries) {
            requireWritable();
            String base = def.type() + SEP + def.name() + SEP;
            for (IndexEntry e : entries) {
                if (def.unique()) {
                    String owner = unique.map.get(base + e.value());
                    if (owner != null && !owner.equals(e.id())) {
                        throw new IllegalStateException("cannot make the index " + def.type() + "." + def.name()
                                + " unique: resources " + owner + " and " + e.id() + " both hold \"" + e.value() + "\"");
                    }
                    remove(index, base + e.value() + SEP + e.id());
                } else {
                    remove(unique, base + e.value());
                }
                putIndexEntry(def, e.value(), e.id());
            }
        }

        void setCounter(String counter, long value) {
            requireWritable();
            if (value == 0) {
                remove(counters, counter);
            } else {
                put(counters, counter, value);
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

    private static String indexedCounter(IndexDefinition def) {
        return "indexed." + def.type() + "." + def.name();
    }

    private static String builtMarker(IndexDefinition def) {
        return "index.built." + def.type() + "." + def.name();
    }

    /**
     * Makes every defined index complete. An index is marked built in the settings once complete; one
     * without the mark (new in this version, or its build interrupted by a crash) is built here, before
     * the store serves anything, by walking every resource of its type. The entries go through the
     * writer like any write (journal, undo), so a crash during the build loses nothing and the next
     * start simply continues it. Progress is logged every few seconds.
     */
    private void buildMissingIndexes() {
        for (Map.Entry<String, List<IndexDefinition>> byType : indexes.entrySet()) {
            String type = byType.getKey();
            List<IndexDefinition> missing = new ArrayList<>();
            for (IndexDefinition def : byType.getValue()) {
                if (read(r -> r.setting(builtMarker(def))) == null) {
                    missing.add(def);
                }
            }
            if (missing.isEmpty()) {
                continue;
            }
            // one walk over the type's resources fills every missing index
            String names = missing.stream().map(d -> type + "." + d.name()).reduce((a, b) -> a + ", " + b).orElse("");
            long total = read(r -> r.count(type));
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
                List<String> ids = read(r -> r.ids(type, from, BUILD_CHUNK));
                if (ids.isEmpty()) {
                    break;
                }
                long[] chunk = write(w -> {
                    long[] n = new long[missing.size()];
                    for (int i = 0; i < n.length; i++) {
                        n[i] = ((Access) w).fillIndex(missing.get(i), ids);
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
                    LOG.info(String.format("building index %s: %d of %d resources", names, done, total));
                }
            }
            write(w -> {
                for (int i = 0; i < missing.size(); i++) {
                    ((Access) w).setCounter(indexedCounter(missing.get(i)), holding[i]);
                    w.putSetting(builtMarker(missing.get(i)), "1");
                }
                return null;
            });
            if (total > 0) {
                LOG.info(String.format("index %s built in %d ms", names, (System.nanoTime() - started) / 1_000_000));
            }
        }
    }

    /**
     * Moves every index whose uniqueness changed since its entries were written (externalId was unique
     * before Roster followed RFC 7643 section 3.1) into its new layout, before anything is served.
     */
    private void migrateIndexLayouts() {
        for (List<IndexDefinition> defs : indexes.values()) {
            for (IndexDefinition def : defs) {
                new IndexLayoutMigration(this, def).run();
            }
        }
    }

    /** Up to {@code limit} entries of {@code def} in the layout it does not use; see {@link IndexLayoutMigration}. */
    List<IndexEntry> entriesInOtherLayout(IndexDefinition def, int limit) {
        return read(r -> ((Access) r).entriesInOtherLayout(def, limit));
    }

    /** Moves these entries into {@code def}'s layout in one journaled, atomic write. */
    void moveToLayout(IndexDefinition def, List<IndexEntry> entries) {
        write(w -> {
            ((Access) w).moveToLayout(def, entries);
            return null;
        });
    }

    private IndexDefinition definition(String type, String name) {
        for (IndexDefinition def : indexes.getOrDefault(type, List.of())) {
            if (def.name().equals(name)) {
                return def;
            }
        }
        throw new IllegalArgumentException("no index " + name + " on " + type);
    }

    // ---------------------------------------------------------------- reporting

    /**
     * What the writer has done since start: batches, units of work, time applying them, time forcing
     * the journal, and checkpoints. Jobs per batch shows how well concurrent writes share a force.
     */
    public record WriterStats(long batches, long jobs, long applyMillis, long journalMillis, long checkpoints,
                              long checkpointMillis) {
        public double jobsPerBatch() {
            return batches == 0 ? 0 : (double) jobs / batches;
        }
    }

    public WriterStats writerStats() {
        return new WriterStats(batches.sum(), jobs.sum(), applyNanos.sum() / 1_000_000, journalNanos.sum() / 1_000_000,
                checkpoints.sum(), checkpointNanos.sum() / 1_000_000);
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

    /** Bytes on disk: the MapDB file, the journal and the snapshots. */
    public long sizeOnDisk() {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dataDir)) {
            long total = journal.sizeOnDisk();
            for (Path p : ds) {
                if (Files.isRegularFile(p)) {
                    total += Files.size(p);
                }
            }
            return total;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
