package io.roster.scim.spi;

import jakarta.json.JsonObject;
import java.util.Set;

/**
 * The calling plugin's background jobs: durable (kept in the store, scheduled and finished atomically
 * with the writes that ask for them), chunked (one step per write, see {@link JobHandler}), resumable
 * after a restart from the last committed step, in a stable order, with progress counts.
 *
 * <p>Clients read each job as a {@link ResourceTypeNames#JOB} resource ({@code /Jobs}, read-only): one per
 * plugin, kind and key, with a stable id, written in the same write as the job itself. Its {@code state}
 * is {@code queued} until the first step, then {@code running}, then {@code completed} with its final
 * counts, kept until the key is scheduled again (the same resource restarts) or cancelled (it is deleted).
 */
public interface Jobs {

    /**
     * Schedules the job {@code key} of handler {@code kind} in the running write; one already pending for
     * the key is restarted from scratch with the new parameters. The worker is woken once the write commits.
     *
     * @param total how many items it is expected to process (0 when unknown)
     */
    void schedule(String kind, String key, JsonObject params, long total);

    /**
     * Drops the pending job {@code key}, in the running write, and deletes its Job resource (a completed
     * job's too); nothing when there is none. Cancel the jobs of a key that goes away (a deleted group), so
     * that the Job resources stay bounded by the keys in use.
     */
    void cancel(String kind, String key);

    /** The pending job {@code key} (queued or running), or null: a completed job is not pending. */
    Job get(String kind, String key);

    /** The keys of the pending jobs of a kind, in the order they will be served. */
    Set<String> pending(String kind);

    /**
     * Moves a pending job's cursor (e.g. back, when the item it names left the list the job walks).
     * Only inside a write.
     */
    void moveCursor(String kind, String key, String cursor);
}
