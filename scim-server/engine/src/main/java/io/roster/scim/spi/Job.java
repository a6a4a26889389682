package io.roster.scim.spi;

import jakarta.json.JsonObject;

/**
 * A background job as its handler sees it at each step: durable, so it resumes after a restart where the
 * last committed step left it.
 *
 * @param kind      the handler it belongs to (as registered with {@link PluginContext#addJobHandler})
 * @param key       what it is about, unique per kind (licensing and dynamic groups use the group's id)
 * @param run       how many times it was scheduled: a new schedule restarts it from scratch and moves this on,
 *                  so a handler can tell a superseded run's in-memory state from the current one's
 * @param params    what the scheduling write gave it
 * @param cursor    where the last step stopped (the last item done, in the handler's stable order), or null
 * @param processed how many items the steps so far processed
 * @param total     how many items the job expects to process (an estimate; 0 when unknown)
 */
public record Job(String kind, String key, long run, JsonObject params, String cursor, long processed, long total) {
}
