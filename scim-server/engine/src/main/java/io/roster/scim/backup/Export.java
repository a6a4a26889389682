package io.roster.scim.backup;

import io.roster.scim.json.JsonSupport;
import io.roster.scim.store.MemberRef;
import io.roster.scim.store.ResourceStore;
import io.roster.scim.store.StoredResource;
import jakarta.json.JsonObject;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Writes every resource, membership and setting of a store as NDJSON ({@link ExportFormat}), streaming:
 * memory stays flat whatever the store's size. The store must be one nobody writes to (a stopped
 * server's data directory, or a restored backup: see {@link Restore}), so the file is one consistent
 * state; reads are chunked all the same.
 */
public final class Export {
    /** Resources (or members) per store read. */
    static final int CHUNK = 500;

    /** What was written. */
    public record Summary(Map<String, Long> resources, long members, long settings) {
        public long totalResources() {
            return resources.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final ResourceStore store;
    private final List<String> types;

    /** @param types every resource type to export, in the order they are written (and imported) */
    public Export(ResourceStore store, List<String> types) {
        this.store = store;
        this.types = List.copyOf(types);
    }

    /**
     * Writes the export to {@code out} (not closed; flushed), reporting progress lines to {@code progress}.
     *
     * @throws UncheckedIOException when writing fails
     */
    public Summary writeTo(OutputStream out, String rosterVersion, Instant now, Consumer<String> progress) {
        Map<String, Long> counts = store.read(r -> {
            Map<String, Long> c = new LinkedHashMap<>();
            types.forEach(t -> c.put(t, r.count(t)));
            return c;
        });
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        Progress resources = new Progress("export", "resources", total, progress);
        long[] members = {0};
        Map<String, Long> written = new LinkedHashMap<>();
        try {
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            line(w, ExportFormat.header(rosterVersion, now, counts));
            for (String type : types) {
                long n = 0;
                String after = null;
                while (true) {
                    String from = after;
                    List<StoredResource> chunk = store.read(r -> {
                        List<StoredResource> rs = new ArrayList<>();
                        for (String id : r.ids(type, from, CHUNK)) {
                            StoredResource res = r.get(type, id);
                            if (res != null) {
                                rs.add(res);
                            }
                        }
                        return rs;
                    });
                    if (chunk.isEmpty()) {
                        break;
                    }
                    for (StoredResource res : chunk) {
                        line(w, ExportFormat.resource(res));
                    }
                    n += chunk.size();
                    resources.advance(chunk.size());
                    after = chunk.get(chunk.size() - 1).id();
                }
                written.put(type, n);
            }
            // Memberships after every resource, so an import has made both ends before it joins them.
            for (String type : types) {
                String after = null;
                while (true) {
                    String from = after;
                    List<String> ids = store.read(r -> r.ids(type, from, CHUNK));
                    if (ids.isEmpty()) {
                        break;
                    }
                    for (String id : ids) {
                        members[0] += writeMembers(w, id);
                    }
                    after = ids.get(ids.size() - 1);
                }
            }
            long[] settings = {0};
            store.read(r -> {
                // Streamed inside the one read: nobody writes to an exported store, so holding it costs nothing.
                r.forEachSetting((k, v) -> {
                    try {
                        line(w, ExportFormat.setting(k, v));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    settings[0]++;
                });
                return null;
            });
            line(w, ExportFormat.end(resources.done(), members[0], settings[0]));
            w.flush();
            resources.finish();
            return new Summary(written, members[0], settings[0]);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the export: " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new UncheckedIOException("cannot write the export: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private long writeMembers(Writer w, String groupId) throws IOException {
        long n = 0;
        String after = null;
        while (true) {
            String from = after;
            List<MemberRef> chunk = store.read(r -> r.members(groupId, from, CHUNK));
            if (chunk.isEmpty()) {
                return n;
            }
            for (MemberRef m : chunk) {
                line(w, ExportFormat.member(groupId, m));
            }
            n += chunk.size();
            after = chunk.get(chunk.size() - 1).id();
        }
    }

    private static void line(Writer w, JsonObject o) throws IOException {
        w.write(JsonSupport.toText(o));
        w.write('\n');
    }
}
