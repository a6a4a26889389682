package io.roster.scim.store.mapdb;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.zip.CRC32C;

/**
 * A fuzzy snapshot of every table: the state as read while writes went on, plus the journal sequence
 * at which reading started. Replaying the journal after that sequence over the snapshot reproduces the
 * exact state, because redo operations carry absolute values. Written to a temporary file, forced,
 * then renamed, so a snapshot file that exists is complete. Layout: magic, start sequence, then
 * chunks of {@code length | crc32c | encoded operations}, ended by a zero length.
 */
final class SnapshotFile {
    private static final String PREFIX = "snapshot-";
    private static final String SUFFIX = ".dat";
    private static final long MAGIC = 0x524F53544552534EL; // "ROSTERSN"

    private SnapshotFile() {
    }

    /** Writes chunks of operations and seals the snapshot. */
    static final class Writer implements AutoCloseable {
        private final Path tmp;
        private final Path target;
        private final FileChannel channel;
        private final DataOutputStream out;
        private long bytes;
        private LongConsumer chunkListener = written -> { };

        Writer(Path dataDir, long startSeq) throws IOException {
            this.target = dataDir.resolve(String.format("%s%020d%s", PREFIX, startSeq, SUFFIX));
            this.tmp = dataDir.resolve(target.getFileName() + ".tmp");
            this.channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
            this.out = new DataOutputStream(new BufferedOutputStream(java.nio.channels.Channels.newOutputStream(channel), 1 << 16));
            out.writeLong(MAGIC);
            out.writeLong(startSeq);
        }

        void chunk(List<RedoOp> ops) throws IOException {
            if (ops.isEmpty()) {
                return;
            }
            byte[] payload = RedoOp.encode(ops);
            CRC32C crc = new CRC32C();
            crc.update(payload);
            out.writeInt(payload.length);
            out.writeInt((int) crc.getValue());
            out.write(payload);
            bytes += payload.length + 8;
            chunkListener.accept(bytes);
        }

        /** Calls {@code listener} with the bytes written so far after each chunk (progress reports). */
        void onChunk(LongConsumer listener) {
            this.chunkListener = listener;
        }

        /** Forces the file and moves it into place; returns its size. */
        long seal() throws IOException {
            out.writeInt(0);
            out.flush();
            channel.force(true);
            channel.close();
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            Journal.syncDirectory(target.getParent());
            return bytes;
        }

        @Override
        public void close() throws IOException {
            if (channel.isOpen()) {
                channel.close();
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** The newest complete snapshot, or null. Leftover temporary files are removed. */
    static Path latest(Path dataDir) throws IOException {
        List<Path> all = list(dataDir);
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dataDir, PREFIX + "*" + SUFFIX + ".tmp")) {
            for (Path p : ds) {
                Files.deleteIfExists(p);
            }
        }
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    /** Deletes every complete snapshot older than {@code keep}. */
    static void deleteOlderThan(Path dataDir, Path keep) throws IOException {
        for (Path p : list(dataDir)) {
            if (p.getFileName().toString().compareTo(keep.getFileName().toString()) < 0) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static List<Path> list(Path dataDir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dataDir, PREFIX + "*" + SUFFIX)) {
            ds.forEach(out::add);
        }
        out.sort(null);
        return out;
    }

    /** Receives the operations of a snapshot chunk by chunk. */
    interface ChunkVisitor {
        void visit(List<RedoOp> ops) throws IOException;
    }

    /** Reads a snapshot; returns its start sequence. A damaged snapshot is an error, never skipped. */
    static long read(Path file, ChunkVisitor visitor) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
            if (in.readLong() != MAGIC) {
                throw new IOException(file + " is not a Roster snapshot");
            }
            long startSeq = in.readLong();
            while (true) {
                int length = in.readInt();
                if (length == 0) {
                    return startSeq;
                }
                int crcValue = in.readInt();
                if (length < 0 || length > (1 << 30)) {
                    throw new IOException(file + " is damaged (chunk length " + length + ")");
                }
                byte[] payload = new byte[length];
                in.readFully(payload);
                CRC32C crc = new CRC32C();
                crc.update(payload);
                if ((int) crc.getValue() != crcValue) {
                    throw new IOException(file + " is damaged (checksum mismatch)");
                }
                visitor.visit(RedoOp.decode(payload));
            }
        } catch (EOFException e) {
            throw new IOException(file + " is truncated", e);
        }
    }
}
