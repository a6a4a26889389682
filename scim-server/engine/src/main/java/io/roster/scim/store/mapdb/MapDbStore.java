package io.roster.scim.store.mapdb;

import io.roster.scim.error.ScimException;
import io.roster.scim.query.IndexQueries;
import io.roster.scim.store.Backup;
import io.roster.scim.store.IndexDefinition;
import io.roster.scim.store.IndexEntry;
import io.roster.scim.store.PreparedQuery;
import io.roster.scim.store.ResourceStore;
import io.roster.scim.store.StoreConfig;
import io.roster.scim.store.StoreMetrics;
import io.roster.scim.store.StoreQuery;
import io.roster.scim.store.StoreReader;
import io.roster.scim.store.StoreWork;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The MapDB store, made crash-safe by a journal of its own: the {@link ResourceStore} a data directory
 * holds. This class owns the store's life (locking the directory, opening, serving, closing) and puts
 * the parts together; each concern has its own class:
 * <ul>
 *   <li>{@link Recovery}: opening, replaying the journal, rebuilding from snapshot and journal;</li>
 *   <li>{@link GroupCommitWriter}: the queue, batches, undo log and journal forcing;</li>
 *   <li>{@link Checkpoints}: MapDB commits bracketed by the marker, and background snapshots;</li>
 *   <li>{@link Tables}, {@link TableReader}, {@link TableWriter}, {@link Keys}: table access and key encoding;</li>
 *   <li>{@link IndexBuilder}, {@link IndexLayoutMigration}: indexes built or moved at open;</li>
 *   <li>queries: answered by walking the ordered indexes ({@link IndexQueries}: the engine's index planner
 *       and executor, which need only the ordered reads this store offers).</li>
 * </ul>
 *
 * <p><b>Isolation.</b> Readers take a read lock; the writer holds the write lock from applying a batch
 * until its journal record is on disk, so a reader never sees a change before it is durable, nor half
 * of one.
 */
public final class MapDbStore implements ResourceStore {
    public static final String FILE_NAME = Tables.FILE_NAME;
    private static final String LOCK_FILE = "roster.lock";

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
    private final FileChannel lockChannel;
    private final FileLock processLock;
    private final Tables tables;
    private final Journal journal;
    private final CheckpointMarker marker;
    private final Checkpoints checkpoints;
    private final GroupCommitWriter writer;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final String recovery;
    private volatile boolean closed;
    /** Null when opened without a schema registry (tests of the tables alone): queries are then the caller's. */
    private volatile IndexQueries queries;

    private MapDbStore(Path dataDir, Collection<String> types, Collection<IndexDefinition> indexDefinitions,
                       Options options, FileChannel lockChannel, FileLock processLock) throws IOException {
        this.dataDir = dataDir;
        this.lockChannel = lockChannel;
        this.processLock = processLock;
        this.tables = new Tables(dataDir, types, indexDefinitions);
        Path snapshot = SnapshotFile.latest(dataDir);
        Recovery.Opened opened = Recovery.open(dataDir, tables, options, snapshot);
        this.journal = opened.journal();
        this.marker = CheckpointMarker.open(dataDir);
        this.checkpoints = new Checkpoints(dataDir, tables, journal, marker, lock, options, this, opened.checkpointSeq(),
                snapshot == null ? 0 : Files.size(snapshot));
        try {
            Recovery.checkFormat(tables);
            checkpoints.checkpoint();
        } catch (RuntimeException e) {
            tables.closeQuietly();
            journal.close();
            marker.close();
            throw e;
        }
        this.recovery = opened.how();
        this.writer = new GroupCommitWriter(tables, journal, checkpoints, lock, options);
        this.writer.start();
    }

    /**
     * Opens (creating if needed) the store in {@code dataDir}, recovering from a crash (see {@link
     * Recovery}), then moving and building indexes as their definitions ask.
     *
     * @throws IllegalStateException with a message for the operator when the directory is unusable or locked
     */
    public static MapDbStore open(Path dataDir, Collection<String> types, Collection<IndexDefinition> indexes) {
        return open(dataDir, types, indexes, Options.defaults());
    }

    /** Opens the store a {@link StoreConfig} describes, answering queries over its registry's schemas. */
    public static MapDbStore open(StoreConfig config, Options options) {
        MapDbStore store = open(config.dataDir(), config.types(), config.indexes(), options);
        store.queries = new IndexQueries(store, config.registry(), config.indexes());
        return store;
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
                IndexLayoutMigration.runAll(store, store.tables);
                new IndexBuilder(store, store.tables).buildMissing();
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

    /** How the store was opened: new, clean, replayed or rebuilt. */
    @Override
    public String recovery() {
        return recovery;
    }

    // ---------------------------------------------------------------- reads and writes

    @Override
    public <T> T read(Function<StoreReader, T> work) {
        lock.readLock().lock();
        try {
            ensureUsable();
            return work.apply(new TableReader(tables));
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
        return writer.submit(work, this::ensureUsable);
    }

    @Override
    public Optional<PreparedQuery> prepare(StoreQuery query) {
        IndexQueries q = queries;
        return q == null ? Optional.empty() : Optional.of(q.prepare(query));
    }

    private void ensureUsable() {
        if (closed) {
            throw ScimException.unavailable("The store is closed; the server is shutting down.");
        }
        Throwable failure = writer == null ? null : writer.failure();
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
        writer.stop();
        checkpoints.awaitSnapshot();
        lock.writeLock().lock();
        try {
            if (!closed) {
                if (writer.failure() == null) {
                    checkpoints.checkpoint();
                }
                closed = true;
                journal.close();
                marker.close();
                tables.close();
                processLock.release();
                lockChannel.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("closing the store failed", e);
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public Backup backup(Path target, Consumer<String> progress) {
        ensureUsable();
        try {
            return checkpoints.backup(target, progress);
        } catch (IOException e) {
            throw new UncheckedIOException("the backup into " + target + " could not be written: " + e.getMessage(), e);
        }
    }

    /** Writes a snapshot; public for tests and tools that want one now. */
    public void snapshotNow() {
        checkpoints.snapshotNow();
    }

    /** Up to {@code limit} entries of {@code def} in the layout it does not use; see {@link IndexLayoutMigration}. */
    List<IndexEntry> entriesInOtherLayout(IndexDefinition def, int limit) {
        return IndexLayoutMigration.entriesInOtherLayout(this, def, limit);
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
        return new WriterStats(writer.batches.sum(), writer.jobs.sum(), writer.applyNanos.sum() / 1_000_000,
                writer.journalNanos.sum() / 1_000_000, checkpoints.checkpoints.sum(), checkpoints.checkpointNanos.sum() / 1_000_000);
    }

    /** Resource counts per type, for the start-up log. */
    public Map<String, Long> counts() {
        return read(r -> {
            Map<String, Long> out = new LinkedHashMap<>();
            for (String type : tables.types()) {
                out.put(type, r.count(type));
            }
            return out;
        });
    }

    @Override
    public String describeActivity() {
        WriterStats s = writerStats();
        return String.format("%d writes in %d journal forces (%.1f per force), %d ms applying, %d ms forcing the journal,"
                        + " %d checkpoints taking %d ms", s.jobs(), s.batches(), s.jobsPerBatch(), s.applyMillis(),
                s.journalMillis(), s.checkpoints(), s.checkpointMillis());
    }

    /** Bytes on disk: the MapDB file, the journal and the snapshots. */
    @Override
    public void observe(StoreMetrics metrics) {
        writer.observe(metrics);
    }

    @Override
    public int queuedWrites() {
        return writer.queued();
    }

    @Override
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
