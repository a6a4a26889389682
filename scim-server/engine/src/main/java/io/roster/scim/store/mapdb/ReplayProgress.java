package io.roster.scim.store.mapdb;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * Progress of a journal replay at start, logged every few seconds with counts, the share of the journal
 * read and an estimate of the time left, so an operator watching a long recovery knows it is moving and
 * when it will end. The share is by bytes: the records replayed against the journal's size on disk (the
 * records a checkpoint already holds are skipped quickly, so early estimates are pessimistic, never
 * optimistic).
 */
final class ReplayProgress {
    private static final Logger LOG = Logger.getLogger(ReplayProgress.class.getName());
    private static final long INTERVAL = TimeUnit.SECONDS.toNanos(5);
    /** What a journal record costs on disk besides its payload (length, checksum, sequence number). */
    private static final int RECORD_OVERHEAD = 4 + 4 + 8;

    private final String what;
    private final long totalBytes;
    private final LongSupplier clock;
    private final long started;
    private long lastLog;
    private long bytes;
    private long operations;
    private long records;

    ReplayProgress(String what, long totalBytes, LongSupplier nanoClock) {
        this.what = what;
        this.totalBytes = Math.max(1, totalBytes);
        this.clock = nanoClock;
        this.started = nanoClock.getAsLong();
        this.lastLog = started;
    }

    /** For the journal in {@code dir}: its size on disk is what there is to read. */
    static ReplayProgress of(String what, Path journalDir) {
        return new ReplayProgress(what, sizeOf(journalDir), System::nanoTime);
    }

    /** One record replayed: its payload's size and the operations it held. Logs when it is time to. */
    void record(int payloadBytes, int ops) {
        records++;
        operations += ops;
        bytes += payloadBytes + RECORD_OVERHEAD;
        long now = clock.getAsLong();
        if (now - lastLog >= INTERVAL) {
            lastLog = now;
            LOG.info(line(now));
        }
    }

    long operations() {
        return operations;
    }

    /** The progress line: counts, share read and the estimate, e.g. for the log. */
    String line(long now) {
        double share = Math.min(1.0, (double) bytes / totalBytes);
        double elapsed = (now - started) / 1e9;
        String left = share <= 0 ? "unknown" : String.format(Locale.ROOT, "about %.0f s", elapsed * (1 - share) / share);
        return String.format(Locale.ROOT, "%s: %d records, %d operations, %.0f%% of %d MB of journal, %s left",
                what, records, operations, share * 100, totalBytes >> 20, left);
    }

    private static long sizeOf(Path dir) {
        long total = 0;
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                total += Files.size(f);
            }
        } catch (IOException e) {
            return 0; // only an estimate: the replay itself reports real errors
        }
        return total;
    }
}
