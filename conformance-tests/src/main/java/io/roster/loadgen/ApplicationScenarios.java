package io.roster.loadgen;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Applications and app access (DOMAIN.md section 4), four measurements:
 * <ol>
 *   <li><b>assignment latency</b> (timed for --duration): POST one AppRoleAssignment of a user to an
 *       application, the user's appRoleAssignments updated in the same write; a new application per
 *       round through the user pool, so every assignment is new;</li>
 *   <li><b>access read latency</b>: GET the appRoleAssignments of a user who belongs to several groups,
 *       each assigned its own application (one entry per source), 2,000 times from --clients workers;</li>
 *   <li><b>a --group-size group assigned an application</b>: how long the POST takes, and how long until
 *       every member has access ({@code appRoleAssignments[application eq]} counts them) and the
 *       assignment says processingState Complete;</li>
 *   <li><b>who has access</b>: a cursor walk, 1,000 per page, over those users, each seen once.</li>
 * </ol>
 */
final class ApplicationScenarios {
    static final String APP = "urn:roster:params:scim:schemas:core:2.0:Application";
    static final String ASSIGNMENT = "urn:roster:params:scim:schemas:core:2.0:AppRoleAssignment";
    static final String ACCESS = "urn:ietf:params:scim:schemas:extension:roster:2.0:User:appRoleAssignments";
    /** Users the assignment phase cycles through; a new application per round. */
    static final int POOL = 2_000;
    /** Groups (each assigned an application) the reader of the second phase belongs to. */
    static final int READER_GROUPS = 5;
    static final int READS = 2_000;

    private final ScimClient client;
    private final Options options;
    private final PrintStream err;

    ApplicationScenarios(ScimClient client, Options options, PrintStream err) {
        this.client = client;
        this.options = options;
        this.err = err;
    }

    Report run(long existing, UserFactory users, GroupScenarios.IdSource source, GroupScenarios.TimedRun timed)
            throws RunFailure, InterruptedException {
        List<String> ids = Runner.users(client, users, source, existing, Math.max(POOL, options.groupSize()), options.clients(), err, "");
        Report report = assignPhase(ids.subList(0, POOL), timed);
        readPhase(reader());
        String app = largeGroupPhase(ids.subList(0, options.groupSize()));
        walkPhase(app, options.groupSize());
        return report;
    }

    // ------------------------------------------------------------------ phases

    private Report assignPhase(List<String> pool, GroupScenarios.TimedRun timed) throws RunFailure, InterruptedException {
        List<String> apps = new ArrayList<>();
        apps.add(application());
        AtomicInteger next = new AtomicInteger();
        err.println("applications assign: POST one AppRoleAssignment of a user (its access updated in the same write)");
        return timed.run(random -> {
            int k = next.getAndIncrement();
            String app = appFor(apps, k / pool.size());
            ScimClient.Response r = client.send("POST", "/AppRoleAssignments", assignment(pool.get(k % pool.size()), app), false);
            return r.status() == 201 ? null : "POST HTTP " + r.status();
        });
    }

    private String appFor(List<String> apps, int round) throws IOException, InterruptedException {
        synchronized (apps) {
            while (apps.size() <= round) {
                try {
                    apps.add(application());
                } catch (RunFailure e) {
                    throw new IOException(e.getMessage());
                }
            }
            return apps.get(round);
        }
    }

    private void readPhase(String reader) throws RunFailure, InterruptedException {
        for (int i = 0; i < READER_GROUPS; i++) {
            String group = group();
            patch(group, GroupScenarios.addMembers(List.of(reader)));
            expect(send("POST", "/AppRoleAssignments", assignment(group, application())), 201, "assigning a group");
        }
        String path = "/Users/" + ScimClient.encode(reader) + "?attributes=" + ScimClient.encode(ACCESS);
        String first = send("GET", path, null).body();
        int entries = count(first, "\"assignedByGroup\"");
        if (entries != READER_GROUPS) {
            throw new RunFailure("the reader should have " + READER_GROUPS + " entries, has " + entries + ": " + first);
        }
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        List<LatencyRecorder> recorders = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < options.clients(); i++) {
            LatencyRecorder rec = new LatencyRecorder();
            recorders.add(rec);
            threads.add(new Thread(() -> {
                while (next.getAndIncrement() < READS) {
                    long t = System.nanoTime();
                    try {
                        ScimClient.Response r = client.send("GET", path, null, true);
                        if (r.status() != 200 || count(r.body(), "\"assignedByGroup\"") != READER_GROUPS) {
                            failed.incrementAndGet();
                        }
                    } catch (IOException e) {
                        failed.incrementAndGet();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    rec.add(System.nanoTime() - t);
                }
            }, "loadgen-access-read-" + i));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        LatencySummary s = LatencySummary.ofSorted(LatencyRecorder.mergeSorted(recorders));
        err.printf("applications access read: %d GETs of a user in %d assigned groups from %d clients in %.2f s (%d failed): "
                        + "p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms%n", s.count(), READER_GROUPS, options.clients(),
                (System.nanoTime() - start) / 1e9, failed.get(), s.p50() / 1e6, s.p90() / 1e6, s.p99() / 1e6, s.max() / 1e6);
    }

    private String largeGroupPhase(List<String> members) throws RunFailure, InterruptedException {
        String group = group();
        long fillStart = System.nanoTime();
        for (int from = 0; from < members.size(); from += GroupScenarios.FILL_CHUNK) {
            patch(group, GroupScenarios.addMembers(members.subList(from, Math.min(members.size(), from + GroupScenarios.FILL_CHUNK))));
        }
        err.printf("applications large group: group %s filled with %d members in %.2f s (not measured)%n", group, members.size(),
                (System.nanoTime() - fillStart) / 1e9);
        String app = application();
        long start = System.nanoTime();
        ScimClient.Response r = send("POST", "/AppRoleAssignments", assignment(group, app));
        expect(r, 201, "assigning the large group");
        long answered = System.nanoTime() - start;
        String assignment = Json.stringField(r.body(), "id").orElseThrow(() -> new RunFailure("the assignment has no id"));
        String state = LicensingScenarios.nested(r.body(), "processingState", "\"([A-Za-z]+)\"");
        String filter = "/Users?count=0&filter=" + ScimClient.encode(ACCESS + "[application eq " + Json.quote(app) + "]");
        long withAccess = total(filter);
        int polls = 0;
        while (!"Complete".equals(state) || withAccess != members.size()) {
            Thread.sleep(100);
            state = LicensingScenarios.nested(send("GET", "/AppRoleAssignments/" + ScimClient.encode(assignment), null).body(),
                    "processingState", "\"([A-Za-z]+)\"");
            long now = total(filter);
            if (now < withAccess) {
                throw new RunFailure("users with access went down while processing: " + withAccess + " then " + now);
            }
            withAccess = now;
            polls++;
        }
        err.printf("applications large group: assigning an application to a group of %d members: POST answered in %d ms, "
                        + "everyone has access and processingState Complete after %.2f s (%d polls)%n", members.size(),
                answered / 1_000_000, (System.nanoTime() - start) / 1e9, polls);
        return app;
    }

    private void walkPhase(String app, int expected) throws RunFailure, InterruptedException {
        String base = "/Users?count=1000&attributes=id&filter=" + ScimClient.encode(ACCESS + "[application eq " + Json.quote(app) + "]");
        Set<String> seen = new HashSet<>();
        LatencyRecorder rec = new LatencyRecorder();
        String cursor = "";
        long start = System.nanoTime();
        while (cursor != null) {
            long t = System.nanoTime();
            ScimClient.Response r = send("GET", base + "&cursor=" + ScimClient.encode(cursor), null);
            rec.add(System.nanoTime() - t);
            expect(r, 200, "walking who has access");
            for (String id : Json.stringsInArray(r.body(), "Resources", "id")) {
                if (!seen.add(id)) {
                    throw new RunFailure("the walk returned " + id + " twice");
                }
            }
            cursor = Json.stringField(r.body(), "nextCursor").orElse(null);
        }
        LatencySummary s = LatencySummary.ofSorted(LatencyRecorder.mergeSorted(List.of(rec)));
        err.printf("applications who-has-access walk: %d users in %d pages of 1000 in %.2f s: page p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                seen.size(), s.count(), (System.nanoTime() - start) / 1e9, s.p50() / 1e6, s.p99() / 1e6, s.max() / 1e6);
        if (seen.size() != expected) {
            throw new RunFailure("the walk found " + seen.size() + " users with access, expected " + expected);
        }
    }

    // ------------------------------------------------------------------ requests

    private String application() throws RunFailure, InterruptedException {
        ScimClient.Response r = send("POST", "/Applications", "{\"schemas\":[\"" + APP + "\"],\"displayName\":"
                + Json.quote("loadgen-app-" + UUID.randomUUID()) + "}");
        expect(r, 201, "creating an Application (is the applications plugin installed?)");
        return Json.stringField(r.body(), "id").orElseThrow(() -> new RunFailure("the created application has no id"));
    }

    /** A new user of its own for the read phase, so that a rerun finds it in exactly its groups. */
    private String reader() throws RunFailure, InterruptedException {
        ScimClient.Response r = send("POST", "/Users", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":"
                + Json.quote("loadgen-reader-" + UUID.randomUUID() + "@example.com") + "}");
        expect(r, 201, "creating the reader");
        return Json.stringField(r.body(), "id").orElseThrow(() -> new RunFailure("the created user has no id"));
    }

    static String assignment(String principal, String app) {
        return "{\"schemas\":[\"" + ASSIGNMENT + "\"],\"principal\":{\"value\":" + Json.quote(principal) + "},\"application\":{\"value\":"
                + Json.quote(app) + "}}";
    }

    private String group() throws RunFailure, InterruptedException {
        ScimClient.Response r = send("POST", "/Groups", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":"
                + Json.quote("loadgen-apps-" + UUID.randomUUID()) + "}");
        expect(r, 201, "creating a group");
        return Json.stringField(r.body(), "id").orElseThrow(() -> new RunFailure("the created group has no id"));
    }

    private void patch(String group, String body) throws RunFailure, InterruptedException {
        ScimClient.Response r = send("PATCH", "/Groups/" + ScimClient.encode(group), body);
        if (r.status() != 200 && r.status() != 204) {
            throw new RunFailure("PATCH of group " + group + " failed: HTTP " + r.status() + ": " + r.body());
        }
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
            n++;
        }
        return n;
    }

    private static void expect(ScimClient.Response r, int status, String what) throws RunFailure {
        if (r.status() != status) {
            throw new RunFailure(what + " failed: HTTP " + r.status() + ": " + r.body());
        }
    }

    private long total(String pathAndQuery) throws RunFailure, InterruptedException {
        ScimClient.Response r = send("GET", pathAndQuery, null);
        return Json.longField(r.body(), "totalResults").orElseThrow(() -> new RunFailure("no totalResults: " + r.body()));
    }

    private ScimClient.Response send(String method, String pathAndQuery, String body) throws RunFailure, InterruptedException {
        try {
            return client.send(method, pathAndQuery, body, true);
        } catch (IOException e) {
            throw new RunFailure(method + " " + pathAndQuery + " failed: " + e);
        }
    }
}
