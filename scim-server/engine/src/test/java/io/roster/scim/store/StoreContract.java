package io.roster.scim.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What every part of the store contract suite works with: the backend under test, open on a fresh
 * directory for each test ({@link StoreContractTest} provides it), and a few helpers. Each part of the
 * suite is an interface of default test methods, so one subclass per backend runs all of them.
 */
public interface StoreContract {

    /** The backend's provider name. */
    String provider();

    /** Backend options (a connection URL, for instance). */
    Map<String, String> options();

    /** The store under test, open. */
    ResourceStore store();

    /** The test's data directory. */
    Path dir();

    /** Closes the store cleanly and opens it again on the same data. */
    void reopen();

    default void write(Consumer<StoreWriter> work) {
        store().write(w -> {
            work.accept(w);
            return null;
        });
    }

    /** Runs {@code body(t)} on {@code threads} threads started together; returns their results in thread order. */
    static List<Object> runConcurrently(int threads, ThrowingFunction body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Object>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int n = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    return body.apply(n);
                }));
            }
            start.countDown();
            List<Object> out = new ArrayList<>();
            for (Future<Object> f : futures) {
                out.add(f.get(60, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    @FunctionalInterface
    interface ThrowingFunction {
        Object apply(int thread) throws Exception;
    }
}
