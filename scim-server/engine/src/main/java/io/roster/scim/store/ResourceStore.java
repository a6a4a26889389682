package io.roster.scim.store;

import java.util.function.Function;

/**
 * The storage SPI. Every implementation keeps the store contract written out in the
 * {@linkplain io.roster.scim.store package documentation}; in short:
 * <ul>
 *   <li>{@link #write} runs the work atomically (all of its writes or none), exactly once, as if no
 *       other unit of work ran at the same time (serializable), and returns only once the change is
 *       durable; concurrent writes may share one commit (group commit);</li>
 *   <li>{@link #read} sees only committed, durable state, consistent for the whole call;</li>
 *   <li>an exception thrown by the work reaches the caller unchanged and leaves nothing behind;</li>
 *   <li>versions follow one rule, checked by the store on every put (see {@link StoreWriter#put}).</li>
 * </ul>
 * Keep read calls short: long scans should read in chunks so that writers are not held up.
 */
public interface ResourceStore extends AutoCloseable {

    /** Runs {@code work} against one committed state of the store; returns what it returns. */
    <T> T read(Function<StoreReader, T> work);

    /**
     * Runs {@code work} as one atomic, serializable unit and returns its result once the unit is durable.
     * Calling it from inside a unit of work (a nested write) fails with {@link IllegalStateException}.
     */
    <T> T write(StoreWork<T> work);

    /**
     * Queues a unit of work without waiting for it. Works submitted by one thread run in submission
     * order, each atomic on its own (a failing one is undone alone), and may share a commit with each
     * other and with other callers' work; the future completes once the work is durable, or with the
     * exception the work threw. This is how one request (a Bulk) gets many changes into few commits.
     */
    <T> java.util.concurrent.CompletableFuture<T> submit(StoreWork<T> work);

    /**
     * Plans a query (store contract, rule 8); its pages are read with {@link PreparedQuery#page}. Every
     * backend answers queries its own way (MapDB walks its indexes, SQL answers a page in one statement).
     * Empty only from a store that wraps another to observe it (a test double): the engine then answers
     * through that store's reads with its index planner, as the MapDB backend does.
     */
    default java.util.Optional<PreparedQuery> prepare(StoreQuery query) {
        return java.util.Optional.empty();
    }

    /** How the store was opened ("new store", "clean", "replayed ...", "rebuilt ..."), for the start-up log. */
    default String recovery() {
        return "opened";
    }

    /** Bytes the store holds on local disk, or -1 when it cannot tell (a database elsewhere). */
    default long sizeOnDisk() {
        return -1;
    }

    /** One line on what the store's writer has done since it opened, for the shutdown log. */
    default String describeActivity() {
        return "";
    }

    /**
     * Reports the writer's batches to {@code metrics} from now on (replacing any earlier listener); a
     * backend without a writer of its own may ignore it.
     */
    default void observe(StoreMetrics metrics) {
    }

    /** Units of work queued for the writer and not yet taken into a batch, or -1 when the backend cannot tell. */
    default int queuedWrites() {
        return -1;
    }

    /**
     * Writes an online, consistent backup into {@code target} (an empty or missing directory) while the
     * store goes on serving (store contract, rule 10): it holds exactly the units of work committed up to
     * one instant during the call, each wholly, and the same backend opens {@code target} as a data
     * directory holding that state. Writers are held up no longer than a checkpoint; {@code progress}
     * receives a line now and then while a large store is written. One backup runs at a time; a second
     * call waits for the first.
     *
     * @throws java.io.UncheckedIOException when the backup cannot be written; the store serves on
     *                                      unaffected, and {@code target} is left to the caller to remove
     */
    default Backup backup(java.nio.file.Path target, java.util.function.Consumer<String> progress) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot take backups");
    }

    /** Flushes, commits and releases the store. Writes submitted afterwards fail. */
    @Override
    void close();
}
