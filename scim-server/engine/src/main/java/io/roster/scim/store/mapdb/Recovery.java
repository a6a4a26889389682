package io.roster.scim.store.mapdb;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Owns opening and recovery: brings the MapDB file to the state of every acknowledged write before the
 * store serves anything (store contract, rule 2), and says how it got there.
 *
 * <p>The checkpoint marker decides. "Idle at S" and a MapDB file: open it and replay the journal after
 * S. Anything else (killed inside a checkpoint, killed while the store was first created, MapDB failing
 * to open): rebuild the MapDB file from the newest snapshot and the journal after it. Redo operations
 * carry absolute values, so replaying a record the file already holds changes nothing.
 */
final class Recovery {
    private static final Logger LOG = Logger.getLogger(Recovery.class.getName());
    static final String JOURNAL_DIR = "journal";
    static final String FORMAT_KEY = "store.format";
    private static final String FORMAT = "2";
    /** Operations applied per MapDB commit while rebuilding, to bound the memory of one MapDB transaction. */
    private static final int REBUILD_COMMIT_OPS = 50_000;

    /**
     * The outcome: the journal, open for appending; the sequence the MapDB file holds (0 after a rebuild,
     * whose closing checkpoint records the truth); and how the store was opened, for the log.
     */
    record Opened(Journal journal, long checkpointSeq, String how) {
    }

    private final Path dataDir;
    private final Tables tables;
    private final MapDbStore.Options options;

    private Recovery(Path dataDir, Tables tables, MapDbStore.Options options) {
        this.dataDir = dataDir;
        this.tables = tables;
        this.options = options;
    }

    /** Opens the tables in {@code dataDir}, recovering as described above; the tables are open on return. */
    static Opened open(Path dataDir, Tables tables, MapDbStore.Options options, Path snapshot) throws IOException {
        return new Recovery(dataDir, tables, options).open(snapshot);
    }

    private Opened open(Path snapshot) throws IOException {
        CheckpointMarker.State state = CheckpointMarker.read(dataDir);
        Journal opened = null;
        try {
            if (state != null && state.idle() && Files.exists(tables.file())) {
                try {
                    tables.open(false);
                    ReplayProgress progress = ReplayProgress.of("replaying the journal", dataDir.resolve(JOURNAL_DIR));
                    opened = Journal.open(dataDir.resolve(JOURNAL_DIR), options.journalSegmentBytes(), state.seq(),
                            (seq, payload) -> progress.record(payload.length, replay(payload)));
                    String how = progress.operations() == 0 ? "clean"
                            : "replayed " + progress.operations() + " journal operations after checkpoint " + state.seq();
                    return new Opened(opened, state.seq(), how);
                } catch (IOException | RuntimeException e) { // MapDB reports damage as DBException, a RuntimeException
                    LOG.log(Level.WARNING, "the store file could not be used (" + e + "); rebuilding it from snapshot and journal");
                    tables.closeQuietly();
                    if (opened != null) {
                        opened.close();
                        opened = null;
                    }
                    opened = rebuild(snapshot);
                    return new Opened(opened, 0, "rebuilt from " + (snapshot == null ? "the journal" : "snapshot and journal"));
                }
            }
            boolean fresh = state == null && !Files.exists(tables.file()) && snapshot == null
                    && !Files.isDirectory(dataDir.resolve(JOURNAL_DIR));
            opened = rebuild(snapshot);
            String how = fresh ? "new store" : "rebuilt from " + (snapshot == null ? "the journal" : "snapshot and journal")
                    + " (the previous run stopped inside a checkpoint)";
            return new Opened(opened, 0, how);
        } catch (IOException | RuntimeException e) {
            tables.closeQuietly();
            if (opened != null) {
                opened.close();
            }
            throw e;
        }
    }

    /**
     * Builds a fresh MapDB file from the snapshot (if any) and the journal after it. The file is created
     * under a temporary name and moved into place once its structure exists, so a crash here leaves
     * nothing half-made; the marker stays "busy" until the closing checkpoint.
     */
    private Journal rebuild(Path snapshot) throws IOException {
        CheckpointMarker.State before = CheckpointMarker.read(dataDir);
        try (CheckpointMarker m = CheckpointMarker.open(dataDir)) {
            m.busy(before == null ? 0 : before.seq());
        }
        deleteStoreFiles();
        tables.open(true);
        tables.commit();
        tables.close();
        Files.move(tables.newFile(), tables.file(), StandardCopyOption.ATOMIC_MOVE);
        Journal.syncDirectory(dataDir);
        tables.open(false);

        long[] applied = {0};
        long[] lastLog = {System.nanoTime()};
        long startSeq = 0;
        if (snapshot != null) {
            LOG.info("rebuilding the store from " + snapshot.getFileName() + " and the journal");
            startSeq = SnapshotFile.read(snapshot, ops -> {
                for (RedoOp op : ops) {
                    tables.apply(op);
                }
                applied[0] += ops.size();
                progress(applied, lastLog);
            });
        }
        ReplayProgress journal = ReplayProgress.of("rebuilding the store from the journal", dataDir.resolve(JOURNAL_DIR));
        Journal j = Journal.open(dataDir.resolve(JOURNAL_DIR), options.journalSegmentBytes(), startSeq, (seq, payload) -> {
            int ops = replay(payload);
            applied[0] += ops;
            journal.record(payload.length, ops);
            commitIfDue(applied);
        });
        if (applied[0] > 0 || snapshot != null) {
            LOG.info("store rebuilt: " + applied[0] + " operations applied");
        }
        return j;
    }

    private void progress(long[] applied, long[] lastLog) {
        commitIfDue(applied);
        if (System.nanoTime() - lastLog[0] > TimeUnit.SECONDS.toNanos(5)) {
            LOG.info("rebuilding the store from the snapshot: " + applied[0] + " operations applied so far");
            lastLog[0] = System.nanoTime();
        }
    }

    private void commitIfDue(long[] applied) {
        if (applied[0] % REBUILD_COMMIT_OPS < 1000 && applied[0] >= REBUILD_COMMIT_OPS) {
            tables.commit(); // bounds the size of one MapDB transaction; the marker is still "busy"
        }
    }

    private int replay(byte[] payload) throws IOException {
        List<RedoOp> ops = RedoOp.decode(payload);
        for (RedoOp op : ops) {
            tables.apply(op);
        }
        return ops.size();
    }

    private void deleteStoreFiles() throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dataDir, Tables.FILE_NAME + "*")) {
            for (Path p : ds) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Refuses a file of another format; records the format in a new one (derivable, so not journaled). */
    static void checkFormat(Tables tables) {
        String format = tables.settings.map.get(FORMAT_KEY);
        if (format == null) {
            tables.settings.map.put(FORMAT_KEY, FORMAT); // recorded by the next checkpoint
        } else if (!FORMAT.equals(format)) {
            throw new IllegalStateException("store " + tables.file().toAbsolutePath() + " has format " + format
                    + " but this Roster reads format " + FORMAT + "; use the Roster version that wrote it");
        }
    }
}
