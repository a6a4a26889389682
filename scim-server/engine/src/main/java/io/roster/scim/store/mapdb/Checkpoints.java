package io.roster.scim.store.mapdb;

import io.roster.scim.store.Backup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Owns checkpoints and snapshots, and the journal sequence numbers they are measured in.
 *
 * <p><b>Checkpoints.</b> MapDB holds the materialised tables and their indexes. Its own write-ahead log
 * is used only so that the MapDB file changes at commits; MapDB 3.1 does not replay that log after a
 * crash, and a process killed inside a MapDB commit can leave the file half-written. So MapDB is
 * committed only at checkpoints (about once a second while there are writes), each bracketed by the
 * {@link CheckpointMarker}: "busy" before, "idle at S" after. Recovery trusts the file only when idle.
 *
 * <p><b>Snapshots.</b> Fuzzy snapshots, written in the background while writes go on, let the journal
 * before them be dropped, so it does not grow without bound. A snapshot starts right after a checkpoint,
 * so its start sequence is also the checkpoint's: deleting the journal up to it keeps every record
 * either recovery path can need. It reads the tables in short reads, never holding writers up for long.
 *
 * <p>The sequence fields are touched only by the writer thread or under the write lock.
 */
final class Checkpoints {
    private static final Logger LOG = Logger.getLogger(Checkpoints.class.getName());
    /** Entries per read while a snapshot walks a table. */
    private static final int SNAPSHOT_CHUNK = 2000;

    private final Path dataDir;
    private final Tables tables;
    private final Journal journal;
    private final CheckpointMarker marker;
    private final ReentrantReadWriteLock lock;
    private final MapDbStore.Options options;
    private final MapDbStore store;

    private long lastSeq;
    private long checkpointSeq;
    private int opsSinceCheckpoint;
    private long lastCheckpointNanos = System.nanoTime();
    private long lastSnapshotBytes;
    /** A snapshot or a backup is being written (they exclude each other: both rely on the journal staying). */
    private final AtomicBoolean snapshotRunning = new AtomicBoolean();
    final LongAdder checkpoints = new LongAdder();
    final LongAdder checkpointNanos = new LongAdder();

    Checkpoints(Path dataDir, Tables tables, Journal journal, CheckpointMarker marker, ReentrantReadWriteLock lock,
                MapDbStore.Options options, MapDbStore store, long checkpointSeq, long lastSnapshotBytes) {
        this.dataDir = dataDir;
        this.tables = tables;
        this.journal = journal;
        this.marker = marker;
        this.lock = lock;
        this.options = options;
        this.store = store;
        this.lastSeq = Math.max(journal.lastSeq(), checkpointSeq);
        this.checkpointSeq = checkpointSeq;
        this.lastSnapshotBytes = lastSnapshotBytes;
    }

    /** The sequence number the next journal record gets. */
    long nextSeq() {
        return lastSeq + 1;
    }

    /** The writer appended record {@code seq} holding {@code ops} redo operations. */
    void appended(long seq, int ops) {
        lastSeq = seq;
        opsSinceCheckpoint += ops;
    }

    /** Whether a checkpoint is due: something was journaled since the last one, and enough (or idle). */
    boolean due(boolean idle) {
        if (lastSeq == checkpointSeq) {
            return false;
        }
        return opsSinceCheckpoint >= options.checkpointOps()
                || System.nanoTime() - lastCheckpointNanos >= TimeUnit.MILLISECONDS.toNanos(options.checkpointMillis())
                || idle;
    }

    /** Commits MapDB between two marker writes. Callers hold the write lock (or are still opening the store). */
    void checkpoint() {
        long started = System.nanoTime();
        try {
            marker.busy(lastSeq);
            tables.commit();
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

    /**
     * Starts a background snapshot once the journal since the last one outweighs it (and a minimum), so
     * that the work is proportional to what was written. Called right after a checkpoint.
     *
     * @param stopping the store is closing or has failed: no new snapshot
     */
    void maybeSnapshot(boolean stopping) {
        if (stopping) {
            return;
        }
        long threshold = Math.max(options.snapshotMinBytes(), lastSnapshotBytes + lastSnapshotBytes / 2);
        if (journal.bytesSinceSnapshot() < threshold || !snapshotRunning.compareAndSet(false, true)) {
            return;
        }
        long startSeq = checkpointSeq;
        long mark = journal.mark();
        Thread t = new Thread(() -> {
            try {
                takeSnapshot(startSeq, mark);
            } catch (Throwable e) {
                LOG.log(Level.WARNING, "snapshot failed (the journal is kept, nothing is lost); will retry later", e);
            } finally {
                snapshotRunning.set(false);
            }
        }, "roster-snapshot");
        t.setDaemon(true);
        t.start();
    }

    /** Waits for a background snapshot to finish (closing). */
    void awaitSnapshot() {
        while (snapshotRunning.get()) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Checkpoints and writes a snapshot now, in the calling thread. */
    void snapshotNow() {
        awaitExclusive();
        try {
            snapshotNowExclusive();
        } finally {
            snapshotRunning.set(false);
        }
    }

    private void snapshotNowExclusive() {
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

    /** Waits until no snapshot or backup runs, and claims the right to write one. */
    private void awaitExclusive() {
        while (!snapshotRunning.compareAndSet(false, true)) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a snapshot to finish", e);
            }
        }
    }

    /**
     * An online backup (store contract, rule 10): a snapshot written into {@code target} right after a
     * checkpoint at sequence S, then the journal's records after S up to a sequence E fixed under the
     * write lock once the snapshot is complete. Opening {@code target} rebuilds the store from the fuzzy
     * snapshot and those records: exactly the state after E, since replaying records the snapshot already
     * saw changes nothing (redo operations carry absolute values). No background snapshot runs meanwhile,
     * so no segment the copy needs is deleted.
     */
    Backup backup(Path target, Consumer<String> progress) throws IOException {
        awaitExclusive();
        try {
            long started = System.nanoTime();
            long startSeq;
            lock.writeLock().lock();
            try {
                checkpoint();
                startSeq = checkpointSeq;
            } finally {
                lock.writeLock().unlock();
            }
            Files.createDirectories(target);
            long bytes;
            try (SnapshotFile.Writer w = new SnapshotFile.Writer(target, startSeq)) {
                writeTables(w, progress);
                bytes = w.seal();
            }
            long endSeq;
            List<Journal.Extent> extents;
            Map<String, Long> counts = new LinkedHashMap<>();
            lock.writeLock().lock();
            try {
                endSeq = journal.lastSeq();
                extents = journal.extentsAfter(startSeq);
                TableReader reader = new TableReader(tables);
                for (String type : tables.types()) {
                    counts.put(type, reader.count(type));
                }
            } finally {
                lock.writeLock().unlock();
            }
            Path journalCopy = Journal.dirOf(target);
            Files.createDirectories(journalCopy);
            for (Journal.Extent e : extents) {
                bytes += copyPrefix(e.file(), journalCopy.resolve(e.file().getFileName()), e.length());
            }
            Journal.syncDirectory(journalCopy);
            Journal.syncDirectory(target);
            LOG.info(String.format("backup at journal sequence %d written to %s (%.1f MB) in %d ms", endSeq, target,
                    bytes / 1e6, (System.nanoTime() - started) / 1_000_000));
            return new Backup(endSeq, bytes, counts);
        } finally {
            snapshotRunning.set(false);
        }
    }

    /** Copies the first {@code length} bytes of {@code from} (an append-only segment) and forces the copy. */
    private static long copyPrefix(Path from, Path to, long length) throws IOException {
        try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(to, StandardOpenOption.CREATE_NEW,
                     StandardOpenOption.WRITE)) {
            long done = 0;
            while (done < length) {
                long n = in.transferTo(done, length - done, out);
                if (n <= 0) {
                    throw new IOException(from + " is shorter than its " + length + " journaled bytes");
                }
                done += n;
            }
            out.force(true);
            return length;
        }
    }

    private void writeTables(SnapshotFile.Writer w, Consumer<String> progress) throws IOException {
        if (progress != null) {
            long[] last = {System.nanoTime()};
            w.onChunk(bytes -> {
                if (System.nanoTime() - last[0] >= TimeUnit.SECONDS.toNanos(5)) {
                    progress.accept(String.format("backup: %.1f MB of tables copied so far", bytes / 1e6));
                    last[0] = System.nanoTime();
                }
            });
        }
        for (Tables.Table<?> t : tables.all()) {
            if (Tables.isRecordTable(t)) {
                snapshotRecords(w, t, tables.orderOf(t));
            } else if (t.ordered()) {
                snapshotOrdered(w, t);
            } else {
                snapshotSmall(w, t);
            }
        }
    }

    private void takeSnapshot(long startSeq, long mark) throws IOException {
        long started = System.nanoTime();
        Path written;
        long bytes;
        try (SnapshotFile.Writer w = new SnapshotFile.Writer(dataDir, startSeq)) {
            writeTables(w, null);
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

    /** Reads a B-tree table in key order, one short read at a time. */
    private void snapshotOrdered(SnapshotFile.Writer w, Tables.Table<?> t) throws IOException {
        NavigableMap<String, ?> map = t.sorted();
        String after = null;
        while (true) {
            String from = after;
            List<RedoOp> ops = store.read(r -> {
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
    private void snapshotRecords(SnapshotFile.Writer w, Tables.Table<?> recordsTable, Tables.Table<Boolean> orderTable)
            throws IOException {
        NavigableMap<String, Boolean> ids = orderTable.sorted();
        String after = null;
        while (true) {
            String from = after;
            List<String> chunk = new ArrayList<>();
            List<RedoOp> ops = store.read(r -> {
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

    private void snapshotSmall(SnapshotFile.Writer w, Tables.Table<?> t) throws IOException {
        List<RedoOp> ops = store.read(r -> {
            List<RedoOp> out = new ArrayList<>();
            for (Map.Entry<String, ?> e : t.map.entrySet()) {
                out.add(new RedoOp(t.name, e.getKey(), e.getValue()));
            }
            return out;
        });
        w.chunk(ops);
    }
}
