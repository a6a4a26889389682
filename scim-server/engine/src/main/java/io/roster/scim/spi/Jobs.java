package io.roster.scim.spi;

import jakarta.json.JsonObject;
import java.util.Set;

/**
 * The calling plugin's background jobs: durable (kept in the store, scheduled and finished atomically
 * with the writes that ask for them), chunked (one step per write, see {@link JobHandler}), resumable
 * after a restart from the last committed step, in a stable order, with progress counts.
 */
public interface Jobs {

    /**
     * Schedules the job {@code key} of handler {@code kind} in the running write; one already pending for
     * the key is restarted from scratch with the new parameters. The worker is woken once the write commits.
     *
     * @param total how many items it is expected to process (0 when unknown)
     */
    void schedule(String kind, String key, JsonObject params, long total);

    /** Drops the pending job {@code key}, in the running write; nothing when there is none. */
    void cancel(String kind, String key);

    /** The pending job {@code key}, or null. */
    Job get(String kind, String key);

    /** The keys of the pending jobs of a kind, in the order they will be served. */
    Set<String> pending(String kind);

    /**
     * Moves a pending job's cursor (e.g. back, when the item it names left the list the job walks).
     * Only inside a write.
     */
    void moveCursor(String kind, String key, String cursor);
}
