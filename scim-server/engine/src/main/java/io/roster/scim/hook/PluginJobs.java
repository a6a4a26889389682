package io.roster.scim.hook;

import io.roster.scim.json.JsonSupport;
import io.roster.scim.spi.Job;
import io.roster.scim.spi.JobStep;
import io.roster.scim.spi.Jobs;
import io.roster.scim.spi.RecordTable;
import io.roster.scim.spi.RecordType;
import io.roster.scim.store.StoreWriter;
import io.roster.scim.store.StoredResource;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A plugin's durable jobs. Each job's state (run, params, cursor, processed, total, state) is its Job
 * resource ({@link JobResources}, served read-only at {@code /Jobs}); the plugin's records (table
 * {@value #TABLE}) keep only, per kind, the queue of pending keys in serving order ({@code <kind>}: a JSON
 * array). Both are written in the write that schedules, steps, finishes or cancels, so a job and what
 * clients read of it are exactly as durable as the writes they belong to, and never disagree.
 */
final class PluginJobs implements Jobs {
    static final String TABLE = "jobs";
    private final ReadView view;
    private final RecordTable<JsonObject> records;
    private final PluginScope scope;
    private final WriteSession session;
    /** The jobs this write scheduled or cancelled ({@code <kind>/<key>}): a step of one of them is superseded. */
    private final Set<String> replaced = new java.util.HashSet<>();

    /** @param session the running write, or null in a read */
    PluginJobs(ReadView view, PluginScope scope, WriteSession session) {
        this.view = view;
        this.records = view.records(TABLE, RecordType.JSON);
        this.scope = scope;
        this.session = session;
    }

    /** A new schedule restarts the key's Job resource (same id, one more run), whatever state it was in. */
    @Override
    public void schedule(String kind, String key, JsonObject params, long total) {
        requireHandler(kind);
        replaced.add(kind + "/" + key);
        StoredResource old = resource(kind, key);
        long run = old == null ? 1 : JobResources.run(old.attributes()) + 1;
        put(kind, key, old, JobResources.scheduled(scope.pluginId, kind, key, run, params, total));
        Set<String> queue = pending(kind);
        if (queue.add(key)) {
            putQueue(kind, queue);
        }
        if (session != null) {
            session.jobsScheduled.add(scope);
        }
    }

    /** Deletes the key's Job resource, pending or completed, so that they stay bounded by the keys in use. */
    @Override
    public void cancel(String kind, String key) {
        replaced.add(kind + "/" + key);
        if (resource(kind, key) != null) {
            view.writer().delete(JobResources.TYPE, JobResources.id(scope.pluginId, kind, key));
        }
        unqueue(kind, key);
    }

    /** Whether this write scheduled or cancelled the job (then a step's outcome for it no longer applies). */
    boolean replacedInThisWrite(String kind, String key) {
        return replaced.contains(kind + "/" + key);
    }

    /** Takes a key off the queue, leaving its Job resource as it is (a queue entry without a pending job). */
    void unqueue(String kind, String key) {
        Set<String> queue = pending(kind);
        if (queue.remove(key)) {
            putQueue(kind, queue);
        }
    }

    @Override
    public Job get(String kind, String key) {
        StoredResource r = resource(kind, key);
        return r == null || JobResources.COMPLETED.equals(JobResources.state(r.attributes())) ? null : JobResources.job(r.attributes());
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
        StoredResource r = resource(kind, key);
        if (r != null && !JobResources.COMPLETED.equals(JobResources.state(r.attributes()))) {
            put(kind, key, r, JobResources.withCursor(r.attributes(), cursor));
        }
    }

    /**
     * Stores a step's outcome: the cursor and count, or the job's end (completed, with its final count,
     * out of the queue); a job with more to do goes to the back of the queue.
     */
    void stepped(Job job, JobStep step) {
        StoredResource r = resource(job.kind(), job.key());
        put(job.kind(), job.key(), r, JobResources.stepped(r.attributes(), step.cursor(), job.processed() + step.processed(), step.done()));
        Set<String> queue = pending(job.kind());
        queue.remove(job.key());
        if (!step.done()) {
            queue.add(job.key());
        }
        putQueue(job.kind(), queue);
    }

    /**
     * Adopts the jobs an earlier build kept as records ({@code <kind>/<key>}: run, params, cursor, processed,
     * total, started) beside the same queues: each becomes its Job resource in the state it was in (queued,
     * or running at its cursor), and the record goes, in this write. Returns how many were adopted.
     */
    int adoptRecorded() {
        int adopted = 0;
        for (String kind : scope.jobHandlers.keySet()) {
            for (String key : pending(kind)) {
                JsonObject old = records.get(kind + "/" + key);
                if (old == null) {
                    continue;
                }
                records.remove(kind + "/" + key);
                if (resource(kind, key) != null) {
                    continue;
                }
                JsonObject attrs = JobResources.withCursor(JobResources.scheduled(scope.pluginId, kind, key,
                        old.getJsonNumber("run").longValue(), old.getJsonObject("params"), old.getJsonNumber("total").longValue()),
                        old.getString("cursor", null));
                put(kind, key, null, JsonSupport.object(attrs).add("processed", old.getJsonNumber("processed").longValue())
                        .add("state", old.getBoolean("started", false) ? JobResources.RUNNING : JobResources.QUEUED).build());
                adopted++;
            }
        }
        return adopted;
    }

    private StoredResource resource(String kind, String key) {
        return view.store().get(JobResources.TYPE, JobResources.id(scope.pluginId, kind, key));
    }

    /**
     * Writes the Job resource in the running write: version 1 when new, otherwise one new version per
     * write (its ETag moves as a client would expect, RFC 7644 section 3.14), timestamps from the write.
     */
    private void put(String kind, String key, StoredResource old, JsonObject attrs) {
        StoreWriter w = view.writer();
        String id = JobResources.id(scope.pluginId, kind, key);
        boolean first = session.version(JobResources.TYPE, id);
        if (old == null) {
            w.create(JobResources.TYPE, id, attrs, session.now());
        } else if (first) {
            w.update(JobResources.TYPE, id, attrs, session.now()); // the store sets the version
        } else {
            w.rewrite(JobResources.TYPE, id, attrs);
        }
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
}
