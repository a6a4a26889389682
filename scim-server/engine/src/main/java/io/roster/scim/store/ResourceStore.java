package io.roster.scim.store;

import java.util.function.Function;

/**
 * The storage SPI. Implementations guarantee:
 * <ul>
 *   <li>{@link #write} runs the work atomically (all of its writes or none) and returns only once
 *       the change is durable; concurrent writes may share one commit (group commit);</li>
 *   <li>{@link #read} sees only committed, durable state, consistent for the whole call;</li>
 *   <li>an exception thrown by the work reaches the caller unchanged and leaves nothing behind.</li>
 * </ul>
 * Keep read calls short: long scans should read in chunks so that writers are not held up.
 */
public interface ResourceStore extends AutoCloseable {

    <T> T read(Function<StoreReader, T> work);

    <T> T write(StoreWork<T> work);

    /**
     * Queues a unit of work without waiting for it. Works submitted by one thread run in submission
     * order, each atomic on its own (a failing one is undone alone), and may share a commit with each
     * other and with other callers' work; the future completes once the work is durable, or with the
     * exception the work threw. This is how one request (a Bulk) gets many changes into few commits.
     */
    <T> java.util.concurrent.CompletableFuture<T> submit(StoreWork<T> work);

    /** Flushes, commits and releases the store. Writes submitted afterwards fail. */
    @Override
    void close();
}
