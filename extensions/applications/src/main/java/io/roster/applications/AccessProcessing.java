package io.roster.applications;

import static io.roster.scim.spi.ResourceTypeNames.APPLICATION;
import static io.roster.scim.spi.ResourceTypeNames.APP_ROLE_ASSIGNMENT;
import static io.roster.scim.spi.ResourceTypeNames.GROUP;

import io.roster.scim.json.JsonSupport;
import io.roster.scim.spi.HookContext;
import io.roster.scim.spi.Job;
import io.roster.scim.spi.JobHandler;
import io.roster.scim.spi.JobStep;
import io.roster.scim.spi.Jobs;
import io.roster.scim.spi.Matches;
import io.roster.scim.spi.Member;
import io.roster.scim.spi.Resource;
import io.roster.scim.spi.ResourceWriter;
import jakarta.json.JsonValue;
import java.util.List;

/**
 * Brings users' {@code appRoleAssignments} up to date after a change that reaches many of them, without
 * holding the store writer (DOMAIN.md 4.2, last point). Two kinds of work:
 * <ul>
 *   <li><b>a group's members</b> ({@value #GROUP_KIND}, key the group's id), when the group's assignments
 *       change (one added or removed, or a role of an assigned application changed): a group of at most
 *       {@code syncLimit} members is done inside that write; a larger one is staged as a job of the plugin
 *       API that refreshes {@code chunk} members per write in member-id order. Meanwhile the group's
 *       assignments say {@code processingState: "InProgress"} and its Job resource at {@code /Jobs} counts
 *       the members walked; the last step sets them {@code Complete}. Members joining or leaving meanwhile
 *       are refreshed in the write that moves them, so they are exact at once.</li>
 *   <li><b>an application's assignments</b> ({@value #APPLICATION_KIND}, key the application's id), when its
 *       roles change (disabled, enabled, value changed): each assigned user is refreshed, each assigned group
 *       processed as above; inline when the application has at most {@code syncLimit} assignments.</li>
 * </ul>
 * A job is restarted from scratch when scheduled again, and recomputes each user whole, so it is right
 * whatever happened in between.
 */
final class AccessProcessing {
    static final String GROUP_KIND = "group";
    static final String APPLICATION_KIND = "application";
    static final String IN_PROGRESS = "InProgress";
    static final String COMPLETE = "Complete";

    private final ApplicationsConfig config;

    AccessProcessing(ApplicationsConfig config) {
        this.config = config;
    }

    /** The group's assignments changed: refresh its direct members now or stage it. */
    void processGroup(ResourceWriter w, Jobs jobs, String group) {
        if (w.get(GROUP, group) == null) {
            return;
        }
        if (jobs.get(GROUP_KIND, group) == null && w.memberCount(group) <= config.syncLimit()) {
            String after = null;
            while (true) {
                List<Member> page = w.members(group, after, AssignmentQueries.PAGE);
                page.forEach(m -> EffectiveAccess.refresh(w, m.id()));
                if (page.size() < AssignmentQueries.PAGE) {
                    break;
                }
                after = page.get(page.size() - 1).id();
            }
            setState(w, group, COMPLETE);
        } else {
            jobs.schedule(GROUP_KIND, group, JsonValue.EMPTY_JSON_OBJECT, w.memberCount(group));
            setState(w, group, IN_PROGRESS);
        }
    }

    /** An application's roles changed: refresh whoever its assignments reach, now or staged. */
    void processApplication(ResourceWriter w, Jobs jobs, String application) {
        if (jobs.get(APPLICATION_KIND, application) == null
                && w.estimateMatching(APP_ROLE_ASSIGNMENT, AssignmentQueries.byApplication(application)) <= config.syncLimit()) {
            walkApplication(w, jobs, application, null, Integer.MAX_VALUE);
        } else {
            jobs.schedule(APPLICATION_KIND, application, JsonValue.EMPTY_JSON_OBJECT,
                    w.estimateMatching(APP_ROLE_ASSIGNMENT, AssignmentQueries.byApplication(application)));
        }
    }

    /** What one pass over an application's assignments did: the last one done (null at the end) and how many. */
    private record Walked(String last, int done) {
    }

    /** Refreshes the principals of up to {@code limit} assignments after {@code cursor}. */
    private Walked walkApplication(ResourceWriter w, Jobs jobs, String application, String cursor, int limit) {
        String last = cursor;
        int done = 0;
        Matches assignments = w.matching(APP_ROLE_ASSIGNMENT, AssignmentQueries.byApplication(application)).startAfter(cursor);
        while (done < limit) {
            int want = Math.min(AssignmentQueries.PAGE, limit - done);
            List<String> page = assignments.next(w, want);
            for (String id : page) {
                Resource a = w.get(APP_ROLE_ASSIGNMENT, id);
                String principal = AssignmentQueries.principal(a);
                if ("Group".equals(AssignmentQueries.principalType(a))) {
                    processGroup(w, jobs, principal);
                } else {
                    EffectiveAccess.refresh(w, principal);
                }
            }
            done += page.size();
            if (page.size() < want) {
                return new Walked(null, done);
            }
            last = page.get(page.size() - 1);
        }
        return new Walked(last, done);
    }

    /** The processing state of every assignment of the group. */
    static void setState(ResourceWriter w, String group, String state) {
        for (Resource a : AssignmentQueries.ofPrincipal(w, group)) {
            w.update(APP_ROLE_ASSIGNMENT, a.id(), attrs -> JsonSupport.object(attrs).add("processingState", state).build());
        }
    }

    /** A deleted group's or application's job, pending or completed, goes with it. */
    static void forget(Jobs jobs, String kind, String key) {
        jobs.cancel(kind, key);
    }

    /** The handler of {@value #GROUP_KIND} jobs: {@code chunk} members per step, in member-id order. */
    JobHandler groupHandler() {
        return (Job job, HookContext ctx) -> {
            ResourceWriter w = ctx.resources();
            if (w.get(GROUP, job.key()) == null) {
                return JobStep.done(0);
            }
            List<Member> page = w.members(job.key(), job.cursor(), config.chunk());
            page.forEach(m -> EffectiveAccess.refresh(w, m.id()));
            if (page.size() < config.chunk()) {
                setState(w, job.key(), COMPLETE);
                return JobStep.done(page.size());
            }
            return JobStep.next(page.get(page.size() - 1).id(), page.size());
        };
    }

    /** The handler of {@value #APPLICATION_KIND} jobs: {@code chunk} assignments per step, in id order. */
    JobHandler applicationHandler() {
        return (Job job, HookContext ctx) -> {
            ResourceWriter w = ctx.resources();
            if (w.get(APPLICATION, job.key()) == null) {
                return JobStep.done(0);
            }
            Walked walked = walkApplication(w, ctx.jobs(), job.key(), job.cursor(), config.chunk());
            return walked.last() == null ? JobStep.done(walked.done()) : JobStep.next(walked.last(), walked.done());
        };
    }
}
