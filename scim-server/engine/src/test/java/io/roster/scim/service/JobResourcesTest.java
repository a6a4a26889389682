package io.roster.scim.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roster.scim.error.ScimException;
import io.roster.scim.json.JsonSupport;
import io.roster.scim.schema.Projection;
import io.roster.scim.spi.HookContext;
import io.roster.scim.spi.JobStep;
import io.roster.scim.spi.PluginContext;
import io.roster.scim.spi.RosterPlugin;
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Job resources ({@code /Jobs}) the jobs facility keeps: written in the very write that schedules,
 * steps, finishes or cancels a job (so a write that fails leaves none, and a restart finds them as
 * committed), with a stable id per key, and listed, filtered and sorted like any resource type.
 */
class JobResourcesTest {
    static final String ITEMS = "items";

    @TempDir
    Path dir;
    HookedService s;

    /** Walks {@code params.size} items, three per step; its cursor is the last item done. */
    static final class Walker implements RosterPlugin {
        @Override
        public String id() {
            return "walker";
        }

        @Override
        public void register(PluginContext context) {
            context.addJobHandler(ITEMS, (job, ctx) -> {
                int size = job.params().getInt("size");
                if (job.params().getBoolean("again", false)) { // restarts itself: that schedule stands, not this step
                    ctx.jobs().schedule(ITEMS, job.key(), JsonSupport.object().add("size", size).build(), size);
                    return JobStep.done(99);
                }
                int from = job.cursor() == null ? 0 : Integer.parseInt(job.cursor());
                int to = Math.min(size, from + 3);
                return to == size ? JobStep.done(to - from) : JobStep.next(Integer.toString(to), to - from);
            });
        }
    }

    @BeforeEach
    void open() {
        s = new HookedService(dir, new Walker());
    }

    @AfterEach
    void close() {
        s.close();
    }

    private <T> T write(Function<HookContext, T> work) {
        return s.hooks.runtime(s.store, "walker").write(work);
    }

    private void schedule(String key, int size) {
        write(ctx -> {
            ctx.jobs().schedule(ITEMS, key, JsonSupport.object().add("size", size).build(), size);
            return null;
        });
    }

    private void step() {
        assertTrue(s.hooks.stepJobs(s.store, "walker"), "a job was pending");
    }

    private List<ResourceSnapshot> list(String filter) {
        return s.service.list(s.type("Job"), new ListRequest(filter, null, null, "key", null, null), HookedService.CTX).resources();
    }

    /** The one Job resource of {@code key}, as the HTTP edge returns it (projected: params and cursor are never returned). */
    private JsonObject job(String key) {
        List<ResourceSnapshot> found = list("key eq \"" + key + "\"");
        assertEquals(1, found.size(), "one Job resource for " + key);
        JsonObject r = s.service.get(s.type("Job"), found.get(0).id(), HookedService.CTX).representation();
        return Projection.of(s.registry, s.type("Job"), null, null).apply(r);
    }

    private static void assertJob(JsonObject job, String state, long run, long processed, long total) {
        assertEquals(state, job.getString("state"), "state of " + job);
        assertEquals(run, job.getJsonNumber("run").longValue(), "run");
        assertEquals(processed, job.getJsonNumber("processed").longValue(), "processed");
        assertEquals(total, job.getJsonNumber("total").longValue(), "total");
    }

    @Test
    void scheduleStepAndCompletionAreWrittenToTheJobResourceInTheirOwnWrites() {
        schedule("g1", 7);
        JsonObject queued = job("g1");
        assertJob(queued, "queued", 1, 0, 7);
        assertEquals("walker", queued.getString("plugin"));
        assertEquals(ITEMS, queued.getString("kind"));
        assertEquals("Job", queued.getJsonObject("meta").getString("resourceType"));
        assertTrue(queued.getJsonObject("meta").getString("location").endsWith("/Jobs/" + queued.getString("id")));
        assertEquals(List.of("urn:roster:params:scim:schemas:core:2.0:Job"),
                queued.getJsonArray("schemas").getValuesAs(jakarta.json.JsonString.class).stream().map(v -> v.getString()).toList());

        step();
        JsonObject running = job("g1");
        assertJob(running, "running", 1, 3, 7);
        assertFalse(running.containsKey("cursor") || running.containsKey("params"), "the handler's state is never returned");
        assertNotEquals(queued.getJsonObject("meta").getString("version"), running.getJsonObject("meta").getString("version"));

        step();
        step();
        JsonObject done = job("g1");
        assertJob(done, "completed", 1, 7, 7);
        assertEquals(queued.getString("id"), done.getString("id"), "one resource per key");
        assertFalse(s.hooks.hasPendingJobs(s.store, "walker"));
        assertNull(write(ctx -> ctx.jobs().get(ITEMS, "g1")), "a completed job is not pending");
    }

    @Test
    void schedulingTheKeyAgainRestartsTheSameResourceAndCancelDeletesIt() {
        schedule("g2", 2);
        step();
        JsonObject first = job("g2");
        assertJob(first, "completed", 1, 2, 2);

        schedule("g2", 5);
        JsonObject again = job("g2");
        assertJob(again, "queued", 2, 0, 5);
        assertEquals(first.getString("id"), again.getString("id"), "a client polling keeps the same URL");
        assertEquals(first.getJsonObject("meta").getString("created"), again.getJsonObject("meta").getString("created"));

        write(ctx -> {
            ctx.jobs().cancel(ITEMS, "g2");
            return null;
        });
        assertTrue(list("key eq \"g2\"").isEmpty());
        ScimException gone = assertThrows(ScimException.class,
                () -> s.service.get(s.type("Job"), first.getString("id"), HookedService.CTX));
        assertEquals(404, gone.status());
        assertFalse(s.hooks.hasPendingJobs(s.store, "walker"));
    }

    @Test
    void aCompletedJobIsDeletedWhenItsKeyIsCancelled() {
        schedule("g3", 1);
        step();
        assertJob(job("g3"), "completed", 1, 1, 1);
        write(ctx -> {
            ctx.jobs().cancel(ITEMS, "g3");
            return null;
        });
        assertTrue(list("key eq \"g3\"").isEmpty(), "completed resources stay bounded by the keys in use");
    }

    @Test
    void aWriteThatFailsLeavesNoJobResource() {
        assertThrows(IllegalStateException.class, () -> write(ctx -> {
            ctx.jobs().schedule(ITEMS, "g4", JsonSupport.object().add("size", 3).build(), 3);
            throw new IllegalStateException("the rest of the write failed");
        }));
        assertTrue(list(null).isEmpty());
        assertFalse(s.hooks.hasPendingJobs(s.store, "walker"));
    }

    @Test
    void jobsAnEarlierBuildKeptInRecordsBecomeJobResourcesInTheirStateAndResume() {
        write(ctx -> { // the layout of the build before Job resources: the queue and one record per job
            var records = ctx.resources().records("jobs", io.roster.scim.spi.RecordType.JSON);
            records.put(ITEMS, JsonSupport.object().add("keys", JsonSupport.array().add("old1").add("old2")).build());
            records.put(ITEMS + "/old1", JsonSupport.object().add("run", 2).add("params", JsonSupport.object().add("size", 8))
                    .add("cursor", "3").add("processed", 3).add("total", 8).add("started", true).build());
            records.put(ITEMS + "/old2", JsonSupport.object().add("run", 1).add("params", JsonSupport.object().add("size", 2))
                    .add("processed", 0).add("total", 2).add("started", false).build());
            return null;
        });
        s.hooks.adoptRecordedJobs(s.store);
        assertJob(job("old1"), "running", 2, 3, 8);
        assertJob(job("old2"), "queued", 1, 0, 2);
        assertNull(write(ctx -> ctx.resources().records("jobs", io.roster.scim.spi.RecordType.JSON).get(ITEMS + "/old1")),
                "the record is gone");
        s.hooks.adoptRecordedJobs(s.store); // again: nothing left to adopt, nothing changes
        assertJob(job("old1"), "running", 2, 3, 8);
        while (s.hooks.stepJobs(s.store, "walker")) {
            // the worker's loop
        }
        assertJob(job("old1"), "completed", 2, 8, 8);
        assertJob(job("old2"), "completed", 1, 2, 2);
    }

    @Test
    void theResourceSurvivesARestartAndTheJobResumesWhereItStopped() {
        schedule("g5", 8);
        step();
        s.close();
        s.open();
        assertJob(job("g5"), "running", 1, 3, 8);
        step();
        step();
        assertJob(job("g5"), "completed", 1, 8, 8);
        s.close();
        s.open();
        assertJob(job("g5"), "completed", 1, 8, 8);
    }

    @Test
    void jobsAreFilteredByKeyAndStateAndSortedLikeAnyResource() {
        schedule("b", 1);
        step(); // b completes
        schedule("a", 10);
        schedule("c", 10);
        step(); // a runs
        assertEquals(List.of("a", "b", "c"), list(null).stream().map(r -> r.representation().getString("key")).toList());
        assertEquals(List.of("a", "c"), list("state ne \"completed\"").stream().map(r -> r.representation().getString("key")).toList());
        assertEquals(List.of("c"), list("state eq \"queued\"").stream().map(r -> r.representation().getString("key")).toList());
        assertEquals(List.of("completed"), list("key eq \"b\" and plugin eq \"walker\"").stream()
                .map(r -> r.representation().getString("state")).toList());
        for (String indexed : List.of("key eq \"a\"", "state eq \"queued\"", "plugin eq \"walker\"", "kind eq \"items\"")) {
            assertTrue(s.service.plan(s.type("Job"), indexed).usesIndex(), indexed + " is answered from an index");
        }
        ScimException hidden = assertThrows(ScimException.class, () -> list("cursor pr"));
        assertEquals(400, hidden.status(), "never-returned attributes are not probed through filters");
    }

    @Test
    void aHandlerThatReschedulesItsOwnJobInAStepRestartsItAndTheStepsOutcomeIsDropped() {
        write(ctx -> {
            ctx.jobs().schedule(ITEMS, "g7", JsonSupport.object().add("size", 2).add("again", true).build(), 2);
            return null;
        });
        step();
        assertJob(job("g7"), "queued", 2, 0, 2);
        step();
        assertJob(job("g7"), "completed", 2, 2, 2);
    }

    @Test
    void pluginsCannotWriteJobResourcesThroughTheResourceFacade() {
        schedule("g6", 3);
        String id = job("g6").getString("id");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> write(ctx ->
                ctx.resources().update("Job", id, a -> JsonSupport.object(a).add("state", "completed").build())));
        assertTrue(e.getMessage().contains("jobs facility"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> write(ctx -> ctx.resources().create("Job", "x", JsonSupport.object().build())));
        assertJob(job("g6"), "queued", 1, 0, 3);
    }
}
