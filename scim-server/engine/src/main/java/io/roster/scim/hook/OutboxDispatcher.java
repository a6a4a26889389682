package io.roster.scim.hook;

import io.roster.scim.spi.AfterCommitHook;
import io.roster.scim.spi.Change;
import io.roster.scim.store.ResourceStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Delivers outbox entries to their after-commit hooks on one background thread, oldest first per
 * queue, and acknowledges them (removes them from the store) only after the hook returned: at least
 * once. A hook that throws is retried with exponential backoff (up to five minutes) and its later
 * entries wait; other queues go on.
 */
public final class OutboxDispatcher implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(OutboxDispatcher.class.getName());
    private static final int BATCH = 100;
    private static final long MAX_BACKOFF_MILLIS = TimeUnit.MINUTES.toMillis(5);
    /** Writes signal the thread; this only bounds the wait should a signal ever be missed. */
    private static final long IDLE_MILLIS = TimeUnit.SECONDS.toMillis(30);

    private final ResourceStore store;
    private final Map<String, AfterCommitHook> hooks;
    private final long firstRetryMillis;
    private final Consumer<OutboxDispatcher> onStop;
    private final Map<String, Integer> failures = new HashMap<>();
    private final Map<String, Long> retryAt = new HashMap<>();
    private final Semaphore wake = new Semaphore(0);
    private final Thread thread;
    private volatile boolean closed;

    OutboxDispatcher(ResourceStore store, Map<String, AfterCommitHook> hooks, Duration firstRetry,
                     Consumer<OutboxDispatcher> onStop) {
        this.store = store;
        this.hooks = hooks;
        this.firstRetryMillis = Math.max(1, firstRetry.toMillis());
        this.onStop = onStop;
        this.thread = new Thread(this::loop, "roster-outbox");
        this.thread.setDaemon(true);
    }

    void start() {
        long waiting = 0;
        for (String queue : hooks.keySet()) {
            waiting += store.read(r -> Outbox.size(r, queue));
        }
        if (waiting > 0) {
            LOG.info(waiting + " after-commit deliveries left by the previous run will be made now");
        }
        thread.start();
    }

    /** After-commit deliveries waiting, over every queue (two counters per queue: cheap enough to poll). */
    public long pending() {
        return store.read(r -> {
            long waiting = 0;
            for (String queue : hooks.keySet()) {
                waiting += Outbox.size(r, queue);
            }
            return waiting;
        });
    }

    void wake() {
        if (wake.availablePermits() == 0) {
            wake.release();
        }
    }

    private void loop() {
        while (!closed) {
            long waitMillis = IDLE_MILLIS;
            boolean progress = false;
            for (Map.Entry<String, AfterCommitHook> e : hooks.entrySet()) {
                if (closed) {
                    break;
                }
                long due = retryAt.getOrDefault(e.getKey(), 0L) - System.currentTimeMillis();
                if (due > 0) {
                    waitMillis = Math.min(waitMillis, due);
                    continue;
                }
                try {
                    progress |= deliver(e.getKey(), e.getValue());
                } catch (RuntimeException ex) { // the store failed (or is closing): try again later
                    if (!closed) {
                        LOG.log(Level.WARNING, "reading or acknowledging the outbox of " + e.getKey() + " failed", ex);
                        backOff(e.getKey());
                    }
                }
                Long next = retryAt.get(e.getKey());
                if (next != null) {
                    waitMillis = Math.min(waitMillis, Math.max(1, next - System.currentTimeMillis()));
                }
            }
            if (!progress && !closed) {
                try {
                    wake.tryAcquire(waitMillis, TimeUnit.MILLISECONDS);
                    wake.drainPermits();
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Delivers one batch of a queue; true when something was delivered. */
    private boolean deliver(String queue, AfterCommitHook hook) {
        List<Outbox.Entry> entries = store.read(r -> Outbox.pending(r, queue, BATCH));
        List<Long> done = new ArrayList<>();
        for (Outbox.Entry entry : entries) {
            if (closed) {
                break;
            }
            try {
                hook.afterCommit(entry.change());
                done.add(entry.seq());
            } catch (Exception ex) {
                int attempt = backOff(queue);
                LOG.log(Level.WARNING, "after-commit hook " + queue + " failed on " + entry.change().kind() + " of "
                        + entry.change().resourceType() + " " + entry.change().id() + " (attempt " + attempt
                        + "); retrying in " + (retryAt.get(queue) - System.currentTimeMillis()) + " ms", ex);
                break;
            }
        }
        if (!done.isEmpty()) {
            store.write(w -> {
                Outbox.acknowledge(w, queue, done);
                return null;
            });
        }
        if (done.size() == entries.size()) {
            failures.remove(queue);
            retryAt.remove(queue);
        }
        return !done.isEmpty();
    }

    private int backOff(String queue) {
        int attempt = failures.merge(queue, 1, Integer::sum);
        long delay = Math.min(MAX_BACKOFF_MILLIS, firstRetryMillis << Math.min(20, attempt - 1));
        retryAt.put(queue, System.currentTimeMillis() + delay);
        return attempt;
    }

    /** Stops delivering (after the delivery under way, if any); what is left is delivered after the next start. */
    @Override
    public void close() {
        closed = true;
        wake.release();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warning("an after-commit hook is still running after 30 s; its entry will be delivered again after restart");
        }
        onStop.accept(this);
    }
}
