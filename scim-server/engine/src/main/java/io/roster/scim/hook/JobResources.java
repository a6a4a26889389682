package io.roster.scim.hook;

import io.roster.scim.json.JsonSupport;
import io.roster.scim.spi.Job;
import io.roster.scim.spi.ResourceTypeNames;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A job as its Job resource ({@code /Jobs}, schema {@code job.json}) keeps it: the single record of a
 * job's state. Clients see plugin, kind, key, run, state, processed and total; the handler's
 * {@code params} (as JSON text) and {@code cursor} are {@code returned: never}, so neither projection,
 * filters nor sorting expose them (RFC 7643 section 7).
 */
final class JobResources {
    static final String TYPE = ResourceTypeNames.JOB;
    /** Scheduled; no step has run since. */
    static final String QUEUED = "queued";
    /** At least one step ran; more to do. */
    static final String RUNNING = "running";
    /** Finished; kept with its final counts until the key is scheduled again or cancelled. */
    static final String COMPLETED = "completed";

    private JobResources() {
    }

    /**
     * The resource's id: a name-based UUID of (plugin, kind, key), so every run of a key is the same
     * resource and a client polling it keeps one URL. Plugin ids and kinds contain no '/', so the name is
     * unambiguous.
     */
    static String id(String pluginId, String kind, String key) {
        return UUID.nameUUIDFromBytes(("roster-job:" + pluginId + "/" + kind + "/" + key).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** A new run: queued, nothing processed, no cursor. */
    static JsonObject scheduled(String pluginId, String kind, String key, long run, JsonObject params, long total) {
        return JsonSupport.object().add("plugin", pluginId).add("kind", kind).add("key", key).add("run", run)
                .add("state", QUEUED).add("processed", 0).add("total", total)
                .add("params", JsonSupport.toText(params == null ? JsonValue.EMPTY_JSON_OBJECT : params)).build();
    }

    /** After a step: running with the new cursor, or completed (its cursor and parameters dropped: nothing resumes it). */
    static JsonObject stepped(JsonObject attrs, String cursor, long processed, boolean done) {
        var b = JsonSupport.object(withCursor(attrs, done ? null : cursor)).add("processed", processed)
                .add("state", done ? COMPLETED : RUNNING);
        if (done) {
            b.remove("params");
        }
        return b.build();
    }

    static JsonObject withCursor(JsonObject attrs, String cursor) {
        var b = JsonSupport.object(attrs);
        if (cursor == null) {
            b.remove("cursor");
        } else {
            b.add("cursor", cursor);
        }
        return b.build();
    }

    static String state(JsonObject attrs) {
        return attrs.getString("state", COMPLETED);
    }

    static long run(JsonObject attrs) {
        return attrs.getJsonNumber("run").longValue();
    }

    /** The job as its handler sees it. */
    static Job job(JsonObject attrs) {
        String params = attrs.getString("params", null);
        return new Job(attrs.getString("kind"), attrs.getString("key"), run(attrs),
                params == null ? JsonValue.EMPTY_JSON_OBJECT : JsonSupport.parseTrusted(params), attrs.getString("cursor", null),
                attrs.getJsonNumber("processed").longValue(), attrs.getJsonNumber("total").longValue());
    }
}
