package io.roster.scim.backup;

import io.roster.scim.json.JsonSupport;
import io.roster.scim.store.MemberRef;
import io.roster.scim.store.StoredResource;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The export file: NDJSON, one JSON object per line, each with a {@code kind}, in this order:
 * <pre>
 * {"kind":"header","format":"roster-export","formatVersion":1,"roster":"1.0.0","exported":"...","counts":{"User":2,...}}
 * {"kind":"resource","type":"User","id":"...","version":3,"created":"...","lastModified":"...","attributes":{...}}
 * {"kind":"member","group":"...","id":"...","type":"User","display":"..."}
 * {"kind":"setting","key":"...","value":"..."}
 * {"kind":"end","resources":2,"members":1,"settings":4}
 * </pre>
 * Resources are stored as the store holds them (normalised attributes, password hashes included, never
 * clear text), so an import reproduces the store exactly: ids, ETags, timestamps, memberships, API
 * clients, plugins' records. The end line makes a truncated file recognisable.
 */
final class ExportFormat {
    static final String FORMAT = "roster-export";
    static final int VERSION = 1;
    /** The longest line an import reads: far above any resource the server accepts (4 MB bodies by default). */
    static final int MAX_LINE_CHARS = 64 * 1024 * 1024;

    private ExportFormat() {
    }

    static JsonObject header(String rosterVersion, Instant exported, Map<String, Long> counts) {
        JsonObjectBuilder c = JsonSupport.object();
        counts.forEach(c::add);
        return JsonSupport.object().add("kind", "header").add("format", FORMAT).add("formatVersion", VERSION)
                .add("roster", rosterVersion).add("exported", exported.toString()).add("counts", c).build();
    }

    static JsonObject resource(StoredResource r) {
        return JsonSupport.object().add("kind", "resource").add("type", r.type()).add("id", r.id()).add("version", r.version())
                .add("created", r.created().toString()).add("lastModified", r.lastModified().toString())
                .add("attributes", r.attributes()).build();
    }

    static JsonObject member(String groupId, MemberRef m) {
        JsonObjectBuilder b = JsonSupport.object().add("kind", "member").add("group", groupId).add("id", m.id());
        if (m.type() != null) {
            b.add("type", m.type());
        }
        if (m.display() != null) {
            b.add("display", m.display());
        }
        return b.build();
    }

    static JsonObject setting(String key, String value) {
        return JsonSupport.object().add("kind", "setting").add("key", key).add("value", value).build();
    }

    static JsonObject end(long resources, long members, long settings) {
        return JsonSupport.object().add("kind", "end").add("resources", resources).add("members", members)
                .add("settings", settings).build();
    }

    // ---------------------------------------------------------------- reading, with errors naming the line

    /** A line the import cannot use; the message names the line and what is wrong with it. */
    static final class BadLine extends RuntimeException {
        BadLine(long line, String problem) {
            super("line " + line + ": " + problem);
        }
    }

    static String kind(JsonObject o, long line) {
        return text(o, "kind", line);
    }

    static Map<String, Long> counts(JsonObject header, long line) {
        if (!FORMAT.equals(optionalText(header, "format")) ) {
            throw new BadLine(line, "not a Roster export (the first line must be its header, with \"format\":\"" + FORMAT + "\")");
        }
        long version = number(header, "formatVersion", line);
        if (version != VERSION) {
            throw new BadLine(line, "export format version " + version + "; this Roster reads version " + VERSION
                    + " (import with the Roster version that exported it, or a newer one)");
        }
        JsonValue counts = header.get("counts");
        if (!(counts instanceof JsonObject c)) {
            throw new BadLine(line, "the header has no \"counts\" object");
        }
        Map<String, Long> out = new LinkedHashMap<>();
        for (String type : c.keySet()) {
            out.put(type, number(c, type, line));
        }
        return out;
    }

    static StoredResource readResource(JsonObject o, long line) {
        JsonValue attributes = o.get("attributes");
        if (!(attributes instanceof JsonObject a)) {
            throw new BadLine(line, "a resource needs an \"attributes\" object");
        }
        return new StoredResource(text(o, "type", line), text(o, "id", line), number(o, "version", line),
                instant(o, "created", line), instant(o, "lastModified", line), a);
    }

    static MemberRef readMember(JsonObject o, long line) {
        return new MemberRef(text(o, "id", line), optionalText(o, "type"), optionalText(o, "display"));
    }

    static String text(JsonObject o, String name, long line) {
        String v = optionalText(o, name);
        if (v == null || v.isEmpty()) {
            throw new BadLine(line, "\"" + name + "\" must be a non-empty string");
        }
        return v;
    }

    private static String optionalText(JsonObject o, String name) {
        return o.get(name) instanceof JsonString s ? s.getString() : null;
    }

    static long number(JsonObject o, String name, long line) {
        if (o.get(name) instanceof JsonNumber n && n.isIntegral()) {
            try {
                return n.longValueExact();
            } catch (ArithmeticException e) {
                // falls through to the error below
            }
        }
        throw new BadLine(line, "\"" + name + "\" must be a whole number");
    }

    private static Instant instant(JsonObject o, String name, long line) {
        String v = text(o, name, line);
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new BadLine(line, "\"" + name + "\" is not an ISO-8601 instant: " + v);
        }
    }
}
