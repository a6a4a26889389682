package io.roster.loadgen;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/** The membership and Bulk scenarios: PATCHing one big group, and importing users through /Bulk. */
final class GroupScenarios {
    /** Members per PATCH while filling the group before measuring. */
    static final int FILL_CHUNK = 10_000;
    /** Users each worker adds to and removes from the group while measured. */
    static final int SPARES_PER_WORKER = 64;

    /** Pages through /Users for up to {@code limit} ids. */
    interface IdSource {
        List<String> ids(int limit) throws RunFailure, InterruptedException;
    }

    /** Runs an operation for the configured warm-up and duration on every client. */
    interface TimedRun {
        Report run(Runner.Operation op) throws InterruptedException;
    }

    private final ScimClient client;
    private final UserFactory users;
    private final Options options;
    private final PrintStream err;

    GroupScenarios(ScimClient client, UserFactory users, Options options, PrintStream err) {
        this.client = client;
        this.users = users;
        this.options = options;
        this.err = err;
    }

    /**
     * Fills a new group with --group-size members (timing each PATCH of {@value #FILL_CHUNK}), then
     * measures PATCHes that each add one member or remove one the same worker added. Afterwards the
     * group's member count must equal what the accepted PATCHes imply, or the run fails.
     */
    Report patchMembers(long existing, IdSource source, TimedRun timed) throws RunFailure, InterruptedException {
        return patchMembers(existing, source, timed, "", groupId -> {
        });
    }

    /** Called once the group is filled, before measuring. */
    interface GroupReady {
        void filled(String groupId) throws RunFailure, InterruptedException;
    }

    /**
     * As {@link #patchMembers(long, IdSource, TimedRun)} on a group created with {@code groupAttributes}
     * (JSON members to add to the group's body, e.g. an extension; empty for none), calling {@code ready}
     * between filling and measuring.
     */
    Report patchMembers(long existing, IdSource source, TimedRun timed, String groupAttributes, GroupReady ready)
            throws RunFailure, InterruptedException {
        int size = options.groupSize();
        int spares = options.clients() * SPARES_PER_WORKER;
        List<String> ids = Runner.users(client, users, source, existing, (long) size + spares, options.clients(), err,
                " for a group of " + size + " plus " + spares + " spare members");
        String groupId = createGroup(groupAttributes);
        for (int from = 0; from < size; from += FILL_CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(size, from + FILL_CHUNK));
            long start = System.nanoTime();
            ScimClient.Response r = patch(groupId, addMembers(chunk));
            if (r.status() != 204 && r.status() != 200) {
                throw new RunFailure("filling the group failed: PATCH answered HTTP " + r.status() + ": " + r.body());
            }
            err.printf("group %s: PATCH adding %d members (to %d) took %d ms%n", groupId, chunk.size(), from,
                    (System.nanoTime() - start) / 1_000_000);
        }
        ready.filled(groupId);

        List<String> spare = ids.subList(size, ids.size());
        AtomicInteger nextWorker = new AtomicInteger();
        Map<Thread, Worker> workers = new ConcurrentHashMap<>();
        Report report = timed.run(random -> {
            Worker w = workers.computeIfAbsent(Thread.currentThread(), t -> {
                int i = nextWorker.getAndIncrement();
                return new Worker(spare.subList(i * SPARES_PER_WORKER, (i + 1) * SPARES_PER_WORKER));
            });
            int k = w.next++ % w.ids.size();
            String id = w.ids.get(k);
            boolean remove = w.in[k];
            ScimClient.Response r = client.send("PATCH", "/Groups/" + ScimClient.encode(groupId),
                    remove ? removeMember(id) : addMembers(List.of(id)), false);
            if (r.status() != 204 && r.status() != 200) {
                w.unsure[k] = true;
                return "HTTP " + r.status();
            }
            w.in[k] = !remove;
            return null;
        });

        long expected = size;
        boolean unsure = false;
        for (Worker w : workers.values()) {
            for (int k = 0; k < w.in.length; k++) {
                expected += w.in[k] ? 1 : 0;
                unsure |= w.unsure[k];
            }
        }
        long actual = memberCount(groupId);
        err.printf("group %s: %d members after the run, %d expected from the accepted PATCHes%s%n", groupId, actual, expected,
                actual == expected ? " (nothing lost)" : unsure ? " (some PATCHes failed, so the difference may be theirs)" : "");
        if (actual != expected && !unsure) {
            throw new RunFailure("the group has " + actual + " members but the accepted PATCHes imply " + expected
                    + ": the server lost or invented membership changes");
        }
        return report;
    }

    /** Per-worker state: its spare users and which of them it has put in the group. */
    private static final class Worker {
        final List<String> ids;
        final boolean[] in;
        final boolean[] unsure;
        int next;

        Worker(List<String> ids) {
            this.ids = ids;
            this.in = new boolean[ids.size()];
            this.unsure = new boolean[ids.size()];
        }
    }

    /** Creates --users N users with POST /Bulk, --batch per request, --clients requests at a time. */
    Report bulkImport() throws InterruptedException {
        int batch = options.batch();
        long total = options.users();
        long requests = (total + batch - 1) / batch;
        AtomicLong claimed = new AtomicLong();
        AtomicLong created = new AtomicLong();
        err.printf("bulk-import: %d users in Bulk requests of %d with %d clients against %s%n", total, batch,
                options.clients(), options.url());
        List<WorkerStats> stats = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < Math.min(options.clients(), requests); i++) {
            WorkerStats mine = new WorkerStats();
            stats.add(mine);
            threads.add(new Thread(() -> {
                long slot;
                while ((slot = claimed.getAndIncrement()) < requests) {
                    int n = (int) Math.min(batch, total - slot * batch);
                    long start = System.nanoTime();
                    String error;
                    try {
                        ScimClient.Response r = client.send("POST", "/Bulk", bulkBody(n), true);
                        error = r.status() != 200 ? "HTTP " + r.status() : null;
                        if (error == null) {
                            long ok = created(r.body());
                            created.addAndGet(ok);
                            error = ok == n ? null : (n - ok) + " operations failed";
                        }
                    } catch (IOException e) {
                        error = e.getClass().getSimpleName();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    mine.record(System.nanoTime() - start, error);
                    if (slot % 10 == 9) {
                        err.println(Runner.progressLine(created.get(), 0, total, System.nanoTime() - started));
                    }
                }
            }, "loadgen-bulk-" + i));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        long elapsed = System.nanoTime() - started;
        err.println(Runner.progressLine(created.get(), 0, total, elapsed));
        err.printf("bulk-import: %d users created in %.1f s: %.0f users/s%n", created.get(), elapsed / 1e9,
                created.get() / (elapsed / 1e9));
        return Report.from(Scenario.BULK_IMPORT, options.clients(), elapsed, 0, stats);
    }

    /**
     * How many operations of a BulkResponse succeeded: those whose {@code status} is 2xx, read as JSON,
     * whether the server writes it as the RFC's string ({@code "201"}) or as a number ({@code 201}).
     * An operation missing from the response did not succeed.
     */
    static long created(String bulkResponse) {
        return Json.scalarsInArray(bulkResponse, "Operations", "status").stream()
                .filter(s -> s.strip().length() == 3 && s.strip().startsWith("2")).count();
    }

    private String bulkBody(int n) {
        StringBuilder b = new StringBuilder("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:BulkRequest\"],\"Operations\":[");
        for (int i = 0; i < n; i++) {
            long number = users.nextNumber();
            if (i > 0) {
                b.append(',');
            }
            b.append("{\"method\":\"POST\",\"path\":\"/Users\",\"bulkId\":\"u").append(number).append("\",\"data\":")
                    .append(users.createBody(number)).append('}');
        }
        return b.append("]}").toString();
    }

    private String createGroup(String groupAttributes) throws RunFailure, InterruptedException {
        String name = "loadgen-group-" + users.runId() + "-" + System.nanoTime();
        try {
            ScimClient.Response r = client.send("POST", "/Groups",
                    "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":" + Json.quote(name)
                            + ",\"members\":[]" + (groupAttributes.isEmpty() ? "" : "," + groupAttributes) + "}", true);
            if (r.status() != 201) {
                throw new RunFailure("creating the group failed: HTTP " + r.status() + ": " + r.body());
            }
            return Json.stringField(r.body(), "id").orElseThrow(() -> new RunFailure("the created group has no id"));
        } catch (IOException e) {
            throw new RunFailure("creating the group failed: " + e);
        }
    }

    ScimClient.Response patch(String groupId, String body) throws InterruptedException, RunFailure {
        try {
            return client.send("PATCH", "/Groups/" + ScimClient.encode(groupId), body, true);
        } catch (IOException e) {
            throw new RunFailure("PATCH /Groups/" + groupId + " failed: " + e);
        }
    }

    private long memberCount(String groupId) throws RunFailure, InterruptedException {
        try {
            ScimClient.Response r = client.send("GET", "/Groups/" + ScimClient.encode(groupId) + "?attributes=members", null, true);
            if (r.status() != 200) {
                throw new RunFailure("reading the group back failed: HTTP " + r.status());
            }
            return Json.stringsInArray(r.body(), "members", "value").size();
        } catch (IOException e) {
            throw new RunFailure("reading the group back failed: " + e);
        }
    }

    static String addMembers(List<String> ids) {
        return "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":\"add\",\"path\":\"members\","
                + "\"value\":[" + ids.stream().map(id -> "{\"value\":" + Json.quote(id) + "}").collect(Collectors.joining(","))
                + "]}]}";
    }

    static String removeMember(String id) {
        return "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":\"remove\","
                + "\"path\":" + Json.quote("members[value eq " + Json.quote(id) + "]") + "}]}";
    }
}
