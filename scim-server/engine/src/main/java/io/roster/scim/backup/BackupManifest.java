package io.roster.scim.backup;

import io.roster.scim.json.JsonSupport;
import io.roster.scim.store.Backup;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code backup.json}, written last into a backup: which store backend and Roster version wrote it,
 * when, at which position, and what it holds. A backup folder without it is incomplete.
 *
 * @param name     the backup's folder name
 * @param store    the backend that wrote it (restore opens it with the same one)
 * @param roster   the Roster version that wrote it
 * @param created  when it was taken
 * @param position the last unit of work it holds, as the backend counts (see {@link Backup#position})
 * @param bytes    its size
 * @param counts   resources per type
 */
public record BackupManifest(String name, String store, String roster, Instant created, long position, long bytes,
                             Map<String, Long> counts) {
    public static final String FILE = "backup.json";
    static final String FORMAT = "roster-backup";

    public BackupManifest {
        counts = Map.copyOf(counts);
    }

    JsonObject toJson() {
        JsonObjectBuilder c = JsonSupport.object();
        new TreeMap<>(counts).forEach(c::add);
        return JsonSupport.object().add("format", FORMAT).add("name", name).add("store", store).add("roster", roster)
                .add("created", created.toString()).add("position", position).add("bytes", bytes).add("counts", c).build();
    }

    void writeTo(Path dir) throws IOException {
        Files.writeString(dir.resolve(FILE), JsonSupport.toText(toJson()) + "\n");
    }

    /**
     * Reads the manifest of the backup in {@code dir}.
     *
     * @throws IOException naming what is wrong when {@code dir} is no complete Roster backup
     */
    public static BackupManifest read(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new IOException(dir + " is not a complete Roster backup (it has no " + FILE + ")");
        }
        try {
            JsonObject o = JsonSupport.parseObject(Files.readString(file));
            if (!FORMAT.equals(o.getString("format", ""))) {
                throw new IOException(file + " is not a Roster backup manifest");
            }
            Map<String, Long> counts = new LinkedHashMap<>();
            JsonObject c = o.getJsonObject("counts");
            for (Map.Entry<String, JsonValue> e : c.entrySet()) {
                counts.put(e.getKey(), ((JsonNumber) e.getValue()).longValueExact());
            }
            return new BackupManifest(o.getString("name"), o.getString("store"), o.getString("roster"),
                    Instant.parse(o.getString("created")), o.getJsonNumber("position").longValueExact(),
                    o.getJsonNumber("bytes").longValueExact(), counts);
        } catch (RuntimeException e) {
            throw new IOException(file + " cannot be read (" + e.getMessage() + ")", e);
        }
    }
}
