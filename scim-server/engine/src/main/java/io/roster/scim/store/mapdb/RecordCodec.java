package io.roster.scim.store.mapdb;

import io.roster.scim.json.JsonSupport;
import io.roster.scim.store.StoredResource;
import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * The byte layout of a stored record: a format byte, version, created and lastModified (epoch millis),
 * then the attributes as UTF-8 JSON. Type and id are the map key and are not repeated.
 */
final class RecordCodec {
    private static final byte FORMAT = 1;
    private static final int HEADER = 1 + 8 + 8 + 8;

    private RecordCodec() {
    }

    static byte[] encode(StoredResource r) {
        byte[] json = JsonSupport.toBytes(r.attributes());
        ByteBuffer b = ByteBuffer.allocate(HEADER + json.length);
        b.put(FORMAT).putLong(r.version()).putLong(r.created().toEpochMilli()).putLong(r.lastModified().toEpochMilli()).put(json);
        return b.array();
    }

    static StoredResource decode(String type, String id, byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        byte format = b.get();
        if (format != FORMAT) {
            throw new IllegalStateException("record " + type + "/" + id + " has unknown format " + format);
        }
        long version = b.getLong();
        Instant created = Instant.ofEpochMilli(b.getLong());
        Instant modified = Instant.ofEpochMilli(b.getLong());
        return new StoredResource(type, id, version, created, modified,
                JsonSupport.parseTrusted(bytes, HEADER, bytes.length - HEADER));
    }
}
