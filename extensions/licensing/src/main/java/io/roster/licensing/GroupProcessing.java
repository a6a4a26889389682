package io.roster.licensing;

import static io.roster.scim.spi.ResourceTypeNames.GROUP;
import static io.roster.scim.spi.ResourceTypeNames.USER;
import static io.roster.scim.spi.RosterUrns.GROUP_EXTENSION;

import io.roster.scim.json.JsonSupport;
import io.roster.scim.spi.HookContext;
import io.roster.scim.spi.Job;
import io.roster.scim.spi.JobHandler;
import io.roster.scim.spi.JobStep;
import io.roster.scim.spi.Jobs;
import io.roster.scim.spi.Resource;
import io.roster.scim.spi.ResourceWriter;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

/**
 * Evaluates a group's members against its licenses (rules 7 and 8, and large joins), in joining order
 * ({@link JoinOrder}). A group of at most {@code syncLimit} members is done inside the write that asked
 * for it and goes straight to {@code ProcessingComplete}. A larger one is staged (DOMAIN 1.4, last
 * paragraph) as a background job of the plugin API (kind {@value #KIND}, key the group's id): that write
 * only sets {@code QueuedForProcessing} and schedules the job; each step then takes {@code chunk} members
 * in one write, the first flipping the group to {@code ProcessingInProgress}, the last to
 * {@code ProcessingComplete}. Every step is one atomic write, so the seat invariant holds at every
 * instant, and the store writer is free between steps. The job's parameter {@code retry} re-evaluates
 * entries in Error too (a reprocess or a change of the group's licenses); without it the job only serves
 * members without entries (a large join). Its cursor is the last member done. Members leaving meanwhile
 * move the cursor back ({@link #left}); members joining are appended after it, so the job reaches them;
 * their entries from this group wait for it (see {@link UserLicenses#reconcile(Resource, Set, Set)}).
 * Clients follow a staged group at {@code /Jobs} ({@code filter=key eq "<group id>"}): processed counts the
 * members walked, total the members when it was scheduled. A deleted group's job is cancelled ({@link #forget}).
 */
final class GroupProcessing implements JobHandler {
    static final String KIND = "group";

    private final LicensingConfig config;
    private final Clock clock;

    GroupProcessing(LicensingConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    int syncLimit() {
        return config.syncLimit();
    }

    /** The groups with staged work left, in the order they will be served. */
    static Set<String> pending(Jobs jobs) {
        return jobs.pending(KIND);
    }

    /**
     * Evaluates {@code group}'s members now if it is small and has no staged work; otherwise queues (or
     * restarts) its staged job. {@code retry}: entries in Error are evaluated again. Sets the group's
     * {@code licenseProcessingState} truthfully either way.
     */
    void process(Derived d, Jobs jobs, String group, boolean retry) {
        ResourceWriter w = d.writer();
        if (jobs.get(KIND, group) == null && w.memberCount(group) <= config.syncLimit()) {
            run(d, jobs, group, retry, "", Integer.MAX_VALUE);
            setState(d, group, "ProcessingComplete");
        } else {
            queue(d, jobs, group, retry, "");
        }
    }

    /**
     * Queues a job. A re-evaluation ({@code retry}) restarts any job of the group from its first member;
     * a join job leaves a pending one alone, since that one reaches the newcomers too.
     */
    void queue(Derived d, Jobs jobs, String group, boolean retry, String cursor) {
        if (jobs.get(KIND, group) != null && !retry) {
            return;
        }
        jobs.schedule(KIND, group, JsonSupport.object().add("retry", retry).build(), d.writer().memberCount(group));
        if (!retry && !cursor.isEmpty()) {
            jobs.moveCursor(KIND, group, cursor);
        }
        setState(d, group, "QueuedForProcessing");
    }

    /** The group is deleted: its job, pending or completed, and so its Job resource, go with it. */
    static void forget(Jobs jobs, String group) {
        jobs.cancel(KIND, group);
    }

    /** A member left {@code group}: a staged job whose cursor was that member carries on from the one before. */
    static void left(Jobs jobs, String group, String member, String previous) {
        Job job = jobs.get(KIND, group);
        if (job != null && member.equals(job.cursor())) {
            jobs.moveCursor(KIND, group, previous);
        }
    }

    /** What one pass did: the last member done (null when the list is finished) and how many members it walked. */
    private record Walked(String cursor, int done) {
    }

    /**
     * Reconciles up to {@code limit} members after {@code cursor} in joining order; returns the last one
     * done (null when the list is finished) and how many were walked.
     */
    private static Walked run(Derived d, Jobs jobs, String group, boolean retry, String cursor, int limit) {
        ResourceWriter w = d.writer();
        UserLicenses users = new UserLicenses(d);
        Set<String> deferred = new java.util.LinkedHashSet<>(pending(jobs));
        deferred.remove(group);
        Set<String> again = retry ? Set.of(group) : Set.of();
        String last = cursor;
        int done = 0;
        while (done < limit) {
            List<String> page = JoinOrder.page(w, group, last, Math.min(limit - done, LicensingHook.MEMBER_PAGE));
            for (String id : page) {
                Resource user = w.get(USER, id);
                if (user != null) {
                    users.reconcile(user, again, deferred);
                }
            }
            if (page.isEmpty()) {
                return new Walked(null, done);
            }
            last = page.get(page.size() - 1);
            done += page.size();
        }
        return new Walked(JoinOrder.page(w, group, last, 1).isEmpty() ? null : last, done);
    }

    static void setState(Derived d, String groupId, String state) {
        long errors = d.errors(groupId);
        d.writer().updateExtension(GROUP, groupId, GROUP_EXTENSION, ext -> JsonSupport.object(ext)
                .add("licenseProcessingState", state).add("hasMembersWithLicenseErrors", errors > 0).build());
    }

    /** One chunk of a staged group, as one write (the job worker's). */
    @Override
    public JobStep step(Job job, HookContext ctx) {
        ResourceWriter w = ctx.resources();
        Derived d = new Derived(w, clock.instant().truncatedTo(ChronoUnit.MILLIS));
        if (w.get(GROUP, job.key()) == null) {
            return JobStep.done(0);
        }
        String from = job.cursor() == null ? "" : job.cursor();
        Walked walked = run(d, ctx.jobs(), job.key(), job.params().getBoolean("retry", false), from, config.chunk());
        // the members actually walked: clients read these counts against the total at /Jobs
        if (walked.cursor() == null) {
            setState(d, job.key(), "ProcessingComplete");
            return JobStep.done(walked.done());
        }
        setState(d, job.key(), "ProcessingInProgress");
        return JobStep.next(walked.cursor(), walked.done());
    }
}
