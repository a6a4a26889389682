package io.roster.licensing;

import static io.roster.scim.spi.ResourceTypeNames.GROUP;
import static io.roster.scim.spi.ResourceTypeNames.USER;
import static io.roster.scim.spi.RosterUrns.GROUP_EXTENSION;

import io.roster.scim.hook.HookContext;
import io.roster.scim.hook.PluginRuntime;
import io.roster.scim.json.JsonSupport;
import io.roster.scim.spi.ResourceTypeNames;
import io.roster.scim.spi.RosterUrns;
import io.roster.scim.store.StoreReader;
import io.roster.scim.store.StoreWriter;
import io.roster.scim.store.StoredResource;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Evaluates a group's members against its licenses (rules 7 and 8, and large joins), in joining order
 * ({@link JoinOrder}). A group of at most {@code syncLimit} members is done inside the write that asked
 * for it and goes straight to {@code ProcessingComplete}. A larger one is staged (DOMAIN 1.4, last
 * paragraph): that write only sets {@code QueuedForProcessing} and records a job; a background thread
 * then takes {@code chunk} members per write, the first flipping the group to
 * {@code ProcessingInProgress}, the last to {@code ProcessingComplete}. Every chunk is one atomic write,
 * so the seat invariant holds at every instant, and the store writer is free between chunks.
 * <p>
 * The jobs live in the store, so they resume after a restart: {@code licensing.jobs} lists the groups
 * with work left, and {@code licensing.job.<group>} = {@code <R|J>|<cursor>}, where {@code R} re-evaluates
 * entries in Error too (a reprocess or a change of the group's licenses) and {@code J} only serves
 * members without entries (a large join), and the cursor is the last member done (empty: none yet).
 * Members leaving meanwhile move the cursor back ({@link #left}); members joining are appended after it,
 * so the job reaches them; their entries from this group wait for it (see
 * {@link UserLicenses#reconcile(StoredResource, Set, Set)}).
 */
final class GroupProcessing {
    static final String JOBS = "licensing.jobs";
    static final String JOB = "licensing.job.";
    static final String ORDER_COMPLETE = "licensing.joinOrderComplete";
    private static final Logger LOG = Logger.getLogger(GroupProcessing.class.getName());

    private final int syncLimit;
    private final int chunk;
    private final Clock clock;
    private final Object signal = new Object();
    private boolean signalled;
    private volatile boolean stopping;
    private PluginRuntime runtime;
    private Thread worker;

    GroupProcessing(int syncLimit, int chunk, Clock clock) {
        this.syncLimit = syncLimit;
        this.chunk = chunk;
        this.clock = clock;
    }

    int syncLimit() {
        return syncLimit;
    }

    /** The groups with staged work left, in the order they will be served. */
    static Set<String> pending(StoreReader r) {
        Set<String> out = new LinkedHashSet<>();
        String v = r.setting(JOBS);
        if (v != null && !v.isEmpty()) {
            out.addAll(List.of(v.split(",")));
        }
        return out;
    }

    private static void putPending(StoreWriter w, Set<String> groups) {
        w.putSetting(JOBS, groups.isEmpty() ? null : String.join(",", groups));
    }

    /**
     * Evaluates {@code group}'s members now if it is small and has no staged work; otherwise queues (or
     * restarts) its staged job. {@code retry}: entries in Error are evaluated again. Sets the group's
     * {@code licenseProcessingState} truthfully either way.
     */
    void process(Derived d, String group, boolean retry) {
        StoreWriter w = d.writer();
        if (w.setting(JOB + group) == null && w.memberCount(group) <= syncLimit) {
            run(d, group, retry, "", Integer.MAX_VALUE);
            setState(d, group, "ProcessingComplete");
        } else {
            queue(d, group, retry, "");
        }
    }

    /**
     * Queues a job. A re-evaluation ({@code retry}) restarts any job of the group from its first member;
     * a join job leaves a pending one alone, since that one reaches the newcomers too.
     */
    void queue(Derived d, String group, boolean retry, String cursor) {
        StoreWriter w = d.writer();
        String existing = w.setting(JOB + group);
        if (existing != null && !retry) {
            return;
        }
        w.putSetting(JOB + group, (retry ? "R" : "J") + "|" + (retry ? "" : cursor));
        Set<String> groups = pending(w);
        if (groups.add(group)) {
            putPending(w, groups);
        }
        setState(d, group, "QueuedForProcessing");
        wake();
    }

    /** A member left {@code group}: a staged job whose cursor was that member carries on from the one before. */
    static void left(StoreWriter w, String group, String member, String previous) {
        String job = w.setting(JOB + group);
        if (job != null && job.substring(2).equals(member)) {
            w.putSetting(JOB + group, job.substring(0, 2) + previous);
        }
    }

    /**
     * Reconciles up to {@code limit} members after {@code cursor} in joining order; returns the last one
     * done, or null when the list is finished.
     */
    private static String run(Derived d, String group, boolean retry, String cursor, int limit) {
        StoreWriter w = d.writer();
        UserLicenses users = new UserLicenses(d);
        Set<String> deferred = pending(w);
        deferred.remove(group);
        Set<String> again = retry ? Set.of(group) : Set.of();
        String last = cursor;
        int done = 0;
        while (done < limit) {
            List<String> page = JoinOrder.page(w, group, last, Math.min(limit - done, LicensingHook.MEMBER_PAGE));
            for (String id : page) {
                StoredResource user = w.get(USER, id);
                if (user != null) {
                    users.reconcile(user, again, deferred);
                }
            }
            if (page.isEmpty()) {
                return null;
            }
            last = page.get(page.size() - 1);
            done += page.size();
        }
        return JoinOrder.page(w, group, last, 1).isEmpty() ? null : last;
    }

    static void setState(Derived d, String groupId, String state) {
        StoredResource group = d.writer().get(GROUP, groupId);
        if (group == null) {
            return;
        }
        JsonObject ext = LicensingHook.ext(group.attributes(), GROUP_EXTENSION);
        d.write(group, JsonSupport.object(group.attributes())
                .add(GROUP_EXTENSION, JsonSupport.object(ext).add("licenseProcessingState", state)
                        .add("hasMembersWithLicenseErrors", d.errors(groupId) > 0))
                .build());
    }

    // ------------------------------------------------------------------ background

    /**
     * One chunk of the first pending group, as one write; the group then goes to the back of the line
     * so that several large groups progress together. True while work is left.
     */
    boolean step(HookContext ctx) {
        StoreWriter w = ctx.store();
        Set<String> groups = pending(w);
        if (groups.isEmpty()) {
            return false;
        }
        String group = groups.iterator().next();
        groups.remove(group);
        String job = w.setting(JOB + group);
        Derived d = new Derived(w, null, clock.instant().truncatedTo(ChronoUnit.MILLIS));
        if (job == null || w.get(GROUP, group) == null) {
            w.putSetting(JOB + group, null);
            putPending(w, groups);
            return !groups.isEmpty();
        }
        boolean retry = job.charAt(0) == 'R';
        String cursor = run(d, group, retry, job.substring(2), chunk);
        if (cursor == null) {
            w.putSetting(JOB + group, null);
            setState(d, group, "ProcessingComplete");
        } else {
            w.putSetting(JOB + group, job.substring(0, 2) + cursor);
            groups.add(group);
            setState(d, group, "ProcessingInProgress");
        }
        putPending(w, groups);
        return !groups.isEmpty();
    }

    /** Starts the background thread; work left by an earlier run is picked up first. */
    synchronized void start(PluginRuntime runtime) {
        this.runtime = runtime;
        stopping = false;
        worker = new Thread(this::loop, "licensing-group-processing");
        worker.setDaemon(true);
        worker.start();
    }

    /** Stops after the chunk being written, if any; the rest stays queued in the store for the next start. */
    synchronized void stop() {
        stopping = true;
        wake();
        if (worker != null) {
            try {
                worker.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            worker = null;
        }
    }

    void wake() {
        synchronized (signal) {
            signalled = true;
            signal.notifyAll();
        }
    }

    /**
     * Memberships made before the plugin kept joining order (an older store) are appended once, group by
     * group in member-id order, a page per write; {@code licensing.joinOrderComplete} marks it done.
     * Idempotent, so a stop half way just repeats it at the next start.
     */
    void backfill() {
        if (runtime.read(r -> r.setting(ORDER_COMPLETE)) != null) {
            return;
        }
        String afterGroup = null;
        List<String> groups;
        do {
            String from = afterGroup;
            groups = runtime.read(r -> r.ids(GROUP, from, 100));
            for (String group : groups) {
                String afterMember = null;
                do {
                    String since = afterMember;
                    afterMember = runtime.write(ctx -> {
                        List<io.roster.scim.store.MemberRef> page = ctx.store().members(group, since, LicensingHook.MEMBER_PAGE);
                        for (io.roster.scim.store.MemberRef m : page) {
                            if (USER.equals(m.type())) {
                                JoinOrder.append(ctx.store(), group, m.id());
                            }
                        }
                        return page.size() < LicensingHook.MEMBER_PAGE ? null : page.get(page.size() - 1).id();
                    });
                } while (afterMember != null && !stopping);
                if (stopping) {
                    return;
                }
            }
            afterGroup = groups.isEmpty() ? null : groups.get(groups.size() - 1);
        } while (groups.size() == 100);
        runtime.write(ctx -> {
            ctx.store().putSetting(ORDER_COMPLETE, "1");
            return null;
        });
    }

    private void loop() {
        try {
            backfill();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "recording the joining order of existing memberships failed; it is retried at the next start", e);
        }
        long backoff = 100;
        while (!stopping) {
            boolean more;
            try {
                more = !runtime.read(r -> pending(r).isEmpty()) && runtime.write(this::step);
                backoff = 100;
            } catch (RuntimeException e) {
                if (stopping) {
                    return;
                }
                LOG.log(Level.WARNING, "staged license processing failed; retrying in " + backoff + " ms", e);
                sleep(backoff);
                backoff = Math.min(backoff * 2, 30_000);
                continue;
            }
            if (!more) {
                synchronized (signal) {
                    if (!signalled && !stopping) {
                        try {
                            signal.wait(250); // a wake() from inside a write may come before its commit: look again soon
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    signalled = false;
                }
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
