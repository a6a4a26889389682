package io.roster.scim.hook;

import io.roster.scim.json.JsonSupport;
import io.roster.scim.spi.Job;
import io.roster.scim.spi.Jobs;
import io.roster.scim.spi.RecordTable;
import io.roster.scim.spi.RecordType;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A plugin's durable jobs, kept in its records (table {@value #TABLE}): per kind, the queue of pending
 * keys in serving order ({@code <kind>}: a JSON array), and per job its state
 * ({@code <kind>/<key>}: run, params, cursor, processed, total, started). Everything is written in the
 * write that schedules, steps or cancels, so a job is exactly as durable as the writes it belongs to.
 */
final class PluginJobs implements Jobs {
    static final String TABLE = "jobs";
    private final RecordTable<JsonObject> records;
    private final PluginScope scope;
    private final WriteSession session;

    /** @param session the running write, or null in a read */
    PluginJobs(ReadView view, PluginScope scope, WriteSession session) {
        this.records = view.records(TABLE, RecordType.JSON);
        this.scope = scope;
        this.session = session;
    }

    @Override
    public void schedule(String kind, String key, JsonObject params, long total) {
        requireHandler(kind);
        JsonObject old = records.get(jobKey(kind, key));
        long run = old == null ? 1 : old.getJsonNumber("run").longValue() + 1;
        records.put(jobKey(kind, key), JsonSupport.object().add("run", run).add("params", params == null ? JsonValue.EMPTY_JSON_OBJECT : params)
                .add("processed", 0).add("total", total).add("started", false).build());
        Set<String> queue = pending(kind);
        if (queue.add(key)) {
            putQueue(kind, queue);
        }
        if (session != null) {
            session.jobsScheduled.add(scope);
        }
    }

    @Override
    public void cancel(String kind, String key) {
        if (records.get(jobKey(kind, key)) == null) {
            return;
        }
        records.remove(jobKey(kind, key));
        Set<String> queue = pending(kind);
        queue.remove(key);
        putQueue(kind, queue);
    }

    @Override
    public Job get(String kind, String key) {
        JsonObject o = records.get(jobKey(kind, key));
        if (o == null) {
            return null;
        }
        return new Job(kind, key, o.getJsonNumber("run").longValue(), o.getJsonObject("params"), o.getString("cursor", null),
                o.getJsonNumber("processed").longValue(), o.getJsonNumber("total").longValue());
    }

    /** Whether a step has run since the job was last scheduled. */
    boolean started(String kind, String key) {
        JsonObject o = records.get(jobKey(kind, key));
        return o != null && o.getBoolean("started", false);
    }

    @Override
    public Set<String> pending(String kind) {
        Set<String> out = new LinkedHashSet<>();
        JsonObject q = records.get(kind);
        if (q != null) {
            for (JsonValue v : q.getJsonArray("keys")) {
                out.add(((JsonString) v).getString());
            }
        }
        return out;
    }

    @Override
    public void moveCursor(String kind, String key, String cursor) {
        JsonObject o = records.get(jobKey(kind, key));
        if (o != null) {
            records.put(jobKey(kind, key), withCursor(o, cursor));
        }
    }

    /** Stores a step's outcome: the cursor and count, or the job's end; a served job goes to the back of the queue. */
    void stepped(Job job, io.roster.scim.spi.JobStep step) {
        Set<String> queue = pending(job.kind());
        queue.remove(job.key());
        if (step.done()) {
            records.remove(jobKey(job.kind(), job.key()));
        } else {
            JsonObject o = records.get(jobKey(job.kind(), job.key()));
            records.put(jobKey(job.kind(), job.key()), JsonSupport.object(withCursor(o, step.cursor()))
                    .add("processed", job.processed() + step.processed()).add("started", true).build());
            queue.add(job.key());
        }
        putQueue(job.kind(), queue);
    }

    private static JsonObject withCursor(JsonObject o, String cursor) {
        var b = JsonSupport.object(o);
        if (cursor == null) {
            b.remove("cursor");
        } else {
            b.add("cursor", cursor);
        }
        return b.build();
    }

    private void putQueue(String kind, Set<String> queue) {
        if (queue.isEmpty()) {
            records.remove(kind);
            return;
        }
        JsonArrayBuilder a = JsonSupport.array();
        queue.forEach(a::add);
        records.put(kind, JsonSupport.object().add("keys", a).build());
    }

    private void requireHandler(String kind) {
        if (!scope.jobHandlers.containsKey(kind)) {
            throw new IllegalStateException("plugin " + scope.pluginId + " registered no job handler \"" + kind + "\"");
        }
    }

    private static String jobKey(String kind, String key) {
        return kind + "/" + key;
    }
}
