package io.roster.scim.store;

/**
 * What a store's writer reports as it works, for monitoring; backend-neutral (no metrics library here:
 * the engine's {@code metrics} package adapts it). Called on the writer's own thread after each commit,
 * so an implementation must be quick and must not call back into the store.
 */
public interface StoreMetrics {
    /** Reports nothing. */
    StoreMetrics NONE = (units, applyNanos, commitNanos) -> { };

    /**
     * One batch of units of work was applied and made durable (group commit).
     *
     * @param units       units of work in the batch (requests' writes sharing the commit)
     * @param applyNanos  time applying them
     * @param commitNanos time making them durable (the journal force), 0 when the batch changed nothing
     */
    void batchCommitted(int units, long applyNanos, long commitNanos);
}
