package io.roster.scim.store.mapdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantReadWriteLock;
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
    private volatile boolean snapshotRunning;
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
        if (snapshotRunning || stopping) {
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

    /** Waits for a background snapshot to finish (closing). */
    void awaitSnapshot() {
        while (snapshotRunning) {
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
            for (Tables.Table<?> t : tables.all()) {
                if (Tables.isRecordTable(t)) {
                    snapshotRecords(w, t, tables.orderOf(t));
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
