package io.roster.scim.store.mapdb;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The small file that tells recovery whether the MapDB file can be trusted. Before the store commits
 * MapDB it records "busy"; after the commit, "idle at sequence S". MapDB 3.1 does not replay its own
 * write-ahead log, so a process killed inside a MapDB commit can leave the file half-updated: "busy"
 * (or no valid marker) means rebuild it from snapshot and journal, "idle S" means it holds exactly
 * the journal up to S. Each write is forced to disk before the step it guards.
 */
final class CheckpointMarker implements AutoCloseable {
    static final String FILE = "checkpoint";
    private static final int SIZE = 1 + 8 + 4;
    private static final byte IDLE = 1;
    private static final byte BUSY = 2;

    /** What the marker said at start-up. */
    record State(boolean idle, long seq) {
    }

    private final FileChannel channel;

    private CheckpointMarker(FileChannel channel) {
        this.channel = channel;
    }

    static CheckpointMarker open(Path dataDir) throws IOException {
        return new CheckpointMarker(FileChannel.open(dataDir.resolve(FILE),
                StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE));
    }

    /** The recorded state, or null when the file is missing, short or fails its checksum. */
    static State read(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE);
        if (!Files.exists(file) || Files.size(file) < SIZE) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
        byte state = b.get();
        long seq = b.getLong();
        int crc = b.getInt();
        if (crc != checksum(state, seq) || (state != IDLE && state != BUSY)) {
            return null;
        }
        return new State(state == IDLE, seq);
    }

    void busy(long seq) throws IOException {
        write(BUSY, seq);
    }

    void idle(long seq) throws IOException {
        write(IDLE, seq);
    }

    private void write(byte state, long seq) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(SIZE).put(state).putLong(seq).putInt(checksum(state, seq));
        b.flip();
        int pos = 0;
        while (b.hasRemaining()) {
            pos += channel.write(b, pos);
        }
        channel.force(false);
    }

    private static int checksum(byte state, long seq) {
        CRC32C crc = new CRC32C();
        crc.update(ByteBuffer.allocate(9).put(state).putLong(seq).array());
        return (int) crc.getValue();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
