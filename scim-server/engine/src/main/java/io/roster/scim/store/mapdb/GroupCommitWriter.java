package io.roster.scim.store.mapdb;

import io.roster.scim.error.ScimException;
import io.roster.scim.store.StoreMetrics;
import io.roster.scim.store.StoreWork;
import io.roster.scim.store.StoreWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Owns the group-commit writer: the queue of units of work, the one thread that runs them, and the
 * journal force that makes each batch durable (store contract, rules 1 to 3).
 *
 * <p>The thread takes every waiting unit (up to {@code maxBatch}), runs each under an undo log (a
 * {@link TableWriter}: a unit that fails leaves nothing, without disturbing its batch-mates) while
 * recording the redo operations it performed, appends the batch's redo record to the {@link Journal}
 * and forces it to disk, and only then answers the callers. One journal force (well under a millisecond
 * here) serves every unit in the batch. Units run one at a time, in queue order, so they are
 * serializable by construction, and each runs exactly once.
 *
 * <p><b>Isolation.</b> The writer holds the write lock from applying a batch until its journal record is
 * on disk, so a reader (who takes the read lock) never sees a change before it is durable, nor half of
 * one. Between batches, and when idle, it runs the checkpoints that are due.
 */
final class GroupCommitWriter {
    private static final Logger LOG = Logger.getLogger(GroupCommitWriter.class.getName());

    private final Tables tables;
    private final Journal journal;
    private final Checkpoints checkpoints;
    private final ReentrantReadWriteLock lock;
    private final MapDbStore.Options options;
    private final BlockingQueue<Job<?>> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closing;
    private volatile Throwable failure;
    private volatile StoreMetrics metrics = StoreMetrics.NONE;
    final LongAdder batches = new LongAdder();
    final LongAdder jobs = new LongAdder();
    final LongAdder applyNanos = new LongAdder();
    final LongAdder journalNanos = new LongAdder();

    GroupCommitWriter(Tables tables, Journal journal, Checkpoints checkpoints, ReentrantReadWriteLock lock,
                      MapDbStore.Options options) {
        this.tables = tables;
        this.journal = journal;
        this.checkpoints = checkpoints;
        this.lock = lock;
        this.options = options;
        this.thread = new Thread(this::run, "roster-store-writer");
        this.thread.setDaemon(false);
    }

    void start() {
        thread.start();
    }

    void observe(StoreMetrics listener) {
        metrics = listener == null ? StoreMetrics.NONE : listener;
    }

    /** Units of work waiting to be taken into a batch. */
    int queued() {
        return queue.size();
    }

    /** The error that stopped the store (a journal or checkpoint failure), or null. */
    Throwable failure() {
        return failure;
    }

    /**
     * Queues a unit of work; see {@link io.roster.scim.store.ResourceStore#submit}. {@code usable} runs
     * last before queueing and throws when the store cannot take work.
     */
    <T> CompletableFuture<T> submit(StoreWork<T> work, Runnable usable) {
        if (Thread.currentThread() == thread) {
            throw new IllegalStateException("nested write: use the StoreWriter passed to the work");
        }
        if (closing) {
            throw ScimException.unavailable("The server is shutting down; retry against the restarted server.");
        }
        usable.run();
        Job<T> job = new Job<>(work);
        queue.add(job);
        return job.future;
    }

    /** Refuses new work, lets the work queued before this call run, and waits for the thread to end. */
    void stop() {
        closing = true;
        queue.add(Job.poison());
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        List<Job<?>> batch = new ArrayList<>();
        boolean stop = false;
        while (!stop) {
            Job<?> first;
            try {
                first = queue.poll(options.checkpointMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                continue; // only stop() ends the writer, through the poison job
            }
            if (first == null) {
                checkpointIfDue(true);
                continue;
            }
            batch.add(first);
            queue.drainTo(batch, options.maxBatch() - 1);
            int poison = -1;
            for (int i = 0; i < batch.size(); i++) {
                if (batch.get(i).isPoison()) {
                    poison = i;
                    break;
                }
            }
            if (poison >= 0) {
                // Work queued before the close request still runs; anything after it is refused.
                List<Job<?>> rest = new ArrayList<>(batch.subList(poison + 1, batch.size()));
                batch = new ArrayList<>(batch.subList(0, poison));
                queue.drainTo(rest);
                rest.stream().filter(j -> !j.isPoison()).forEach(j -> j.future.completeExceptionally(
                        ScimException.unavailable("The server is shutting down; retry against the restarted server.")));
                stop = true;
            }
            if (!batch.isEmpty()) {
                process(batch);
            }
            batch.clear();
            checkpointIfDue(false);
        }
    }

    private void process(List<Job<?>> batch) {
        if (failure != null) {
            batch.forEach(j -> j.future.completeExceptionally(ScimException.unavailable(
                    "The store stopped after a disk error; restart the server.")));
            return;
        }
        long started = System.nanoTime();
        long applied;
        List<RedoOp> ops = new ArrayList<>();
        Throwable fatal = null;
        lock.writeLock().lock();
        try {
            for (Job<?> job : batch) {
                TableWriter access = new TableWriter(tables);
                try {
                    job.apply(access);
                    ops.addAll(access.redo());
                } catch (Throwable t) {
                    job.failure = t;
                    try {
                        access.undoAll();
                    } catch (Throwable undoFailure) {
                        fatal = undoFailure;
                        break;
                    }
                }
            }
            applied = System.nanoTime();
            if (fatal == null && !ops.isEmpty()) {
                try {
                    long seq = checkpoints.nextSeq();
                    journal.append(seq, RedoOp.encode(ops));
                    checkpoints.appended(seq, ops.size());
                } catch (Throwable t) {
                    fatal = t;
                }
            }
            if (fatal != null) {
                // Applied to MapDB's open transaction but not durable: stop taking writes. A restart
                // rebuilds the state from the last checkpoint and the journal, which holds exactly the
                // acknowledged writes.
                failure = fatal;
                LOG.log(Level.SEVERE, "the store could not write its journal; refusing further requests until restart", fatal);
            }
        } finally {
            lock.writeLock().unlock();
        }
        long committed = System.nanoTime();
        batches.increment();
        jobs.add(batch.size());
        applyNanos.add(applied - started);
        journalNanos.add(committed - applied);
        try {
            metrics.batchCommitted(batch.size(), applied - started, committed - applied);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "store metrics listener failed", e); // monitoring never stops the writer
        }
        for (Job<?> job : batch) {
            if (fatal != null) {
                job.future.completeExceptionally(ScimException.unavailable(
                        "The change could not be saved (" + fatal.getClass().getSimpleName()
                                + "); nothing was changed. Check the server's disk and log, then restart it."));
            } else {
                job.complete();
            }
        }
    }

    private void checkpointIfDue(boolean idle) {
        if (failure != null || !checkpoints.due(idle)) {
            return;
        }
        lock.writeLock().lock();
        try {
            checkpoints.checkpoint();
        } catch (RuntimeException e) {
            failure = e;
            LOG.log(Level.SEVERE, "checkpoint failed; refusing further requests until restart", e);
        } finally {
            lock.writeLock().unlock();
        }
        checkpoints.maybeSnapshot(closing || failure != null);
    }

    /** One unit of work and the future its caller waits on. */
    private static final class Job<T> {
        final StoreWork<T> work;
        final CompletableFuture<T> future = new CompletableFuture<>();
        T result;
        Throwable failure;

        Job(StoreWork<T> work) {
            this.work = work;
        }

        static Job<Void> poison() {
            return new Job<>(null);
        }

        boolean isPoison() {
            return work == null;
        }

        void apply(StoreWriter writer) {
            result = work.apply(writer);
        }

        void complete() {
            if (failure != null) {
                future.completeExceptionally(failure);
            } else {
                future.complete(result);
            }
        }
    }
}
