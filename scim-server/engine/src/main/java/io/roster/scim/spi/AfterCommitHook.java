package io.roster.scim.spi;

/**
 * A side effect run after a change is durable (a notification, a call to another system). Each change
 * is written to a durable outbox in the same transaction as the change, then delivered by a background
 * thread in commit order, at least once: a delivery that throws is retried with backoff (later changes
 * for the same hook wait), and entries not yet delivered at shutdown or crash are delivered after the
 * next start. Make it idempotent: a crash between delivery and its acknowledgement delivers again.
 */
@FunctionalInterface
public interface AfterCommitHook {

    void afterCommit(Change change) throws Exception;
}
