package io.roster.scim.store.mapdb;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Roster's write-ahead journal: the durability of every acknowledged write rests on it.
 *
 * <p>Each committed batch of the store's writer is one record, appended to the current segment and
 * forced to disk ({@code fdatasync}) before any caller of that batch is answered. A record is
 * {@code length (int) | crc32c (int) | seq (long) | payload}, the CRC covering seq and payload, so a
 * record torn by a crash is recognised and the journal is cut back to its last complete record.
 *
 * <p>Segments are files {@code journal-<first seq>.log} in one directory; a new one starts when the
 * current one passes the size limit. Segments wholly covered by a snapshot are deleted.
 */
final class Journal implements AutoCloseable {
    private static final String PREFIX = "journal-";
    private static final String SUFFIX = ".log";
    private static final int HEADER = 4 + 4 + 8;
    private static final int MAX_RECORD = 1 << 30;

    private final Path dir;
    private final long segmentBytes;
    private FileChannel current;
    private Path currentPath;
    private long lastSeq;
    /** Valid bytes in the journal since it was opened (existing records included). */
    private long appendedBytes;
    /** {@link #appendedBytes} when the last complete snapshot started. */
    private long snapshotMark;

    /** Receives records in order during a scan. */
    interface Visitor {
        void visit(long seq, byte[] payload) throws IOException;
    }

    private Journal(Path dir, long segmentBytes) {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
    }

    /**
     * Opens the journal in {@code dir}, reading every record with a sequence number above
     * {@code afterSeq} into {@code visitor}, and cuts a torn tail off the last segment. A damaged
     * record anywhere but at the very end is not a crash artefact and stops the start-up.
     */
    static Journal open(Path dir, long segmentBytes, long afterSeq, Visitor visitor) throws IOException {
        Files.createDirectories(dir);
        Journal j = new Journal(dir, segmentBytes);
        List<Path> segments = j.segments();
        long[] last = {0};
        // Records must continue exactly where the caller's state ends: a gap would mean lost writes.
        long[] expected = {afterSeq + 1};
        Visitor checked = (seq, payload) -> {
            if (seq != expected[0]) {
                throw new IOException("the journal in " + dir + " is missing records " + expected[0] + " to " + (seq - 1)
                        + "; it does not match the store's checkpoint or snapshot (was the data directory copied while"
                        + " the server ran?)");
            }
            expected[0]++;
            visitor.visit(seq, payload);
        };
        for (int i = 0; i < segments.size(); i++) {
            Path segment = segments.get(i);
            boolean lastSegment = i == segments.size() - 1;
            long validEnd = scan(segment, afterSeq, checked, lastSegment, last);
            long size = Files.size(segment);
            if (validEnd < size) {
                // A crash mid-append: the bytes after the last complete record were never acknowledged.
                try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
                    ch.truncate(validEnd);
                    ch.force(true);
                }
            }
            j.appendedBytes += validEnd;
        }
        j.lastSeq = last[0];
        if (!segments.isEmpty()) {
            j.currentPath = segments.get(segments.size() - 1);
            j.current = FileChannel.open(j.currentPath, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        }
        return j;
    }

    /** The sequence number of the last record in the journal (0 when empty). */
    long lastSeq() {
        return lastSeq;
    }

    /** Journal bytes written since the last complete snapshot started (for deciding when to snapshot). */
    long bytesSinceSnapshot() {
        return appendedBytes - snapshotMark;
    }

    /** A position to hand back to {@link #deleteCoveredBy} when the snapshot starting now completes. */
    long mark() {
        return appendedBytes;
    }

    /** Appends a record and forces it to disk; returns only once it is durable. */
    void append(long seq, byte[] payload) throws IOException {
        if (seq <= lastSeq) {
            throw new IllegalStateException("journal sequence must grow: " + seq + " after " + lastSeq);
        }
        if (current == null || current.size() >= segmentBytes) {
            startSegment(seq);
        }
        CRC32C crc = new CRC32C();
        ByteBuffer seqBytes = ByteBuffer.allocate(8).putLong(0, seq);
        crc.update(seqBytes.array());
        crc.update(payload);
        ByteBuffer record = ByteBuffer.allocate(HEADER + payload.length);
        record.putInt(payload.length).putInt((int) crc.getValue()).putLong(seq).put(payload).flip();
        while (record.hasRemaining()) {
            current.write(record);
        }
        current.force(false);
        lastSeq = seq;
        appendedBytes += HEADER + payload.length;
    }

    private void startSegment(long firstSeq) throws IOException {
        if (current != null) {
            current.force(true);
            current.close();
        }
        currentPath = dir.resolve(String.format("%s%020d%s", PREFIX, firstSeq, SUFFIX));
        current = FileChannel.open(currentPath, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        syncDirectory(dir); // the new file's directory entry must survive a power loss too
    }

    /**
     * Deletes segments whose records all have sequence numbers at or below {@code seq} (they are
     * covered by a complete snapshot). The current segment is never deleted.
     */
    void deleteCoveredBy(long seq, long markAtSnapshotStart) throws IOException {
        List<Path> segments = segments();
        for (int i = 0; i + 1 < segments.size(); i++) {
            long nextFirst = firstSeq(segments.get(i + 1));
            if (nextFirst - 1 <= seq && !segments.get(i).equals(currentPath)) {
                Files.deleteIfExists(segments.get(i));
            }
        }
        snapshotMark = markAtSnapshotStart;
    }

    /** A segment's file and the bytes of it that hold complete records. */
    record Extent(Path file, long length) {
    }

    /**
     * The segments holding the records after {@code seq}, each with its length now: a consistent end,
     * since the writer appends and forces whole records under the store's write lock, which the caller
     * holds. Segments are only ever appended to, so copying each up to its length later copies exactly
     * these records, as long as no snapshot deletes segments meanwhile.
     */
    List<Extent> extentsAfter(long seq) throws IOException {
        List<Path> segments = segments();
        List<Extent> out = new ArrayList<>();
        for (int i = 0; i < segments.size(); i++) {
            boolean coveredBefore = i + 1 < segments.size() && firstSeq(segments.get(i + 1)) - 1 <= seq;
            if (!coveredBefore) {
                Path p = segments.get(i);
                out.add(new Extent(p, p.equals(currentPath) && current != null ? current.size() : Files.size(p)));
            }
        }
        return out;
    }

    /** The journal's directory name inside a data directory. */
    static Path dirOf(Path dataDir) {
        return dataDir.resolve(Recovery.JOURNAL_DIR);
    }

    @Override
    public void close() throws IOException {
        if (current != null) {
            current.force(true);
            current.close();
            current = null;
        }
    }

    /** Total bytes of all segments, for reporting. */
    long sizeOnDisk() throws IOException {
        long total = 0;
        for (Path p : segments()) {
            total += Files.size(p);
        }
        return total;
    }

    private List<Path> segments() throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
            ds.forEach(out::add);
        }
        out.sort(null); // zero-padded first sequence numbers sort by name
        return out;
    }

    private static long firstSeq(Path segment) {
        String name = segment.getFileName().toString();
        return Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
    }

    /**
     * Reads a segment, feeding records above {@code afterSeq} to the visitor and noting the last
     * sequence number seen in {@code last[0]}; returns the end of its last valid record.
     */
    private static long scan(Path segment, long afterSeq, Visitor visitor, boolean lastSegment, long[] last) throws IOException {
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.READ)) {
            long size = ch.size();
            long pos = 0;
            ByteBuffer header = ByteBuffer.allocate(HEADER);
            while (pos < size) {
                header.clear();
                if (readFully(ch, header, pos) < HEADER) {
                    return torn(segment, pos, lastSegment);
                }
                header.flip();
                int length = header.getInt();
                int crcValue = header.getInt();
                long seq = header.getLong();
                if (length < 0 || length > MAX_RECORD || pos + HEADER + length > size) {
                    return torn(segment, pos, lastSegment);
                }
                ByteBuffer payload = ByteBuffer.allocate(length);
                readFully(ch, payload, pos + HEADER);
                CRC32C crc = new CRC32C();
                crc.update(ByteBuffer.allocate(8).putLong(0, seq).array());
                crc.update(payload.array());
                if ((int) crc.getValue() != crcValue) {
                    return torn(segment, pos, lastSegment);
                }
                if (seq > afterSeq) {
                    visitor.visit(seq, payload.array());
                }
                last[0] = seq;
                pos += HEADER + length;
            }
            return pos;
        }
    }

    private static long torn(Path segment, long pos, boolean lastSegment) throws IOException {
        if (!lastSegment) {
            throw new IOException("journal segment " + segment + " is damaged at byte " + pos
                    + " although later segments exist; this is not crash damage (check the disk)");
        }
        return pos;
    }

    private static int readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        int total = 0;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, position + total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some file systems cannot fsync a directory; the data itself is still forced.
        }
    }
}
