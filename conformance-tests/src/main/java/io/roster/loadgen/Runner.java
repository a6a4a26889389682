package io.roster.loadgen;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Drives worker threads: time-boxed runs for the scenarios, count-bounded runs for seeding. */
final class Runner {

    private Runner() {
    }

    /** One request. Returns null on success, otherwise a key saying what failed ("HTTP 404"). */
    @FunctionalInterface
    interface Operation {
        String call(ThreadLocalRandom random) throws IOException, InterruptedException;
    }

    /** How long seeding took, and what each worker saw. */
    record SeedResult(long elapsedNanos, List<WorkerStats> workers) {
    }

    /**
     * Runs {@code op} in a loop on {@code clients} threads until {@code endNanos} (a
     * {@link System#nanoTime()} value). Requests started before {@code measureFromNanos} are the
     * warm-up (JIT, connection set-up, server caches) and are not recorded. A request is attributed
     * by its start time and always gets its full latency, even if it ends after {@code endNanos}: cutting
     * it off would hide exactly the slow requests a load test is for.
     */
    static List<WorkerStats> runTimed(int clients, long measureFromNanos, long endNanos, Operation op)
            throws InterruptedException {
        List<WorkerStats> stats = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            WorkerStats mine = new WorkerStats();
            stats.add(mine);
            threads.add(new Thread(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                try {
                    long start;
                    // nanoTime values may be anywhere (even negative): compare by difference
                    while (endNanos - (start = System.nanoTime()) > 0) {
                        String error = callOnce(op, random);
                        long latency = System.nanoTime() - start;
                        if (start - measureFromNanos >= 0) {
                            mine.record(latency, error);
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "loadgen-" + i));
        }
        startAndJoin(threads);
        return stats;
    }

    /**
     * The ids of {@code needed} users on the server, creating (unmeasured) as many as it lacks first;
     * {@code forWhat} ends the progress line ("" or ", for a group of N plus M spare members").
     */
    static List<String> users(ScimClient client, UserFactory users, GroupScenarios.IdSource source, long existing, long needed,
                              int clients, PrintStream progress, String forWhat) throws RunFailure, InterruptedException {
        if (needed > Integer.MAX_VALUE) {
            throw new RunFailure("asked for " + needed + " users, more than one run can hold");
        }
        if (existing < needed) {
            progress.printf("server has %d users, creating %d more%s (not measured)%n", existing, needed - existing, forWhat);
            seed(client, users, needed - existing, clients, progress);
        }
        List<String> ids = source.ids((int) needed);
        if (ids.size() < needed) {
            throw new RunFailure("found only " + ids.size() + " users, need " + needed);
        }
        return ids;
    }

    /**
     * Creates {@code count} users with {@code clients} workers, each taking the next slot until all
     * are taken. A failed create is counted, not retried: retrying against a struggling server
     * would hide the failure rate the report is meant to show. Prints progress to {@code progress}
     * every 2 seconds.
     */
    static SeedResult seed(ScimClient client, UserFactory users, long count, int clients, PrintStream progress)
            throws InterruptedException {
        AtomicLong claimed = new AtomicLong();
        // only for progress (readable while workers run); the report uses the WorkerStats
        LongAdder created = new LongAdder();
        LongAdder failed = new LongAdder();
        Operation create = random -> {
            ScimClient.Response r = client.createUser(users.createBody(users.nextNumber()), false);
            return r.status() == 201 ? null : "HTTP " + r.status();
        };

        List<WorkerStats> stats = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < Math.min(clients, count); i++) {
            WorkerStats mine = new WorkerStats();
            stats.add(mine);
            threads.add(new Thread(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                try {
                    while (claimed.getAndIncrement() < count) {
                        long start = System.nanoTime();
                        String error = callOnce(create, random);
                        mine.record(System.nanoTime() - start, error);
                        (error == null ? created : failed).increment();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "loadgen-seed-" + i));
        }

        long started = System.nanoTime();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "loadgen-progress");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(
                () -> progress.println(progressLine(created.sum(), failed.sum(), count, System.nanoTime() - started)),
                2, 2, TimeUnit.SECONDS);
        try {
            startAndJoin(threads);
        } finally {
            ticker.shutdownNow();
        }
        long elapsed = System.nanoTime() - started;
        progress.println(progressLine(created.sum(), failed.sum(), count, elapsed));
        return new SeedResult(elapsed, stats);
    }

    /**
     * "seeded 12000/100000 users, 1480/s, eta 59s", plus ", 3 failed" when creates failed. The rate
     * is the average since the start (steadier ETA than the last interval); the ETA counts failed
     * attempts as finished work since they are not retried.
     */
    static String progressLine(long created, long failed, long total, long elapsedNanos) {
        double seconds = elapsedNanos / 1e9;
        double rate = seconds > 0 ? created / seconds : 0;
        double attemptRate = seconds > 0 ? (created + failed) / seconds : 0;
        long remaining = total - created - failed;
        String eta;
        if (remaining <= 0) {
            eta = "done";
        } else if (attemptRate <= 0) {
            eta = "eta unknown";
        } else {
            eta = "eta " + formatSeconds(Math.round(remaining / attemptRate));
        }
        String failures = failed > 0 ? ", " + failed + " failed" : "";
        return String.format(Locale.ROOT, "seeded %d/%d users, %.0f/s, %s%s", created, total, rate, eta, failures);
    }

    /** 59 -> "59s", 192 -> "3m12s", 7384 -> "2h3m". */
    static String formatSeconds(long s) {
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m" + (s % 60) + "s";
        }
        return (s / 3600) + "h" + (s % 3600 / 60) + "m";
    }

    /** Runs the operation, turning transport failures into an error key named after the exception. */
    private static String callOnce(Operation op, ThreadLocalRandom random) throws InterruptedException {
        try {
            return op.call(random);
        } catch (IOException | RuntimeException e) {
            // RuntimeException too: an IllegalArgumentException from a weird id must not kill a worker
            return e.getClass().getSimpleName();
        }
    }

    private static void startAndJoin(List<Thread> threads) throws InterruptedException {
        for (Thread t : threads) {
            t.start();
        }
        try {
            for (Thread t : threads) {
                t.join();
            }
        } catch (InterruptedException e) {
            threads.forEach(Thread::interrupt);
            throw e;
        }
    }
}
