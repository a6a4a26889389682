package io.roster.loadgen;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code licensing} scenario: the figures of group-based licensing (DOMAIN.md section 1), in three
 * phases against a server with the licensing plugin.
 * <ol>
 *   <li><b>join</b> (the report): for --duration, each request PATCHes one user into a licensed group and
 *       then GETs the user; it succeeds only if the group's license state is already readable. With
 *       synchronous processing this is the PATCH latency plus a GET. When the users run out, the next
 *       round goes to a new licensed group.</li>
 *   <li><b>rush</b>: --clients threads join 4 x --clients users each (one PATCH per user) to one group
 *       whose SKU has a quarter as many seats; then seats consumed are compared with the seats bought
 *       and with the users found holding the SKU.</li>
 *   <li><b>staged</b>: a group of --group-size members gets a license; the time until the group says
 *       {@code ProcessingComplete} is measured by polling it, and the seat count is checked (it must never
 *       exceed the seats bought, at every poll, and end at the group size).</li>
 * </ol>
 */
final class LicensingScenarios {
    static final String ENTITLEMENT = "urn:ietf:params:scim:schemas:core:2.0:Entitlement";
    static final String USER_EXT = "urn:ietf:params:scim:schemas:extension:roster:2.0:User";
    static final String GROUP_EXT = "urn:ietf:params:scim:schemas:extension:roster:2.0:Group";
    /** Users the join phase cycles through; a new group per round. */
    static final int JOIN_POOL = 2_000;
    static final int RUSH_PER_CLIENT = 4;

    private final ScimClient client;
    private final Options options;
    private final PrintStream err;

    LicensingScenarios(ScimClient client, Options options, PrintStream err) {
        this.client = client;
        this.options = options;
        this.err = err;
    }

    Report run(long existing, UserFactory users, GroupScenarios.IdSource source, GroupScenarios.TimedRun timed)
            throws RunFailure, InterruptedException {
        int rush = options.clients() * RUSH_PER_CLIENT;
        List<String> ids = Runner.users(client, users, source, existing, Math.max(Math.max(JOIN_POOL, rush), options.groupSize()),
                options.clients(), err, "");
        Report report = joinPhase(ids.subList(0, JOIN_POOL), timed);
        rushPhase(ids.subList(0, rush));
        stagedPhase(ids.subList(0, options.groupSize()));
        return report;
    }

    // ------------------------------------------------------------------ phases

    private Report joinPhase(List<String> pool, GroupScenarios.TimedRun timed) throws RunFailure, InterruptedException {
        String sku = license(Integer.MAX_VALUE / 2);
        List<String> groups = new ArrayList<>();
        groups.add(licensedGroup(sku));
        AtomicInteger next = new AtomicInteger();
        err.println("licensing join: PATCH one member into a licensed group, then GET the member's license states");
        return timed.run(random -> {
            int k = next.getAndIncrement();
            String group = groupFor(groups, k / pool.size(), sku);
            String user = pool.get(k % pool.size());
            ScimClient.Response r = client.send("PATCH", "/Groups/" + ScimClient.encode(group),
                    GroupScenarios.addMembers(List.of(user)), false);
            if (r.status() != 200 && r.status() != 204) {
                return "PATCH HTTP " + r.status();
            }
            ScimClient.Response u = client.get("/Users/" + ScimClient.encode(user) + "?attributes="
                    + ScimClient.encode(USER_EXT + ":licenseAssignmentStates"));
            if (u.status() != 200) {
                return "GET HTTP " + u.status();
            }
            return u.body().contains(group) ? null : "license state not readable after the PATCH";
        });
    }

    private String groupFor(List<String> groups, int round, String sku) throws IOException, InterruptedException {
        synchronized (groups) {
            while (groups.size() <= round) {
                try {
                    groups.add(licensedGroup(sku));
                } catch (RunFailure e) {
                    throw new IOException(e.getMessage());
                }
            }
            return groups.get(round);
        }
    }

    private void rushPhase(List<String> joiners) throws RunFailure, InterruptedException {
        int seats = joiners.size() / 4;
        String sku = license(seats);
        String group = licensedGroup(sku);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < options.clients(); i++) {
            threads.add(new Thread(() -> {
                int k;
                while ((k = next.getAndIncrement()) < joiners.size()) {
                    try {
                        ScimClient.Response r = client.send("PATCH", "/Groups/" + ScimClient.encode(group),
                                GroupScenarios.addMembers(List.of(joiners.get(k))), false);
                        if (r.status() != 200 && r.status() != 204) {
                            failed.incrementAndGet();
                        }
                    } catch (IOException e) {
                        failed.incrementAndGet();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }, "loadgen-rush-" + i));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        long elapsed = System.nanoTime() - start;
        long used = used(sku);
        long holders = total("/Users?count=0&filter=" + ScimClient.encode(USER_EXT + ":licenseAssignmentStates[skuId eq "
                + Json.quote(sku) + " and state eq \"Active\"]"));
        long waiting = total("/Users?count=0&filter=" + ScimClient.encode(USER_EXT + ":licenseAssignmentStates[assignedByGroup eq "
                + Json.quote(group) + " and error eq \"CountViolation\"]"));
        err.printf("licensing rush: %d joins from %d clients in %.2f s (%d failed): seats consumed %d of %d bought, "
                        + "%d users hold the SKU, %d have CountViolation (expected %d)%n",
                joiners.size(), options.clients(), elapsed / 1e9, failed.get(), used, seats, holders, waiting,
                joiners.size() - failed.get() - seats);
        if (used > seats || used != holders) {
            throw new RunFailure("seat invariant broken: used " + used + ", bought " + seats + ", holders " + holders);
        }
    }

    private void stagedPhase(List<String> members) throws RunFailure, InterruptedException {
        String sku = license(members.size());
        String group = group("{}");
        long fillStart = System.nanoTime();
        for (int from = 0; from < members.size(); from += GroupScenarios.FILL_CHUNK) {
            ScimClient.Response r = send("PATCH", "/Groups/" + ScimClient.encode(group), GroupScenarios.addMembers(
                    members.subList(from, Math.min(members.size(), from + GroupScenarios.FILL_CHUNK))));
            if (r.status() != 200 && r.status() != 204) {
                throw new RunFailure("filling the group failed: HTTP " + r.status() + ": " + r.body());
            }
        }
        err.printf("licensing staged: group %s filled with %d members in %.2f s (not measured)%n", group, members.size(),
                (System.nanoTime() - fillStart) / 1e9);
        long start = System.nanoTime();
        ScimClient.Response r = send("PATCH", "/Groups/" + ScimClient.encode(group), "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                + "\"Operations\":[{\"op\":\"add\",\"path\":\"" + GROUP_EXT + ":licenses\",\"value\":[{\"value\":" + Json.quote(sku) + "}]}]}");
        if (r.status() != 200 && r.status() != 204) {
            throw new RunFailure("licensing the group failed: HTTP " + r.status() + ": " + r.body());
        }
        long answered = System.nanoTime() - start;
        String state = "";
        long inProgressAt = -1;
        int polls = 0;
        while (!"ProcessingComplete".equals(state)) {
            state = nested(send("GET", "/Groups/" + ScimClient.encode(group) + "?attributes="
                    + ScimClient.encode(GROUP_EXT + ":licenseProcessingState"), null).body(), "licenseProcessingState", "\"([A-Za-z]+)\"");
            if (inProgressAt < 0 && "ProcessingInProgress".equals(state)) {
                inProgressAt = System.nanoTime() - start;
            }
            long used = used(sku);
            if (used > members.size()) {
                throw new RunFailure("seat invariant broken while processing: used " + used + " of " + members.size());
            }
            polls++;
            if (!"ProcessingComplete".equals(state)) {
                Thread.sleep(100);
            }
        }
        long elapsed = System.nanoTime() - start;
        long used = used(sku);
        err.printf("licensing staged: licensing a group of %d members: PATCH answered in %d ms, first seen in progress at %s,"
                        + " ProcessingComplete after %.2f s (%d polls); seats used %d of %d%n", members.size(), answered / 1_000_000,
                inProgressAt < 0 ? "never (done at once)" : (inProgressAt / 1_000_000) + " ms", elapsed / 1e9, polls, used, members.size());
        if (used != members.size()) {
            throw new RunFailure("after processing " + used + " seats are used, expected " + members.size());
        }
    }

    // ------------------------------------------------------------------ requests

    private String license(int seats) throws RunFailure, InterruptedException {
        String sku = UUID.randomUUID().toString();
        ScimClient.Response r = send("POST", "/Licenses", "{\"schemas\":[\"" + ENTITLEMENT + "\"],\"value\":\"" + sku
                + "\",\"display\":\"LOADGEN\",\"type\":\"License\",\"supported\":true,\"limitedAssignmentsPermitted\":true,"
                + "\"totalAssignmentsPermitted\":" + seats + "}");
        if (r.status() != 201) {
            throw new RunFailure("creating a License failed (is the licensing plugin installed?): HTTP " + r.status() + ": " + r.body());
        }
        return sku;
    }

    private String licensedGroup(String sku) throws RunFailure, InterruptedException {
        return group("{\"licenses\":[{\"value\":" + Json.quote(sku) + "}]}");
    }

    private String group(String extension) throws RunFailure, InterruptedException {
        ScimClient.Response r = send("POST", "/Groups", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\",\"" + GROUP_EXT
                + "\"],\"displayName\":" + Json.quote("loadgen-licensing-" + UUID.randomUUID()) + ",\"" + GROUP_EXT + "\":" + extension + "}");
        if (r.status() != 201) {
            throw new RunFailure("creating a group failed: HTTP " + r.status() + ": " + r.body());
        }
        return Json.stringField(r.body(), "id").orElseThrow(() -> new RunFailure("the created group has no id"));
    }

    private long used(String sku) throws RunFailure, InterruptedException {
        ScimClient.Response r = send("GET", "/Licenses?filter=" + ScimClient.encode("value eq " + Json.quote(sku)), null);
        String used = nested(r.body(), "totalAssignmentsUsed", "(\\d+)");
        if (used.isEmpty()) {
            throw new RunFailure("no totalAssignmentsUsed: " + r.body());
        }
        return Long.parseLong(used);
    }

    /** The first value of {@code key} anywhere in {@code json} matching {@code value} (one group), or empty. */
    static String nested(String json, String key, String value) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + key + "\"\\s*:\\s*" + value).matcher(json);
        return m.find() ? m.group(1) : "";
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
