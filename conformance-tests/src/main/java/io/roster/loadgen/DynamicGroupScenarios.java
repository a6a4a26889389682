package io.roster.loadgen;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Dynamic groups (DOMAIN.md section 3) under load: with --group-size dynamic groups (e.g. 1000) over
 * the existing users (e.g. 100,000 from bulk-import or seed), measures
 * <ol>
 *   <li>PATCHes of a user's department, an attribute every rule reads (each evaluates every rule and
 *       moves the user in or out of the big group below);</li>
 *   <li>PATCHes of a user's title, an attribute no rule reads (evaluates none);</li>
 *   <li>one rule change of a group matching half the departments (about half the users) to the other
 *       half, which moves every member out and as many in. The server stages it (more than 1,000
 *       moves): the PATCH, the time until the group's membershipProcessingState is ProcessingComplete,
 *       and, all that time, the latency of --clients other clients PATCHing users' title (what every
 *       other client's write waits for while the move runs).</li>
 * </ol>
 * Each timed phase runs for --warmup + --duration. Afterwards the big group's member count must equal
 * what GET /Users with its rule as filter counts, or the run fails.
 */
final class DynamicGroupScenarios {
    static final String ENT = UserFactory.ENTERPRISE_SCHEMA;
    static final String GROUP_EXT = "urn:ietf:params:scim:schemas:extension:roster:2.0:Group";
    static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    /** Ids of users the updates pick from. */
    static final int SAMPLE = 10_000;
    private static final Pattern PROCESSING = Pattern.compile("\"membershipProcessingState\"\\s*:\\s*\"(\\w+)\"");

    private final ScimClient client;
    private final UserFactory users;
    private final Options options;
    private final PrintStream err;

    DynamicGroupScenarios(ScimClient client, UserFactory users, Options options, PrintStream err) {
        this.client = client;
        this.users = users;
        this.options = options;
        this.err = err;
    }

    Report run(long existing, GroupScenarios.IdSource source, GroupScenarios.TimedRun timed)
            throws RunFailure, InterruptedException {
        if (existing < options.users()) {
            err.printf("server has %d users, creating %d more (not measured); bulk-import is faster for 100,000%n",
                    existing, options.users() - existing);
            Runner.seed(client, users, options.users() - existing, options.clients(), err);
        }
        List<String> ids = source.ids(SAMPLE);
        if (ids.isEmpty()) {
            throw new RunFailure("no users to update: run bulk-import --users 100000 first");
        }
        List<String> depts = UserFactory.DEPARTMENTS;
        List<String> first = depts.subList(0, depts.size() / 2);
        List<String> second = depts.subList(depts.size() / 2, depts.size());

        // 1. the dynamic groups: each reads userName (answered from its index) and department
        int groups = options.groupSize();
        long started = System.nanoTime();
        for (int i = 0; i < groups; i++) {
            String rule = "userName sw " + Json.quote("dg-" + users.runId() + "-" + i + "-") + " and " + ENT + ":department eq "
                    + Json.quote(depts.get(i % depts.size()));
            createGroup("loadgen-dynamic-" + users.runId() + "-" + i, rule);
        }
        err.printf("created %d dynamic groups in %d ms (not measured)%n", groups, (System.nanoTime() - started) / 1_000_000);

        // 2. the big group: half the departments
        String bigRule = anyDepartment(first);
        started = System.nanoTime();
        String big = createGroup("loadgen-dynamic-big-" + users.runId(), bigRule);
        long ms = (System.nanoTime() - started) / 1_000_000;
        awaitComplete(big);
        long completeMs = (System.nanoTime() - started) / 1_000_000;
        long members = memberCount(big);
        err.printf("big group %s: created with a rule matching %d users: POST %d ms, ProcessingComplete after %d ms%n",
                big, members, ms, completeMs);
        check(big, bigRule);

        // 3. a user update that changes an attribute every rule reads
        err.printf("phase 1: PATCH department (read by %d rules)%n", groups + 1);
        Report relevant = timed.run(random -> patchUser(ids.get(random.nextInt(ids.size())), ENT + ":department",
                depts.get(random.nextInt(depts.size()))));
        err.print(relevant.toText());

        // 4. a user update that changes an attribute no rule reads
        err.println("phase 2: PATCH title (read by no rule)");
        Report irrelevant = timed.run(random -> patchUser(ids.get(random.nextInt(ids.size())), "title",
                "Title " + random.nextInt(1000)));
        err.print(irrelevant.toText());

        // 5. one rule change that moves every member out and the other half of the users in, while
        //    --clients other clients PATCH users' title until the move is complete
        long before = memberCount(big);
        String newRule = anyDepartment(second);
        AtomicBoolean moving = new AtomicBoolean(true);
        List<LatencyRecorder> recorders = new ArrayList<>();
        AtomicLong failures = new AtomicLong();
        List<Thread> others = new ArrayList<>();
        for (int i = 0; i < options.clients(); i++) {
            LatencyRecorder rec = new LatencyRecorder();
            recorders.add(rec);
            Thread t = new Thread(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (moving.get()) {
                    long t0 = System.nanoTime();
                    try {
                        if (patchUser(ids.get(random.nextInt(ids.size())), "title", "Title " + random.nextInt(1000)) != null) {
                            failures.incrementAndGet();
                        }
                    } catch (IOException e) {
                        failures.incrementAndGet();
                    } catch (InterruptedException e) {
                        return;
                    }
                    rec.add(System.nanoTime() - t0);
                }
            }, "other-client-" + i);
            others.add(t);
            t.start();
        }
        started = System.nanoTime();
        ScimClient.Response r = send("PATCH", "/Groups/" + ScimClient.encode(big), "{\"schemas\":[\"" + PATCH_OP
                + "\"],\"Operations\":[{\"op\":\"replace\",\"path\":\"" + GROUP_EXT + ":membershipRule\",\"value\":"
                + Json.quote(newRule) + "}]}");
        ms = (System.nanoTime() - started) / 1_000_000;
        if (r.status() != 200 && r.status() != 204) {
            moving.set(false);
            throw new RunFailure("the rule change failed: HTTP " + r.status() + ": " + r.body());
        }
        String answeredState = processingState(big); // a PATCH answers 204: read it back at once
        try {
            awaitComplete(big);
        } finally {
            moving.set(false);
            for (Thread t : others) {
                t.join();
            }
        }
        completeMs = (System.nanoTime() - started) / 1_000_000;
        long after = memberCount(big);
        err.printf("rule change: %d members out, %d in (%d moves): PATCH answered in %d ms (read back: %s), ProcessingComplete after %d ms%n",
                before, after, before + after, ms, answeredState, completeMs);
        LatencySummary during = LatencySummary.ofSorted(LatencyRecorder.mergeSorted(recorders));
        err.printf("meanwhile %d other clients PATCHed users' title: %d requests (%d failed), %.1f/s, p50 %.1f ms, p90 %.1f ms, "
                        + "p99 %.1f ms, max %.1f ms%n", options.clients(), during.count(), failures.get(),
                during.count() * 1000.0 / Math.max(1, completeMs), during.p50() / 1e6, during.p90() / 1e6, during.p99() / 1e6,
                during.max() / 1e6);
        check(big, newRule);
        return irrelevant;
    }

    /** Polls the group's readOnly membershipProcessingState (every 100 ms) until ProcessingComplete. */
    private void awaitComplete(String groupId) throws RunFailure, InterruptedException {
        long deadline = System.nanoTime() + 30 * 60 * 1_000_000_000L;
        while (!"ProcessingComplete".equals(processingState(groupId))) {
            if (System.nanoTime() > deadline) {
                throw new RunFailure("group " + groupId + " is not ProcessingComplete after 30 minutes");
            }
            Thread.sleep(100);
        }
    }

    private String processingState(String groupId) throws RunFailure, InterruptedException {
        ScimClient.Response r = send("GET", "/Groups/" + ScimClient.encode(groupId) + "?attributes="
                + ScimClient.encode(GROUP_EXT + ":membershipProcessingState"), null);
        if (r.status() != 200) {
            throw new RunFailure("reading the group's processing state failed: HTTP " + r.status());
        }
        Matcher m = PROCESSING.matcher(r.body());
        return m.find() ? m.group(1) : null;
    }

    private static String anyDepartment(List<String> departments) {
        return departments.stream().map(d -> ENT + ":department eq " + Json.quote(d)).collect(Collectors.joining(" or "));
    }

    /** The group's members must be exactly what the rule, as a /Users filter, counts. */
    private void check(String groupId, String rule) throws RunFailure, InterruptedException {
        long members = memberCount(groupId);
        ScimClient.Response r;
        try {
            r = client.get("/Users?count=0&filter=" + ScimClient.encode(rule));
        } catch (IOException e) {
            throw new RunFailure("counting the rule's matches failed: " + e);
        }
        long matching = Json.longField(r.body(), "totalResults").orElse(-1);
        err.printf("group %s: %d members, %d users match its rule%s%n", groupId, members, matching,
                members == matching ? " (exact)" : "");
        if (members != matching) {
            throw new RunFailure("the dynamic group has " + members + " members but " + matching + " users match its rule");
        }
    }

    private String patchUser(String id, String path, String value) throws IOException, InterruptedException {
        ScimClient.Response r = client.send("PATCH", "/Users/" + ScimClient.encode(id), "{\"schemas\":[\"" + PATCH_OP
                + "\"],\"Operations\":[{\"op\":\"replace\",\"path\":" + Json.quote(path) + ",\"value\":" + Json.quote(value)
                + "}]}", false);
        return r.status() == 200 || r.status() == 204 ? null : "HTTP " + r.status();
    }

    private String createGroup(String name, String rule) throws RunFailure, InterruptedException {
        ScimClient.Response r = send("POST", "/Groups", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\",\""
                + GROUP_EXT + "\"],\"displayName\":" + Json.quote(name) + ",\"" + GROUP_EXT + "\":{\"membershipRule\":"
                + Json.quote(rule) + "}}");
        if (r.status() != 201) {
            throw new RunFailure("creating a dynamic group failed: HTTP " + r.status() + ": " + r.body());
        }
        return Json.stringField(r.body(), "id").orElseThrow(() -> new RunFailure("the created group has no id"));
    }

    private long memberCount(String groupId) throws RunFailure, InterruptedException {
        ScimClient.Response r = send("GET", "/Groups/" + ScimClient.encode(groupId) + "?attributes=members", null);
        if (r.status() != 200) {
            throw new RunFailure("reading the group back failed: HTTP " + r.status());
        }
        return Json.stringsInArray(r.body(), "members", "value").size();
    }

    private ScimClient.Response send(String method, String path, String body) throws RunFailure, InterruptedException {
        try {
            return client.send(method, path, body, true);
        } catch (IOException e) {
            throw new RunFailure(method + " " + path + " failed: " + e);
        }
    }
}
