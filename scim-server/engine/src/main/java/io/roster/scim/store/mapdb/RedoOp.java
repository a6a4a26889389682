package io.roster.scim.store.mapdb;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One logical change to one of the store's tables: put a key to a value, or remove it. Redo
 * operations carry absolute values (never deltas), so replaying a suffix of the journal over any
 * state that already contains a prefix of it converges to the same result; that is what makes fuzzy
 * snapshots and repeated recovery safe.
 *
 * @param table the table's name
 * @param key   the key
 * @param value the new value (byte[], String, Boolean or Long), or null for a removal
 */
record RedoOp(String table, String key, Object value) {
    private static final byte PUT_BYTES = 1;
    private static final byte PUT_STRING = 2;
    private static final byte PUT_BOOLEAN = 3;
    private static final byte PUT_LONG = 4;
    private static final byte REMOVE = 5;

    static byte[] encode(List<RedoOp> ops) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + ops.size() * 96);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(ops.size());
            for (RedoOp op : ops) {
                op.writeTo(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // not reachable: in-memory stream
        }
        return bytes.toByteArray();
    }

    static List<RedoOp> decode(byte[] payload) throws IOException {
        DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(payload));
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("negative operation count");
        }
        List<RedoOp> ops = new ArrayList<>(Math.min(n, 1 << 16));
        for (int i = 0; i < n; i++) {
            ops.add(readFrom(in));
        }
        return ops;
    }

    void writeTo(DataOutputStream out) throws IOException {
        byte kind;
        if (value == null) {
            kind = REMOVE;
        } else if (value instanceof byte[]) {
            kind = PUT_BYTES;
        } else if (value instanceof String) {
            kind = PUT_STRING;
        } else if (value instanceof Boolean) {
            kind = PUT_BOOLEAN;
        } else if (value instanceof Long) {
            kind = PUT_LONG;
        } else {
            throw new IllegalArgumentException("unsupported value type " + value.getClass());
        }
        out.writeByte(kind);
        writeString(out, table);
        writeString(out, key);
        switch (kind) {
            case PUT_BYTES -> {
                byte[] b = (byte[]) value;
                out.writeInt(b.length);
                out.write(b);
            }
            case PUT_STRING -> writeString(out, (String) value);
            case PUT_BOOLEAN -> out.writeBoolean((Boolean) value);
            case PUT_LONG -> out.writeLong((Long) value);
            default -> {
            }
        }
    }

    static RedoOp readFrom(DataInputStream in) throws IOException {
        byte kind = in.readByte();
        String table = readString(in);
        String key = readString(in);
        Object value = switch (kind) {
            case PUT_BYTES -> readBytes(in);
            case PUT_STRING -> readString(in);
            case PUT_BOOLEAN -> in.readBoolean();
            case PUT_LONG -> in.readLong();
            case REMOVE -> null;
            default -> throw new IOException("unknown operation kind " + kind);
        };
        return new RedoOp(table, key, value);
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        return new String(readBytes(in), StandardCharsets.UTF_8);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > (1 << 30)) {
            throw new IOException("bad length " + n);
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }
}
